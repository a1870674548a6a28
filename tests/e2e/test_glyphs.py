#!/usr/bin/env python3
"""test_glyphs.py — glyphpad shapes every script as HarfBuzz's own hb-shape does.

Usage: test_glyphs.py PATH/TO/glyphpad

Real text no one here wrote: the translations in the machine's message
catalogues (/usr/share/locale/<lang>/LC_MESSAGES/*.mo), in Arabic, Persian,
Hebrew, Hindi, Bengali, Tamil, Malayalam, Sinhala, Thai, Khmer, Myanmar,
Japanese, Chinese, Korean, Russian, Greek and Vietnamese, and an English
licence. For each language a file of such lines is laid out by
`glyphpad --headless --glyphs=json`; every word (text between spaces) whose
glyphs come from one font is shaped again by `hb-shape` with that font file
and face, and the glyph ids must be the same, in the same visual order. Also:
no glyph id 0 (.notdef) in a word some installed font covers, and right-to-left
lines come out right to left. Prints a TAP line per language and a summary;
skips (exit 77) without hb-shape.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from catalogues import translated_lines

GLYPHPAD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/src/app/glyphpad"
LANGUAGES = ["ar", "fa", "he", "hi", "bn", "ta", "ml", "si", "th", "km", "my", "ja", "zh_CN",
             "ko", "ru", "el", "vi"]
LINES_PER_LANGUAGE = 40
FORMAT = re.compile(r"%[-+ #0-9.]*[a-zA-Z]|\{[^}]*\}|_|&|\\.|<[^>]*>")


def catalogue_lines(lang):
    """Up to LINES_PER_LANGUAGE translated strings of @lang, format codes removed."""
    out = []
    for line in translated_lines(lang):
        line = " ".join(FORMAT.sub(" ", line).split())
        if len(line) >= 12 and any(ord(c) > 0x2FF for c in line):
            out.append(line)
            if len(out) >= LINES_PER_LANGUAGE:
                break
    return out


def licence_lines():
    path = "/usr/share/common-licenses/GPL-3"
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if len(l.strip()) > 20][:LINES_PER_LANGUAGE]


def dump(path):
    r = subprocess.run([GLYPHPAD, "--headless", "--glyphs=json", "--width", "20000", "--height",
                        "20000", path], capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def hb_ids(font, face, text):
    r = subprocess.run(["hb-shape", "--no-glyph-names", "--no-positions", "--no-clusters",
                        f"--face-index={face}", f"--font-file={font}", f"--text={text}"],
                       capture_output=True, text=True)
    return [int(x) for x in r.stdout.strip().strip("[]").split("|") if x] if r.returncode == 0 else None


def words_of(text):
    """(start byte, end byte, word) of each run of non-spaces."""
    data = text.encode()
    for m in re.finditer(rb"[^ \t]+", data):
        yield m.start(), m.end(), m.group().decode()


def one_run(glyphs):
    """Whether a word's glyphs (left to right) form one direction run: clusters
    never decreasing, or never increasing. A word that bidi splits ("item()" in
    a right-to-left paragraph: its brackets join the paragraph's direction) is
    shaped in pieces, as it must be, and hb-shape of the whole word differs."""
    c = [g["cluster"] for g in glyphs]
    return all(a <= b for a, b in zip(c, c[1:])) or all(a >= b for a, b in zip(c, c[1:]))


def check_paragraph(text, lines, stats):
    """Compares every one-font, one-run word of @text (the dump's @lines of it)
    with hb-shape."""
    glyphs = [g for line in lines for g in line["glyphs"]]
    for start, end, word in words_of(text):
        mine = [g for g in glyphs if start <= g["cluster"] < end]
        fonts = {(g["font"], g["face"]) for g in mine}
        if any(g["id"] == 0 for g in mine):
            stats["notdef"].append(word)
        if len(fonts) != 1 or any(g["id"] < 0 for g in mine):
            stats["skipped"] += 1
            continue
        if not one_run(mine) or any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
                                    for c in word):
            stats["bidi_split"] += 1
            continue
        font, face = fonts.pop()
        theirs = hb_ids(font, face, word)
        stats["compared"] += 1
        # the dump lists a line's glyphs left to right; a word never spans lines here
        if theirs == [g["id"] for g in sorted(mine, key=lambda g: g["x"])] or \
           theirs == [g["id"] for g in mine]:
            stats["equal"] += 1
        else:
            stats["differ"].append((word, [g["id"] for g in mine], theirs))


def check_language(name, lines, tmp):
    path = os.path.join(tmp, f"{name}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    data = dump(path)
    stats = {"compared": 0, "equal": 0, "skipped": 0, "bidi_split": 0, "differ": [], "notdef": []}
    by_para = {}
    for line in data["lines"]:
        by_para.setdefault(line["paragraph"], []).append(line)
    for para, plines in by_para.items():
        if para < len(lines):
            check_paragraph(lines[para], plines, stats)
    return stats


def main():
    if shutil.which("hb-shape") is None:
        print("SKIP: hb-shape is not installed (libharfbuzz-bin)")
        return 77
    failed = passed = 0
    n = 0
    with tempfile.TemporaryDirectory(prefix="glyphpad-glyphs-") as tmp:
        samples = [("en", licence_lines())] + [(lang, catalogue_lines(lang)) for lang in LANGUAGES]
        for name, lines in samples:
            if not lines:
                print(f"# {name}: no catalogue on this machine, skipped")
                continue
            n += 1
            s = check_language(name, lines, tmp)
            ok = s["compared"] > 0 and not s["differ"] and not s["notdef"]
            status = "ok" if ok else "not ok"
            print(f"{status} {n} - {name}: {s['equal']}/{s['compared']} words equal to hb-shape "
                  f"({s['skipped']} in several fonts and {s['bidi_split']} split by bidi not compared), "
                  f"{len(s['notdef'])} with .notdef")
            for word, mine, theirs in s["differ"][:5]:
                print(f"#   {word!r}: glyphpad {mine} hb-shape {theirs}")
            for word in s["notdef"][:5]:
                print(f"#   .notdef in {word!r}")
            passed += ok
            failed += not ok
    print(f"1..{n}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
