#!/usr/bin/env python3
"""test_pango.py — glyphpad lays out real text as Pango does.

Usage: test_pango.py PATH/TO/glyphpad [-v]

The same real text (the translations in the machine's message catalogues, in
17 languages, and English licence paragraphs: see test_glyphs.py) is laid out
at several widths by `glyphpad --headless --glyphs=json` and by Pango 1.50's
`pango-view --serialize-to`, both in DejaVu Sans at 16 px with no hinting and
fractional positions, and compared line by line:

  (a) line breaks: the byte offsets where each paragraph's lines start;
  (b) glyphs: per line, the visual sequence of (font file, face, glyph id)
      (Pango's font description is mapped to its file with fc-match, and the
      mapping checked against the SHA-256 Pango records for it);
  (c) pens: each glyph's pen x, right-aligned lines included.

Tolerance of (c). Both shape with HarfBuzz, which computes each advance exactly
and rounds it once to the font's scale: glyphpad to 1/64 px (26.6), Pango to
1/1024 px. An advance therefore differs by at most E1 = 1/128 + 1/2048 px (half
a unit each); one carrying a GPOS adjustment (kerning) is rounded twice on
each side, E2 = 2·E1 (+0.001 for the dump's three decimals). Pens accumulate
advances, so a pen may differ by 0.05 px plus E1 per advance between it and
the edge the line is aligned to; the 0.05 covers a few twice-rounded kerning
pairs and the printing. Every single advance is also checked against E2.
Right-to-left paragraphs are right-aligned by both; glyphpad moves a line by
whole pixels (a glyph keeps its subpixel phase), Pango by the exact amount, so
glyphpad's line may stand up to 1 px left of Pango's: that shift is checked to
be exactly floor(width - line width) of glyphpad's own line.

Where the two legitimately differ, each difference is put in a class (CLASSES
below says why each is legitimate), counted, printed with an example, and the
count is held under a bound; a difference no class explains fails. The first
line break that differs in a paragraph is classified by laying the longer
line's text out alone on one line with both, so that each one's width of it
is known. Classes that are glyphpad bugs (marked so in CLASSES) are printed as
TAP TODO lines and do not fail; when one is fixed, its line disappears.

Sample sizes: see MAX_CHARS and CJK_RUNS (GLYPHPAD_PANGO_FULL=1 for ~300
strings a language, about a quarter of an hour; GLYPHPAD_PANGO_ONLY=ja,my for
some languages alone).

Prints TAP lines and "N passed, N failed"; exits 77 (skipped) without
pango-view or fc-match.
"""
import bisect
import concurrent.futures
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict

from catalogues import translated_lines

GLYPHPAD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/src/app/glyphpad"
VERBOSE = "-v" in sys.argv[2:]
LANGUAGES = ["ar", "he", "fa", "hi", "bn", "ta", "th", "km", "my", "si", "ml", "ja", "zh_CN",
             "ko", "ru", "el", "vi"]
WIDTHS = (200, 333, 640)
# Sample sizes. pango-view --serialize-to writes a SHA-256 of the font file for
# every run, and Noto Sans CJK is one 19 MB file: each run of kana, kanji or
# hangul costs Pango about 0.06 s (300 Japanese strings, ~2500 runs, take
# 200 s a width). So by default a language stops at MAX_CHARS characters and
# a CJK one at CJK_RUNS script runs, which keeps the test near a minute and a
# half on 2 cores; GLYPHPAD_PANGO_FULL=1 takes 300 strings (12000 characters)
# of every language, CJK too (about a quarter of an hour).
FULL = os.environ.get("GLYPHPAD_PANGO_FULL") == "1"
MAX_PARAGRAPHS = 300
MAX_CHARS = 12000 if FULL else 4000
CJK_RUNS = None if FULL else 80
FONT, SIZE = "DejaVu Sans", 16
GLYPHPAD_HEIGHT = 20000  # the largest --height: a chunk of paragraphs per run
FORMAT = re.compile(r"%[-+ #0-9.]*[a-zA-Z]|\{[^}]*\}|_|&|\\.|<[^>]*>")  # as test_glyphs.py

PANGO_EMPTY = 0x0FFFFFFF     # PANGO_GLYPH_EMPTY: drawn as nothing
PANGO_UNKNOWN = 0x10000000   # PANGO_GLYPH_UNKNOWN_FLAG | code point: a hex box
E1 = 1 / 128 + 1 / 2048      # one rounding of an advance on each side
E2 = 2 * E1 + 0.001          # two roundings (advance + GPOS) and the dump's 3 decimals
BASE = 0.05                  # pen slack: a few E2 glyphs and printing


# ---------------------------------------------------------------- real text

def clean(line):
    return " ".join(FORMAT.sub(" ", line).split())


def cjk_runs(text):
    """Roughly the runs Pango makes of @text in Noto Sans CJK: changes between
    Han, kana and hangul (other characters do not count)."""
    runs, last = 0, None
    for c in text:
        o = ord(c)
        script = "han" if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF else \
            "hiragana" if 0x3040 <= o <= 0x309F else "katakana" if 0x30A0 <= o <= 0x30FF else \
            "hangul" if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF else None
        if script is not None and script != last:
            runs += 1
        last = script or last
    return runs


def catalogue_paragraphs(lang):
    """Distinct translated strings of @lang (at least 12 characters, some
    beyond Latin), format codes removed, up to the sample's limits."""
    out, seen, chars, runs = [], set(), 0, 0
    for line in map(clean, translated_lines(lang)):
        if len(line) < 12 or not any(ord(c) > 0x2FF for c in line) or line in seen:
            continue
        seen.add(line)
        out.append(line)
        chars += len(line)
        runs += cjk_runs(line)
        if len(out) >= MAX_PARAGRAPHS or chars >= MAX_CHARS or \
           (CJK_RUNS is not None and runs >= CJK_RUNS):
            return out
    return out


