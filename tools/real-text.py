#!/usr/bin/env python3
"""real-text.py OUTDIR [--mb N] [--only NAME,...] — real text for glyphpad-bench.

Writes files assembled from text Debian installs and no one here wrote, so the
benchmark sees real line lengths and real scripts, not only generated prose
(whose 80-byte lines once hid a per-line cost that licences, 44 bytes a line,
and C headers, 39, exposed). Nothing it writes belongs in the repository.
All but the last are N MB:

  licences.txt    /usr/share/common-licenses/* (each distinct file once, in
                  name order), repeated to N MB
  c-source.txt    /usr/include/**/*.h in path order, to N MB (repeated if short)
  catalogues.txt  the translations (msgstr) of /usr/share/locale/*/LC_MESSAGES/*.mo,
                  one string per line, taken round-robin across languages so that
                  every script (Arabic, Hebrew, Devanagari, Thai, CJK, Cyrillic...)
                  appears in the first few hundred lines
  oneline.txt     licences.txt with its newlines turned into spaces: one line
  documentation.txt  plain-text documentation of /usr/share/doc/<package>/
                  (README*, NEWS*, changelog*, CHANGES*, TODO*, FAQ*, *.txt,
                  *.md, *.rst; .gz decompressed), in path order, each distinct
                  text once and at most its first 256 KB, so that no single
                  changelog fills the file; repeated if short
  logs.txt        the readable logs of /var/log (*.log, rotated *.log.N and
                  *.log.N.gz, apt/*.log...), in path order, repeated to N MB: a
                  machine holds far less than 10 MB of them, and it is said
                  (a log that cannot be read, say apt/term.log without group
                  adm, is skipped and counted; xz-compressed files are left out)
  empty-lines.txt 1,000,000 empty lines, generated (not real text, and not N MB):
                  the cost of a line that holds nothing

MB = 1,000,000 bytes; a file stops at the last whole line that fits. Files that
are not valid UTF-8 (or hold a NUL byte: documentation and logs) are skipped
(and counted): a benchmark of the text pipeline should not measure a decoder's
fallback. A missing source is skipped and said.
Prints, for each file, its size, its lines, the mean bytes a line and the
sources it used.
"""
import argparse
import glob
import gzip
import hashlib
import os
import re
import struct
import sys
import unicodedata

MB = 1_000_000
NAMES = ("licences", "c-source", "catalogues", "oneline", "documentation", "logs",
         "empty-lines")
LICENCES = "/usr/share/common-licenses"
INCLUDE = "/usr/include"
LOCALE = "/usr/share/locale"
DOC = "/usr/share/doc"
DOC_NAME = re.compile(r"^(readme|news|changelog|changes|todo|faq)|\.(txt|md|rst)$", re.I)
DOC_FILE_MAX = 256 * 1024
LOG = "/var/log"
LOG_GLOBS = ("*.log", "*.log.[0-9]", "*.log.[0-9].gz", "*.log.[0-9][0-9].gz")
EMPTY_LINES = 1_000_000


# ------------------------------------------------------------------ sources

def read_utf8(path):
    """The text of @path, or None when it is unreadable or not UTF-8."""
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def distinct_files(paths):
    """@paths without symlinks to a file already listed (GPL -> GPL-3)."""
    seen, out = set(), []
    for p in paths:
        real = os.path.realpath(p)
        if os.path.isfile(real) and real not in seen:
            seen.add(real)
            out.append(p)
    return out


def text_of_files(paths):
    """(the concatenated UTF-8 texts, files used, files skipped as not UTF-8)."""
    parts, skipped = [], 0
    for p in paths:
        t = read_utf8(p)
        if t is None:
            skipped += 1
            continue
        parts.append(t if t.endswith("\n") else t + "\n")
    return "".join(parts), len(parts), skipped


def licences_text():
    if not os.path.isdir(LICENCES):
        return None, f"{LICENCES}: absent, skipped"
    paths = distinct_files(sorted(glob.glob(os.path.join(LICENCES, "*"))))
    text, used, skipped = text_of_files(paths)
    note = f"{used} distinct files of {LICENCES} ({len(text.encode()):,} bytes)"
    return text, note + (f", {skipped} not UTF-8 skipped" if skipped else "")


