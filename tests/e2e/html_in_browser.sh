#!/usr/bin/env bash
# The HTML reports in a real browser: headless Chromium loads each page offline, the page logs
# nothing to the console (no error, no blocked request), and its screenshot is not blank.
# Skips (exit 77) when Chromium is not installed; CI installs it (scripts/install_deps.sh).
# Usage: html_in_browser.sh LLMCOST_BINARY SOURCE_DIR
set -euo pipefail
llmcost=$1
source_dir=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "html_in_browser: chromium not installed, skipped" >&2
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$source_dir"
# One page per kind of chart (bars, lines with rules and markers) and the hostile name.
pages=(
  "analyze --format html configs/models/llama_7b.json configs/models/deepseek_v3.json"
  "serve --format html configs/models/llama_7b.json configs/models/llama_1.36b.json --gpu h100"
  "analyze --format html tests/golden/html-hostile-name/config.json"
)
status=0
for i in "${!pages[@]}"; do
  page="$work/page$i.html"
  # shellcheck disable=SC2086
  "$llmcost" ${pages[$i]} > "$page"
  log="$work/page$i.log"
  timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-extensions --disable-background-networking --user-data-dir="$work/profile$i" \
    --window-size=1000,900 --enable-logging=stderr --v=0 \
    --screenshot="$work/page$i.png" "file://$page" > "$log" 2>&1 || true
  if grep -q "CONSOLE" "$log"; then
    echo "html_in_browser: console output for '${pages[$i]}':" >&2
    grep "CONSOLE" "$log" >&2
    status=1
  fi
  if ! python3 - "$work/page$i.png" <<'PY'
import struct, sys, zlib
# Decodes an 8-bit RGB(A) PNG (what Chromium writes) and counts its distinct colours.
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height, channels = 8, b"", 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        channels = {2: 3, 6: 4}[colour]
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw = zlib.decompress(idat)
stride = width * channels
colours, previous, row_start = set(), bytearray(stride), 0
for y in range(height):
    kind = raw[row_start]
    line = bytearray(raw[row_start + 1:row_start + 1 + stride])
    for x in range(stride):
        a = line[x - channels] if x >= channels else 0
        b = previous[x]
        c = previous[x - channels] if x >= channels else 0
        if kind == 1: line[x] = (line[x] + a) & 255
        elif kind == 2: line[x] = (line[x] + b) & 255
        elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 8 == 0:
        for x in range(0, stride, channels * 8):
            colours.add(bytes(line[x:x + 3]))
    previous, row_start = line, row_start + 1 + stride
sys.exit(0 if len(colours) >= 8 else 1)
PY
  then
    echo "html_in_browser: blank or missing screenshot for '${pages[$i]}'" >&2
    status=1
  fi
done
exit $status
