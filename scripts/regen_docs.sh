#!/usr/bin/env bash
# Regenerates golden files and the command outputs quoted in the READMEs by running the
# real binary (in-process, through the test runner). Review the diff like code.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset dev >/dev/null
cmake --build --preset dev --target llmcost_tests >/dev/null
LLMCOST_UPDATE_GOLDENS=1 build/dev/llmcost_tests --gtest_filter='Golden*:Docs*' >/dev/null
# The Python example's output in docs/python.md, from the package tests/install/run.sh installs.
if [ -d build/package/site ]; then
  PYTHONPATH=build/package/site /usr/bin/python3 python/update_docs.py
else
  echo "regen_docs: run scripts/test.sh once to refresh docs/python.md's example" >&2
fi
git status --short tests/golden README.md configs/models/README.md docs/python.md
