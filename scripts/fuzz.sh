#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build/fuzz and runs each for a
# bounded time: the config loader (llmcost_config_fuzzer) and the safetensors header parser
# with checkpoint verification (llmcost_safetensors_fuzzer). Fails on any crash, leak,
# timeout, out-of-memory or sanitizer report.
#
#   scripts/fuzz.sh [SECONDS]      default 60 per target; extra arguments go to libFuzzer
#
# Seeds: configs/, tests/reference/checkpoints/ and tests/bad_inputs/ (configs); a few
# safetensors files written below (headers). New inputs the fuzzers find accumulate in
# build/fuzz/corpus and build/fuzz/corpus-safetensors (kept between runs); a crashing input
# is saved in build/fuzz/artifacts/ — turn it into a test case once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
build=build/fuzz
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLLMCOST_DEVELOPER_MODE=OFF -DLLMCOST_BUILD_FUZZER=ON >/dev/null
cmake --build "$build" -j2 --target llmcost_config_fuzzer llmcost_safetensors_fuzzer >/dev/null

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

# Safetensors seeds: an 8-byte little-endian header length, the JSON header, zero data.
st_seeds="$build/seeds-safetensors"
rm -rf "$st_seeds"
mkdir -p "$st_seeds" "$build/corpus-safetensors"
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
"$build/llmcost_safetensors_fuzzer" "$build/corpus-safetensors" "$st_seeds" \
  -dict=fuzz/safetensors.dict -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/" "$@"
