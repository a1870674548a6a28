#!/usr/bin/env python3
"""test_headless.py — drives the real glyphpad binary in headless mode.

Usage: python3 test_headless.py PATH/TO/glyphpad [--memory-checks]

--memory-checks adds the bytes-per-character check on the 100 MB file (not
under sanitizers, whose allocators change the figures).

Writes small files to a temporary directory, runs `glyphpad --headless
--stats=json FILE` on them and checks the statistics against expectations
computed here: characters and paragraphs from the text itself; the Glyph
flyweights alive from the glyphs drawn (`--glyphs=json`: one Glyph per distinct
font, glyph id and subpixel phase) and the pinned printable ASCII (their glyph
ids asked of hb-shape, at every phase). Then checks that bad input fails with a
message on stderr.
Prints one "ok"/"not ok" line per check and ends with "N passed, N failed";
exits non-zero when anything failed."""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

REQUIRED_KEYS = [
    "flyweight", "characters", "paragraphs", "drawn_glyphs", "drawn_glyph_bytes",
    "glyphs_alive", "glyphs_created", "glyphs_freed", "glyphs_pinned", "factory_hits",
    "factory_misses", "intrinsic_bytes", "extrinsic_bytes", "heap_bytes", "heap_bytes_empty",
    "rss_bytes", "load_ms", "layout_ms",
]
PINNED_ASCII = [chr(c) for c in range(0x20, 0x7F)]
PHASES = 4  # GLYPH_PHASES: a glyph is rasterized at quarter-pixel pen positions
BREAK = re.compile(r"\r\n|\r|\n")

TEXTS = {
    "english.txt": "The quick brown fox jumps over the lazy dog.\nPack my box with five dozen liquor jugs!\n",
    "accents.txt": "Café naïve façade résumé\r\nZürich São Paulo crème brûlée\r\nÅngström",
    "greek.txt": "αλφα βήτα γάμμα\n\nθάλασσα ήλιος φως\n",
    "cjk.txt": "日本語 中文 漢字\n東京 北京 한국어 서울",
    "one-word.txt": "x",
    "empty.txt": "",
    "blank-lines.txt": "\n\n\n",
    "cr-only.txt": "old\rmac\rendings",
}


class Runner:
    def __init__(self, binary):
        self.binary = binary
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        n = self.passed + self.failed + 1
        if ok:
            self.passed += 1
            print(f"ok {n} - {what}")
        else:
            self.failed += 1
            print(f"not ok {n} - {what}" + (f": {detail}" if detail else ""))
        return ok

    def run(self, *args):
        return subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=120)

    def stats(self, path, *extra):
        """Runs headless with JSON stats; returns the parsed object or None."""
        proc = self.run("--headless", "--stats=json", *extra, path)
        name = os.path.basename(path)
        if not self.check(proc.returncode == 0, f"{name} {' '.join(extra)}: exit status 0",
                          f"status {proc.returncode}, stderr {proc.stderr.strip()!r}"):
            return None
        try:
            data = json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            self.check(False, f"{name}: stdout is one JSON object", f"{e}: {proc.stdout[:200]!r}")
            return None
        self.check(isinstance(data, dict), f"{name}: stdout is one JSON object")
        missing = [k for k in REQUIRED_KEYS if k not in data]
        self.check(not missing, f"{name}: every required key present", f"missing {missing}")
        return data if not missing else None


def expected_counts(text):
    paragraphs = BREAK.split(text)
    chars = "".join(paragraphs)
    return len(chars), len(paragraphs), set(chars)


def drawn_keys(r, path):
    """The flyweight keys of the glyphs on the first screen, from the glyph
    dump: (font file, face, glyph id, subpixel phase of the pen); and how many
    glyphs are drawn."""
    proc = r.run("--headless", "--glyphs=json", path)
    if proc.returncode != 0:
        return set(), 0
    glyphs = [g for line in json.loads(proc.stdout)["lines"] for g in line["glyphs"]]
    keys = {(g["font"], g["face"], g["id"], math.floor((g["x"] % 1) * PHASES + 1e-6)) for g in glyphs}
    return keys, len(glyphs)


