#!/usr/bin/env bash
# run.sh — set up, build, and open glyphpad on the sample document.
# With a display, the editor window opens. Without one ($DISPLAY unset), it
# starts a private Xvfb, renders the window once, saves screenshots/run.png and
# says where it is. Extra arguments go to glyphpad (e.g. --font "DejaVu Serif").
# The e2e test run_script runs it as the README says, with RUN_SKIP_SETUP=1 (the
# suite's own setup did it) and RUN_SCREENSHOT elsewhere than screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
SHOT=${RUN_SCREENSHOT:-screenshots/run.png}
[ -n "${RUN_SKIP_SETUP:-}" ] || bash tools/setup.sh
[ -f "$BUILD_DIR/build.ninja" ] || meson setup "$BUILD_DIR" >/dev/null
ninja -C "$BUILD_DIR" src/app/glyphpad >/dev/null
if [ -n "${DISPLAY:-}" ]; then
  exec "$BUILD_DIR/src/app/glyphpad" assets/flyweight.txt "$@"
fi
. tools/xvfb-lib.sh
trap xvfb_stop EXIT
xvfb_start
mkdir -p "$(dirname "$SHOT")"
"$BUILD_DIR/src/app/glyphpad" assets/flyweight.txt --screenshot "$SHOT" "$@"
convert "$SHOT" "$SHOT" 2>/dev/null || true  # recompress
echo "No display: ran the window under Xvfb ($DISPLAY); its first frame is in $(realpath "$SHOT")"
