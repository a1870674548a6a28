#!/usr/bin/env python3
"""e2e_desktop.py — the desktop's conventions in the real window under Xvfb: the
title (read with xprop), New/Close/Quit and their questions, remembered settings
across a restart, a broken settings file, word wrap and the gutter, a resize that
keeps the cursor's line in view, reloading a file changed on disk, --version.

Usage: e2e_desktop.py PATH/TO/glyphpad PATH/TO/meson.build

Each check runs in its own folder, which is also its $XDG_CONFIG_HOME (so
settings.ini is the check's own) and $XDG_STATE_HOME (e2e_window.run_checks).
Prints one line per check and "N passed, N failed"; 77 (skipped) when Xvfb,
xdotool or xprop is missing.
"""
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_window as ew  # noqa: E402
from e2e_window import Failure, expect, read, wait_for, write  # noqa: E402

MESON_BUILD = sys.argv[2] if len(sys.argv) > 2 else "meson.build"


class Window(ew.Window):
    """A Window started with exactly @args (no --width/--height unless given, so
    the remembered window size applies), still with --stats-dump."""

    def __init__(self, tmp, args):
        self.stats = os.path.join(tmp, f"stats-{time.monotonic_ns()}.json")
        self.log = open(os.path.join(tmp, "glyphpad.log"), "a")
        self.proc = subprocess.Popen([ew.GLYPHPAD, "--stats-dump", self.stats] + args,
                                     stdout=self.log, stderr=self.log)
        self.wid = wait_for(self._find, "the window to map")
        wait_for(self._focus, "the window to get the keyboard focus")
        self.first = self.dump()  # the bar's first message is in it (F12 then says its own)

    def title(self):
        r = subprocess.run(["xprop", "-id", self.wid, "_NET_WM_NAME"], capture_output=True,
                           check=True)
        # _NET_WM_NAME(UTF8_STRING) = "…", with xprop's escapes for " and \
        m = re.search(rb'= "(.*)"\s*$', r.stdout, re.S)
        expect(m is not None, f"no _NET_WM_NAME: {r.stdout!r}")
        return re.sub(rb'\\(.)', rb'\1', m.group(1)).decode("utf-8")

    def geometry(self):
        r = subprocess.run(["xdotool", "getwindowgeometry", self.wid], capture_output=True,
                           text=True, check=True)
        m = re.search(r"Geometry: (\d+)x(\d+)", r.stdout)
        return int(m.group(1)), int(m.group(2))

    def wait_exit(self, what):
        wait_for(lambda: self.proc.poll() is not None, what)
        expect(self.proc.returncode == 0, f"exited with {self.proc.returncode}")


def settings_file(tmp):
    return os.path.join(tmp, "config", "glyphpad", "settings.ini")


# ---------------------------------------------------------------- checks

def check_version(tmp):
    """--version prints the version meson's project() names."""
    with open(MESON_BUILD) as f:
        want = re.search(r"version:\s*'([^']+)'", f.read()).group(1)
    r = subprocess.run([ew.GLYPHPAD, "--version"], capture_output=True, text=True,
                       timeout=ew.TIMEOUT)
    expect(r.returncode == 0, f"--version exited {r.returncode}")
    expect(r.stdout.strip() == f"glyphpad {want}", f"--version printed {r.stdout!r}, not {want}")


def check_title(tmp):
    """The title is "name — glyphpad" in UTF-8 (a name that is not ASCII), with a mark
    while modified; the mark goes on saving, and Ctrl+N makes it "untitled"."""
    path = os.path.join(tmp, "Документ café.txt")
    write(path, b"text\n")
    w = Window(tmp, [path])
    try:
        plain = "Документ café.txt — glyphpad"
        wait_for(lambda: w.title() == plain, f"the title {plain!r} (is {w.title()!r})")
        w.type("A")
        marked = "• " + plain
        wait_for(lambda: w.title() == marked, f"the title {marked!r} (is {w.title()!r})")
        w.key("ctrl+s")
        wait_for(lambda: read(path) == b"Atext\n", "the save")
        wait_for(lambda: w.title() == plain, f"the mark to go (is {w.title()!r})")
        w.key("ctrl+n")
        wait_for(lambda: w.title() == "untitled — glyphpad", f"untitled (is {w.title()!r})")
    finally:
        w.close()


