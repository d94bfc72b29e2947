#!/usr/bin/env bash
# Runs Inkstone and llama.cpp alternately (A B A B ...) on the same Qwen3 shape and prints a ratio table
# (Markdown, for docs/BENCHMARKS.md) with the machine, the load averages and the exact commands.
#
#   bench/compare-llama.sh [--model DIR] [--gguf-dir DIR] [--anchor DIR] [--threads N] [--prompt N] [--gen N]
#                          [--rounds N] [--pairs "int4:q4_0 int8:q8_0 bf16:bf16"] [--long N] [--out FILE] [--keep DIR]
#
# --model     the Hugging Face folder Inkstone reads (default /work/models/qwen3-4b-synth, from
#             'inkstone model synth --preset qwen3-4b')
# --gguf-dir  where q4b-q4_0.gguf, q4b-q8_0.gguf and q4b-bf16.gguf lie (../shared/tools/llama-anchor/make_qwen3.py and
#             synth_qwen3.py make them); a pair whose GGUF is missing is skipped
# --anchor    a folder holding llama_ref.mjs with node-llama-cpp 3.21.1 installed (npm i -E node-llama-cpp@3.21.1)
# --long N    also measure decode after N cached positions (Inkstone: --context-fill N; llama.cpp: an N-token prompt),
#             for the first pair only; 0 = skip
# --keep DIR keeps the raw results (results.tsv, commands.txt) there; bench/ratio-table.py tabulates them, also partial ones.
# Only ratios from one alternating run mean something on a shared machine: both engines see the same noise.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL=/work/models/qwen3-4b-synth
GGUF_DIR=/work/models
ANCHOR=/work/models/anchor
THREADS=2
PROMPT=128
GEN=32
ROUNDS=2
PAIRS="int4:q4_0 int8:q8_0 bf16:bf16"
LONG=2048
OUT=""
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --gguf-dir) GGUF_DIR="$2"; shift 2 ;;
    --anchor) ANCHOR="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --prompt) PROMPT="$2"; shift 2 ;;
    --gen) GEN="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --pairs) PAIRS="$2"; shift 2 ;;
    --long) LONG="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    -h|--help) sed -n 2,16p "$0"; exit 0 ;;
    *) echo "compare-llama: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -d "$MODEL" ] || { echo "compare-llama: no model folder $MODEL (bin/inkstone model synth --preset qwen3-4b --out $MODEL)" >&2; exit 2; }
[ -f "$ANCHOR/llama_ref.mjs" ] || { echo "compare-llama: no $ANCHOR/llama_ref.mjs (copy ../shared/tools/llama-anchor there, npm i -E node-llama-cpp@3.21.1)" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [ -n "$KEEP" ]; then mkdir -p "$KEEP"; RESULTS="$KEEP/results.tsv"; COMMANDS="$KEEP/commands.txt"
else RESULTS="$WORK/results.tsv"; COMMANDS="$WORK/commands.txt"; fi
: > "$RESULTS"; : > "$COMMANDS"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# inkstone LABEL DTYPE EXTRA...: one Inkstone bench, appended to the results
inkstone() {
  local label="$1" dtype="$2"; shift 2
  local cmd=("$HERE/bin/inkstone" bench --model "$MODEL" --dtype "$dtype" --threads "$THREADS" --prompt-tokens "$PROMPT" --gen-tokens "$GEN" --reps 1 --json "$@")
  grep -qxF "inkstone: ${cmd[*]#$HERE/}" "$COMMANDS" || echo "inkstone: ${cmd[*]#$HERE/}" >> "$COMMANDS"
  local before; before="$(loadavg)"
  local json; json="$("${cmd[@]}" 2>"$WORK/err.txt")" || { echo "compare-llama: Inkstone failed:" >&2; tail -5 "$WORK/err.txt" >&2; return 1; }
  python3 - "$label" "$before" "$(loadavg)" "$json" >> "$RESULTS" <<'PY'
import json, sys
label, before, after, raw = sys.argv[1:5]
d = json.loads(raw)
print("\t".join(["inkstone", label, str(d["prefill_tok_s"]), str(d["decode_tok_s"]), str(d["peak_rss_mib"]), str(d["load_s"]), before, after]))
PY
  tail -1 "$RESULTS" >&2
}

# llama LABEL GGUF PROMPT_TOKENS: one llama.cpp bench (node-llama-cpp), appended to the results
llama() {
  local label="$1" gguf="$2" prompt="$3"
  local ctx=$(( (prompt + GEN + 255) / 256 * 256 ))
  local cmd=(node llama_ref.mjs bench --model "$gguf" --threads "$THREADS" --prompt-tokens "$prompt" --gen-tokens "$GEN" --reps 1 --ctx "$ctx" --json "$WORK/llama.json")
  local shown=("${cmd[@]}"); shown[${#shown[@]}-1]=out.json
  grep -qxF "llama.cpp: (cd $ANCHOR && ${shown[*]})" "$COMMANDS" || echo "llama.cpp: (cd $ANCHOR && ${shown[*]})" >> "$COMMANDS"
  local before; before="$(loadavg)"
  (cd "$ANCHOR" && "${cmd[@]}" > "$WORK/llama.out" 2>&1) || { echo "compare-llama: llama.cpp failed:" >&2; tail -5 "$WORK/llama.out" >&2; return 1; }
  python3 - "$label" "$before" "$(loadavg)" "$WORK/llama.json" >> "$RESULTS" <<'PY'
import json, sys
label, before, after, path = sys.argv[1:5]
d = json.load(open(path))
rss = d.get("maxRssBytes", 0) / 2**20
print("\t".join(["llama", label, str(round(d["medianPpTokS"], 3)), str(round(d["medianTgTokS"], 3)), str(int(rss)), str(round(d.get("loadMs", 0) / 1000, 2)), before, after]))
PY
  tail -1 "$RESULTS" >&2
}

first=1
for pair in $PAIRS; do
  dtype="${pair%%:*}"; format="${pair##*:}"
  gguf="$GGUF_DIR/q4b-$format.gguf"
  if [ ! -f "$gguf" ]; then echo "compare-llama: skipping $pair: no $gguf" >&2; continue; fi
  for round in $(seq 1 "$ROUNDS"); do
    inkstone "$dtype" "$dtype"
    llama "$dtype" "$gguf" "$PROMPT"
    if [ "$first" = 1 ] && [ "$LONG" -gt 0 ]; then
      inkstone "$dtype@$LONG" "$dtype" --context-fill "$LONG"
      llama "$dtype@$LONG" "$gguf" "$LONG"
    fi
  done
  first=0
done

python3 "$HERE/bench/ratio-table.py" "$RESULTS" "$COMMANDS" "$THREADS" "$PROMPT" "$GEN" "$LONG" > "$WORK/table.md"
cat "$WORK/table.md"
if [ -n "$OUT" ]; then cp "$WORK/table.md" "$OUT"; fi
