#!/usr/bin/env python3
"""charts.py — SVG charts drawn from the benchmarks' own output.

    python3 tools/charts.py frames FRAMEBENCH_OUTPUT... -o OUT.svg
    python3 tools/charts.py memory BENCH_OUTPUT... [--peers PEERS_OUTPUT] -o OUT.svg
    python3 tools/charts.py times BENCH_OUTPUT... [--peers PEERS_OUTPUT] -o OUT.svg

frames reads the tables glyphpad-framebench printed (one output per
resolution, as in bench/results-frames.md, which holds both) and draws, for
each resolution, each scene's median frame time per contender as a bar with
its p99 as a whisker.

memory and times read glyphpad-bench's table (texts of several sizes, say the
same real text at 0.1 to 10 MB: tools/charts.sh runs it so) and, with
--peers, the table of tools/peers.py on the same files, and draw a line per
column of the bench (flyweight on, off) and per peer, against the file's size
on log scales: memory the peak RSS growth in bytes per character, times the
milliseconds to load and measure every paragraph (glyphpad-bench) or from
start to idle (peers.py, which says how it measures).

The numbers are the tables' own, so a chart cannot say more than the run did;
every mark carries its number in a data- attribute. Plain SVG (no script, no
external font), readable on GitHub and in a browser.
"""
import argparse
import html
import math
import re
import sys

CONTENDER_COLOURS = [  # in the tables' order: on, atlas quads, off, naive
    ("glyphpad, flyweight on", "#2f6fd0"),
    ("glyphpad, flyweight on, atlas quads", "#8fb3e8"),
    ("glyphpad, flyweight off", "#e0a030"),
    ("naive SDL_ttf", "#c04040"),
]
TYPING = "a typed character (drawing and showing)"
TYPED_AS = {  # the keystroke table's "drawn as", as the contender it is
    "composed, changes only": "glyphpad, flyweight on",
    "atlas quads": "glyphpad, flyweight on, atlas quads",
}
SCENES = [  # the heading that opens a scene's table, and its label
    ("Full frames", "full frame (page scrolled)"),
    ("One line of scrolling", "one line scrolled"),
    ("Cursor blink", "caret blink"),
]


def parse_frames(text):
    """The runs in a framebench output: [(resolution, {scene: [(contender,
    median, p99)]})], in order."""
    runs = []
    scene = None
    for line in text.splitlines():
        m = re.search(r"output (\d+)x(\d+) px", line)
        if m:
            runs.append((f"{m.group(1)}x{m.group(2)}", {}))
            scene = None
            continue
        for heading, label in SCENES:
            if line.startswith(heading):
                scene = label
        if line.startswith("Keystrokes"):
            scene = TYPING
        if scene is None or not runs or not line.startswith("| "):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if scene == TYPING:  # keystroke, drawn as, samples, ..., draw + show median, p99
            if len(cells) >= 9 and cells[0] == "type a character" and number(cells[7]):
                contender = TYPED_AS.get(cells[1], cells[1])
                runs[-1][1].setdefault(scene, []).append((contender, float(cells[7]),
                                                          float(cells[8])))
        elif len(cells) >= 4 and number(cells[2]):  # not the header or its rule
            runs[-1][1].setdefault(scene, []).append((cells[0], float(cells[2]), float(cells[3])))
    return [r for r in runs if r[1]]


def number(cell):
    return re.fullmatch(r"[\d.]+", cell) is not None


def nice_step(top):
    """A round tick step (1, 2 or 5 times a power of ten) giving about five ticks to @top."""
    step = 10 ** math.floor(math.log10(top / 5)) if top > 0 else 1
    for k in (1, 2, 5, 10):
        if top / (step * k) <= 6:
            return step * k
    return step * 10


def colour_of(contender):
    best = ("#777777", 0)
    for prefix, colour in CONTENDER_COLOURS:
        if contender.startswith(prefix) and len(prefix) > best[1]:
            best = (colour, len(prefix))
    return best[0]


def svg_open(width, height, title):
    """The opening of every chart: the document, a white page and the title."""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">',
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
            f'<text x="10" y="22" font-size="14" font-weight="bold">{html.escape(title)}</text>']