def headers_text(limit):
    """Headers in path order until @limit bytes (all of them if fewer)."""
    if not os.path.isdir(INCLUDE):
        return None, f"{INCLUDE}: absent, skipped"
    parts, size, used, skipped = [], 0, 0, 0
    for p in sorted(glob.glob(os.path.join(INCLUDE, "**", "*.h"), recursive=True)):
        t = read_utf8(p)
        if t is None:
            skipped += 1
            continue
        parts.append(t if t.endswith("\n") else t + "\n")
        used += 1
        size += len(parts[-1].encode())
        if size >= limit:
            break
    note = f"{used} headers of {INCLUDE} in path order ({size:,} bytes)"
    return "".join(parts), note + (f", {skipped} not UTF-8 skipped" if skipped else "")


# ------------------------------------------------------------------ documentation and logs

def read_text(path):
    """The text of @path, gunzipped when it ends in .gz; None when it is
    unreadable, not UTF-8, or holds a NUL byte (a binary file)."""
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            data = f.read()
        return None if b"\0" in data else data.decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):
        return None


def head_lines(text, limit):
    """@text cut at the last whole line within @limit bytes (all of it if shorter)."""
    data = text.encode()
    if len(data) <= limit:
        return text
    cut = data.rfind(b"\n", 0, limit)
    return data[:cut + 1].decode() if cut >= 0 else ""


def gather(paths, limit, per_file):
    """Texts of @paths in order, each distinct text once and at most @per_file
    bytes, until @limit bytes: (text, paths used, skipped, bytes)."""
    parts, used, seen, size, skipped = [], [], set(), 0, 0
    for p in paths:
        t = read_text(p)
        if t is None:
            skipped += 1
            continue
        digest = hashlib.sha1(t.encode()).digest()
        if digest in seen or not t.strip():
            continue
        seen.add(digest)
        t = head_lines(t if t.endswith("\n") else t + "\n", per_file)
        parts.append(t)
        used.append(p)
        size += len(t.encode())
        if size >= limit:
            break
    return "".join(parts), used, skipped, size


def doc_paths():
    """The documentation files under DOC in path order (symlinks left out:
    they point at a file listed elsewhere)."""
    out = []
    for root, dirs, files in os.walk(DOC):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            name = f[:-3] if f.endswith(".gz") else f
            if DOC_NAME.search(name) and not os.path.islink(p):
                out.append(p)
    return out


def documentation_text(limit):
    if not os.path.isdir(DOC):
        return None, f"{DOC}: absent, skipped"
    text, used, skipped, size = gather(doc_paths(), limit, DOC_FILE_MAX)
    if not text:
        return None, f"{DOC}: no readable documentation, skipped"
    note = (f"{len(used)} distinct documentation files of {DOC} in path order, each at most "
            f"{DOC_FILE_MAX // 1024} KB ({size:,} bytes), {used[0]} to {used[-1]}")
    if skipped:
        note += f", {skipped} binary, unreadable or not UTF-8 skipped"
    return text, note + (", repeated" if size < limit else "")


def logs_text(limit):
    paths = sorted({p for d in (LOG, os.path.join(LOG, "apt")) for g in LOG_GLOBS
                    for p in glob.glob(os.path.join(d, g)) if os.path.isfile(p)})
    text, used, skipped, size = gather(paths, limit, limit)
    if not text:
        return None, f"{LOG}: no readable log, skipped"
    note = f"{len(used)} logs of {LOG} ({size:,} bytes: {', '.join(used)})"
    if skipped:
        note += f", {skipped} unreadable (permissions) or not text skipped"
    if size < limit:
        note += (f"; TOO LITTLE log text on this machine for {limit / MB:g} MB: "
                 f"repeated {limit / size:.1f} times")
    return text, note


# ------------------------------------------------------------------ .mo files

