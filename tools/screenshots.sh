#!/usr/bin/env bash
# screenshots.sh — drive the real window under Xvfb with xdotool and save PNGs
# into screenshots/: the sample with the overlay (flyweight on, then off after
# F2), several typefaces and sizes in one document, whole documents in Serif
# and Sans Mono, and the multilingual lines large. Needs a built glyphpad
# (BUILD_DIR, default build) and the packages tools/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
GLYPHPAD="$BUILD_DIR/glyphpad"
SAMPLE=assets/flyweight.txt
OUT=screenshots
[ -x "$GLYPHPAD" ] || { echo "build first: meson setup $BUILD_DIR && ninja -C $BUILD_DIR" >&2; exit 1; }
. tools/xvfb-lib.sh
APP_PID=""
cleanup() { [ -n "$APP_PID" ] && kill -9 "$APP_PID" 2>/dev/null; xvfb_stop; }
trap cleanup EXIT
xvfb_start
mkdir -p "$OUT"

# open ARGS...: starts glyphpad and waits for its window (sets APP_PID and WID)
open_window() {
  "$GLYPHPAD" --width 1280 --height 800 "$@" >/dev/null 2>&1 &
  APP_PID=$!
  WID=""
  for _ in $(seq 100); do
    WID=$(xdotool search --onlyvisible --pid "$APP_PID" 2>/dev/null | tail -1) && [ -n "$WID" ] && break
    sleep 0.1
  done
  [ -n "$WID" ] || { echo "the window did not appear" >&2; exit 1; }
  xdotool windowfocus --sync "$WID"
  sleep 0.5
}

close_window() { kill -9 "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }
keys() { xdotool key --delay 60 "$@"; sleep 0.4; }
shot() { sleep 0.4; import -window "$WID" "$OUT/$1"; echo "wrote $OUT/$1"; }

# 1. the sample with the overlay, flyweight on, then off
open_window "$SAMPLE"
keys F1
shot overlay-on.png
keys F2
sleep 1
shot overlay-off.png
close_window

# 2. several typefaces and sizes in one document, with the per-style counts
open_window "$SAMPLE"
keys ctrl+Home shift+End ctrl+t ctrl+equal ctrl+equal ctrl+equal ctrl+equal ctrl+equal
keys Down Down Down Home shift+End ctrl+t ctrl+t
keys Down Down Down Down Home shift+End ctrl+t ctrl+minus ctrl+minus
keys Right ctrl+End
keys ctrl+Home F1
shot typefaces.png
close_window

# 3. whole documents in other typefaces and sizes
open_window "$SAMPLE" --font "DejaVu Serif" --size 20
shot serif-20.png
close_window
open_window "$SAMPLE" --font "DejaVu Sans Mono" --size 12
shot mono-12.png
close_window

# 4. the multilingual lines (Greek, CJK, emoji, a missing glyph) at 28 px
open_window "$SAMPLE" --size 28
keys ctrl+End
shot multilingual.png
close_window
