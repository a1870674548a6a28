#!/usr/bin/env python3
"""e2e_keys.py — the editing keys and the pickers of issue 12, in the real window under Xvfb.

Usage: e2e_keys.py PATH/TO/glyphpad

Ctrl+Backspace and Ctrl+Delete by word; Tab and Shift+Tab over selected lines; the
primary selection and middle-click paste; autoscroll while a selection is dragged past
the bottom edge; double- and triple-click drags; Ctrl+0; the font picker (Ctrl+Shift+T)
with its completion; the choices Tab lists above the open prompt; the shortcut panel
(F10), checked against every row of src/app/window/keymap.c's table. Edits are checked
in the bytes Ctrl+S saves; the window's state in its F12 statistics (--stats-dump),
which show the panel's lines and the choices' line as drawn. Mouse positions are in the
window's points: the text area starts 8 px from the left and 4 px from the top, a line
of 16 px DejaVu Sans is 19 px high.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_window as ew  # noqa: E402  (the Window helper and the X server)
from e2e_window import Failure, expect, read, wait_for, write  # noqa: E402

KEYMAP_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "app",
                        "window", "keymap.c")
LINE = 19  # px: a line of DejaVu Sans 16 px
FIRST = 13  # px: the middle of the first line


def mouse(w, *args):
    """xdotool mouse commands (mousemove --window, click, mousedown...), paced."""
    subprocess.run(["xdotool"] + list(args), check=True)
    time.sleep(0.1)


def move(w, x, y):
    mouse(w, "mousemove", "--window", w.wid, str(x), str(y))


def saved(w, path, want):
    """Ctrl+S, then waits for the file to hold @want."""
    w.key("ctrl+s")
    wait_for(lambda: read(path) == want, f"the saved file to be {want!r} (is {read(path)!r})")


def in_use(st):
    return {(s["family"], s["px"]) for s in st["styles"] if s["references"] > 0}


# ---------------------------------------------------------------- editing keys

def check_delete_word(tmp):
    """Ctrl+Backspace deletes back to the previous word's start, Ctrl+Delete on to the next
    word's end (Ctrl+Left/Right's stops); each is one undo step."""
    path = os.path.join(tmp, "words.txt")
    write(path, b"alpha beta, gamma")
    w = ew.Window(tmp, [path])
    try:
        w.key("ctrl+End", "ctrl+BackSpace")
        saved(w, path, b"alpha beta, ")
        w.key("ctrl+BackSpace")
        saved(w, path, b"alpha ")
        w.key("ctrl+z")
        saved(w, path, b"alpha beta, ")
        w.key("ctrl+Home", "ctrl+Delete")
        saved(w, path, b" beta, ")
        w.key("ctrl+Delete", "ctrl+Delete")
        saved(w, path, b"")
        w.key("ctrl+z")
        saved(w, path, b", ")
    finally:
        w.close()


def check_indent_lines(tmp):
    """Tab over a selection of lines indents them (not the line the selection ends at the start
    of, nor empty ones), Shift+Tab unindents (a tab or up to four spaces); one undo step each;
    the selection stays over the lines, so Tab again indents again. Tab without one inserts."""
    path = os.path.join(tmp, "indent.txt")
    write(path, b"one\n\n      two\nthree\n")
    w = ew.Window(tmp, [path])
    try:
        w.key("ctrl+Home", "Right", "shift+Down", "shift+Down", "shift+Down", "shift+Home")
        w.key("Tab")
        saved(w, path, b"\tone\n\n\t      two\nthree\n")
        w.key("Tab")
        saved(w, path, b"\t\tone\n\n\t\t      two\nthree\n")
        w.key("shift+Tab", "shift+Tab", "shift+Tab")
        saved(w, path, b"one\n\n  two\nthree\n")
        w.key("ctrl+z")
        saved(w, path, b"one\n\n      two\nthree\n")
        w.key("ctrl+End", "Up", "Tab")  # no selection: a tab is typed
        saved(w, path, b"one\n\n      two\n\tthree\n")
    finally:
        w.close()


def check_default_size(tmp):
    """Ctrl+0 puts the size back to the one the window started with (--size, 16 by default)."""
    w = ew.Window(tmp, [])
    try:
        w.key("ctrl+equal", "ctrl+equal")
        w.type("a")
        w.key("ctrl+0")
        w.type("b")
        st = w.dump()
        expect(in_use(st) == {("DejaVu Sans", 20), ("DejaVu Sans", 16)},
               f"after Ctrl+= Ctrl+= a Ctrl+0 b: {in_use(st)}")
        expect("16px" in (st["message"] or ""), f"the bar says {st['message']!r}")
    finally:
        w.close()


# ---------------------------------------------------------------- the mouse

def check_middle_click_pastes_primary(tmp):
    """A double click selects a word and offers it as the primary selection; a middle click
    pastes it where it is made (here: past the end of the second line)."""
    path = os.path.join(tmp, "primary.txt")
    write(path, b"hello world\nX")
    w = ew.Window(tmp, [path])
    try:
        move(w, 20, FIRST)
        mouse(w, "click", "--repeat", "2", "--delay", "80", "1")
        move(w, 400, FIRST + LINE)
        mouse(w, "click", "2")
        saved(w, path, b"hello world\nXhello")
        got = subprocess.run(["xdotool", "version"], capture_output=True)  # X still answers
        expect(got.returncode == 0, "xdotool stopped answering")
    finally:
        w.close()


def check_drag_autoscroll(tmp):
    """Dragging a selection below the window scrolls the text by itself, faster further away,
    and the selection follows: Ctrl+X then cuts more lines than a screen holds."""
    path = os.path.join(tmp, "long.txt")
    data = b"".join(b"line %d\n" % i for i in range(400))
    write(path, data)
    w = ew.Window(tmp, [path])
    try:
        move(w, 30, FIRST)
        mouse(w, "mousedown", "1")
        move(w, 30, 200)
        move(w, 30, 560)  # 60 px below the window
        first = wait_for(lambda: (lambda y: y if y > 0 else None)(w.dump()["scroll_y"]),
                         "the text to scroll while the pointer is below the window")
        time.sleep(0.5)
        later = w.dump()["scroll_y"]
        expect(later > first, f"scrolling stopped: {first} then {later}")
        move(w, 30, 700)  # further: faster
        a = w.dump()["scroll_y"]
        time.sleep(0.5)
        b = w.dump()["scroll_y"]
        expect(b - a > later - first, f"not faster further away: {later - first} then {b - a} px")
        mouse(w, "mouseup", "1")
        w.key("ctrl+x")
        w.key("ctrl+s")
        rest = wait_for(lambda: (lambda d: d if d != data else None)(read(path)), "the cut")
        cut = data[:len(data) - len(rest)]
        expect(data.endswith(rest), "the cut was not from the start")
        lines = cut.count(b"\n")
        expect(lines > 40, f"only {lines} lines selected by the drag")
    finally:
        w.close()


def check_double_triple_drag(tmp):
    """A double-click drag extends by whole words, a triple-click drag by whole paragraphs."""
    path = os.path.join(tmp, "drag.txt")
    text = b"one two three four\nfive six\nseven eight"
    write(path, text)
    w = ew.Window(tmp, [path])
    try:
        move(w, 20, FIRST)
        mouse(w, "click", "1")
        mouse(w, "mousedown", "1")  # the second press of a double click, held
        move(w, 22, FIRST + LINE)  # inside "five"
        mouse(w, "mouseup", "1")
        w.key("ctrl+x")
        saved(w, path, b" six\nseven eight")
        w.key("ctrl+z")
        saved(w, path, text)
        move(w, 200, FIRST + LINE)  # past the end of "five six"
        mouse(w, "click", "--repeat", "2", "--delay", "60", "1")
        mouse(w, "mousedown", "1")  # the third press, held
        move(w, 20, FIRST + 2 * LINE)
        mouse(w, "mouseup", "1")
        w.key("ctrl+x")
        saved(w, path, b"one two three four\n")
    finally:
        w.close()


# ---------------------------------------------------------------- pickers and panels

def families():
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return {line.split(",")[0] for line in out.splitlines() if line}


def exit_dump(w):
    """The statistics the window writes as it exits at SIGTERM (with nothing unsaved): F12
    does nothing while the prompt is open, but what the last frame drew is still there."""
    os.unlink(w.stats)
    w.proc.send_signal(signal.SIGTERM)
    wait_for(lambda: w.proc.poll() is not None, "the window to exit")
    return json.load(open(w.stats))


def check_font_picker(tmp):
    """Ctrl+Shift+T asks for a family: Tab completes it, Enter gives what is typed next that
    family; an unknown one is said and changes nothing."""
    w = ew.Window(tmp, [])
    try:
        w.key("ctrl+shift+t")
        w.type("dejavu sans m")
        w.key("Tab", "Return")
        w.type("m")
        st = w.dump()
        expect(("DejaVu Sans Mono", 16) in in_use(st), f"styles in use: {in_use(st)}")
        w.key("ctrl+shift+t")
        w.type("No Such Family")
        w.key("Return")
        st = w.dump()
        expect("No installed family" in (st["message"] or ""), f"the bar says {st['message']!r}")
        w.key("ctrl+shift+t")
        w.type("DejaVu Serif")
        w.key("Return")
        w.type("s")
        expect(("DejaVu Serif", 16) in in_use(w.dump()), "DejaVu Serif was not chosen")
    finally:
        w.close()


def check_font_picker_lists(tmp):
    """Tab in the font picker lists the families it could complete to above the prompt, as
    many as fit and "and N more"; typing forgets the list."""
    noto = sorted((f for f in families() if f.lower().startswith("noto sans ")), key=str.lower)
    expect(len(noto) > 10, f"too few Noto Sans families installed: {noto}")
    w = ew.Window(tmp, [])
    try:
        w.key("ctrl+shift+t")
        w.type("Noto Sans ")
        w.key("Tab")
        shown = exit_dump(w)["choices"] or ""
        listed = shown.split("   ")
        more = re.fullmatch(r"and (\d+) more", listed[-1])
        expect(more is not None, f"no 'and N more' at the end of {shown!r}")
        expect(listed[:-1] == noto[:len(listed) - 1], f"not the first families: {shown!r}")
        expect(int(more.group(1)) == len(noto) - (len(listed) - 1),
               f"{len(noto)} families, the line says {shown!r}")
    finally:
        w.close()
    w = ew.Window(tmp, [])
    try:
        w.key("ctrl+shift+t")
        w.type("Noto Sans ")
        w.key("Tab")
        w.type("x")
        expect(exit_dump(w)["choices"] is None, "the choices stayed after typing")
    finally:
        w.close()


def check_open_prompt_lists(tmp):
    """Tab in the open prompt with several matches lists them above it, all when they fit."""
    for name in ("report-a.txt", "report-b.txt", "report-c.txt"):
        write(os.path.join(tmp, name), b"r\n")
    w = ew.Window(tmp, [])
    try:
        w.key("ctrl+o")
        w.type(os.path.join(tmp, "rep"))
        w.key("Tab")
        shown = exit_dump(w)["choices"]
        expect(shown == "report-a.txt   report-b.txt   report-c.txt", f"choices line: {shown!r}")
    finally:
        w.close()


def keymap_rows():
    """(heading or None, what) of every row of keymap.c's table, read from the source."""
    rows = []
    source = open(KEYMAP_C).read()
    table = source[source.index("KEYMAP[] = {"):source.index("};", source.index("KEYMAP[] = {"))]
    for line in table.splitlines():
        group = re.search(r'GROUP\("([^"]*)"\)', line)
        row = re.search(r'\{SDLK_\w+,.*"([^"]*)"\},', line)
        if group:
            rows.append((group.group(1), None))
        elif row:
            rows.append((None, row.group(1)))
    return rows