def licence_paragraphs():
    """Paragraphs (blank-line separated, joined) of the GPL-3, then Apache-2.0."""
    out, chars = [], 0
    for name in ("GPL-3", "Apache-2.0"):
        path = f"/usr/share/common-licenses/{name}"
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for para in map(clean, re.split(r"\n\s*\n", f.read())):
                if len(para) >= 20:
                    out.append(para)
                    chars += len(para)
                    if len(out) >= MAX_PARAGRAPHS or chars >= MAX_CHARS:
                        return out
    return out


# ---------------------------------------------------------------- the two layouts

class Line:
    """One line of a paragraph: its bytes [start, end), its paragraph's
    direction, and its glyphs left to right, each a dict with font (file,
    face), id, cluster (byte in the paragraph) and x (glyphpad's pen) or w
    (Pango's advance) and run (Pango's run index in the line)."""

    def __init__(self, start, end, rtl, glyphs):
        self.start, self.end, self.rtl, self.glyphs = start, end, rtl, glyphs


@functools.lru_cache(maxsize=None)
def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@functools.lru_cache(maxsize=None)
def font_file(description, checksum):
    """(file, face) of a Pango font description ("Noto Sans Thai 16"): its
    family asked of fc-match; None when the file is not the one Pango used (its
    SHA-256, which Pango serializes, differs)."""
    family = re.sub(r"\s+\d+(\.\d+)?(px)?$", "", description)
    r = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", family], capture_output=True,
                       text=True)
    path, _, index = r.stdout.partition("\n")
    if r.returncode != 0 or not os.path.exists(path) or sha256(path) != checksum:
        return None
    return (path, int(index or 0))


class PangoLayout:
    """pango-view's layout of a file of paragraphs at @width pixels."""

    def __init__(self, path, width):
        out = path + f".{width}.json"
        subprocess.run(["pango-view", "-q", f"--font={FONT} {SIZE}px", "--pixels", "--hinting=none",
                        "--hint-metrics=off", "--subpixel-positions", "--margin=0",
                        f"--width={width}", f"--serialize-to={out}", path],
                       check=True, capture_output=True)
        with open(out, encoding="utf-8") as f:
            data = json.load(f)
        os.unlink(out)
        assert data["width"] == width * 1024, "pango-view's --width is not in pixels"
        text = data["text"].encode()
        self.para_starts = [0] + [i + 1 for i, b in enumerate(text) if b == 10]
        # byte offset -> character index, for the log attributes
        self.char_index = [0] * (len(text) + 1)
        n = 0
        for i, b in enumerate(text):
            self.char_index[i] = n
            n += (b & 0xC0) != 0x80
        self.char_index[len(text)] = n
        self.log_attrs = data["output"]["log-attrs"]
        self.unmapped = set()
        self.paragraphs = [[] for _ in self.para_starts]
        for line in data["output"]["lines"]:
            self.add_line(line)

    def add_line(self, line):
        p = bisect.bisect_right(self.para_starts, line["start-index"]) - 1
        base = self.para_starts[p]
        glyphs = []
        for k, run in enumerate(line["runs"]):
            font = font_file(run["font"]["description"], run["font"]["checksum"])
            if font is None:
                self.unmapped.add(run["font"]["description"])
            for g in run["glyphs"]:
                gid = g["glyph"]
                gid = -1 if gid & PANGO_UNKNOWN else gid  # a box, as glyphpad's -1
                glyphs.append({"font": font, "id": gid, "w": g["width"] / 1024, "run": k,
                               "cluster": run["offset"] + g["log-cluster"] - base,
                               "script": run["script"]})
        start = line["start-index"] - base
        self.paragraphs[p].append(Line(start, start + line["length"],
                                       line["direction"] == "rtl", glyphs))

    def break_before(self, para, byte):
        """Whether Pango may break the line before byte @byte of @para."""
        i = self.char_index[self.para_starts[para] + byte]
        return bool(self.log_attrs[i].get("line-break"))


def glyphpad_dump(path, width):
    r = subprocess.run([GLYPHPAD, "--headless", "--glyphs=json", "--font", FONT, "--size", str(SIZE),
                        "--width", str(width), "--height", str(GLYPHPAD_HEIGHT), path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"glyphpad failed ({r.returncode}): {r.stderr.strip()}")
    return json.loads(r.stdout)


def glyphpad_layout(paragraphs, width, tmp):
    """glyphpad's lines of each paragraph at @width: {index: [Line]}. The dump
    stops at --height, so paragraphs go in chunks: a chunk's paragraphs are
    whole when a later one (or the sentinel after the last) was reached."""
    out, first = {}, 0
    path = os.path.join(tmp, f"glyphpad-{width}.txt")
    while first < len(paragraphs):
        chunk = paragraphs[first:]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(chunk + ["."]))
        by = defaultdict(list)
        for line in glyphpad_dump(path, width)["lines"]:
            by[line["paragraph"]].append(line)
        whole = [p for p in sorted(by) if p < len(chunk) and p < max(by)]
        if not whole:
            raise RuntimeError(f"paragraph {first} does not fit in {GLYPHPAD_HEIGHT} px")
        for p in whole:
            out[first + p] = glyphpad_lines(chunk[p].encode(), by[p])
        first += len(whole)
    return out


def glyphpad_lines(text, dumped):
    lines = []
    for d in dumped:
        glyphs = [{"font": (g["font"], g["face"]), "id": g["id"], "x": g["x"],
                   "cluster": g["cluster"]} for g in d["glyphs"]]
        start = min((g["cluster"] for g in glyphs), default=len(text))
        lines.append(Line(start, len(text), d["rtl"], glyphs))
    for a, b in zip(lines, lines[1:]):
        a.end = b.start
    return lines


