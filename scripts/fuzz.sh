#!/usr/bin/env bash
# Builds the libFuzzer target with clang (ASan + UBSan) in build/fuzz and runs it for a
# bounded time. Fails on any crash, leak, timeout, out-of-memory or sanitizer report.
#
#   scripts/fuzz.sh [SECONDS]      default 60; extra arguments go to libFuzzer
#
# Seeds: configs/, tests/reference/checkpoints/ and tests/bad_inputs/. New inputs the
# fuzzer finds accumulate in build/fuzz/corpus (kept between runs); a crashing input is
# saved in build/fuzz/artifacts/ — turn it into a case in tests/bad_inputs/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
build=build/fuzz
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLLMCOST_DEVELOPER_MODE=OFF -DLLMCOST_BUILD_FUZZER=ON >/dev/null
cmake --build "$build" -j2 --target llmcost_config_fuzzer >/dev/null

seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus" "$build/artifacts"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$seeds/$i-$(basename "$f")"
  i=$((i + 1))
done < <(find configs tests/reference/checkpoints tests/bad_inputs -type f \
  \( -name '*.json' -o -name '*.jsonc' -o -name '*.py' -o -name '*.txt' \) -print0 2>/dev/null)
echo "fuzz: $i seed files, ${seconds}s" >&2

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# -rss_limit_mb also caps a single allocation (-malloc_limit_mb defaults to it).
"$build/llmcost_config_fuzzer" "$build/corpus" "$seeds" \
  -dict=fuzz/config.dict -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/" "$@"