def primary_font_file():
    """The file of the default family, as fontconfig resolves it."""
    return subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True,
                          text=True, check=True).stdout


def pinned_keys(font_file):
    """The keys of the pinned printable ASCII: each character shaped alone in
    the primary font by hb-shape (one line per character), at every phase."""
    hb_shape = shutil.which("hb-shape")
    if hb_shape is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as lines:
        lines.write("\n".join(PINNED_ASCII) + "\n")
        lines.flush()
        out = subprocess.run([hb_shape, "--no-glyph-names", "--no-positions", "--no-clusters",
                              f"--text-file={lines.name}", font_file],
                             capture_output=True, text=True, check=True).stdout
    ids = [int(line.strip("[]")) for line in out.split()]
    return {(font_file, 0, gid, phase) for gid in ids for phase in range(PHASES)}


def check_known_texts(r, tmp):
    for name, text in TEXTS.items():
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        n_chars, n_paras, _ = expected_counts(text)
        s = r.stats(path)
        if s is None:
            continue
        r.check(s["flyweight"] is True, f"{name}: flyweight on by default")
        r.check(s["characters"] == n_chars, f"{name}: characters == {n_chars}", f"got {s['characters']}")
        r.check(s["paragraphs"] == n_paras, f"{name}: paragraphs == {n_paras}", f"got {s['paragraphs']}")
        r.check(s["glyphs_pinned"] in (0, len(PINNED_ASCII) * PHASES),
                f"{name}: pinned is none or all printable ASCII at every phase",
                f"got {s['glyphs_pinned']}")
        keys, n_drawn = drawn_keys(r, path)
        r.check(s["drawn_glyphs"] == n_drawn,
                f"{name}: a short text is all on screen: one DrawnGlyph per glyph dumped",
                f"drawn {s['drawn_glyphs']}, dumped {n_drawn}")
        if s["glyphs_pinned"]:
            pinned = pinned_keys(primary_font_file())
            if not r.check(pinned is not None, "hb-shape is installed (apt install libharfbuzz-bin)"):
                continue
            keys |= pinned
        r.check(s["glyphs_alive"] == len(keys),
                f"{name}: glyphs_alive == distinct (font, glyph id, phase) drawn (+ pinned ASCII) == {len(keys)}",
                f"got {s['glyphs_alive']}")
        r.check(s["extrinsic_bytes"] == s["drawn_glyphs"] * s["drawn_glyph_bytes"],
                f"{name}: extrinsic bytes = records x record size")
        if n_chars >= 5:
            off = r.stats(path, "--no-flyweight")
            if off is not None:
                r.check(off["flyweight"] is False, f"{name} --no-flyweight: flyweight false")
                r.check(off["characters"] == n_chars, f"{name} --no-flyweight: same characters")
                r.check(off["glyphs_alive"] >= n_drawn,
                        f"{name} --no-flyweight: a Glyph per glyph drawn at least ({n_drawn})",
                        f"got {off['glyphs_alive']}")