# ---------------------------------------------------------------- classes of difference

# name: (glyphpad bug?, check it belongs to, why it is not a failure, bound).
# A bound is the most the class may count per 100 of what its check compares
# (lines for breaks, glyphpad clusters for glyphs, advances for pens): the
# worst language of a full run (GLYPHPAD_PANGO_FULL=1, ~300 strings each) with
# room of about half again, or 1 for the rare ones (seen at most 0.3 per 100).
# Worst seen: space-font 21.6 (Hindi: a space is one cluster in four or five),
# ignorable 25.3 (Khmer writes a ZWSP between words), pango-mixed-font 10.3
# (Tamil), break-width 6.5 (Tamil), break-dictionary 13.1 (Myanmar), the
# others under 0.5. None: a structural count (at most one a line). Bugs have
# no bound: they are printed as TODO.
CLASSES = {
    "hung-space": (False, "glyphs", None,
        "Pango empties a wrapped line's final white space (PANGO_GLYPH_EMPTY, no width) and "
        "leaves it in its run; glyphpad draws it where UAX #9 rule L1 puts it, at the "
        "paragraph's end side of the line. Both hang it past the edge: left out."),
    "space-font": (False, "glyphs", 35,
        "a space between words of a fallback font: Pango's itemizer keeps the run's font "
        "over white space (Noto Sans Devanagari's space, 4.16 px), glyphpad takes the first "
        "font of the chain that has the character (DejaVu Sans, 5.09 px), as browsers do. "
        "The advance that differs is allowed for, so pens further on are still checked."),
    "run-font": (False, "glyphs", 5,
        "punctuation of no script of its own that the style's font lacks (a danda after "
        "Bengali or Hindi letters): glyphpad keeps it in the font of the letters before it, "
        "Pango takes the first font fontconfig lists that has it (Noto Sans Takri's danda). "
        "The advance that differs is allowed for."),
    "ignorable": (False, "glyphs", 40,
        "a default-ignorable character (ZWJ, ZWNJ, ZWSP, LRM): HarfBuzz gives the font's "
        "space glyph with no advance, Pango PANGO_GLYPH_EMPTY; both draw nothing and move "
        "the pen by 0 (checked)."),
    "cluster-order": (False, "glyphs", 1,
        "a mark on a bracket in right-to-left text ('(ِ'): Pango shapes with HarfBuzz's "
        "cluster level MONOTONE_CHARACTERS, which keeps the mark its own cluster and puts "
        "it first, glyphpad with MONOTONE_GRAPHEMES, one cluster, base first; the same "
        "glyphs, whose unit's pen and advance are compared."),
    "pango-mixed-font": (False, "glyphs", 20,
        "Pango picks a font for each character, so a vowel sign or virama can come from "
        "another font than its consonant (Noto Sans Grantha has some Tamil signs and sorts "
        "first), which breaks its shaping; glyphpad takes one font for a grapheme cluster."),
    "pango-run-split": (False, "pens", 1,
        "Pango ends a run where glyphpad does not, so HarfBuzz cannot kern across it: a "
        "closing quotation mark takes the script of its opening one (UAX #24: 'y' and '»' "
        "of «dummy» in Russian text), or a sign came from another font (pango-mixed-font); "
        "glyphpad, giving Common characters their neighbour's script, kerns 'y»'."),
    "pango-hyphen": (False, "glyphs", 1,
        "Pango inserts a hyphen glyph where it cuts a word too wide for the line "
        "(break-inserts-hyphen); glyphpad cuts at a grapheme and draws no hyphen."),
    "break-rounding": (False, "breaks", 2,
        "the longer line's text ends within the accumulated rounding of the edge: one "
        "measures it a hair over the width, the other a hair under (26.6 against 1/1024 "
        "advances, E1 a glyph)."),
    "break-width": (False, "breaks", 12,
        "the longer line fits for one and not the other because its advances differ by the "
        "glyph classes above (mostly space-font, several px a line in Indic, Sinhala, "
        "Myanmar or Korean text); the two widths are checked to differ by exactly those."),
    "break-dictionary": (False, "breaks", 20,
        "Thai, Lao, Khmer or Myanmar text: glyphpad (ICU) has break opportunities between "
        "words from its dictionaries; Pango 1.50 only at spaces and ZWSP (Thai through "
        "libthai, whose dictionary differs), and cuts a word too wide by characters."),
    "break-hyphen": (False, "breaks", 1,
        "a hyphen after a space, before a letter ('পরে -টি', ' -bit'): Pango 1.50 may break "
        "after it; ICU 72 (glyphpad) holds it to the word, by its rule LB20.09, which "
        "Unicode 15.1 adopted as LB20a."),
    "word-cut": (False, "breaks", 1,
        "a word wider than the line is cut by both, at different graphemes: Pango leaves "
        "room for the hyphen it adds, glyphpad fills the line."),
    "pieces": (True, "pens",  None,
        "GLYPHPAD BUG: glyphpad shapes the text between two line-break opportunities on its "
        "own, so kerning or a contextual substitution across an opportunity with no white "
        "space is lost (kana and kanji: テ|キ|ト: キ is 0.48 px too wide; 'e-object' loses "
        "the hyphen's kerning; Myanmar and Khmer syllables split by ICU's dictionary get "
        "other glyphs). Pango, like browsers, shapes the run and cuts only at the break."),
    "ascii-fast-path": (True, "breaks", None,
        "GLYPHPAD BUG: segment.c's ASCII line fast path (exact_lines false) has no "
        "opportunity after spaces before an ASCII symbol ('*', '#', '=', '(', '\"'), where "
        "ICU 72 and Pango have one (UAX #14 LB18): 'a = b' gives 4 5 instead of 2 4 5, "
        "'steps: (1) assert' 11 17 instead of 7 11 17; with exact_lines it agrees with ICU."),
}

