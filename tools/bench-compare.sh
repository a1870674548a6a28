#!/usr/bin/env bash
# bench-compare.sh BASE_COMMIT [MB] [glyphpad-bench options...] — the current
# build against BASE_COMMIT on real text and on prose, side by side in one run.
#
# Builds BASE_COMMIT (git archive, so no worktree is registered) into
# /tmp/glyphpad-base-COMMIT/build with the buildtype of ${BUILD_DIR:-build}
# unless that binary exists; writes real text of MB megabytes (default 10)
# with tools/real-text.py into /tmp/glyphpad-real-text-MB (kept for reruns);
# then runs ${BUILD_DIR:-build}/bench/glyphpad-bench on prose of the same size
# and the four real-text files, the base binary as --baseline. The remaining
# arguments go to glyphpad-bench (say --runs 5 --modes on). Prints the load
# average before and after: on a shared machine, rerun when it was high.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(git rev-parse --short "${1:?usage: $0 BASE_COMMIT [MB] [bench options...]}")
mb=${2:-10}
shift $(( $# >= 2 ? 2 : 1 ))
build=${BUILD_DIR:-build}
src=/tmp/glyphpad-base-$base
text=/tmp/glyphpad-real-text-$mb

if [ ! -x "$src/build/src/app/glyphpad" ]; then
  buildtype=$(meson introspect "$build" --buildoptions |
    python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))')
  mkdir -p "$src"
  git archive "$base" | tar -x -C "$src"
  meson setup "$src/build" "$src" --buildtype="$buildtype" >/dev/null
  ninja -C "$src/build" src/app/glyphpad >/dev/null
fi
[ -f "$text/oneline.txt" ] || python3 tools/real-text.py "$text" --mb "$mb"

echo "uptime before: $(uptime)"
"$build/bench/glyphpad-bench" --baseline "$src/build/src/app/glyphpad" --sizes "$mb" \
  --file "$text/licences.txt" --file "$text/c-source.txt" \
  --file "$text/catalogues.txt" --file "$text/oneline.txt" "$@"
echo "uptime after: $(uptime)"
