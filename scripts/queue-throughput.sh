#!/usr/bin/env bash
# Measures 20 short briefs through a broker, a desk and WORKERS workers on this machine (tiny synthetic model).
# usage: scripts/queue-throughput.sh WORKERS   (from the repository root, after `mvn -o -q compile` and
#        `mvn -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/scale-cp.txt`); work files go to /tmp/scale-bench
set -euo pipefail
N=$1; B=/tmp/scale-bench/run-$N; rm -rf "$B"; mkdir -p "$B"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

inkx() { exec env OMP_WAIT_POLICY=PASSIVE "$JAVA" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Dfile.encoding=UTF-8 -Dinkstone.home="$PWD" -cp "target/classes:$(cat /tmp/scale-cp.txt)" io.inkstone.cli.Main "$@"; }
ink() { (inkx "$@"); }
[ -d /tmp/scale-bench/tiny ] || ink model synth --preset tiny --out /tmp/scale-bench/tiny >/dev/null
ink init "$B/desk" >/dev/null
printf 'inkstone.export.formats=none\ninkstone.inbox.stableMillis=200\ninkstone.inbox.pollMillis=100\n' >> "$B/desk/inkstone.properties"
printf 'inkstone.model.threads=1\n' > "$B/worker.properties"
PIDS=()
trap 'kill ${PIDS[@]} 2>/dev/null || true; wait 2>/dev/null || true' EXIT
(inkx broker --port 61716 --host 127.0.0.1 --data "$B/broker" 2>"$B/broker.log") & PIDS+=($!)
sleep 4
(inkx run --config "$B/desk" --queue tcp://127.0.0.1:61716 2>"$B/desk.log") & PIDS+=($!)
for i in $(seq 1 "$N"); do
  (inkx worker --queue tcp://127.0.0.1:61716 --config "$B/worker.properties" --model /tmp/scale-bench/tiny --id "w$i" --work "$B/work-w$i" 2>"$B/w$i.log") & PIDS+=($!)
done
for i in $(seq 1 "$N"); do until grep -q outcome=ready "$B/w$i.log" 2>/dev/null; do sleep 0.2; done; done
until grep -q "watching" "$B/desk.log" 2>/dev/null; do sleep 0.2; done
start=$(date +%s.%N)
for i in $(seq -w 1 20); do
  printf 'title: Piece %s\ntype: essay\nlanguage: en\ntask: Write about piece %s.\nlength: 300 words\n' "$i" "$i" > "$B/b$i.tmp"; mv "$B/b$i.tmp" "$B/desk/inbox/brief-$i.yaml"
done
until [ "$(find "$B/desk/inbox/archive" -name '*.yaml' 2>/dev/null | wc -l)" -ge 20 ]; do sleep 0.2; done
end=$(date +%s.%N)
notes=$(find "$B/desk/vault" -name '*.md' | wc -l)
echo "workers=$N briefs=20 notes=$notes seconds=$(echo "$end - $start" | bc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$N"); do echo "  w$i wrote $(grep -c 'outcome=done' "$B/w$i.log")"; done