# unit classes whose advance may differ (counted with the unit)
WIDE_UNITS = ("space-font", "run-font", "pango-mixed-font", "pieces", "cluster-order")
SA = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF),
      (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))  # Thai, Lao, Myanmar, Khmer: dictionary breaks
IGNORABLE = set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | \
    set(range(0x2060, 0x2070)) | {0x00AD, 0x034F, 0x061C, 0x180E, 0xFEFF}


def char_at(text, byte):
    """The character that starts at @byte (or contains it)."""
    while byte > 0 and (text[byte] & 0xC0) == 0x80:
        byte -= 1
    end = byte + 1
    while end < len(text) and (text[end] & 0xC0) == 0x80:
        end += 1
    return text[byte:end].decode("utf-8", "replace")


def is_sa(text, byte):
    return any(byte + d >= 0 and byte + d < len(text) and
               any(lo <= ord(char_at(text, byte + d)) <= hi for lo, hi in SA) for d in (-1, 0))


# ---------------------------------------------------------------- comparing

class Tally:
    """What one language's comparison found, over all widths."""

    def __init__(self):
        self.paragraphs = self.lines = self.lines_equal = self.seqs = self.seqs_equal = 0
        self.advances = self.units = 0
        self.max_dx = self.max_dev = 0.0
        self.classes = Counter()
        self.examples = {}
        self.unexplained = defaultdict(list)  # check -> messages

    def count(self, cls, example):
        self.classes[cls] += 1
        self.examples.setdefault(cls, example)

    def fail(self, check, message):
        self.unexplained[check].append(message)


def is_white(text, byte):
    return text[byte:byte + 1] in (b" ", b"\t")


def show(text, start, end):
    return text[max(start, 0):end].decode("utf-8", "replace")


def trailing_white(text, start, end):
    """Where the white space that ends [start, end) begins."""
    while end > start and is_white(text, end - 1):
        end -= 1
    return end


def units(glyphs, key):
    """Consecutive glyphs grouped by key(cluster): [(key, [glyph])]."""
    out = []
    for g in glyphs:
        k = key(g["cluster"])
        if out and out[-1][0] == k:
            out[-1][1].append(g)
        else:
            out.append((k, [g]))
    return out


