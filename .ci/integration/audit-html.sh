#!/usr/bin/env bash
# Renders the incident example's HTML audit in headless Chromium and checks the screenshot is
# a real page: a PNG of the window's size, mostly white but not blank, with the red and green
# bars of the SVG timelines drawn. Skipped (exit 0, with a message) where Chromium is not
# installed; on Debian: `apt-get install chromium`.
#
# UPDATE_SCREENSHOT=1 also copies the screenshot to docs/audit.png (shown in the README).
set -euo pipefail
cd "$(dirname "$0")/../.."

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then
    browser="$b"
    break
  fi
done
if [ -z "$browser" ]; then
  echo "SKIP audit-html: Chromium is not installed (apt-get install chromium to run this check)"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP audit-html: python3 is needed to read the screenshot"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/datamin"
"$bin" audit examples/incident --breach-window 2021-08-01..2023-02-10 \
  --format html --output "$work/audit.html"

# Chromium's own chatter (dbus, GPU) goes to stderr; only the screenshot matters.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --user-data-dir="$work/profile" \
  --screenshot="$work/audit.png" --window-size=1200,1600 \
  "file://$work/audit.html" >"$work/chromium.log" 2>&1 || {
  echo "chromium failed:"
  cat "$work/chromium.log"
  exit 1
}

python3 - "$work/audit.png" <<'PY'
"""Decodes the PNG (8-bit RGB or RGBA, non-interlaced, as Chromium writes) with the standard
library only, and checks what it shows."""
import struct
import sys
import zlib

path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, header = 8, b"", None
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos : pos + 4])
    kind = data[pos + 4 : pos + 8]
    body = data[pos + 8 : pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, color, _, _, interlace = header
assert (width, height) == (1200, 1600), f"screenshot is {width}x{height}, not 1200x1600"
assert depth == 8 and color in (2, 6) and interlace == 0, f"unexpected PNG format {header}"
bpp = 3 if color == 2 else 4
raw = zlib.decompress(idat)
stride = width * bpp
rows, prev, i = [], bytearray(stride), 0
for _ in range(height):
    ftype, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if ftype == 1:
            line[x] = (line[x] + a) & 255
        elif ftype == 2:
            line[x] = (line[x] + b) & 255
        elif ftype == 3:
            line[x] = (line[x] + (a + b) // 2) & 255
        elif ftype == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[x] = (line[x] + pred) & 255
    rows.append(line)
    prev = line

total = width * height
non_white = red = green = 0
for line in rows:
    for x in range(0, stride, bpp):
        r, g, b = line[x], line[x + 1], line[x + 2]
        if r < 240 or g < 240 or b < 240:
            non_white += 1
        if r > 180 and g < 80 and b < 90:
            red += 1  # #cf222e: bars as configured
        if r < 60 and 100 < g < 160 and b < 90:
            green += 1  # #1a7f37: bars under max_retention
share = non_white / total
print(f"screenshot {width}x{height}: {share:.1%} non-white, {red} red and {green} green pixels")
assert share > 0.02, "the page looks blank"
assert share < 0.9, "the page is not mostly background"
assert red > 2000, "no timeline bars as configured (red) were drawn"
assert green > 2000, "no timeline bars under max_retention (green) were drawn"
PY

if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
  mkdir -p docs
  cp "$work/audit.png" docs/audit.png
  echo "updated docs/audit.png"
fi
echo "ok: the HTML audit renders in $("$browser" --version 2>/dev/null | head -1)"