def mo_strings(path):
    """The translations in a GNU .mo file: a list of strings, plural forms
    separated, newlines inside a string turned into spaces, the header (the
    translation of the empty msgid) left out. [] when it is not a .mo file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 28:
        return []
    magic = struct.unpack_from("<I", data)[0]
    order = {0x950412DE: "<", 0xDE120495: ">"}.get(magic)
    if order is None:
        return []
    _, count, originals, translations = struct.unpack_from(order + "4I", data, 4)
    out = []
    for i in range(count):
        olen, _ = struct.unpack_from(order + "2I", data, originals + 8 * i)
        tlen, toff = struct.unpack_from(order + "2I", data, translations + 8 * i)
        if olen == 0:
            continue  # the header
        try:
            text = data[toff:toff + tlen].decode("utf-8")
        except UnicodeDecodeError:
            continue
        for form in text.split("\0"):
            line = " ".join(form.split("\n")).strip()
            if line:
                out.append(line)
    return out


def catalogue_languages():
    """{language directory: its strings, in domain order}; languages without
    any string are left out."""
    languages = {}
    for lang in sorted(os.listdir(LOCALE)):
        strings = []
        for mo in sorted(glob.glob(os.path.join(LOCALE, lang, "LC_MESSAGES", "*.mo"))):
            try:
                strings.extend(mo_strings(mo))
            except (OSError, struct.error):
                continue
        if strings:
            languages[lang] = strings
    return languages


def round_robin(languages):
    """One string from each language in turn, until all are used."""
    queues = [iter(s) for s in languages.values()]
    while queues:
        alive = []
        for q in queues:
            line = next(q, None)
            if line is not None:
                alive.append(q)
                yield line
        queues = alive


def catalogues_text():
    if not os.path.isdir(LOCALE):
        return None, f"{LOCALE}: absent, skipped"
    languages = catalogue_languages()
    if not languages:
        return None, f"{LOCALE}: no readable .mo file, skipped"
    n_mo = len(glob.glob(os.path.join(LOCALE, "*", "LC_MESSAGES", "*.mo")))
    n_strings = sum(len(s) for s in languages.values())
    text = "\n".join(round_robin(languages)) + "\n"
    note = (f"{n_mo} .mo files of {LOCALE}, {len(languages)} languages, "
            f"{n_strings:,} strings ({len(text.encode()):,} bytes), round-robin")
    return text, note


# ------------------------------------------------------------------ output

def fill(text, limit):
    """@text repeated, cut at the last whole line within @limit bytes."""
    data = text.encode()
    if not data:
        return b""
    times = -(-limit // len(data))
    whole = (data * times)[:limit]
    cut = whole.rfind(b"\n")
    return whole[:cut + 1] if cut >= 0 else whole


def scripts_seen(data, lines):
    """The scripts (first word of a character's Unicode name) among the
    letters of the first @lines lines, most frequent first."""
    counts = {}
    head = b"\n".join(data.split(b"\n", lines)[:lines]).decode("utf-8", "replace")
    for ch in head:
        if ch.isalpha():
            name = unicodedata.name(ch, "?").split(" ")[0]
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda k: -counts[k])


def write(outdir, name, data, note, scripts=False):
    path = os.path.join(outdir, name + ".txt")
    with open(path, "wb") as f:
        f.write(data)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    mean = len(data) / lines if lines else 0
    print(f"{path}: {len(data):,} bytes, {lines:,} lines, {mean:,.1f} bytes/line")
    print(f"  from: {note}")
    if scripts:
        print(f"  scripts in the first 500 lines: {', '.join(scripts_seen(data, 500))}")


def source(name, limit, licences):
    """(the text @name is made of, a note on where it came from); the text is
    None when the source is missing. @licences: licences_text() when needed."""
    if name == "licences":
        return licences
    if name == "oneline":
        return licences[0], licences[1] + ", newlines turned into spaces"
    if name == "c-source":
        return headers_text(limit)
    if name == "documentation":
        return documentation_text(limit)
    if name == "logs":
        return logs_text(limit)
    if name == "empty-lines":
        return "\n" * EMPTY_LINES, f"generated: {EMPTY_LINES:,} empty lines (--mb does not apply)"
    return catalogues_text()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--mb", type=float, default=10, help="size of each file in MB (default 10)")
    ap.add_argument("--only", default=",".join(NAMES),
                    help="comma-separated subset of " + ",".join(NAMES))
    args = ap.parse_args()
    wanted = [n for n in args.only.split(",") if n]
    unknown = [n for n in wanted if n not in NAMES]
    if unknown or args.mb <= 0:
        ap.error(f"unknown file {unknown}" if unknown else "--mb must be positive")
    os.makedirs(args.outdir, exist_ok=True)
    limit = int(args.mb * MB)
    print(f"$ {' '.join(sys.argv)}\n")
    licences = (None, "")
    if "licences" in wanted or "oneline" in wanted:
        licences = licences_text()
    for name in wanted:
        text, note = source(name, limit, licences)
        if text is None:
            print(f"{name}.txt: not written: {note}")
            continue
        data = text.encode() if name == "empty-lines" else fill(text, limit)
        if name == "oneline":
            data = data[:-1].replace(b"\n", b" ") + b"\n"
        write(args.outdir, name, data, note, scripts=name == "catalogues")
    return 0


if __name__ == "__main__":
    sys.exit(main())
