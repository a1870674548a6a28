#!/usr/bin/env bash
# The README's test command: set up, build, and run every test, ending with
# "N passed, N failed". Runs the suite twice, in a normal build and under
# AddressSanitizer + UBSan (both include the window's end-to-end test under
# Xvfb); then the core tests and the headless command under valgrind (meson's
# 'valgrind' test setup over the suite 'core'); then, when FUZZ_SECONDS is set
# (CI sets it), each libFuzzer target that long.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0

# The one line per test of a meson test log (not the failures' summary, which repeats them).
results() {
  sed '/^Summary of Failures:/,$d' "$1" | grep -E '^ *[0-9]+/[0-9]+ '
}

# Adds the OK / FAIL lines of a meson test log to the counts.
count() {
  local ok fail
  ok=$(results "$1" | grep -cE ' (OK|SKIP) ' || true)
  fail=$(results "$1" | grep -cE ' (FAIL|TIMEOUT|ERROR) ' || true)
  passed=$((passed + ok)); failed=$((failed + fail))
}

# build NAME BUILD_DIR [meson options...]: configures (once) and builds.
build() {
  local name=$1 dir=$2; shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >/dev/null || { echo "$name: meson setup failed"; failed=$((failed + 1)); return 1; }
  fi
  if ! ninja -C "$dir" >"$dir.ninja.log" 2>&1; then
    tail -40 "$dir.ninja.log"; echo "$name: build failed"; failed=$((failed + 1)); return 1
  fi
}

# run_tests NAME BUILD_DIR LOG [meson test options...]: runs the tests, prints one
# line per test (and the failures' logs) and adds them to the counts.
run_tests() {
  local name=$1 dir=$2 log=$3; shift 3
  echo "== $name"
  meson test -C "$dir" --no-rebuild --print-errorlogs "$@" >"$log" 2>&1
  results "$log"
  # --print-errorlogs puts each failure's command and output after its line
  sed '/^Summary of Failures:/,$d' "$log" | awk '/^>>> /{on=1} on{print} on && /^(―)+$/{on=0}' | head -120
  count "$log"
}

build "tests" build && built=1 || built=0
[ "$built" -eq 1 ] && run_tests "tests" build build.test.log
build "tests under ASan+UBSan" build-asan -Db_sanitize=address,undefined -Db_lundef=false &&
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  run_tests "tests under ASan+UBSan" build-asan build-asan.test.log

# valgrind memcheck: the SDL-free layers' unit tests and the headless command on
# a generated 2000-line document, flyweight on and off (suite 'core'; see meson.build)
[ "$built" -eq 1 ] && run_tests "valgrind" build build.valgrind.log --setup valgrind --suite core

if [ "${FUZZ_SECONDS:-0}" -gt 0 ]; then
  echo "== fuzzing (${FUZZ_SECONDS}s per target)"
  if bash tools/fuzz.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
