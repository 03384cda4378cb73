#!/usr/bin/env bash
# The packaged forms of llmcost, built without sanitizers (an ASan-instrumented extension cannot
# be loaded into an uninstrumented python): part of scripts/test.sh.
#  1. one Release build (build/package) of the libraries, the executables and the Python module;
#  2. `pip install --no-build-isolation` of the package (the README's command; into a target
#     directory here) through the in-tree backend, reusing that build directory;
#  3. `cmake --install` into a prefix, and a consumer project (tests/install/) built against it
#     with find_package(llmcost), run from outside the source tree;
#  4. pytest over the module (python/tests), comparing with the installed `llmcost` executable.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
python=${LLMCOST_PYTHON:-/usr/bin/python3}  # Debian's python3-pytest is for this interpreter
build=$root/build/package
prefix=$build/prefix
site=$build/site
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DLLMCOST_BUILD_PYTHON=ON \
  -DPython_EXECUTABLE="$python" -DLLMCOST_PYTHON_OUTPUT_DIR="$build/package" >/dev/null
cmake --build "$build" -j2

rm -rf "$site"
# --target keeps the system site-packages untouched (no PEP 668 override needed).
"$python" -m pip install --no-build-isolation --no-deps --quiet --target "$site" \
  --config-settings build-dir="$build" .

rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake -S tests/install -B "$scratch/consumer" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$scratch/consumer" >/dev/null
# Each output goes to a file before it is searched: `cmd | grep -q` stops reading at the first
# match, and the writer's closed pipe (exit 1 or SIGPIPE) would fail the pipeline.
expect() {  # expect FILE GREP-ARGS...: FILE holds what grep looks for
  local file=$1
  shift
  grep -q "$@" "$file" || { echo "install: $file lacks $*" >&2; exit 1; }
}
(cd "$scratch" && ./consumer/consumer) >"$scratch/consumer.out"
expect "$scratch/consumer.out" -x "6738415616 h100-sxm"
cp configs/models/llama_7b.json "$scratch/"
(cd "$scratch" && "$prefix/bin/llmcost" analyze --format json llama_7b.json) >"$scratch/analyze.out"
expect "$scratch/analyze.out" '"total": 6738415616'
(cd "$scratch" && "$prefix/bin/llmcost" hardware --format json) >"$scratch/hardware.out"
expect "$scratch/hardware.out" '"id": "h100-sxm"'
(cd "$scratch" && "$prefix/bin/detailed_cost_analysis" --model_config llama_7b.json) \
  >"$scratch/seed.out"
expect "$scratch/seed.out" "6.738B"
echo "install: consumer, installed executables: ok" >&2

# The done-when line, from outside the tree with the installed package only.
(cd "$scratch" && PYTHONPATH="$site" "$python" -c \
  "import llmcost; print(llmcost.analyze('llama_7b.json')['parameters']['total'])") \
  >"$scratch/python.out"
expect "$scratch/python.out" -x 6738415616
LLMCOST_CLI="$prefix/bin/llmcost" PYTHONPATH="$site" "$python" -m pytest -q -p no:cacheprovider \
  python/tests