def frames_svg(runs, title):
    """An SVG document: a panel per run, a group of bars per scene."""
    bar_h, gap, label_w, plot_w, panel_gap = 14, 6, 250, 480, 34
    rows = sum(sum(len(v) for v in scenes.values()) + len(scenes) for _, scenes in runs)
    height = 60 + rows * (bar_h + 4) + len(runs) * (panel_gap + 20) + 60
    width = label_w + plot_w + 120
    out = svg_open(width, height, title)
    y = 44
    for resolution, scenes in runs:
        top = max(p99 for rows_ in scenes.values() for _, _, p99 in rows_)
        scale = plot_w / (top * 1.05)
        out.append(f'<text x="10" y="{y + 12}" font-size="12" font-weight="bold">'
                   f'{resolution}: median ms (bar), p99 (whisker)</text>')
        y += 22
        for scene, rows_ in scenes.items():
            out.append(f'<text x="10" y="{y + 11}" fill="#333">{html.escape(scene)}</text>')
            y += bar_h + 4
            for contender, median, p99 in rows_:
                w = median * scale
                out.append(f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end" fill="#555">'
                           f'{html.escape(contender)}</text>')
                out.append(f'<rect class="bar" data-ms="{median}" x="{label_w}" y="{y}" '
                           f'width="{w:.1f}" height="{bar_h}" fill="{colour_of(contender)}"/>')
                px = label_w + p99 * scale
                out.append(f'<line class="p99" data-ms="{p99}" x1="{px:.1f}" y1="{y + 2}" '
                           f'x2="{px:.1f}" y2="{y + bar_h - 2}" stroke="#222" stroke-width="1.5"/>')
                out.append(f'<line x1="{label_w + w:.1f}" y1="{y + bar_h / 2}" x2="{px:.1f}" '
                           f'y2="{y + bar_h / 2}" stroke="#222" stroke-width="0.8"/>')
                out.append(f'<text x="{max(label_w + w, px) + 5:.1f}" y="{y + 11}">'
                           f'{median:.2f} ({p99:.2f})</text>')
                y += bar_h + 4
            y += gap
        out.append(f'<line x1="{label_w}" y1="{y}" x2="{label_w + plot_w}" y2="{y}" stroke="#999"/>')
        step = nice_step(top * 1.05)
        for k in range(0, int(top * 1.05 / step) + 1):
            ms = k * step
            x = label_w + ms * scale
            out.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 4}" stroke="#999"/>')
            out.append(f'<text x="{x:.1f}" y="{y + 15}" text-anchor="middle" fill="#555">'
                       f'{ms:g}</text>')
        out.append(f'<text x="{label_w + plot_w / 2}" y="{y + 28}" text-anchor="middle" '
                   f'fill="#555">ms per frame, drawn and shown</text>')
        y += panel_gap + 20
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------ size charts

MEMORY_METRIC = "peak RSS growth bytes/char (median)"
LOAD_METRICS = ("load ms (median)", "layout ms, all paragraphs (median)")
PEER_MEMORY = "peak RSS growth bytes/char"
PEER_TIME = "start to idle ms"
POINT_MARK = 'class="point"'
SERIES_COLOURS = {  # glyphpad's columns, then the peers by name
    "on": "#2f6fd0", "off": "#e0a030", "glyphpad": "#2f6fd0", "vim": "#2a9d3a",
    "nano": "#8e44ad", "nvi": "#7f8c8d", "mg": "#c04040", "ed": "#333333", "mousepad": "#d35400",
}
PEER_LABELS = {"glyphpad": "glyphpad's window"}  # measured by peers.py like the others


