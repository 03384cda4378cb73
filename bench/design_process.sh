#!/usr/bin/env bash
# Whole-process time of a default `llmcost design` call (issue 13), against references measured
# in the same run: `llmcost --version` (the binary's own start-up) and a static C program that
# reads a config and prints one line (bench/reference/read_and_print.c).
#   1. wall time, hyperfine (min and mean; a loaded machine inflates the mean, not the min);
#   2. instructions, valgrind's callgrind (what a busy machine does not change), with the ratio
#      of each design call to `llmcost --version`.
# Usage: bench/design_process.sh [BUILD_DIR]   (default build/release; needs hyperfine, valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
build="$(realpath "${1:-build/release}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -static -o "$work/read_and_print" bench/reference/read_and_print.c
config=configs/models/llama_7b.json
dense="$build/llmcost design --compute 1e22 --vocab 128256 --seq-len 4096"
moe="$dense --family moe"
echo "== 1. wall time"
hyperfine -N --warmup 5 --runs 50 --export-json "$work/times.json" \
  "$work/read_and_print $config" "$build/llmcost --version" "$dense" "$moe" >/dev/null
python3 - "$work/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ref = min(results[1]["times"])
for r in results:
    t = min(r["times"])
    print(f"{r['command']}\n    min {t*1e3:.2f} ms, mean {r['mean']*1e3:.2f} ms,"
          f" min / min(llmcost --version) = {t/ref:.2f}")
PY
echo "== 2. instructions (callgrind)"
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's|.*Collected : *\([0-9]*\)|\1|p'
}
version=$(count "$build/llmcost" --version)
echo "$work/read_and_print $config: $(count "$work/read_and_print" "$config") instructions"
echo "llmcost --version: $version instructions"
for cmd in "$dense" "$moe"; do
  n=$(count $cmd)
  echo "$cmd: $n instructions ($(python3 -c "print(f'{$n / $version:.2f}')") x llmcost --version)"
done
