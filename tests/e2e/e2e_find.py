#!/usr/bin/env python3
"""e2e_find.py — the find, replace and go-to-line bar in the real window under Xvfb.

Usage: e2e_find.py GLYPHPAD. Types a search and reads the count from the F12 dump
("find_bar"), steps next and previous, replaces one match and all of them (undoing
all with one Ctrl+Z), goes to LINE:COL and refuses bad input, and checks the saved
bytes after each. Shares e2e_window.py's Window and runner. Exit 77 (skipped) when
Xvfb or xdotool is missing."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_window  # noqa: E402
from e2e_window import Window, expect, read, wait_for, write  # noqa: E402


def find_bar(w):
    return w.dump()["find_bar"] or ""


def wait_bar(w, text):
    return wait_for(lambda: (lambda b: b if text in b else None)(find_bar(w)),
                    f"the find bar to say {text!r} (says {find_bar(w)!r})")


def save_and_read(w, path, want):
    w.key("ctrl+s")
    wait_for(lambda: read(path) == want, f"the saved file to be {want!r} (is {read(path)!r})")


def check_find_count_next_prev(tmp):
    """Ctrl+F and typing searches as you type, counts ("2 of 3"), Enter/F3 go on,
    Shift+F3 back, wrapping with a note; Esc leaves the match selected, so typing
    replaces it."""
    path = os.path.join(tmp, "find.txt")
    write(path, b"alpha beta\ngamma BETA delta\nbeta\n")
    w = Window(tmp, [path])
    try:
        w.key("ctrl+f")
        w.type("beta")
        wait_bar(w, "1 of 3")
        w.key("Return")
        wait_bar(w, "2 of 3")
        w.key("F3")
        wait_bar(w, "3 of 3")
        w.key("F3")
        bar = wait_bar(w, "1 of 3")
        expect("Wrapped" in bar, f"no note of wrapping: {bar!r}")
        w.key("shift+F3")
        wait_bar(w, "3 of 3")
        w.key("alt+c")  # match case: BETA no longer matches
        wait_bar(w, "of 2")
        w.key("Escape")
        wait_for(lambda: w.dump()["find_bar"] is None, "the bar to close")
        w.type("X")
        save_and_read(w, path, b"alpha beta\ngamma BETA delta\nX\n")
    finally:
        w.close()


def check_whole_word_regex(tmp):
    """Alt+W and Alt+R change what matches; a bad expression is said, not a crash."""
    path = os.path.join(tmp, "words.txt")
    write(path, b"cat concat cat5 cats\n")
    w = Window(tmp, [path])
    try:
        w.key("ctrl+f")
        w.type("cat")
        wait_bar(w, "of 4")
        w.key("alt+w")
        wait_bar(w, "1 of 1")
        w.key("alt+w", "alt+r", "BackSpace", "BackSpace", "BackSpace")
        w.type("cat[0-9]")
        wait_bar(w, "1 of 1")
        w.type("(")
        bar = wait_bar(w, "[x] regex")
        expect("missing" in bar or "error" in bar.lower(), f"no error for a bad expression: {bar!r}")
    finally:
        w.close()


def check_replace_and_all(tmp):
    """Ctrl+H: Tab to the replacement, Enter replaces the current match and moves on;
    Ctrl+Alt+Enter replaces every match, and one Ctrl+Z undoes them all."""
    path = os.path.join(tmp, "replace.txt")
    original = b"one fish two fish\nred fish blue fish\n"
    write(path, original)
    w = Window(tmp, [path])
    try:
        w.key("ctrl+h")
        w.type("fish")
        wait_bar(w, "1 of 4")
        w.key("Tab")
        w.type("cod")
        w.key("Return")  # replaces the first, selects the next
        wait_bar(w, "1 of 3")
        save_and_read(w, path, b"one cod two fish\nred fish blue fish\n")
        w.key("ctrl+alt+Return")
        bar = wait_bar(w, "Replaced 3 matches")
        save_and_read(w, path, b"one cod two cod\nred cod blue cod\n")
        w.key("ctrl+z")
        save_and_read(w, path, b"one cod two fish\nred fish blue fish\n")
        w.key("ctrl+z")
        save_and_read(w, path, original)
    finally:
        w.close()


def check_replace_non_latin(tmp):
    """A search and a replace-all in Arabic and Chinese text keep every other byte."""
    path = os.path.join(tmp, "scripts.txt")
    text = "مرحبا بالعالم، عربي\n这是中文句子，中文\n"
    write(path, text.encode())
    w = Window(tmp, [path])
    try:
        w.key("ctrl+h")
        w.type("x")  # the first text typed through a new key mapping may be lost: a probe
        w.key("BackSpace")
        w.type("中文")
        wait_bar(w, "1 of 2")
        w.key("Tab")
        w.type("汉语")
        w.key("ctrl+alt+Return")
        wait_bar(w, "Replaced 2 matches")
        save_and_read(w, path, text.replace("中文", "汉语").encode())
    finally:
        w.close()


def check_go_to_line(tmp):
    """Ctrl+G takes LINE or LINE:COL; bad input and a line past the end are said and the
    bar stays open; the cursor lands where asked (checked by typing there)."""
    path = os.path.join(tmp, "lines.txt")
    write(path, "first\nsecond line\nthird ü line\n".encode())
    w = Window(tmp, [path])
    try:
        w.key("ctrl+g")
        w.type("abc")
        w.key("Return")
        wait_bar(w, "is not a line")
        for _ in range(3):
            w.key("BackSpace")
        w.type("9")
        w.key("Return")
        wait_bar(w, "There is no line 9")
        w.key("BackSpace")
        w.type("3:8")
        w.key("Return")
        wait_for(lambda: w.dump()["find_bar"] is None, "the bar to close")
        w.type("#")
        save_and_read(w, path, "first\nsecond line\nthird ü# line\n".encode())
    finally:
        w.close()


def check_bar_keeps_editing_keys(tmp):
    """While the bar is open the match is selected: Tab, Shift+Tab, Delete,
    Ctrl+Backspace, Ctrl+X and Ctrl+V act on the field, never on the document
    (they used to replace the match, or with Ctrl+A delete everything)."""
    path = os.path.join(tmp, "keys.txt")
    text = b"one beta two\nbeta three\n"
    write(path, text)
    w = Window(tmp, [path])
    try:
        w.key("ctrl+f")
        w.type("beta")
        wait_bar(w, "1 of 2")
        w.key("Tab", "shift+Tab", "Delete", "ctrl+a", "Delete")
        w.key("ctrl+x")  # the field, cut to the clipboard
        wait_for(lambda: "beta" not in find_bar(w), f"the field to be cut ({find_bar(w)!r})")
        w.key("ctrl+v")  # and pasted back into it
        wait_bar(w, "of 2")
        w.key("ctrl+BackSpace")  # the field's last word
        wait_for(lambda: "beta" not in find_bar(w), f"the word to go ({find_bar(w)!r})")
        w.key("Escape")
        st = w.dump()
        expect(st["modified"] is False and st["characters"] == 22, f"the document changed: {st}")
        w.key("ctrl+s")
        expect(read(path) == text, f"the saved bytes changed: {read(path)!r}")
    finally:
        w.close()


CHECKS = [check_bar_keeps_editing_keys, check_find_count_next_prev, check_whole_word_regex, check_replace_and_all,
          check_replace_non_latin, check_go_to_line]


def main():
    if len(sys.argv) > 1:
        e2e_window.GLYPHPAD = os.path.abspath(sys.argv[1])
    return e2e_window.run_checks(CHECKS, "glyphpad-find-")


if __name__ == "__main__":
    sys.exit(main())
