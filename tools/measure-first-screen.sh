#!/usr/bin/env bash
# measure-first-screen.sh FILE [RUNS] [glyphpad options...] — how long after the
# process starts the window first shows text of FILE, under a private Xvfb.
# The window records it itself (first_text_ms in its --stats-dump: /proc start
# time of the process to the SDL_RenderPresent of the first frame with text);
# prints each run and the median.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1; runs=${2:-5}; shift $(( $# >= 2 ? 2 : 1 ))
source tools/xvfb-lib.sh
xvfb_start
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; xvfb_stop' EXIT
echo "command: ${BUILD_DIR:-build}/src/app/glyphpad $* --quit-after-ms 4000 --stats-dump STATS $file  (x$runs, Xvfb 1920x1080)"
values=()
for i in $(seq "$runs"); do
  "${BUILD_DIR:-build}/src/app/glyphpad" "$@" --quit-after-ms 4000 --stats-dump "$tmp/stats.json" "$file" >/dev/null 2>&1
  v=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["first_text_ms"])' "$tmp/stats.json")
  echo "run $i: first text on screen after $v ms"
  values+=("$v")
done
printf '%s\n' "${values[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median: %s ms\n", a[int((NR+1)/2)]}'