@functools.lru_cache(maxsize=None)
def hb_advance(font, text, cluster):
    """px advance of cluster byte @cluster of @text shaped by hb-shape in
    @font (file, face) at SIZE px, 1/1024 px precision; None if it fails."""
    if shutil.which("hb-shape") is None or not text:
        return None
    r = subprocess.run(["hb-shape", f"--font-file={font[0]}", f"--face-index={font[1]}",
                        f"--font-size={SIZE * 1024}", "--no-glyph-names", "--output-format=json", "--utf8-clusters",
                        f"--text={text.decode('utf-8', 'replace')}"], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    return sum(g["ax"] for g in json.loads(r.stdout) if g["cl"] == cluster) / 1024


def names(glyphs):
    return [(os.path.basename(g["font"][0]) if g["font"] else None, g["id"]) for g in glyphs]


class LineCheck:
    """Compares one line that both laid out over the same bytes [start, end)."""

    def __init__(self, tally, width, pango, para, text, gl, pl):
        self.tally, self.width, self.pango, self.para, self.text = tally, width, pango, para, text
        self.gl, self.pl = gl, pl
        self.where = f"w={width} p{para} bytes {gl.start}-{gl.end}"
        self.explained_sum = 0.0  # the advances the classes explain, px
        self.edge = None  # a slice's (glyphpad pen, Pango pen, Pango pens) of its right edge

    def run(self):
        """Returns whether the line is explained."""
        t = self.tally
        t.seqs += 1
        trail = trailing_white(self.text, self.gl.start, self.gl.end)
        if not self.hung(trail):
            return False
        g = self.visible(self.gl.glyphs, trail, "x")
        p = self.visible(self.pl.glyphs, trail, "w")
        atoms, same = self.match(g, p)
        if atoms is None:
            return False
        t.seqs_equal += same
        return not atoms or self.pens(atoms)

    def visible(self, glyphs, trail, kind):
        """@glyphs before @trail less those of a default-ignorable character
        that is a cluster of its own (bidi controls, ZWSP) and moves the pen
        by 0: HarfBuzz gives them the space glyph, Pango PANGO_GLYPH_EMPTY, in
        places that may differ (class "ignorable")."""
        out = []
        for i, x in enumerate(glyphs):
            if x["cluster"] >= trail:
                continue
            if ord(char_at(self.text, x["cluster"])) in IGNORABLE:
                zero = x["w"] == 0 if kind == "w" else \
                    i + 1 == len(glyphs) or abs(glyphs[i + 1]["x"] - x["x"]) < 0.001
                if zero:
                    if kind == "w":
                        self.tally.count("ignorable", f"{self.where} at byte {x['cluster']}: "
                                         f"U+{ord(char_at(self.text, x['cluster'])):04X}")
                    continue
            out.append(x)
        return out

    def hung(self, trail):
        hung = [x for x in self.pl.glyphs if x["cluster"] >= trail]
        if not hung:
            return True
        if len(hung) == 1 and hung[0]["id"] == PANGO_EMPTY and hung[0]["w"] == 0:
            self.tally.count("hung-space", self.where)
            return True
        self.tally.fail("glyphs", f"{self.where}: Pango's final white space is not emptied")
        return False

    def hyphen(self):
        """Whether Pango cut this line inside a word and added a hyphen."""
        end = self.pl.end
        if end >= len(self.text):
            return False
        i = self.pango.char_index[self.pango.para_starts[self.para] + end]
        return bool(self.pango.log_attrs[i].get("break-inserts-hyphen"))

    def match(self, g, p):
        """Pairs the glyphs unit by unit (a unit: the glyphs of one glyphpad
        cluster): returns (atoms, exactly equal), an atom being (glyphpad
        glyphs, Pango glyphs, class or None): one glyph each, or a unit whole.
        (None, False) when they differ beyond the classes."""
        clusters = sorted({x["cluster"] for x in g})

        def key(c):
            i = bisect.bisect_right(clusters, c) - 1
            return clusters[i] if i >= 0 else -1

        ug, up = units(g, key), units(p, key)
        keys = {k for k, _ in up}
        if [k for k, _ in ug] != [k for k, _ in up]:
            # HarfBuzz merged clusters for Pango that glyphpad shaped apart
            # (a Myanmar kinzi and its consonant across a dictionary break):
            # glyphpad's units with no Pango glyph join the unit before them
            merged = []
            for k, v in ug:
                if merged and k not in keys:
                    merged[-1] = (merged[-1][0], merged[-1][1] + v)
                else:
                    merged.append((k, v))
            ug = merged
        if up and ug and self.hyphen() and len(up[-1][1]) == len(ug[-1][1]) + 1 and not self.gl.rtl:
            self.tally.count("pango-hyphen", f"{self.where}: {names(up[-1][1][-1:])}")
            up[-1] = (up[-1][0], up[-1][1][:-1])
        if [k for k, _ in ug] != [k for k, _ in up]:
            self.tally.fail("glyphs", f"{self.where}: clusters differ: glyphpad "
                            f"{[(k, [x['id'] for x in v]) for k, v in ug]} Pango "
                            f"{[(k, [x['id'] for x in v]) for k, v in up]} in "
                            f"{show(self.text, self.gl.start, self.gl.end)!r}")
            return None, False
        atoms, same = [], True
        self.tally.units += len(ug)
        for (k, a), (_, b) in zip(ug, up):
            if names(a) == names(b):
                atoms += [([x], [y], None) for x, y in zip(a, b)]
                continue
            same = False
            cls = self.unit_class(k, a, b)
            if cls is None:
                return None, False
            atoms.append((a, b, cls))
        return atoms, same

    def unit_class(self, k, a, b):
        """The class of a unit whose glyphs differ, or None (counted a failure)."""
        text, na, nb = self.text, names(a), names(b)
        end = self.next_cluster(k)
        ex = f"{self.where} at byte {k} {show(text, k, k + 6)!r}: glyphpad {na} Pango {nb}"
        ignorables = sum(1 for c in show(text, k, end) if ord(c) in IGNORABLE)
        pango_fonts = {x["font"] for x in self.pl.glyphs if k <= x["cluster"] < end}
        if len(a) == len(b) == 1 and is_white(text, k):
            cls = "space-font"
        elif len(a) == len(b) == 1 and self.kept_in_run_font(k, a[0]):
            cls = "run-font"
        elif ignorables and self.without_ignorables(a, ignorables) == nb:
            cls = "ignorable"
        elif sorted(na, key=repr) == sorted(nb, key=repr):
            cls = "cluster-order"
        elif len(pango_fonts) > 1 and len({x["font"] for x in a}) == 1:
            cls = "pango-mixed-font"
        elif {x["font"] for x in a} == {x["font"] for x in b} and \
                (is_sa(text, k) or is_sa(text, end)) and self.piece_edge(k):
            cls = "pieces"
        else:
            self.tally.fail("glyphs", ex + f" in {show(text, self.gl.start, self.gl.end)!r}")
            return None
        self.tally.count(cls, ex)
        return cls

    def kept_in_run_font(self, k, glyph):
        """Whether glyphpad drew the punctuation at @k in the font of the glyph
        before it (its own font lacking it)."""
        c = show(self.text, k, self.next_cluster(k)).rstrip("\t ")
        if len(c) != 1 or not unicodedata.category(c).startswith("P"):
            return False
        before = [x for x in self.gl.glyphs if x["cluster"] < k]
        return bool(before) and max(before, key=lambda x: x["cluster"])["font"] == glyph["font"]

    def without_ignorables(self, a, n):
        """The names of @a less up to @n glyphs that do not move the pen and
        are not marks drawn on something: glyphs of default-ignorables, which
        HarfBuzz keeps inside their cluster (ZWJ in "ര്‍")."""
        out, dropped = [], 0
        for i, x in enumerate(a):
            nxt = self.gl.glyphs[self.gl.glyphs.index(x) + 1]["x"] if x is not self.gl.glyphs[-1] else None
            if dropped < n and nxt is not None and abs(nxt - x["x"]) < 0.001 and i == len(a) - 1:
                dropped += 1
                continue
            out.append(x)
        return names(out)

    def next_cluster(self, k):
        later = [x["cluster"] for x in self.gl.glyphs if x["cluster"] > k]
        return min(later, default=self.gl.end)

    def piece_edge(self, k):
        """Whether glyphpad may have cut its shaping at the unit at @k: a break
        opportunity (Pango's, or ICU's dictionary in Thai, Lao, Khmer, Myanmar)
        at its start or end, with no white space."""
        for b in (k, self.next_cluster(k)):
            if 0 < b < len(self.text) and not is_white(self.text, b - 1) and \
               not is_white(self.text, b) and (self.pango.break_before(self.para, b) or
                                                is_sa(self.text, b)):
                return True
        return False

    def cluster_end(self, k):
        return self.next_cluster(k) if k < self.gl.end else k

    def hb_advances(self, a, k, k2):
        """The advance HarfBuzz gives the cluster at @k in glyphpad's font of
        @a shaped alone, and shaped with the cluster at @k2 (its neighbour)."""
        font = a[0]["font"]
        if font is None or any(x["font"] != font for x in a):
            return None, None
        lo, hi = min(k, k2), max(k, k2)
        alone = hb_advance(font, self.text[k:self.next_cluster(k)], 0)
        paired = hb_advance(font, self.text[lo:self.next_cluster(hi)], k - lo)
        return alone, paired

    def pens(self, atoms):
        """Every advance within E2 (or explained), every pen within BASE + E1
        an advance from the aligned edge; then the alignment."""
        t = self.tally
        total = sum(x["w"] for x in self.pl.glyphs)
        pen = self.width - total if self.pl.rtl else 0.0
        px = {}
        for x in self.pl.glyphs:  # Pango's pens, right-aligned in a RTL paragraph
            px[id(x)] = pen
            pen += x["w"]
        gx = [a[0]["x"] for a, _, _ in atoms]
        ppx = [px[id(b[0])] for _, b, _ in atoms]
        w = [sum(x["w"] for x in b) for _, b, _ in atoms]
        eps = [gx[i + 1] - gx[i] - w[i] for i in range(len(atoms) - 1)] + [0.0]
        if self.edge is not None:  # a slice: the last advance too, up to the tab
            g_edge, p_edge, cum = self.edge
            eps[-1] = (g_edge - gx[-1]) - (p_edge - cum[id(atoms[-1][1][0])])
        explained = [False] * len(atoms)
        for i, e in enumerate(eps):
            if abs(e) > E2 and i + 1 == len(atoms):
                explained[i] = atoms[i][2] in WIDE_UNITS
                if not explained[i]:
                    self.tally.fail("pens", f"{self.where}: the last advance differs by {e:+.3f} px")
                    return False
            elif abs(e) > E2:
                explained[i] = self.advance_class(atoms, i, e, eps)
                if not explained[i]:
                    return False
        self.explained_sum = sum(e for e, x in zip(eps, explained) if x)
        t.advances += len(atoms)
        rtl = self.gl.rtl
        ref = len(atoms) - 1 if rtl else 0
        for i in range(len(atoms)):
            t.max_dx = max(t.max_dx, abs(gx[i] - ppx[i]))
            span = range(i, ref) if rtl else range(0, i)
            n = sum(1 for j in span if not explained[j])
            known = sum(eps[j] for j in span if explained[j])
            dev = (gx[i] - gx[ref]) - (ppx[i] - ppx[ref]) + (known if rtl else -known)
            t.max_dev = max(t.max_dev, abs(dev) - n * E1)
            if abs(dev) > BASE + n * E1:
                t.fail("pens", f"{self.where}: glyph {i} pen {gx[i]:.3f}, Pango {ppx[i]:.3f}: "
                       f"{dev:+.3f} px off the edge's pen, over {BASE + n * E1:.3f}")
                return False
        return self.edge is not None or self.alignment(gx, ppx, w, explained)

    def alignment(self, gx, ppx, w, explained):
        """Left lines start at 0; right-to-left ones are moved by whole pixels:
        floor(width - glyphpad's line width, its hanging space included)."""
        W = self.width
        first = min(x["x"] for x in self.gl.glyphs)
        if not self.gl.rtl:
            if abs(gx[0]) > 0.001 or abs(ppx[0]) > 0.001:
                self.tally.fail("pens", f"{self.where}: a left line starts at {gx[0]}, {ppx[0]}")
                return False
            return True
        n = sum(1 for e in explained if not e)
        line = sum(w) + (gx[0] - first) + self.explained_sum
        tol = BASE + n * E1
        if abs(first - round(first)) > 0.001 or \
           not int((W - line - tol) // 1) <= round(first) <= int((W - line + tol) // 1):
            self.tally.fail("pens", f"{self.where}: right-to-left line moved to {first}, "
                            f"expected floor({W} - {line:.3f}) within {tol:.3f}")
            return False
        return True

    def advance_class(self, atoms, i, e, eps):
        """Why atom @i's advance differs by @e px: its class, counted, or False."""
        (a, b, cls), (a2, b2, cls2) = atoms[i], atoms[i + 1]
        text = self.text
        k, k2 = a[0]["cluster"], a2[0]["cluster"]
        ex = f"{self.where}: {show(text, min(k, k2), max(k, k2) + 3)!r} advance {e:+.3f} px"
        if cls in WIDE_UNITS:
            return True  # the unit was counted
        split = b[-1]["run"] != b2[0]["run"] and \
            (b[-1]["script"], b[-1]["font"]) != (b2[0]["script"], b2[0]["font"])
        edge = k != k2 and self.piece_edge(max(k, k2))
        # HarfBuzz itself says which advance is the atom's alone and which
        # next to its neighbour: glyphpad's and Pango's must be those two
        alone, paired = self.hb_advances(a, k, k2)
        mine = [j for j, (a3, _, _) in enumerate(atoms) if a3[0]["cluster"] == k]
        p_adv = sum(sum(x["w"] for x in atoms[j][1]) for j in mine)
        g_adv = p_adv + sum(eps[j] for j in mine)
        near = lambda x, y: x is not None and y is not None and abs(x - y) <= E2 + (len(mine) - 1) * E1
        if split and near(p_adv, alone) and near(g_adv, paired):
            cls = "pango-run-split"
            ex += f" (Pango's runs: {b[-1]['script']} {names(b[-1:])[0][0]} | " \
                  f"{b2[0]['script']} {names(b2[:1])[0][0]})"
        elif edge and near(g_adv, alone) and near(p_adv, paired):
            cls = "pieces"
        else:
            self.tally.fail("pens", ex + f" (HarfBuzz: {alone} alone, {paired} beside its "
                            f"neighbour) in {show(text, self.gl.start, self.gl.end)!r}")
            return False
        self.tally.count(cls, ex)
        return True


def compare_paragraph(ctx, para, text, gls, pls, pending):
    """Compares one paragraph's lines that both laid out over the same bytes;
    the first line break that differs goes to @pending, to be classified."""
    t, width = ctx["tally"], ctx["width"]
    t.paragraphs += 1
    t.lines += len(pls)
    if gls[0].rtl != pls[0].rtl:
        t.fail("breaks", f"w={width} p{para}: right to left: glyphpad {gls[0].rtl}, "
               f"Pango {pls[0].rtl}: {text.decode()!r}")
        return
    spans = {(l.start, l.end): l for l in gls}
    for pl in pls:
        gl = spans.get((pl.start, pl.end))
        if gl is not None:
            t.lines_equal += 1
            LineCheck(t, width, ctx["pango"], para, text, gl, pl).run()
    for gl, pl in zip(gls, pls):
        if gl.end != pl.end:
            pending.append((para, text, gl.start, gl.end, pl.end))
            return


def first_strong_rtl(text):
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def slice_checks(slices, tmp, name, scratch):
    """Each slice (a line's text) laid out on one line by both, with a tab at
    its visual right end (after it, or before it in right-to-left text): the
    tab is never shaped with the text, and its pen marks where the text ends.
    [(LineCheck or None where the glyphs could not be compared, glyphpad
    width, Pango width, glyphs)]."""
    texts = [("\t" + s if first_strong_rtl(s) else s + "\t") for s in slices]
    path = os.path.join(tmp, f"{name}-slices.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(texts))
    pango = PangoLayout(path, 20000)
    gp = glyphpad_layout(texts, 20000, tmp)
    out = []
    for i, t in enumerate(texts):
        text = t.encode()
        tab = 0 if t[0] == "\t" else len(text) - 1
        if len(gp[i]) != 1 or len(pango.paragraphs[i]) != 1:
            out.append((None, 0.0, 0.0, 0))
            continue
        gl, pl = gp[i][0], pango.paragraphs[i][0]
        pen, cum = 0.0, {}
        for x in pl.glyphs:
            cum[id(x)] = pen
            pen += x["w"]
        gtab = [x for x in gl.glyphs if x["cluster"] == tab]
        ptab = [x for x in pl.glyphs if x["cluster"] == tab]
        g = Line(gl.start, gl.end, gl.rtl, [x for x in gl.glyphs if x["cluster"] != tab])
        p = Line(pl.start, pl.end, pl.rtl, [x for x in pl.glyphs if x["cluster"] != tab])
        if len(gtab) != 1 or len(ptab) != 1 or not g.glyphs or not p.glyphs:
            out.append((None, 0.0, 0.0, 0))
            continue
        check = LineCheck(scratch, 20000, pango, i, text, g, p)
        check.edge = (gtab[0]["x"], cum[id(ptab[0])], cum)
        ok = check.run()
        gw = gtab[0]["x"] - min(x["x"] for x in g.glyphs)
        pw = cum[id(ptab[0])] - min(cum[id(x)] for x in p.glyphs)
        out.append((check if ok else None, gw, pw, len(p.glyphs)))
    return out


def classify_breaks(ctx, pending, tmp, name):
    """Why each first differing break differs (see CLASSES)."""
    t, W, pango = ctx["tally"], ctx["width"], ctx["pango"]
    measure = []
    for item in pending:
        para, text, start, g_end, p_end = item
        longer, b = ("Pango", p_end) if p_end > g_end else ("glyphpad", g_end)
        short = min(g_end, p_end)
        ex = (f"w={W} p{para} line at byte {start}: glyphpad ends it at {g_end}, Pango at {p_end} "
              f"({show(text, start, b)!r})")
        sa = is_sa(text, b) or is_sa(text, short)
        if not pango.break_before(para, b) and b < len(text):
            # Pango has no opportunity at the longer line's end: one cut a word
            inside = not any(pango.break_before(para, x) for x in range(short, b + 1))
            if sa:
                t.count("break-dictionary", ex)
            elif inside:
                t.count("word-cut", ex)
            else:
                t.fail("breaks", ex + f": {longer} breaks where Pango has no opportunity")
            continue
        measure.append((item, ex, longer, b, sa))
    if not measure:
        return
    slices = [show(m[0][1], m[0][2], trailing_white(m[0][1], m[0][2], m[3])) for m in measure]
    scratch = Tally()
    checks = slice_checks(slices, tmp, f"{name}-{W}", scratch)
    for (item, ex, longer, b, sa), (check, gw, pw, n) in zip(measure, checks):
        text = item[1]
        fits, other = (pw, gw) if longer == "Pango" else (gw, pw)
        ex += f": it measures {gw:.3f} px (glyphpad), {pw:.3f} px (Pango)"
        if fits > W + 0.001:
            t.fail("breaks", ex + f": {longer} takes a line wider than {W} px")
        elif other <= W:
            # it fits both ways: the shorter one has no opportunity at b
            if longer == "Pango" and sa:
                t.count("break-dictionary", ex)
            elif longer == "Pango" and text[b - 1:b] == b"-" and text[b - 2:b - 1] in (b" ", b""):
                t.count("break-hyphen", ex)
            elif longer == "Pango" and all(c < 0x80 for c in text[max(b - 2, 0):b + 1]):
                t.count("ascii-fast-path", ex)
            else:
                t.fail("breaks", ex + f": both fit, {longer} alone breaks at {b}")
        elif check is None:
            t.fail("breaks", ex + ": the line's glyphs differ beyond the classes")
        elif abs(gw - pw) <= BASE + n * E1:
            t.count("break-rounding", ex)
        elif abs(gw - pw - check.explained_sum) <= BASE + n * E1:
            t.count("break-width", ex + f", explained {check.explained_sum:+.3f} px by "
                    f"{', '.join(sorted(scratch.classes))}")
        else:
            t.fail("breaks", ex + f": {gw - pw - check.explained_sum:+.3f} px unexplained")


def start_pango(name, paragraphs, tmp, pool):
    """Pango's layouts of a sample at every width, started on @pool."""
    path = os.path.join(tmp, f"{name}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(paragraphs))
    return {w: pool.submit(PangoLayout, path, w) for w in WIDTHS}


def compare_sample(name, paragraphs, pangos, tmp):
    tally = Tally()
    for width in WIDTHS:
        pango = pangos[width].result()
        for d in sorted(pango.unmapped):
            tally.fail("glyphs", f"w={width}: Pango's font {d!r}: fc-match names another file")
        gp = glyphpad_layout(paragraphs, width, tmp)
        ctx = {"tally": tally, "width": width, "pango": pango}
        pending = []
        for para, text in enumerate(paragraphs):
            compare_paragraph(ctx, para, text.encode(), gp[para], pango.paragraphs[para], pending)
        classify_breaks(ctx, pending, tmp, name)
    return tally


# ---------------------------------------------------------------- report

def class_lines(t, check):
    """The classes of @check in @t: [(name, count, per 100, bound, bug)]."""
    denominator = {"breaks": t.lines, "glyphs": t.units, "pens": t.advances}[check]
    out = []
    for cls, (bug, chk, bound, _) in CLASSES.items():
        if chk == check and t.classes[cls]:
            out.append((cls, t.classes[cls], 100 * t.classes[cls] / max(denominator, 1), bound, bug))
    return out


def report(n, name, t):
    """TAP lines for one language: breaks, glyphs, pens; TODO lines for the
    glyphpad bugs. Returns (passed, failed, next n)."""
    passed = failed = 0
    heads = {
        "breaks": f"line breaks: {t.lines_equal}/{t.lines} lines equal",
        "glyphs": f"glyphs: {t.seqs_equal}/{t.seqs} lines' sequences equal",
        "pens": f"pens: {t.advances} compared, max |dx| {t.max_dx:.3f} px, "
                f"max drift beyond rounding {max(t.max_dev, 0):.3f} px",
    }
    for check, head in heads.items():
        over = [c for c in class_lines(t, check) if c[3] is not None and c[2] > c[3] and not c[4]]
        ok = not t.unexplained[check] and not over
        detail = ", ".join(f"{c} {k}" + (f" ({p:.1f}/100, bound {b})" if b is not None else "")
                           for c, k, p, b, bug in class_lines(t, check) if not bug)
        print(f"{'ok' if ok else 'not ok'} {n} - {name}: {head}" + (f"; {detail}" if detail else ""))
        for c, k, p, b, _ in over:
            print(f"#   {c}: {p:.1f} per 100 over its bound {b}; e.g. {t.examples[c]}")
        for m in t.unexplained[check][:8 if not VERBOSE else None]:
            print(f"#   unexplained: {m}")
        if len(t.unexplained[check]) > 8 and not VERBOSE:
            print(f"#   ... {len(t.unexplained[check]) - 8} more (-v shows all)")
        passed, failed, n = passed + ok, failed + (not ok), n + 1
    for cls, k, p, _, bug in class_lines(t, "breaks") + class_lines(t, "glyphs") + class_lines(t, "pens"):
        if bug:
            print(f"not ok {n} - {name}: {cls}: {k} # TODO glyphpad bug, e.g. {t.examples[cls]}")
            n += 1
    return passed, failed, n


def explain(seen):
    print("# Classes of difference found (counted above):")
    for cls, (bug, check, bound, why) in CLASSES.items():
        if cls in seen:
            print(f"#   {cls} ({check}{', bound ' + str(bound) + ' per 100' if bound is not None else ''}): {why}")


def main():
    for tool in ("pango-view", "fc-match"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is not installed (tools/setup.sh installs pango1.0-tools)")
            return 77
    only = os.environ.get("GLYPHPAD_PANGO_ONLY", "").split(",")  # "ja,my": these alone
    samples = [("en", licence_paragraphs())] + [(l, catalogue_paragraphs(l)) for l in LANGUAGES]
    samples = [(name, paras) for name, paras in samples if only == [""] or name in only]
    for name, paragraphs in samples:
        if not paragraphs:
            print(f"# {name}: no text on this machine, skipped")
    passed = failed = 0
    n = 1
    table, seen = [], set()
    with tempfile.TemporaryDirectory(prefix="glyphpad-pango-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        samples = [(name, paragraphs, start_pango(name, paragraphs, tmp, pool))
                   for name, paragraphs in samples if paragraphs]
        for name, paragraphs, pangos in samples:
            t = compare_sample(name, paragraphs, pangos, tmp)
            p, f, n = report(n, name, t)
            passed, failed = passed + p, failed + f
            seen |= set(t.classes)
            table.append((name, len(paragraphs), t))
    explain(seen)
    print(f"# {'script':6} {'paras':>5} {'lines equal':>13} {'glyph seqs equal':>17} {'max dx':>7} {'drift':>6}")
    for name, k, t in table:
        print(f"# {name:6} {k:5} {t.lines_equal:6}/{t.lines:<6} {t.seqs_equal:8}/{t.seqs:<8} "
              f"{t.max_dx:7.3f} {max(t.max_dev, 0):6.3f}")
    print(f"1..{n - 1}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
