#!/usr/bin/env bash
# Regenerates golden files and the command outputs quoted in the READMEs by running the
# real binary (in-process, through the test runner). Review the diff like code.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset dev >/dev/null
cmake --build --preset dev --target llmcost_tests >/dev/null
LLMCOST_UPDATE_GOLDENS=1 build/dev/llmcost_tests --gtest_filter='Golden*:Docs*' >/dev/null
git status --short tests/golden README.md configs/models/README.md
