#!/usr/bin/env bash
# The README's test command: set up, build, and run every test, ending with
# "N passed, N failed". Runs the suite twice, in a normal build and under
# AddressSanitizer + UBSan (both include the window's end-to-end test under
# Xvfb); then the core tests and the headless command under valgrind; then,
# when FUZZ_SECONDS is set (CI sets it), each libFuzzer target that long.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0

# Adds the OK / FAIL lines of a meson test log to the counts.
count() {
  local ok fail
  ok=$(grep -cE '^ *[0-9]+/[0-9]+ .* (OK|SKIP) ' "$1" || true)
  fail=$(grep -cE '^ *[0-9]+/[0-9]+ .* (FAIL|TIMEOUT|ERROR) ' "$1" || true)
  passed=$((passed + ok)); failed=$((failed + fail))
}

# run_suite NAME BUILD_DIR [meson options...]
run_suite() {
  local name=$1 dir=$2; shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >/dev/null || { echo "$name: meson setup failed"; failed=$((failed + 1)); return; }
  fi
  if ! ninja -C "$dir" >"$dir.ninja.log" 2>&1; then
    tail -40 "$dir.ninja.log"; echo "$name: build failed"; failed=$((failed + 1)); return
  fi
  echo "== $name"
  meson test -C "$dir" --print-errorlogs >"$dir.test.log" 2>&1
  grep -E '^ *[0-9]+/[0-9]+ ' "$dir.test.log"
  grep -qE '(FAIL|TIMEOUT|ERROR) ' "$dir.test.log" && sed -n '/^--- /,$p' "$dir.test.log" | head -80
  count "$dir.test.log"
}

run_suite "tests" build
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  run_suite "tests under ASan+UBSan" build-asan -Db_sanitize=address,undefined -Db_lundef=false

# valgrind memcheck: the core's tests and the headless command, flyweight on and off
echo "== valgrind"
tmp=$(mktemp -d)
python3 - "$tmp/doc.txt" <<'PY'
import random, sys
r = random.Random(7)
words = 'the of glyph shared object character memory layout font size café λόγος 漢字'.split()
open(sys.argv[1], 'w').write('\n'.join(' '.join(r.choice(words) for _ in range(12)) for _ in range(2000)))
PY
for cmd in "build/tests/unit/test_document" "build/tests/unit/test_glyph_factory" "build/tests/unit/test_layout" \
           "build/tests/unit/test_view" "build/tests/unit/test_text_decoder" "build/tests/unit/test_editor" \
           "build/tests/unit/test_text_loader" "build/tests/unit/test_text_saver" "build/tests/unit/test_recovery" \
           "build/glyphpad --headless --stats=json $tmp/doc.txt" \
           "build/glyphpad --headless --no-flyweight --stats=json $tmp/doc.txt"; do
  bin=${cmd%% *}
  [ -x "$bin" ] || { echo "valgrind: $bin missing"; failed=$((failed + 1)); continue; }
  if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
       $cmd >"$tmp/out" 2>"$tmp/err"; then
    echo "valgrind OK: $cmd"; passed=$((passed + 1))
  else
    echo "valgrind FAIL: $cmd"; tail -30 "$tmp/err"; failed=$((failed + 1))
  fi
done
rm -rf "$tmp"

if [ "${FUZZ_SECONDS:-0}" -gt 0 ]; then
  echo "== fuzzing (${FUZZ_SECONDS}s per target)"
  if bash tools/fuzz.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
