#!/usr/bin/env bash
# screenshots.sh — drive the real window under Xvfb with xdotool and save PNGs
# into screenshots/: the sample with the statistics panel (flyweight on, then
# off after F2), several typefaces and sizes in one document, whole documents in Serif
# and Sans Mono, a line in every script (assets/scripts.txt: whole, wrapped in
# a narrow window with a selection across a change of direction, and with the
# overlay), a large file while it loads, the restore question after a crash,
# --scale 2, the shortcut panel and the font picker, the gutter, the find and
# replace bars, the glyph inspector (Latin, Arabic, CJK, and a private copy
# with the flyweight off), the sharing map and the atlas view.
# Needs a built glyphpad (BUILD_DIR, default build) and the packages
# tools/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
GLYPHPAD="$BUILD_DIR/src/app/glyphpad"
SAMPLE=assets/flyweight.txt
OUT=screenshots
[ -x "$GLYPHPAD" ] || { echo "build first: meson setup $BUILD_DIR && ninja -C $BUILD_DIR" >&2; exit 1; }
. tools/xvfb-lib.sh
APP_PID=""
# Recovery files of the windows killed here stay out of the user's state dir.
SCRATCH=$(mktemp -d)
export XDG_STATE_HOME="$SCRATCH/state"
export XDG_CONFIG_HOME="$SCRATCH/config" # remembered settings: each run starts from the defaults
cleanup() { [ -n "$APP_PID" ] && kill -9 "$APP_PID" 2>/dev/null; xvfb_stop; rm -rf "$SCRATCH"; }
trap cleanup EXIT
xvfb_start
mkdir -p "$OUT"