def check_new_and_close(tmp):
    """Ctrl+N and Ctrl+W leave an empty untitled document; with unsaved changes they ask
    first: Esc keeps everything, y saves then closes, n closes without saving."""
    path = os.path.join(tmp, "doc.txt")
    write(path, b"one\n")
    w = Window(tmp, [path])
    try:
        w.key("ctrl+n")  # nothing unsaved: no question
        st = wait_for(lambda: (lambda s: s if s["file"] is None else None)(w.dump()), "untitled")
        expect(st["characters"] == 0 and st["question"] is None, f"not empty: {st}")
        expect(read(path) == b"one\n", "the file changed")
        w.key("ctrl+o")
        w.type(path)
        w.key("Return")
        wait_for(lambda: w.dump()["file"] == path, "the file to open again")
        w.type("X")
        w.key("ctrl+w")
        w.wait_question("unsaved")
        w.key("Escape")
        st = w.wait_question(None)
        expect(st["file"] == path and st["modified"] and st["characters"] == 4,
               f"Esc lost something: {st}")
        w.key("ctrl+n")
        w.wait_question("unsaved")
        w.key("y")
        wait_for(lambda: read(path) == b"Xone\n", f"y to save (file is {read(path)!r})")
        st = wait_for(lambda: (lambda s: s if s["file"] is None else None)(w.dump()), "untitled")
        expect(st["characters"] == 0 and not st["modified"], f"after y: {st}")
        w.key("ctrl+o")
        w.type(path)
        w.key("Return")
        wait_for(lambda: w.dump()["file"] == path, "the file to open again")
        w.type("Y")
        w.key("ctrl+w")
        w.wait_question("unsaved")
        w.key("n")
        st = wait_for(lambda: (lambda s: s if s["file"] is None else None)(w.dump()), "untitled")
        expect(not st["modified"] and st["characters"] == 0, f"after n: {st}")
        expect(read(path) == b"Xone\n", f"n saved: {read(path)!r}")
    finally:
        w.close()


def check_quit(tmp):
    """Ctrl+Q quits at once with nothing unsaved; otherwise it asks: Esc stays, y saves
    (an untitled document through the Save as prompt) and quits."""
    path = os.path.join(tmp, "q.txt")
    write(path, b"q\n")
    w = Window(tmp, [path])
    try:
        w.key("ctrl+q")
        w.wait_exit("Ctrl+Q to quit with nothing unsaved")
    finally:
        w.close()
    w = Window(tmp, [path])
    try:
        w.type("Z")
        w.key("ctrl+q")
        w.wait_question("unsaved")
        w.key("Escape")
        st = w.wait_question(None)
        expect(st["modified"] and w.proc.poll() is None, "Esc did not keep the window")
        w.key("ctrl+q")
        w.wait_question("unsaved")
        w.key("y")
        w.wait_exit("y to save and quit")
        expect(read(path) == b"Zq\n", f"y did not save: {read(path)!r}")
    finally:
        w.close()
    w = Window(tmp, [])
    try:
        new = os.path.join(tmp, "new.txt")
        w.type("fresh")
        w.key("ctrl+q")
        w.wait_question("unsaved")
        w.key("y")  # untitled: asks where
        w.type(new)
        w.key("Return")
        w.wait_exit("the save as and quit")
        expect(read(new) == b"fresh", f"the untitled text: {read(new)!r}")
    finally:
        w.close()


def check_settings_survive_restart(tmp):
    """The size of what is typed next, the window's size, the cursor in a file, word wrap and
    line numbers are there again after a restart; the command line overrides them."""
    path = os.path.join(tmp, "lines.txt")
    write(path, "".join(f"line {i} with some words\n" for i in range(1, 41)).encode())
    w = Window(tmp, [path])
    try:
        w.key("ctrl+equal")  # nothing selected: what is typed next, 16 -> 18
        subprocess.run(["xdotool", "windowsize", w.wid, "700", "420"], check=True)
        wait_for(lambda: w.geometry() == (700, 420), "the window to be 700x420")
        w.key("ctrl+Home", *(["Down"] * 19), *(["Right"] * 4))
        w.key("alt+z", "ctrl+shift+l")
        st = w.dump()
        expect(st["cursor_line"] == 20 and st["cursor_column"] == 5, f"cursor {st}")
        expect(st["word_wrap"] is False and st["line_numbers"] is True, f"toggles {st}")
        w.key("ctrl+q")
        w.wait_exit("Ctrl+Q")
    finally:
        w.close()
    w = Window(tmp, [path])
    try:
        st = w.dump()
        expect(st["size"] == 18, f"the size is {st['size']}, not the remembered 18")
        expect(w.geometry() == (700, 420), f"the window is {w.geometry()}, not 700x420")
        expect(st["cursor_line"] == 20 and st["cursor_column"] == 5,
               f"the cursor is at {st['cursor_line']}:{st['cursor_column']}, not 20:5")
        expect(st["word_wrap"] is False and st["line_numbers"] is True, f"toggles {st}")
        w.key("ctrl+q")
        w.wait_exit("Ctrl+Q")
    finally:
        w.close()
    w = Window(tmp, ["--size", "12", "--width", "500", "--height", "300", path])
    try:
        st = w.dump()
        expect(st["size"] == 12, f"--size 12 gave {st['size']}")
        expect(w.geometry() == (500, 300), f"--width/--height gave {w.geometry()}")
    finally:
        w.close()


