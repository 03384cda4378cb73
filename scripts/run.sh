#!/usr/bin/env bash
# Set-up + main job: install what is missing, build a release binary, and analyze every
# shipped config in configs/models/ side by side. Extra arguments go to `llmcost analyze`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release -DLLMCOST_DEVELOPER_MODE=OFF >/dev/null
cmake --build --preset release --target llmcost >/dev/null
build/release/llmcost analyze "$@" configs/models/*.json configs/models/*.jsonc configs/models/*.py
