#!/usr/bin/env bash
# charts.sh [--sizes 0.1,0.3,1,3,10] [--runs 3] [--out bench/charts] [--editors LIST] [--no-frames]
# — runs the benchmarks at modest sizes and draws every chart from that run.
#
# Real text (tools/real-text.py's licences: /usr/share/common-licenses
# repeated) at each size, as licences-SIZEmb.txt in a temporary folder; then
#   glyphpad-bench on those files, flyweight on and off   -> OUT/bench.md
#   tools/peers.py on the same files (the other editors)  -> OUT/peers.md
#   glyphpad-framebench under Xvfb (tools/framebench.sh) -> OUT/frames.md
# and tools/charts.py draws OUT/memory.svg, OUT/times.svg and OUT/frames.svg
# from them. Every output keeps the command that made it. Uses the binaries
# in ${BUILD_DIR:-build} (build them first: ninja -C build). On a shared
# machine the times are noisy; the memory figures are not.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=0.1,0.3,1,3,10
runs=3
out=bench/charts
editors=vim,nano,nvi,mg,ed,mousepad,glyphpad
frames=1
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --editors) editors=$2; shift 2 ;;
    --no-frames) frames=0; shift ;;
    *) echo "charts.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
build=${BUILD_DIR:-build}
for binary in bench/glyphpad-bench src/app/glyphpad; do
  [ -x "$build/$binary" ] || { echo "charts.sh: no $build/$binary (ninja -C $build)" >&2; exit 1; }
done
mkdir -p "$out"
text=$(mktemp -d /tmp/glyphpad-charts-XXXXXX)
trap 'rm -rf "$text"' EXIT

files=()
IFS=, read -ra mbs <<<"$sizes"
for mb in "${mbs[@]}"; do
  python3 tools/real-text.py "$text/$mb" --mb "$mb" --only licences >/dev/null
  mv "$text/$mb/licences.txt" "$text/licences-${mb}mb.txt"
  files+=("$text/licences-${mb}mb.txt")
done

bench_args=()
for f in "${files[@]}"; do bench_args+=(--file "$f"); done
echo "charts.sh: glyphpad-bench on ${#files[@]} files, $runs runs" >&2
{
  echo "Made by: bash tools/charts.sh --sizes $sizes --runs $runs ($(git rev-parse --short HEAD))"
  echo
  "$build/bench/glyphpad-bench" --sizes '' --runs "$runs" --modes on,off "${bench_args[@]}"
} >"$out/bench.md"

echo "charts.sh: peers.py ($editors)" >&2
{
  echo "Made by: bash tools/charts.sh --sizes $sizes --runs $runs ($(git rev-parse --short HEAD))"
  echo "\$ python3 tools/peers.py --runs $runs --editors $editors licences-{$sizes}mb.txt"
  echo
  python3 tools/peers.py --runs "$runs" --editors "$editors" --glyphpad "$build/src/app/glyphpad" \
    "${files[@]}"
} >"$out/peers.md"

python3 tools/charts.py memory "$out/bench.md" --peers "$out/peers.md" -o "$out/memory.svg"
python3 tools/charts.py times "$out/bench.md" --peers "$out/peers.md" -o "$out/times.svg"

if [ $frames = 1 ]; then
  echo "charts.sh: glyphpad-framebench (1280x800 window: a modest run)" >&2
  BUILD_DIR=$build bash tools/framebench.sh --width 1280 --height 800 --rounds 2 --frames 10 \
    --frame-doc-mb 1 --doc-mb 1 --keystrokes 50 >"$out/frames.md"
  python3 tools/charts.py frames "$out/frames.md" -o "$out/frames.svg"
fi
