#!/usr/bin/env bash
# Set-up + tests: install what is missing, configure, build and run the whole test suite
# (unit, golden, reference, bad-input corpus, end-to-end) under AddressSanitizer and
# UndefinedBehaviorSanitizer, with warnings as errors (the `asan` workflow preset).
# `cmake --workflow --preset dev` runs the same suite without sanitizers.
# Then the packaged forms, built without sanitizers: the Python package (pip install + pytest)
# and the installed C++ library with a consumer built against it (tests/install/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --workflow --preset asan
bash tests/install/run.sh
