#!/usr/bin/env bash
# bench-compare.sh BASE_COMMIT [MB[,MB...]] [glyphpad-bench options...] — the
# current build against BASE_COMMIT on real text and on prose, side by side in
# one run.
#
# Builds BASE_COMMIT (git archive, so no worktree is registered) into
# /tmp/glyphpad-base-COMMIT/build with the buildtype of ${BUILD_DIR:-build}
# unless that binary exists; writes real text of MB megabytes (default 10)
# with tools/real-text.py into /tmp/glyphpad-real-text-MB (kept for reruns:
# only the files missing there are written); then runs
# ${BUILD_DIR:-build}/bench/glyphpad-bench on prose of the same size and the
# real-text files (licences, C headers, catalogues, one line, documentation,
# logs), the base binary as --baseline. A list of sizes (10,50) makes one
# table per size; the million empty lines, the same at every size, are
# measured with the first. The remaining arguments go to glyphpad-bench: say
# --runs 5 --modes on; a quick memory-only comparison is
#   bash tools/bench-compare.sh BASE 10 --runs 3 --modes on --memory
# Prints the load average before and after: on a shared machine, rerun when
# it was high.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(git rev-parse --short "${1:?usage: $0 BASE_COMMIT [MB[,MB...]] [bench options...]}")
shift
sizes=10
if [ $# -ge 1 ] && [[ $1 =~ ^[0-9.]+(,[0-9.]+)*$ ]]; then
  sizes=$1
  shift
fi
build=${BUILD_DIR:-build}
src=/tmp/glyphpad-base-$base
real=(licences c-source catalogues oneline documentation logs)

if [ ! -x "$src/build/src/app/glyphpad" ]; then
  buildtype=$(meson introspect "$build" --buildoptions |
    python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))')
  mkdir -p "$src"
  git archive "$base" | tar -x -C "$src"
  meson setup "$src/build" "$src" --buildtype="$buildtype" >/dev/null
  ninja -C "$src/build" -j "$(nproc)" src/app/glyphpad >/dev/null
fi

# Writes the files of @names missing from directory $1 (real text of $2 MB).
write_missing() {
  local dir=$1 mb=$2 missing=() name
  shift 2
  for name in "$@"; do
    [ -f "$dir/$name.txt" ] || missing+=("$name")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    python3 tools/real-text.py "$dir" --mb "$mb" --only "$(IFS=,; echo "${missing[*]}")"
  fi
}

first=1
IFS=, read -ra mbs <<<"$sizes"
for mb in "${mbs[@]}"; do
  text=/tmp/glyphpad-real-text-$mb
  names=("${real[@]}")
  if [ $first = 1 ]; then
    names+=(empty-lines)
  fi
  write_missing "$text" "$mb" "${names[@]}"
  files=()
  for name in "${names[@]}"; do
    if [ -f "$text/$name.txt" ]; then
      files+=(--file "$text/$name.txt")
    fi
  done
  echo "uptime before: $(uptime)"
  "$build/bench/glyphpad-bench" --baseline "$src/build/src/app/glyphpad" --sizes "$mb" \
    "${files[@]}" "$@"
  echo "uptime after: $(uptime)"
  first=0
done
