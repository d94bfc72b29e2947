#!/usr/bin/env bash
# Drops N briefs into a fresh desk's inbox at once and times `inkstone run` until all N are archived: the pipeline's
# throughput with briefs written together (concurrency and batch > 1) or one after another (1 and 1).
#
#   bench/briefs-at-once.sh MODEL CONCURRENCY MAXBATCH [BRIEFS=4] [MAX_NEW_TOKENS=128] [DESK=a new temp folder]
#
# Each brief is a short English piece (one generation, seed 7, no exports) with its own topic, so the runs differ
# only in how the work is scheduled. Prints the wall time from the drop to the last archive and the watcher's per-brief
# log lines (took=, tok/s=, batch_tok/s=). Compare two runs alternately, e.g.
#   bench/briefs-at-once.sh /work/models/qwen3-4b-synth 1 1
#   bench/briefs-at-once.sh /work/models/qwen3-4b-synth 4 4
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL="${1:?model folder}"; CONC="${2:?concurrency}"; BATCH="${3:?maxBatch}"; N="${4:-4}"; TOKENS="${5:-128}"
DESK="${6:-$(mktemp -d)}"
mkdir -p "$DESK/inbox" "$DESK/vault" "$DESK/drop"
cat > "$DESK/inkstone.properties" <<PROPS
inkstone.inbox=$DESK/inbox
inkstone.vault=$DESK/vault
inkstone.model=$MODEL
inkstone.model.threads=2
inkstone.model.contextLength=2048
inkstone.model.maxBatch=$BATCH
inkstone.concurrency=$CONC
inkstone.export.formats=none
inkstone.inbox.stableMillis=200
inkstone.inbox.pollMillis=200
inkstone.http.port=0
PROPS
topics=(rivers bridges lighthouses orchards glaciers markets libraries harbours)
for i in $(seq 1 "$N"); do
  t="${topics[$(( (i - 1) % ${#topics[@]} ))]}"
  cat > "$DESK/drop/brief-$i.yaml" <<BRIEF
title: Notes on $t $i
type: essay
language: en
task: Write a short essay about $t.
length: 80 words
generation:
  seed: 7
  max_new_tokens: $TOKENS
BRIEF
done
LOG="$DESK/run.log"
"$HERE/bin/inkstone" run --config "$DESK/inkstone.properties" > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until grep -q "Inkstone is watching\|started in\|watching" "$LOG" 2>/dev/null; do
  kill -0 $PID 2>/dev/null || { echo "briefs-at-once: inkstone run stopped; see $LOG" >&2; tail -5 "$LOG" >&2; exit 1; }
  sleep 0.5
done
sleep 2
start=$(date +%s.%N)
mv "$DESK"/drop/*.yaml "$DESK/inbox/"
while [ "$(find "$DESK/inbox/archive" -name '*.yaml' 2>/dev/null | wc -l)" -lt "$N" ]; do
  if [ -n "$(find "$DESK/inbox/failed" -name '*.error.md' 2>/dev/null)" ]; then echo "briefs-at-once: a brief failed; see $DESK/inbox/failed" >&2; exit 1; fi
  kill -0 $PID 2>/dev/null || { echo "briefs-at-once: inkstone run stopped; see $LOG" >&2; exit 1; }
  sleep 0.2
done
end=$(date +%s.%N)
printf 'briefs-at-once: %d briefs, concurrency %s, maxBatch %s, %s new tokens each: %.1f s from drop to last archive (load average %s)\n' \
  "$N" "$CONC" "$BATCH" "$TOKENS" "$(echo "$end - $start" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
grep -o 'brief=[^ ]* outcome=done.*' "$LOG" | sed 's/ note=.*//' || true
