#!/usr/bin/env bash
# CI for issue 5 (robustness): the whole test suite under ASan + UBSan (the `asan` workflow
# preset, bad-input corpus included), then the fuzzer for a bounded time.
#
#   scripts/ci_robustness.sh [FUZZ_SECONDS]     default 60
#
# Needs clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes for clang).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh clang libclang-rt-14-dev
cmake --workflow --preset asan
bash scripts/fuzz.sh "${1:-60}"
