#!/usr/bin/env python3
"""charts.py — SVG charts drawn from the benchmarks' own output.

    python3 tools/charts.py frames FRAMEBENCH_OUTPUT... -o OUT.svg

reads the tables glyphpad-framebench printed (one output per resolution, as
in bench/results-frames.md, which holds both) and draws, for each
resolution, each scene's median frame time per contender as a bar with its
p99 as a whisker. The numbers are the tables' own, so the chart cannot say
more than the run did. Plain SVG (no script, no external font), readable on
GitHub and in a browser.
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


def frames_svg(runs, title):
    """An SVG document: a panel per run, a group of bars per scene."""
    bar_h, gap, label_w, plot_w, panel_gap = 14, 6, 250, 480, 34
    rows = sum(sum(len(v) for v in scenes.values()) + len(scenes) for _, scenes in runs)
    height = 60 + rows * (bar_h + 4) + len(runs) * (panel_gap + 20) + 60
    width = label_w + plot_w + 120
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="10" y="22" font-size="14" font-weight="bold">{html.escape(title)}</text>']
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=["frames"])
    ap.add_argument("inputs", nargs="+", help="framebench outputs (or results-frames.md)")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--title", default="glyphpad-framebench: frame time by renderer")
    args = ap.parse_args()
    runs = []
    for path in args.inputs:
        with open(path, encoding="utf-8") as f:
            runs += parse_frames(f.read())
    if not runs:
        sys.exit(f"charts.py: no framebench tables in {', '.join(args.inputs)}")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(frames_svg(runs, args.title))
    print(f"wrote {args.output}: {len(runs)} run(s), "
          f"{sum(len(v) for _, s in runs for v in s.values())} bars")


if __name__ == "__main__":
    main()