def cells_of(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def value(cell):
    """A table's number ("1,234.5"), or None for "—" and words."""
    cell = cell.replace(",", "")
    return float(cell) if re.fullmatch(r"-?[\d.]+", cell) else None


def parse_bench(text):
    """glyphpad-bench's tables: ({text: bytes}, [column], {text: {metric:
    [value or None per column]}}); ratio columns (off/on) are left out. Exits
    when two texts have one name (bench-compare's sizes share file names)."""
    sizes, columns, rows, keep, table = {}, [], {}, [], None
    for line in text.splitlines():
        if not line.startswith("| "):
            continue
        cells = cells_of(line)
        if cells[:2] in (["text", "bytes"], ["text", "metric"]):
            table = cells[1]
            if table == "metric":
                keep = [i for i, c in enumerate(cells) if i >= 2 and "/" not in c]
                columns = [cells[i] for i in keep]
        elif table == "bytes" and len(cells) == 4 and value(cells[1]) is not None:
            if cells[0] in sizes:
                sys.exit(f"charts.py: two texts named {cells[0]}: name each file by its size "
                         f"(as tools/charts.sh does), so that each point has one")
            sizes[cells[0]] = value(cells[1])
        elif table == "metric" and len(cells) > max(keep):
            rows.setdefault(cells[0], {})[cells[1]] = [value(cells[i]) for i in keep]
    return sizes, columns, rows


def parse_peers(text):
    """peers.py's measurements: [{column heading: cell}]."""
    header, rows = None, []
    for line in text.splitlines():
        if not line.startswith("| "):
            continue
        cells = cells_of(line)
        if cells[0] == "editor":
            header = cells if "text" in cells else None
        elif header and len(cells) == len(header) and not cells[0].startswith("-"):
            rows.append(dict(zip(header, cells)))
    return rows


def family(label):
    """A text's name without its size: "licences-0.1mb.txt" -> "licences.txt"."""
    return re.sub(r"[-_ ]?\d[\d.]* ?mb", "", label, flags=re.I).strip() or label


def with_family(name, fam, families):
    return name if len(families) <= 1 else f"{name}, {fam}"


def bench_series(bench, metric_of):
    """A series per bench column (and text family): [(name, key, source, [(bytes,
    y)])], source being the table's column; @metric_of(metrics, column index)
    is a row's value or None."""
    sizes, columns, rows = bench
    families = sorted({family(t) for t in rows})
    series = []
    for c, column in enumerate(columns):
        for fam in families:
            points = [(sizes[t], metric_of(m, c)) for t, m in rows.items()
                      if family(t) == fam and t in sizes and metric_of(m, c) is not None]
            if points:
                key = "off" if column.endswith("off") else "on"
                name = with_family(f"glyphpad-bench (headless): {column}", fam, families)
                series.append((name, key, column, sorted(points)))
    return series


def peer_series(peers, heading):
    families = sorted({family(r["text"]) for r in peers})
    by_name = {}
    for r in peers:
        label = PEER_LABELS.get(r["editor"], r["editor"])
        name = with_family(f"peers.py: {label}", family(r["text"]), families)
        by_name.setdefault((name, r["editor"]), []).append((float(r["bytes"]),
                                                            float(r[heading])))
    return [(name, editor, editor, sorted(points)) for (name, editor), points in by_name.items()]


def memory_of(metrics, c):
    return metrics.get(MEMORY_METRIC, [None] * (c + 1))[c]


def load_of(metrics, c):
    parts = [metrics.get(m, [None] * (c + 1))[c] for m in LOAD_METRICS]
    return None if None in parts else sum(parts)


def log_ticks(low, high):
    """Tick values for a log axis from @low to @high: the decades, with 2 and 5
    between them when the axis spans fewer than three."""
    lo, hi = math.floor(math.log10(low)), math.ceil(math.log10(high))
    steps = (1, 2, 5) if hi - lo < 3 else (1,)
    ticks = [k * 10 ** e for e in range(lo, hi + 1) for k in steps]
    return [t for t in ticks if low * 0.999 <= t <= high * 1.001]


def log_range(values):
    """The axis' ends: whole decades, or 1-2-5 steps around the values."""
    low, high = min(values), max(values)
    lo = 10 ** math.floor(math.log10(low))
    hi = 10 ** math.ceil(math.log10(high))
    for k in (2, 5):
        if lo * k <= low:
            lo = 10 ** math.floor(math.log10(low)) * k
    for k in (5, 2):
        if hi / 10 * k >= high:
            hi = hi / 10 * k
    return lo, hi


def megabytes(b):
    return f"{b / 1e6:g} MB"


def line_chart(title, series, y_label, notes):
    """An SVG document: one line of points per series, x the file's bytes and y
    the value, both on log scales. Values at or below 0 cannot stand on a log
    scale: they are listed under the chart, marked class "unplotted"."""
    left, top, plot_w, plot_h, legend_w = 70, 48, 470, 330, 330
    width = left + plot_w + legend_w
    drawn = [(x, y) for _, _, _, pts in series for x, y in pts if y > 0]
    x_lo, x_hi = log_range([x for x, _ in drawn])
    y_lo, y_hi = log_range([y for _, y in drawn])
    lost = [(name, source, x, y) for name, _, source, pts in series for x, y in pts if y <= 0]
    height = top + plot_h + 60 + 16 * (len(notes) + len(lost)) + 10
    height = max(height, top + 20 * len(series) + 20)

    def px(x):
        return left + (math.log10(x) - math.log10(x_lo)) / math.log10(x_hi / x_lo) * plot_w

    def py(y):
        return top + plot_h - (math.log10(y) - math.log10(y_lo)) / math.log10(y_hi / y_lo) * plot_h

    out = svg_open(width, height, title)
    out.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
               f'stroke="#999"/>')
    for t in log_ticks(x_lo, x_hi):
        x = px(t)
        out.append(f'<line class="xtick" data-value="{t:g}" x1="{x:.2f}" y1="{top}" x2="{x:.2f}" '
                   f'y2="{top + plot_h + 4}" stroke="#e4e4e4"/>')
        out.append(f'<text x="{x:.2f}" y="{top + plot_h + 16}" text-anchor="middle" fill="#555">'
                   f'{megabytes(t)}</text>')
    for t in log_ticks(y_lo, y_hi):
        y = py(t)
        out.append(f'<line class="ytick" data-value="{t:g}" x1="{left - 4}" y1="{y:.2f}" '
                   f'x2="{left + plot_w}" y2="{y:.2f}" stroke="#e4e4e4"/>')
        out.append(f'<text x="{left - 7}" y="{y + 4:.2f}" text-anchor="end" fill="#555">'
                   f'{t:g}</text>')
    out.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h + 34}" text-anchor="middle" '
               f'fill="#333">file size (log scale)</text>')
    out.append(f'<text transform="translate(16 {top + plot_h / 2}) rotate(-90)" '
               f'text-anchor="middle" fill="#333">{html.escape(y_label)} (log scale)</text>')
    for k, (name, key, source, pts) in enumerate(series):
        colour = SERIES_COLOURS.get(key, "#777777")
        dash = ' stroke-dasharray="5 3"' if name.startswith("peers.py") else ""
        shown = [(x, y) for x, y in pts if y > 0]
        line = " ".join(f"{px(x):.2f},{py(y):.2f}" for x, y in shown)
        out.append(f'<polyline class="series" data-series="{html.escape(name)}" points="{line}" '
                   f'fill="none" stroke="{colour}" stroke-width="1.8"{dash}/>')
        for x, y in shown:
            out.append(f'<circle class="point" data-series="{html.escape(name)}" '
                       f'data-source="{html.escape(source)}" data-x="{x:g}" '
                       f'data-y="{y:g}" cx="{px(x):.2f}" cy="{py(y):.2f}" r="3" '
                       f'fill="{colour}"/>')
        ly = top + 6 + 20 * k
        lx = left + plot_w + 20
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 24}" y2="{ly}" stroke="{colour}" '
                   f'stroke-width="1.8"{dash}/>')
        out.append(f'<circle cx="{lx + 12}" cy="{ly}" r="3" fill="{colour}"/>')
        out.append(f'<text x="{lx + 30}" y="{ly + 4}">{html.escape(name)}</text>')
    y = top + plot_h + 54
    for name, source, x, v in lost:
        out.append(f'<text class="unplotted" data-series="{html.escape(name)}" '
                   f'data-source="{html.escape(source)}" data-x="{x:g}" '
                   f'data-y="{v:g}" x="10" y="{y}" fill="#555">Not drawn (not above 0 on a log '
                   f'scale): {html.escape(name)}, {megabytes(x)}: {v:g}</text>')
        y += 16
    for note in notes:
        out.append(f'<text x="10" y="{y}" fill="#555">{html.escape(note)}</text>')
        y += 16
    out.append("</svg>")
    return "\n".join(out) + "\n"


