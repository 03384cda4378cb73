#!/usr/bin/env bash
# Installs the Debian packages llmcost needs to build and test, if any are missing.
# Run as root (or with sudo available). Idempotent: does nothing when all are present.
set -euo pipefail
packages=(g++ cmake make nlohmann-json3-dev libcli11-dev libfmt-dev libgtest-dev libgmock-dev
  libbenchmark-dev chromium python3 python3-dev python3-pip python3-pytest pybind11-dev)
packages+=("$@")
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo_cmd=()
if [ "$(id -u)" != 0 ]; then
  sudo_cmd=(sudo)
fi
echo "llmcost: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
