#!/usr/bin/env bash
# framebench.sh — frame time and keystroke-to-ready time of the real window,
# measured by glyphpad-framebench under a private Xvfb at 1920x1080x24.
# Prints the exact command line it ran and the program's tables (the program's
# own first line repeats its arguments). Extra arguments go to the program,
# e.g.  bash tools/framebench.sh --rounds 2 --frames 3 --doc-mb 1
# BUILD_DIR (default build) is the meson build directory to build and use.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
[ -f "$BUILD_DIR/build.ninja" ] || meson setup "$BUILD_DIR" >/dev/null
ninja -C "$BUILD_DIR" bench/glyphpad-framebench >/dev/null
. tools/xvfb-lib.sh
trap xvfb_stop EXIT
XVFB_SCREEN=1920x1080x24 xvfb_start
export SDL_VIDEODRIVER=x11
CMD=("$BUILD_DIR/bench/glyphpad-framebench" "$@")
echo "Ran: XVFB_SCREEN=1920x1080x24 Xvfb $DISPLAY; SDL_VIDEODRIVER=x11 ${CMD[*]}"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo
"${CMD[@]}"