def check_large(r, tmp):
    """More text than one screen: records only for what is visible, few glyphs."""
    words = "the of and memory glyph window river paper shared editor quiet".split()
    lines = [" ".join(words[(i * 7 + j) % len(words)] for j in range(12)).capitalize() + "."
             for i in range(3000)]
    text = "\n".join(lines) + "\n"
    path = os.path.join(tmp, "long.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    n_chars, n_paras, _ = expected_counts(text)
    s = r.stats(path, "--width", "800", "--height", "600")
    if s is None:
        return
    r.check(s["characters"] == n_chars and s["paragraphs"] == n_paras, "long.txt: counts")
    r.check(0 < s["drawn_glyphs"] < n_chars // 4, "long.txt: DrawnGlyphs only near the screen",
            f"{s['drawn_glyphs']} of {n_chars}")
    r.check(s["drawn_glyph_bytes"] <= 16, "DrawnGlyph record is at most 16 bytes",
            f"{s['drawn_glyph_bytes']}")
    r.check(s["glyphs_alive"] - s["glyphs_pinned"] <= 100,
            "long English text: at most 100 Glyphs beside the pinned ASCII",
            f"{s['glyphs_alive']} alive, {s['glyphs_pinned']} pinned")
    r.check(s["predicted_off"] > s["predicted_on"], "predicted off > predicted on")
    text_proc = r.run("--headless", "--stats", path)
    r.check(text_proc.returncode == 0 and "characters" in text_proc.stdout
            and str(n_chars) in text_proc.stdout, "--stats (text) prints a table with the count")
    refused = r.run("--headless", "--stats=json", "--no-flyweight", "--budget", "64K", path)
    r.check(refused.returncode != 0 and refused.stderr.strip() != "" and refused.stdout == "",
            "--no-flyweight over --budget is refused with a message", refused.stderr.strip())


def check_invalid_utf8(r, tmp):
    path = os.path.join(tmp, "latin1.txt")
    with open(path, "wb") as f:
        f.write("caf\u00e9 na\u00efve\n".encode("latin-1"))
    proc = r.run("--headless", "--stats=json", path)
    r.check(proc.returncode == 0, "latin-1 file loads")
    if proc.returncode == 0:
        s = json.loads(proc.stdout)
        r.check(s.get("invalid_bytes") == 2, "latin-1 file: 2 invalid bytes", f"{s.get('invalid_bytes')}")
        r.check(proc.stderr.strip() != "", "latin-1 file: a warning on stderr")


def check_bad_input(r, tmp):
    good = os.path.join(tmp, "english.txt")
    cases = [
        ("missing file", [os.path.join(tmp, "no-such-file.txt")], None),
        ("a directory", [tmp], None),
        ("--size 500", ["--size", "500", good], "96"),
        ("--size 3", ["--size", "3", good], "8"),
        ("--width 50", ["--width", "50", good], "20000"),
        ("--font NoSuchFont", ["--font", "NoSuchFont", good], "NoSuchFont"),
        ("--stats=xml", ["--stats=xml", good], "json"),
        ("--budget lots", ["--budget", "lots", good], "budget"),
        ("--undo-limit=0", ["--undo-limit=0", good], "MiB from 1 to"),
        ("--undo-limit -5", ["--undo-limit", "-5", good], "--undo-limit"),
        ("--undo-limit=64M", ["--undo-limit=64M", good], "whole number of MiB"),
        ("--undo-limit=lots", ["--undo-limit=lots", good], "--undo-limit"),
        ("two files", [good, good], None),
        ("unknown option", ["--frobnicate", good], None),
    ]
    for what, args, must_mention in cases:
        proc = r.run("--headless", "--stats=json", *args)
        err = proc.stderr.strip()
        r.check(proc.returncode != 0, f"{what}: exits non-zero", f"status {proc.returncode}")
        r.check(err != "" and proc.stdout == "", f"{what}: a message on stderr, nothing on stdout",
                f"stderr {err!r}")
        r.check(len(err.splitlines()) == 1, f"{what}: the message is one line", repr(err))
        if must_mention:
            r.check(must_mention in err, f"{what}: the message mentions {must_mention!r}", repr(err))
    proc = r.run("--headless", "--stats=json", "--font", "NoSuchFont", good)
    r.check("fc-list" in proc.stderr, "--font NoSuchFont: suggests fc-list", proc.stderr.strip())


def check_undo_limit(r, tmp):
    """--undo-limit reaches the editor through the session (headless shares it with the
    window): the statistics report the limit, 64 MiB unless told."""
    good = os.path.join(tmp, "english.txt")
    for args, mib in (([], 64), (["--undo-limit=8"], 8), (["--undo-limit", "1024"], 1024)):
        s = r.stats(good, *args)
        if s is not None:
            r.check(s.get("undo_limit_bytes") == mib << 20 and s.get("undo_steps_dropped") == 0,
                    f"{' '.join(args) or 'no --undo-limit'}: undo limit {mib} MiB in the statistics",
                    f"{s.get('undo_limit_bytes')} bytes, {s.get('undo_steps_dropped')} dropped")
    proc = r.run("--help")
    r.check(proc.returncode == 0 and "--undo-limit=MIB" in proc.stdout,
            "--help lists --undo-limit=MIB", proc.stdout[-300:])


def check_no_fonts(r, tmp):
    """A machine without any font: fontconfig pointed at an empty font folder."""
    fonts = os.path.join(tmp, "no-fonts")
    os.makedirs(fonts, exist_ok=True)
    conf = os.path.join(fonts, "fonts.conf")
    with open(conf, "w") as f:
        f.write(f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir>'
                f'<cachedir>{fonts}</cachedir></fontconfig>\n')
    env = dict(os.environ, FONTCONFIG_FILE=conf)
    proc = subprocess.run([r.binary, "--headless", "--stats=json", os.path.join(tmp, "english.txt")],
                          capture_output=True, text=True, timeout=60, env=env)
    err = proc.stderr.strip()
    r.check(proc.returncode == 1, "no fonts installed: exits with status 1, no crash",
            f"status {proc.returncode}")
    r.check("No fonts are installed" in err and "apt install" in err,
            "no fonts installed: the message says so and what to install", repr(err))


def write_100mb(path):
    """About 100 MB of prose with some accents, Greek and CJK, in 1 MB blocks."""
    words = ("the of and glyph shared object window memory paper quiet river "
             "café naïve λόγος φως 漢字 東京").split()
    line_words = [" ".join(words[(i * 7 + j * 3) % len(words)] for j in range(14)) for i in range(97)]
    block = "\n".join(line_words * 90) + "\n"
    data = block.encode("utf-8")
    count = (100 * 1000 * 1000) // len(data) + 1
    with open(path, "wb") as f:
        for _ in range(count):
            f.write(data)
    text_chars = len(block) - block.count("\n")
    return count * len(data), count * block.count("\n") + 1, count * text_chars


def check_100mb(r, tmp, memory_checks):
    path = os.path.join(tmp, "100mb.txt")
    size, paragraphs, chars = write_100mb(path)
    s = r.stats(path)
    os.unlink(path)
    if s is None:
        return
    r.check(size >= 100_000_000, "100 MB file written", f"{size} bytes")
    r.check(s["paragraphs"] == paragraphs and s["characters"] == chars,
            "100 MB file: every paragraph and character loaded",
            f"{s['paragraphs']}/{paragraphs} paragraphs, {s['characters']}/{chars} characters")
    r.check(s["glyphs_alive"] - s["glyphs_pinned"] <= 150,
            "100 MB file: at most 150 Glyphs beside the pinned ASCII, shared by all characters",
            f"{s['glyphs_alive']} alive, {s['glyphs_pinned']} pinned")
    if memory_checks:
        per_char = (s["heap_bytes"] - s["heap_bytes_empty"]) / chars
        r.check(per_char <= 2.0, "100 MB file: at most 2 bytes of heap per character",
                f"{per_char:.2f}")


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: test_headless.py PATH/TO/glyphpad [--memory-checks]", file=sys.stderr)
        return 2
    memory_checks = sys.argv[2:] == ["--memory-checks"]
    r = Runner(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="glyphpad-headless-") as tmp:
        check_known_texts(r, tmp)
        check_large(r, tmp)
        check_invalid_utf8(r, tmp)
        check_bad_input(r, tmp)
        check_undo_limit(r, tmp)
        check_no_fonts(r, tmp)
        check_100mb(r, tmp, memory_checks)
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
