#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build/fuzz and runs each for a
# bounded time. Fails on any crash, leak, timeout, out-of-memory or sanitizer report.
#
#   scripts/fuzz.sh [SECONDS|ci] [TARGET...] [-- LIBFUZZER_ARGS...]
#       SECONDS per target, default 60; TARGET among config, hardware, argv, safetensors
#       (default all).
#       `ci` (what .ci/run does): a reproducible run instead of a timed one: a fixed seed, a
#       fixed number of executions per target and a fresh corpus, so the same commit
#       explores the same inputs on every machine; about 20-40 s per target on one core.
#
# Targets (fuzz/*_fuzzer.cc):
#   config    bytes as a model config: JSON, JSONC, .py, every family, every analysis and
#             renderer, and `analyze -` etc. on standard input;
#   hardware  bytes as a --hardware-file: parse, merge, lookup, `hardware` and `serve`;
#   argv      the command line: every command and every flag its --help lists, values from
#             a table of edge cases, real configs, --output into a scratch directory;
#   safetensors  bytes as a checkpoint's safetensors file: header parsing and verification.
# Seeds: configs/, tests/reference/checkpoints/, tests/bad_inputs/, data/ and
# fuzz/argv_seeds.txt. New inputs accumulate in build/fuzz/corpus-<target> (kept between
# runs); a crashing input is saved in build/fuzz/artifacts/: turn it into a case in
# tests/bad_inputs/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  targets+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift
[ ${#targets[@]} -eq 0 ] && targets=(config hardware argv safetensors)
build="$PWD/build/fuzz"  # absolute: the argv target changes into its scratch directory
# -O1 with line tables only: libFuzzer's recommended optimization, symbolized reports, and
# about half the compile time of -O2 -g (most of a `ci` run is building).
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
  -DLLMCOST_DEVELOPER_MODE=OFF -DLLMCOST_BUILD_FUZZER=ON >/dev/null
for target in "${targets[@]}"; do
  cmake --build "$build" -j2 --target "llmcost_${target}_fuzzer" >/dev/null
done

# Seed directories, one per target. Sorted: `find` lists a directory in the file system's
# order, which differs between machines, and the seeds' names and order steer libFuzzer, so
# an unsorted list made a `ci` run explore different inputs on the CI machine than here.
copy_seeds() {  # copy_seeds DIR FIND-ARGS...
  local dir=$1 i=0
  shift
  rm -rf "$dir"
  mkdir -p "$dir"
  while IFS= read -r -d '' f; do
    cp "$f" "$dir/$i-$(basename "$f")"
    i=$((i + 1))
  done < <(find "$@" -type f -print0 2>/dev/null | LC_ALL=C sort -z)
}
copy_seeds "$build/seeds-config" configs tests/reference/checkpoints tests/bad_inputs \
  \( -name '*.json' -o -name '*.jsonc' -o -name '*.py' -o -name '*.txt' \)
copy_seeds "$build/seeds-hardware" data tests/bad_inputs -name '*.json'
# argv seeds: each line of fuzz/argv_seeds.txt is a byte string the argv decoder reads
# (see fuzz/argv_fuzzer.cc); written with printf so \xNN escapes work.
rm -rf "$build/seeds-argv"
mkdir -p "$build/seeds-argv"
n=0
while IFS= read -r line; do
  case "$line" in '#'* | '') continue ;; esac
  printf "$line" >"$build/seeds-argv/$n"
  n=$((n + 1))
done <fuzz/argv_seeds.txt

# Safetensors seeds: an 8-byte little-endian header length, the JSON header, zero data.
st_seeds="$build/seeds-safetensors"
rm -rf "$st_seeds"
mkdir -p "$st_seeds"
write_safetensors() {  # write_safetensors FILE HEADER DATA_BYTES
  local n=${#2} le="" i
  for i in 0 1 2 3 4 5 6 7; do le+=$(printf '\\x%02x' $(((n >> (8 * i)) & 255))); done
  { printf "$le"; printf '%s' "$2"; head -c "$3" /dev/zero; } >"$1"
}
t='"dtype":"BF16","shape":[32,8]'
write_safetensors "$st_seeds/llama.safetensors" \
  "{\"__metadata__\":{\"format\":\"pt\"},\"model.embed_tokens.weight\":{$t,\"data_offsets\":[0,512]},\"model.norm.weight\":{\"dtype\":\"BF16\",\"shape\":[8],\"data_offsets\":[512,528]},\"model.layers.0.self_attn.q_proj.weight\":{\"dtype\":\"F8_E4M3\",\"shape\":[8,8],\"data_offsets\":[528,592]},\"model.layers.0.self_attn.q_proj.weight_scale_inv\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[592,596]}}" 596
write_safetensors "$st_seeds/empty.safetensors" "{}" 0
write_safetensors "$st_seeds/gptq.safetensors" \
  "{\"model.layers.1.mlp.down_proj.qweight\":{\"dtype\":\"I32\",\"shape\":[2,8],\"data_offsets\":[0,64]},\"model.layers.1.mlp.down_proj.scales\":{\"dtype\":\"F16\",\"shape\":[1,8],\"data_offsets\":[64,80]}}" 80

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$build/artifacts"
# The argv target's scratch directory (its --output files) goes under build/fuzz/tmp.
rm -rf "$build/tmp"
mkdir -p "$build/tmp"
export TMPDIR="$build/tmp"
ci_runs() {  # executions per target in `ci` mode (each about 20-40 s on one core)
  case "$1" in
    config) echo 1500 ;;
    hardware) echo 3000 ;;
    argv) echo 4000 ;;
    safetensors) echo 200000 ;;
  esac
}
for target in "${targets[@]}"; do
  dict=()
  [ -f "fuzz/$target.dict" ] && dict=("-dict=$PWD/fuzz/$target.dict")
  if [ "$seconds" = ci ]; then
    corpus="$build/ci-corpus-$target"
    rm -rf "$corpus"
    budget=(-seed=1 -runs="$(ci_runs "$target")")
    echo "fuzz: $target, ${budget[*]}" >&2
  else
    corpus="$build/corpus-$target"
    budget=(-max_total_time="$seconds")
    echo "fuzz: $target for ${seconds}s" >&2
  fi
  mkdir -p "$corpus"
  # -rss_limit_mb also caps a single allocation (-malloc_limit_mb defaults to it).
  "$build/llmcost_${target}_fuzzer" "$corpus" "$build/seeds-$target" \
    "${dict[@]}" "${budget[@]}" -timeout=5 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" "$@"
done