def dark(rgb):
    """The fraction of pixels as dark as the panel's background."""
    return sum(1 for i in range(0, len(rgb), 3 * 11) if rgb[i] < 60) / max(1, len(rgb) // 33)


def check_keys_panel(tmp):
    """F10 shows every row of the key table under its group's heading (read from keymap.c
    here), drawn over the window; Esc closes it, and so does F10 again."""
    w = ew.Window(tmp, [])
    try:
        ew.drawn(w.pixels, "the window to be drawn")
        w.key("F10")
        panel = w.dump()["keys_panel"]
        expect(panel is not None, "F10 did not open the panel")
        lines = panel.splitlines()
        rows = keymap_rows()
        expect(len(rows) > 40, f"read only {len(rows)} rows from keymap.c")
        heading = None
        for group, what in rows:
            if group is not None:
                expect(group in lines, f"no heading {group!r}")
                heading = lines.index(group)
                continue
            found = [i for i, line in enumerate(lines) if line.endswith("\t" + what)]
            expect(found, f"no line for {what!r}")
            expect(found[0] > heading, f"{what!r} is not under its heading")
        for key in ("F10\tshow or hide this list of keys", "Ctrl+Shift+T\t", "Ctrl+Backspace\t",
                    "Shift+Tab\t", "Ctrl+0, Ctrl+Keypad 0\t"):
            expect(any(line.strip().startswith(key) for line in lines), f"no line for {key!r}")
        expect(dark(w.pixels()) > 0.5, "the panel is not drawn over the window")
        w.key("Escape")
        expect(w.dump()["keys_panel"] is None, "Esc did not close the panel")
        w.key("F10")
        expect(w.dump()["keys_panel"] is not None, "F10 did not open it again")
        w.key("F10")
        expect(w.dump()["keys_panel"] is None, "F10 did not close it")
        wait_for(lambda: dark(w.pixels()) < 0.1, "the text drawn again without the panel")
    finally:
        w.close()


CHECKS = [check_delete_word, check_indent_lines, check_default_size,
          check_middle_click_pastes_primary, check_drag_autoscroll, check_double_triple_drag,
          check_font_picker, check_font_picker_lists, check_open_prompt_lists, check_keys_panel]


def main():
    only = os.environ.get("E2E_ONLY")
    checks = [c for c in CHECKS if only is None or c.__name__ in only.split(",")]
    return ew.run_checks(checks, "glyphpad-keys-")


if __name__ == "__main__":
    sys.exit(main())