# open ARGS...: starts glyphpad 1280x800 (or WIDTH x HEIGHT) and waits for
# its window (sets APP_PID and WID)
open_window() {
  "$GLYPHPAD" --width "${WIDTH:-1280}" --height "${HEIGHT:-800}" "$@" >/dev/null 2>&1 &
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

# close_window: kills the window, then forgets what it left (recovery files,
# remembered settings), so that every scene starts clean: a leftover restore
# question once sat over a screenshot. KEEP_STATE=1 keeps them (the crash scene).
close_window() {
  kill -9 "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
  [ "${KEEP_STATE:-}" = 1 ] || rm -rf "$SCRATCH/state" "$SCRATCH/config"
}
keys() { xdotool key --delay 60 "$@"; sleep 0.4; }
shot() { sleep 0.4; import -window "$WID" "$OUT/$1"; echo "wrote $OUT/$1"; }

# 1. the sample with the statistics panel (F1), flyweight on, then off
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

# 4. a line in every script, from a file whose name is not ASCII (the status
# bar draws it through the same text stack); then wrapped at 560 px with the
# mixed line's middle selected across its change of direction; then the
# overlay's counts for it (shaped words, the Glyphs of each fallback face)
cp assets/scripts.txt "$SCRATCH/Документ café.txt"
open_window "$SCRATCH/Документ café.txt" --size 18
shot scripts.png
keys F1
shot scripts-overlay.png
close_window
WIDTH=560 HEIGHT=800 open_window "$SCRATCH/Документ café.txt" --size 16
keys ctrl+End Up Home ctrl+Right ctrl+Right ctrl+Right shift+ctrl+Right shift+ctrl+Right shift+ctrl+Right shift+ctrl+Right
shot scripts-narrow.png
close_window

# 5. a 150 MB file while it loads: the first screen is up, the progress bar runs
python3 - "$SCRATCH/large.txt" <<'PY'
import sys
line = "A large file shows its first screen at once; the rest loads behind it.\n"
with open(sys.argv[1], "w") as f:
    for _ in range(150):
        f.write(line * (1_000_000 // len(line)))
PY
"$GLYPHPAD" --width 1280 --height 800 "$SCRATCH/large.txt" >/dev/null 2>&1 &
APP_PID=$!
for _ in $(seq 100); do
  WID=$(xdotool search --onlyvisible --pid "$APP_PID" 2>/dev/null | tail -1) && [ -n "$WID" ] && break
  sleep 0.05
done
sleep 0.05 # loading is quick now: take it while the bar still says so
import -window "$WID" "$OUT/loading.png"; echo "wrote $OUT/loading.png"
close_window
rm -f "$SCRATCH/large.txt"

# 6. after a crash: unsaved typing is offered back on the next start
cp "$SAMPLE" "$SCRATCH/notes.txt"
open_window "$SCRATCH/notes.txt"
xdotool type --delay 40 "Typed just before the crash. "
sleep 3.5   # the recovery file is at most a few seconds behind
KEEP_STATE=1 close_window  # SIGKILL, the recovery file kept
open_window "$SCRATCH/notes.txt"
shot recovery.png
close_window

# 7. --scale 2 (HiDPI on X11): the same window at twice the pixels
XDG_STATE_HOME="$SCRATCH/state-2" open_window "$SAMPLE" --scale 2 --width 640 --height 400
shot scale-2.png
close_window

# 8. the shortcut panel (F10), made from the key table; then the font picker
# (Ctrl+Shift+T) listing the families Tab could complete to, over a line in
# every script
open_window "$SAMPLE"
keys F10
shot keys-panel.png
close_window
open_window assets/scripts.txt --size 18
xdotool key ctrl+shift+t; sleep 0.3
xdotool type --delay 40 "Noto Sans "
keys Tab
shot font-picker.png
close_window

# 9. the line-number gutter (Ctrl+Shift+L): a number beside the first line of
# each paragraph, so a wrapped paragraph shows one number for its lines
XDG_CONFIG_HOME="$SCRATCH/config-9" WIDTH=700 HEIGHT=450 open_window "$SCRATCH/Документ café.txt" --size 16
keys ctrl+shift+l
shot gutter.png
close_window

# 10. the find bar: an Arabic word searched in assets/scripts.txt (every match on
# screen highlighted, the current one selected, "1 of 2"); then the replace bar
# with Chinese text after Enter replaced the first match. The first text
# xdotool types through a new key mapping can be lost: a probe letter goes first.
cp assets/scripts.txt "$SCRATCH/scripts.txt"
WIDTH=1000 HEIGHT=600 open_window "$SCRATCH/scripts.txt"
keys ctrl+f
xdotool type --delay 60 "x"; keys BackSpace
xdotool type --delay 120 "عربي"
shot find.png
keys Escape ctrl+h
xdotool type --delay 60 "x"; keys BackSpace
xdotool type --delay 120 "中文"
keys Tab
xdotool type --delay 120 "汉语"
keys Return
shot replace.png
close_window

# 11. the glyph inspector (Alt+click a character): its Glyph's key and
# intrinsic state, the bitmap magnified, the DrawnGlyph's x/y, and every other
# occurrence of the same Glyph highlighted; over Latin, Arabic and CJK; then
# with the flyweight off (F2): a private copy, nothing else highlighted
inspect_at() { xdotool mousemove --window "$WID" "$1" "$2" keydown alt click 1 keyup alt; sleep 0.4; }
open_window assets/scripts.txt --size 18
inspect_at 131 62
shot inspector-latin.png
inspect_at 1000 147
shot inspector-arabic.png
inspect_at 120 467
shot inspector-cjk.png
keys F2
sleep 1
inspect_at 131 62
shot inspector-private.png
close_window

# 12. the sharing map (F6): every glyph tinted by its Glyph's reference count,
# over a line in every script and over the sample; then the sample with the
# flyweight off, where every Glyph has one occurrence
open_window assets/scripts.txt --size 18
keys F6
shot sharing-map-scripts.png
close_window
open_window "$SAMPLE"
keys F6
shot sharing-map.png
keys F2
sleep 1
shot sharing-map-off.png
close_window

# 13. the atlas view (F8) on the GPU path (Mesa's llvmpipe under Xvfb): 96 px
# text with the flyweight off, scrolled through the sample until the sixteen
# pages are full and the LRU evicts the least recently drawn slots
open_window "$SAMPLE" --renderer opengl --size 96
keys F2
sleep 1
for _ in $(seq 30); do keys Page_Down; done
keys F8
shot atlas-view.png
close_window
