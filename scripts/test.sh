#!/usr/bin/env bash
# Set-up + tests: install what is missing, configure, build and run the whole test suite
# (unit, golden, reference, end-to-end) with the `dev` workflow preset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --workflow --preset dev
