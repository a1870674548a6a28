#!/usr/bin/env python3
"""test_charts.py — the frame chart drawn from a small framebench run.

    test_charts.py CHARTS_PY FRAMEBENCH

Runs glyphpad-framebench briefly under a private Xvfb, draws its chart with
tools/charts.py, and checks the SVG: it parses as XML, it has one bar per
row of the run's tables (every scene, the typed character too), every bar's
length is its median on one scale per panel, and every whisker stands at its
p99, at or beyond its bar. Exit 77 (skipped) without Xvfb.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def start_xvfb():
    n = 330 + os.getpid() % 200
    while os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
        n += 1
    display = f":{n}"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11")
    for _ in range(100):
        if subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0:
            return proc, env
        time.sleep(0.05)
    proc.kill()
    sys.exit("cannot start Xvfb")


def table_rows(output):
    """The rows the chart must show: (median, p99) of each frame table row and
    of each "type a character" keystroke row (its draw + show columns)."""
    rows, keystrokes = [], False
    for line in output.splitlines():
        keystrokes = keystrokes or line.startswith("Keystrokes")
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| ") or len(cells) < 4:
            continue
        if keystrokes and cells[0] == "type a character":
            rows.append((float(cells[7]), float(cells[8])))
        elif not keystrokes and re.fullmatch(r"[\d.]+", cells[2]):
            rows.append((float(cells[2]), float(cells[3])))
    return rows


def main():
    charts_py, framebench = sys.argv[1], sys.argv[2]
    if shutil.which("Xvfb") is None or shutil.which("xdpyinfo") is None:
        print("no Xvfb: skipped")
        return 77
    xvfb, env = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            run = subprocess.run([framebench, "--width", "800", "--height", "600", "--rounds", "1",
                                  "--frames", "3", "--frame-doc-mb", "0.1", "--doc-mb", "0.2",
                                  "--keystrokes", "3"], env=env, capture_output=True, text=True,
                                 timeout=240)
            assert run.returncode == 0, run.stderr
            output = os.path.join(tmp, "frames.md")
            with open(output, "w", encoding="utf-8") as f:
                f.write(run.stdout)
            svg = os.path.join(tmp, "frames.svg")
            subprocess.run([sys.executable, charts_py, "frames", output, "-o", svg], check=True)
            check_chart(ET.parse(svg).getroot(), table_rows(run.stdout))
    finally:
        xvfb.kill()
        xvfb.wait()
    print("ok: the chart shows every row of the run, to scale")
    return 0


def check_chart(root, rows):
    assert root.tag == SVG + "svg", root.tag
    bars = root.findall(f"{SVG}rect[@class='bar']")
    whiskers = root.findall(f"{SVG}line[@class='p99']")
    assert len(rows) >= 8, f"the run printed {len(rows)} rows"
    assert len(bars) == len(rows) == len(whiskers), (len(bars), len(rows), len(whiskers))
    biggest = max(range(len(rows)), key=lambda i: rows[i][0])  # one panel: one scale
    scale = float(bars[biggest].get("width")) / rows[biggest][0]
    for bar, whisker, (median, p99) in zip(bars, whiskers, rows):
        assert abs(float(bar.get("data-ms")) - median) < 1e-9, (bar.get("data-ms"), median)
        assert abs(float(whisker.get("data-ms")) - p99) < 1e-9, (whisker.get("data-ms"), p99)
        x0, width, px = float(bar.get("x")), float(bar.get("width")), float(whisker.get("x1"))
        assert abs(width - median * scale) <= 0.15, (width, median, scale)
        assert abs(px - x0 - p99 * scale) <= 0.15, (px, x0, p99, scale)
        assert px >= x0 + width - 0.15, "a whisker before its bar's end"

if __name__ == "__main__":
    sys.exit(main())
