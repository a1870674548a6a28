#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/) with clang and run each one for a
# bounded time. Prints one line per target; exits non-zero when any target
# crashes, leaks, hangs or fails to build.
#
#   tools/fuzz.sh                 every target, 60 s each
#   FUZZ_SECONDS=600 tools/fuzz.sh fuzz_decode
#
# The build dir (FUZZ_BUILD_DIR, default build-fuzz) compiles every library with
# -fsanitize=fuzzer-no-link plus ASan/UBSan, so libFuzzer sees coverage in the
# code under test and not only in the target file. New inputs found go to
# <build>/fuzz-corpus/<target>/ (the seeds in tests/fuzz/corpus/ stay as they
# are); crashing inputs go to <build>/fuzz-artifacts/. Turn a crash into a unit
# test, then delete the artifact.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}

if [ ! -f "$build/build.ninja" ]; then
  echo "fuzz: configuring $build with clang" >&2
  mkdir -p "$build"
  CC=clang meson setup "$build" "$root" -Dfuzz=true -Db_lundef=false -Dgui=disabled \
    -Dbuildtype=debugoptimized -Db_sanitize=address,undefined \
    -Dc_args="-fsanitize=fuzzer-no-link -fno-sanitize-recover=all" >"$build/setup.log" 2>&1 || {
    echo "fuzz: meson setup failed, see $build/setup.log" >&2
    exit 2
  }
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for src in "$root"/tests/fuzz/fuzz_*.c; do
    targets+=("$(basename "$src" .c)")
  done
fi

mkdir -p "$build/fuzz-corpus" "$build/fuzz-artifacts" "$build/fuzz-logs"
failed=0
for t in "${targets[@]}"; do
  if ! ninja -C "$build" "tests/fuzz/$t" >"$build/fuzz-logs/$t.build.log" 2>&1; then
    echo "$t: BUILD FAILED (see $build/fuzz-logs/$t.build.log)"
    failed=1
    continue
  fi
  work="$build/fuzz-corpus/$t"
  seeds="$root/tests/fuzz/corpus/${t#fuzz_}"
  mkdir -p "$work"
  dirs=("$work")
  [ -d "$seeds" ] && dirs+=("$seeds")
  log="$build/fuzz-logs/$t.log"
  rc=0
  "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/fuzz-artifacts/$t-" -print_final_stats=1 "${dirs[@]}" \
    >"$log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  corpus=$(find "$work" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    echo "$t: ok, ${runs:-?} runs in ${seconds} s, coverage ${cov:-?} edges, ${corpus} inputs in corpus"
  else
    artifact=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | cut -d' ' -f5 || true)
    echo "$t: FAILED (exit $rc) after ${runs:-?} runs; input: ${artifact:-none}; log: $log"
    failed=1
  fi
done
exit "$failed"