def check_broken_settings(tmp):
    """A settings file that is not one: a message in the bar, the defaults, a .bad copy of
    the file, and the window works; the next write makes a good file."""
    conf = settings_file(tmp)
    os.makedirs(os.path.dirname(conf))
    garbage = b"[text\nsize=\xff\xfe 40\nthis is no key file\n"
    write(conf, garbage)
    path = os.path.join(tmp, "b.txt")
    write(path, b"b\n")
    w = Window(tmp, [path])
    try:
        st = w.first
        expect(st["message"] is not None and "settings" in st["message"].lower() and
               ".bad" in st["message"], f"no message about the settings: {st['message']!r}")
        expect(st["size"] == 16 and st["word_wrap"] is True, f"not the defaults: {st}")
        expect(read(conf + ".bad") == garbage, "the .bad copy differs from the broken file")
        w.type("ok ")
        w.key("ctrl+s")
        wait_for(lambda: read(path) == b"ok b\n", "the save")
        w.key("ctrl+q")
        w.wait_exit("Ctrl+Q")
    finally:
        w.close()
    expect(read(conf + ".bad") == garbage, "the .bad copy was overwritten")
    expect(b"[text]" in read(conf), f"settings.ini not rewritten: {read(conf)!r}")


def check_wrap_off_scrolls_sideways(tmp):
    """Alt+Z: a long line stays one line and the view follows the cursor sideways; typing
    at its end saves the right bytes; Alt+Z again wraps and scrolls back."""
    path = os.path.join(tmp, "long.txt")
    line = " ".join(f"word{i}" for i in range(400))
    write(path, (line + "\nshort\n").encode())
    w = Window(tmp, ["--width", "600", "--height", "300", path])
    try:
        w.key("alt+z", "End")
        st = w.dump()
        expect(st["word_wrap"] is False and st["scroll_x"] > 1000, f"no sideways scroll: {st}")
        expect(st["cursor_on_screen"], "the cursor is not on screen")
        w.type("!")
        w.key("ctrl+s")
        wait_for(lambda: read(path) == (line + "!\nshort\n").encode(), "the save")
        w.key("alt+z")
        st = w.dump()
        expect(st["word_wrap"] is True and st["scroll_x"] == 0, f"wrap back on: {st}")
    finally:
        w.close()


def check_resize_keeps_cursor(tmp):
    """A resize keeps the cursor's line in view while the paragraphs are measured again."""
    path = os.path.join(tmp, "many.txt")
    para = "a paragraph long enough to wrap into several lines when the window is narrow " * 3
    write(path, ((para + "\n") * 3000).encode())
    w = Window(tmp, ["--width", "900", "--height", "400", path])
    try:
        w.key("ctrl+End")
        expect(w.dump()["cursor_on_screen"], "not on screen after Ctrl+End")
        for size in (("400", "400"), ("1000", "500"), ("300", "300")):
            subprocess.run(["xdotool", "windowsize", w.wid, *size], check=True)
            wait_for(lambda: w.geometry() == tuple(map(int, size)), f"the window to be {size}")
            st = wait_for(lambda: (lambda s: s if s["cursor_on_screen"] else None)(w.dump()),
                          f"the cursor's line in view at {size}", timeout=10)
            expect(st["cursor_line"] == 3001, f"the cursor moved: {st['cursor_line']}")
    finally:
        w.close()


def check_reload_changed_file(tmp):
    """Another program changes the file: Ctrl+S asks, r reloads theirs, Ctrl+Z brings ours
    back, and a save then writes ours after a y."""
    path = os.path.join(tmp, "shared.txt")
    write(path, b"mine\n")
    w = Window(tmp, [path])
    try:
        w.type("X")
        write(path, b"theirs\n")
        w.key("ctrl+s")
        w.wait_question("overwrite")
        w.key("r")
        st = wait_for(lambda: (lambda s: s if s["characters"] == 6 else None)(w.dump()),
                      "their text after r")
        expect(not st["modified"], "modified after reloading")
        expect(read(path) == b"theirs\n", "reloading wrote the file")
        w.key("ctrl+z")
        st = wait_for(lambda: (lambda s: s if s["characters"] == 5 else None)(w.dump()),
                      "Ctrl+Z to bring ours back")
        w.key("ctrl+s")
        wait_for(lambda: read(path) == b"Xmine\n", f"ours saved (file is {read(path)!r})")
    finally:
        w.close()


CHECKS = [check_version, check_title, check_new_and_close, check_quit,
          check_settings_survive_restart, check_broken_settings, check_wrap_off_scrolls_sideways,
          check_resize_keeps_cursor, check_reload_changed_file]


def main():
    if shutil.which("xprop") is None:
        print("SKIP: xprop is not installed (tools/setup.sh installs x11-utils)")
        return 77
    names = sys.argv[3:]
    checks = [c for c in CHECKS if not names or c.__name__ in names]
    return ew.run_checks(checks, "glyphpad-desktop-")


if __name__ == "__main__":
    sys.exit(main())
