#!/usr/bin/env python3
"""test_bench_charts.py — the memory and times charts drawn by tools/charts.sh
from a small run of its own.

    test_bench_charts.py SOURCE_ROOT BUILD_ROOT

Runs `tools/charts.sh` at three small sizes (0.02 to 0.1 MB of real text, one
run, the terminal editors as peers, no frames: test_charts.py checks those),
then reads the run's own tables (bench.md, peers.md) with a parser of its own
and checks each chart: it parses as XML; every figure of the tables
(glyphpad-bench's peak RSS growth per character, and load + layout ms, for
flyweight on and off; peers.py's growth and start-to-idle per editor) is a
point of the right series at the right file size, or, for a figure not above
0, listed as not drawn; the points stand on one log scale per axis (the
scale found from two points holds for all of them and for the axes' ticks);
and each series' line goes through its points in order of size.
"""
import math
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
SIZES = "0.02,0.05,0.1"
MEMORY = "peak RSS growth bytes/char (median)"
LOAD = ("load ms (median)", "layout ms, all paragraphs (median)")


def cells(line):
    """A table row's cells, numbers without their thousands' commas."""
    out = [c.strip() for c in line.strip().strip("|").split("|")]
    return [c.replace(",", "") if c.replace(",", "").replace(".", "").isdigit() else c
            for c in out]


def bench_figures(text):
    """{"memory": [(column, bytes, value)], "times": [...]} from glyphpad-bench's output."""
    sizes, columns, rows = {}, None, {}
    for line in text.splitlines():
        if not line.startswith("| "):
            continue
        c = cells(line)
        if c[:2] == ["text", "metric"]:
            columns = c[2:]
        elif columns is None and len(c) == 4 and c[1].isdigit():
            sizes[c[0]] = float(c[1])
        elif columns is not None and len(c) == len(columns) + 2:
            rows[(c[0], c[1])] = c[2:]
    figures = {"memory": [], "times": []}
    for k, column in enumerate(columns):
        if "/" in column:  # a ratio, not a measurement
            continue
        for label, size in sizes.items():
            figures["memory"].append((column, size, float(rows[(label, MEMORY)][k])))
            load = sum(float(rows[(label, m)][k]) for m in LOAD)
            figures["times"].append((column, size, load))
    return figures


def peer_figures(text):
    figures = {"memory": [], "times": []}
    header = None
    for line in text.splitlines():
        c = cells(line)
        if line.startswith("| editor | text"):
            header = c
        elif header and line.startswith("| ") and not c[0].startswith("-"):
            row = dict(zip(header, c))
            figures["memory"].append((row["editor"], float(row["bytes"]),
                                      float(row["peak RSS growth bytes/char"])))
            figures["times"].append((row["editor"], float(row["bytes"]),
                                     float(row["start to idle ms"])))
    return figures


def fit(points):
    """(a, b) of pixel = a + b * log10(value), from the two points furthest apart."""
    lo, hi = min(points), max(points)
    assert hi[0] > lo[0], "all points at one value: no scale to check"
    b = (hi[1] - lo[1]) / (math.log10(hi[0]) - math.log10(lo[0]))
    return lo[1] - b * math.log10(lo[0]), b


def check_chart(root, expected, kind):
    assert root.tag == SVG + "svg", root.tag
    points = root.findall(f"{SVG}circle[@class='point']")
    unplotted = root.findall(f"{SVG}text[@class='unplotted']")
    assert len(points) + len(unplotted) == len(expected), (kind, len(points), len(unplotted),
                                                           len(expected))
    for name, size, figure in expected:
        marks = [m for m in points + unplotted if m.get("data-source") == name
                 and float(m.get("data-x")) == size
                 and math.isclose(float(m.get("data-y")), figure, rel_tol=1e-5, abs_tol=1e-9)]
        assert len(marks) == 1, f"{kind}: {name} at {size} bytes = {figure}: {len(marks)} marks"
        if figure <= 0:
            assert marks[0] in unplotted, f"{kind}: {figure} drawn on a log scale"
    ax, bx = fit([(float(p.get("data-x")), float(p.get("cx"))) for p in points])
    ay, by = fit([(float(p.get("data-y")), float(p.get("cy"))) for p in points])
    assert bx > 0 and by < 0, (bx, by)  # larger files to the right, larger figures up
    for p in points:
        assert abs(ax + bx * math.log10(float(p.get("data-x"))) - float(p.get("cx"))) < 0.05, \
            (kind, p.attrib)
        assert abs(ay + by * math.log10(float(p.get("data-y"))) - float(p.get("cy"))) < 0.05, \
            (kind, p.attrib)
    for tick, attr, a, b in (("xtick", "x1", ax, bx), ("ytick", "y1", ay, by)):
        ticks = root.findall(f"{SVG}line[@class='{tick}']")
        assert len(ticks) >= 2, f"{kind}: {len(ticks)} {tick}s"
        for t in ticks:
            assert abs(a + b * math.log10(float(t.get("data-value"))) - float(t.get(attr))) < 0.05, \
                (kind, t.attrib)
    for line in root.findall(f"{SVG}polyline[@class='series']"):
        mine = sorted((float(p.get("data-x")), p.get("cx"), p.get("cy")) for p in points
                      if p.get("data-series") == line.get("data-series"))
        drawn = [tuple(xy.split(",")) for xy in line.get("points").split()]
        assert drawn == [(cx, cy) for _, cx, cy in mine], (kind, line.get("data-series"))


def main():
    source, build = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["bash", os.path.join(source, "tools", "charts.sh"), "--sizes", SIZES,
                        "--runs", "1", "--out", out, "--editors", "vim,nano,nvi,mg,ed",
                        "--no-frames"], check=True, env=dict(os.environ, BUILD_DIR=build),
                       timeout=240)
        with open(os.path.join(out, "bench.md"), encoding="utf-8") as f:
            bench = bench_figures(f.read())
        with open(os.path.join(out, "peers.md"), encoding="utf-8") as f:
            peers = peer_figures(f.read())
        for kind in ("memory", "times"):
            expected = bench[kind] + peers[kind]
            assert len(bench[kind]) == 2 * len(SIZES.split(",")), bench[kind]
            check_chart(ET.parse(os.path.join(out, kind + ".svg")).getroot(), expected, kind)
            print(f"ok: {kind}.svg shows all {len(expected)} figures of the run "
                  f"({len(peers[kind])} of peers), to scale")
    return 0


if __name__ == "__main__":
    sys.exit(main())
