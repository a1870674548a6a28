#!/usr/bin/env python3
"""gen_words.py — writes a 2000-line document of words for the headless
command's memcheck runs (tests/e2e/meson.build).

Usage: python3 gen_words.py OUT

Twelve words a line drawn with a fixed seed from a small vocabulary that mixes
ASCII with Latin accents, Greek and CJK, so the output is the same on every
run and exercises the pinned ASCII and the factory's hash table alike."""
import random
import sys

r = random.Random(7)
words = "the of glyph shared object character memory layout font size café λόγος 漢字".split()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("\n".join(" ".join(r.choice(words) for _ in range(12)) for _ in range(2000)))