def size_chart(kind, bench, peers, title):
    """The memory or times chart of a bench run and (perhaps) a peers run."""
    if kind == "memory":
        series = bench_series(bench, memory_of) + peer_series(peers, PEER_MEMORY)
        notes = ["glyphpad-bench: each point a fresh `glyphpad --headless` process, peak RSS (VmHWM) "
                 "minus its own RSS before loading;",
                 "peers.py: each editor opening the file as a user would, VmHWM once idle minus "
                 "VmHWM with an empty file. Per character (not newline)."]
        return line_chart(title, series, "peak RSS growth, bytes per character", notes)
    series = bench_series(bench, load_of) + peer_series(peers, PEER_TIME)
    notes = ["glyphpad-bench: load + layout of every paragraph, timed inside glyphpad (median);",
             "peers.py: process start to idle (CPU time settled), polled every 10 ms, program "
             "start included.",
             "A shared 2-core machine: times are noisy, memory is not."]
    return line_chart(title, series, "milliseconds", notes)


def read_all(paths):
    text = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text.append(f.read())
    return "\n".join(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=["frames", "memory", "times"])
    ap.add_argument("inputs", nargs="+",
                    help="framebench outputs (or results-frames.md); glyphpad-bench outputs")
    ap.add_argument("--peers", help="tools/peers.py's output on the same files (memory, times)")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--title")
    args = ap.parse_args()
    if args.kind == "frames":
        runs = parse_frames(read_all(args.inputs))
        if not runs:
            sys.exit(f"charts.py: no framebench tables in {', '.join(args.inputs)}")
        svg = frames_svg(runs, args.title or "glyphpad-framebench: frame time by renderer")
        said = f"{len(runs)} run(s), {sum(len(v) for _, s in runs for v in s.values())} bars"
    else:
        bench = parse_bench(read_all(args.inputs))
        if not bench[2]:
            sys.exit(f"charts.py: no glyphpad-bench table in {', '.join(args.inputs)}")
        peers = parse_peers(read_all([args.peers])) if args.peers else []
        texts = ", ".join(sorted({family(t) for t in bench[2]}))
        default = {"memory": f"Memory: peak RSS growth per character, by file size ({texts})",
                   "times": f"Time to load and measure, by file size ({texts})"}[args.kind]
        svg = size_chart(args.kind, bench, peers, args.title or default)
        said = f"{svg.count(POINT_MARK)} points"
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(svg)
    print(f"wrote {args.output}: {said}")


if __name__ == "__main__":
    main()
