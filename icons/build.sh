#!/usr/bin/env bash
# Makes every icon Mailwright ships from the one drawing, icons/mailwright.svg:
#   icons/png/mailwright-<N>.png   N = 16 24 32 48 64 128 256 512 (Linux package, window icons)
#   icons/mailwright.ico           Windows installer and launcher (16..256)
#   icons/mailwright.icns          macOS bundle (16..512)
#   src/main/resources/org/mailwright/ui/icons/mailwright-<N>.png   the window icon (32, 128) and the About dialog's (64), from the jar
# The outputs are committed, so a build needs none of these tools; run this after changing the drawing.
# Needs rsvg-convert (librsvg2-bin) and ImageMagick's convert; png2icns (icnsutils) or python3 for the .icns.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
svg=mailwright.svg
for tool in rsvg-convert convert; do
    command -v "$tool" >/dev/null || { echo "icons/build.sh: needs $tool (apt-get install librsvg2-bin imagemagick)" >&2; exit 1; }
done

sizes=(16 24 32 48 64 128 256 512)
mkdir -p png
for n in "${sizes[@]}"; do
    # rsvg-convert writes no time stamps, so the same drawing gives the same bytes
    rsvg-convert --width "$n" --height "$n" --format png "$svg" --output "png/mailwright-$n.png"
done

# the .ico: one image per size Windows asks for (Explorer, taskbar, Alt-Tab, installer)
convert png/mailwright-{16,24,32,48,64,128,256}.png -define png:exclude-chunks=date,time mailwright.ico

# the .icns: png2icns when installed, otherwise the format written directly (a header, then typed PNG entries)
icns_sizes=(16 32 48 128 256 512)
if command -v png2icns >/dev/null; then
    png2icns mailwright.icns $(for n in "${icns_sizes[@]}"; do echo "png/mailwright-$n.png"; done) >/dev/null
else
    command -v python3 >/dev/null || { echo "icons/build.sh: needs png2icns (icnsutils) or python3" >&2; exit 1; }
    python3 - png mailwright.icns <<'PY'
import struct, sys
src, out = sys.argv[1], sys.argv[2]
types = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
body = b""
for n, t in types.items():
    data = open(f"{src}/mailwright-{n}.png", "rb").read()
    body += t + struct.pack(">I", len(data) + 8) + data
open(out, "wb").write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY
fi

# the icons in the jar: JavaFX hands the window system one image, the closest to 32 px on Windows and to 128 px
# elsewhere (AppIcons.WINDOW_SIZE); 64 is the About dialog's
res=../src/main/resources/org/mailwright/ui/icons
mkdir -p "$res"
for n in 32 64 128; do
    cp "png/mailwright-$n.png" "$res/mailwright-$n.png"
done
echo "icons/build.sh: made png/ (${sizes[*]}), mailwright.ico, mailwright.icns and the window icons"
