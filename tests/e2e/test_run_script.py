#!/usr/bin/env python3
"""test_run_script.py — the README's first command works: `bash tools/run.sh`
builds glyphpad and, with no display, opens the sample under Xvfb and writes
its first frame as a PNG. (After the house moved into folders its build target
and binary path went stale and nothing noticed.)

Usage: test_run_script.py SOURCE_ROOT BUILD_DIR
Runs it with RUN_SKIP_SETUP=1 (the suite's setup has run) and RUN_SCREENSHOT in
a temporary folder, DISPLAY unset; exits 77 (skipped) without Xvfb.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    root, build = sys.argv[1], os.path.abspath(sys.argv[2])
    if shutil.which("Xvfb") is None:
        print("SKIP: Xvfb is not installed")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        shot = os.path.join(tmp, "run.png")
        env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
        env.update(RUN_SKIP_SETUP="1", RUN_SCREENSHOT=shot, BUILD_DIR=build,
                   XDG_STATE_HOME=os.path.join(tmp, "state"),
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"))
        # (under AddressSanitizer, LSAN_OPTIONS comes from tests/meson.build)
        run = subprocess.run(["bash", os.path.join(root, "tools", "run.sh")], env=env,
                             capture_output=True, text=True, timeout=240)
        print(run.stdout + run.stderr)
        ok = run.returncode == 0 and os.path.exists(shot)
        with open(shot, "rb") if os.path.exists(shot) else open(os.devnull, "rb") as f:
            png = f.read(8) == b"\x89PNG\r\n\x1a\n"
        said = shot in run.stdout
        print(f"{'ok' if ok and png and said else 'not ok'} 1 - tools/run.sh: exit "
              f"{run.returncode}, PNG written: {png}, says where: {said}")
        return 0 if ok and png and said else 1


if __name__ == "__main__":
    sys.exit(main())
