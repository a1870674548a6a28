#!/usr/bin/env bash
# run.sh — set up, build, and open glyphpad on the sample document.
# With a display, the editor window opens. Without one ($DISPLAY unset), it
# starts a private Xvfb, renders the window once, saves screenshots/run.png and
# says where it is. Extra arguments go to glyphpad (e.g. --font "DejaVu Serif").
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
bash tools/setup.sh
[ -f "$BUILD_DIR/build.ninja" ] || meson setup "$BUILD_DIR" >/dev/null
ninja -C "$BUILD_DIR" glyphpad >/dev/null
if [ -n "${DISPLAY:-}" ]; then
  exec "$BUILD_DIR/glyphpad" assets/flyweight.txt "$@"
fi
. tools/xvfb-lib.sh
trap xvfb_stop EXIT
xvfb_start
mkdir -p screenshots
"$BUILD_DIR/glyphpad" assets/flyweight.txt --screenshot screenshots/run.png "$@"
convert screenshots/run.png screenshots/run.png 2>/dev/null || true  # recompress
echo "No display: ran the window under Xvfb ($DISPLAY); its first frame is in $(pwd)/screenshots/run.png"
