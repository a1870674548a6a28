#!/usr/bin/env python3
"""e2e_window.py — drives the real glyphpad window under Xvfb with xdotool.

Usage: e2e_window.py PATH/TO/glyphpad

Each check starts the window on its own files, sends real X key events (the
same path a person's keyboard takes: SDL_KEYDOWN and SDL_TEXTINPUT), and looks
only at what the program produces: the bytes it saves, the JSON statistics it
dumps on F12 (--stats-dump), its exit, and pixels read back from the X server.
Prints one line per check and "N passed, N failed"; exits 1 when any failed,
77 (skipped) when Xvfb or xdotool is missing.

Every wait is for an event, polled with a generous limit (TIMEOUT), so a busy
machine makes a check slower, never wrong: the window appearing and getting the
focus, the F12 dump appearing (F12 is handled after every event sent before it),
a question opening, the saved file's bytes, pixels changing. Sleeps only pace
the keys, as a person's typing would.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

GLYPHPAD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/glyphpad"
TIMEOUT = 60.0  # seconds; a limit for events that normally take well under one


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def wait_for(pred, what, timeout=TIMEOUT):
    """Polls pred() until it returns a true value; fails with @what after @timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = pred()
        if value:
            return value
        time.sleep(0.05)
    raise Failure("timed out waiting for " + what)


# ---------------------------------------------------------------- X server

def start_xvfb():
    n = 120 + os.getpid() % 200
    while os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
        n += 1
    display = f":{n}"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp",
                             "-noreset"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=display)
    wait_for(lambda: subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0,
             "Xvfb " + display)
    return proc, display


class Window:
    """One glyphpad process and its X window."""

    def __init__(self, tmp, args):
        self.stats = os.path.join(tmp, f"stats-{time.monotonic_ns()}.json")
        self.log = open(os.path.join(tmp, "glyphpad.log"), "a")
        cmd = [GLYPHPAD, "--width", "800", "--height", "500", "--stats-dump", self.stats] + args
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=self.log)
        self.wid = wait_for(self._find, "the window to map")
        wait_for(self._focus, "the window to get the keyboard focus")
        self.dump()  # the window has handled its focus (and everything before): keys reach it

    def _alive(self):
        if self.proc.poll() is not None:
            raise Failure(f"glyphpad exited with {self.proc.returncode}")

    def _focus(self):
        self._alive()
        subprocess.run(["xdotool", "windowfocus", self.wid], capture_output=True)
        r = subprocess.run(["xdotool", "getwindowfocus"], capture_output=True, text=True)
        return r.stdout.strip() == self.wid

    def _find(self):
        if self.proc.poll() is not None:
            raise Failure(f"glyphpad exited with {self.proc.returncode} before its window showed")
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.proc.pid)],
                           capture_output=True, text=True)
        ids = r.stdout.split()
        return ids[-1] if ids else None

    def key(self, *keys):
        subprocess.run(["xdotool", "key", "--delay", "40"] + list(keys), check=True)
        time.sleep(0.15)

    def type(self, text):
        subprocess.run(["xdotool", "type", "--delay", "40", text], check=True)
        time.sleep(0.15)

    def dump(self):
        """Presses F12 and returns the statistics JSON it writes. The window handles F12
        after every event sent before it (keys held during a load stay held, though)."""
        if os.path.exists(self.stats):
            os.unlink(self.stats)
        self.key("F12")
        return wait_for(self._read_dump, "the F12 statistics dump")

    def _read_dump(self):
        self._alive()
        try:
            with open(self.stats) as f:
                return json.load(f)
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def wait_question(self, name):
        """Waits until the bar asks @name ("unsaved", "overwrite", "recover"; None: no
        question); returns that dump."""
        return wait_for(lambda: (lambda st: st if st["question"] == name else None)(self.dump()),
                        f"the question to be {name}")

    def pixels(self):
        """The window's pixels as raw RGB bytes, read from the X server."""
        r = subprocess.run(["import", "-window", self.wid, "-depth", "8", "rgb:-"],
                           capture_output=True, check=True)
        return r.stdout

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- checks

def check_type_and_save(tmp):
    """Typing, Enter, Backspace, Home and non-ASCII text end up byte for byte in the file."""
    path = os.path.join(tmp, "typed.txt")
    write(path, b"Hello\n")
    w = Window(tmp, [path])
    try:
        w.key("ctrl+End")
        w.type("world")
        w.key("Return")
        w.type("\u03bbx")
        w.key("BackSpace", "Home")
        w.type(">")
        w.key("ctrl+s")
        want = "Hello\nworld\n>\u03bb".encode()
        wait_for(lambda: read(path) == want, f"the saved file to be {want!r} (is {read(path)!r})")
        expect(w.dump()["modified"] is False, "still marked modified after Ctrl+S")
    finally:
        w.close()


def check_clipboard_undo(tmp):
    """Shift+Ctrl+Right selects a word; Ctrl+C / Ctrl+V copy it; Ctrl+Z / Ctrl+Y undo and redo."""
    path = os.path.join(tmp, "clip.txt")
    write(path, b"alpha beta\n")
    w = Window(tmp, [path])
    try:
        w.key("ctrl+Home", "ctrl+shift+Right", "ctrl+c", "ctrl+End", "ctrl+v")
        w.key("ctrl+z")
        w.key("ctrl+s")
        wait_for(lambda: read(path) == b"alpha beta\n", "the undone paste to be saved")
        w.key("ctrl+y")
        w.type(" gamma")
        w.key("ctrl+s")
        want = b"alpha beta\nalpha gamma"
        wait_for(lambda: read(path) == want, f"{want!r} after redo (is {read(path)!r})")
        w.key("ctrl+a", "ctrl+x", "ctrl+s")
        wait_for(lambda: read(path) == b"", f"an empty file after Ctrl+A Ctrl+X (is {read(path)!r})")
    finally:
        w.close()


def check_flyweight_toggle(tmp):
    """F2 rebinds every character: off means a Glyph per character, on shares them again."""
    path = os.path.join(tmp, "fly.txt")
    write(path, ("the quick brown fox jumps over the lazy dog \u03b1\u03b2\u03b3\n" * 40).encode())
    w = Window(tmp, [path])
    try:
        on = w.dump()
        expect(on["flyweight"] is True, "starts with the flyweight on")
        expect(on["glyphs_alive"] < on["characters"] / 4,
               f"flyweight on: {on['glyphs_alive']} glyphs for {on['characters']} characters")
        w.key("F2")
        off = w.dump()
        expect(off["flyweight"] is False, "F2 did not turn the flyweight off")
        expect(off["characters"] == on["characters"], "F2 changed the text")
        expect(off["glyphs_alive"] >= off["characters"],
               f"flyweight off: {off['glyphs_alive']} glyphs < {off['characters']} characters")
        expect(off["glyphs_created"] > on["glyphs_created"], "no glyphs created going off")
        w.key("F2")
        back = w.dump()
        expect(back["flyweight"] is True, "second F2 did not turn it back on")
        expect(back["glyphs_alive"] <= on["glyphs_alive"] + 5,
               f"back on: {back['glyphs_alive']} glyphs alive, was {on['glyphs_alive']}")
    finally:
        w.close()


def check_flyweight_refused(tmp):
    """Going off beyond --budget is refused and the flyweight stays on."""
    path = os.path.join(tmp, "budget.txt")
    write(path, b"some text to estimate\n" * 50)
    w = Window(tmp, ["--budget", "1K", path])
    try:
        w.key("F2")
        st = w.dump()
        expect(st["flyweight"] is True, "went off although the estimate exceeds the budget")
    finally:
        w.close()


def check_undo_limit(tmp):
    """--undo-limit 1: a 2 MB deletion and a keystroke after it are over 1 MiB, so the deletion
    is dropped; the bar says so once (not again when Ctrl+R drops the keystroke's step) and
    undo stops at the oldest step kept."""
    path = os.path.join(tmp, "undo.txt")
    write(path, b"forty-nine bytes of text and a line break, each.\n" * 40000)
    w = Window(tmp, ["--undo-limit", "1", path])
    try:
        wait_for(lambda: not w.dump()["loading"], "the file to load")
        w.key("ctrl+a", "Delete")  # one 2 MB step: the newest is always kept
        w.type("x")  # a second step: the deletion is dropped
        told = wait_for(lambda: (lambda st: st if "Undo history is over 1 MiB" in
                                 (st["message"] or "") else None)(w.dump()),
                        "the bar to say the oldest undo steps were dropped")
        expect(told["undo_steps_dropped"] == 1 and told["undo_limit_bytes"] == 1 << 20,
               f"dropped {told['undo_steps_dropped']}, limit {told['undo_limit_bytes']}")
        w.key("ctrl+r")  # reload: a 2 MB step again, which drops the "x"
        again = w.dump()
        expect(again["undo_steps_dropped"] == 2, f"dropped {again['undo_steps_dropped']}, not 2")
        expect("Undo history" not in (again["message"] or ""),
               f"said again: {again['message']!r}")
        w.key("ctrl+z", "ctrl+z", "ctrl+s")  # the reload is undone, the "x" step is gone
        wait_for(lambda: read(path) == b"x", f"the file to be b'x' (is {read(path)[:40]!r})")
    finally:
        w.close()


def check_styles(tmp):
    """Ctrl+A Ctrl+T Ctrl+= restyles the selection: the document holds another (typeface, size)."""
    path = os.path.join(tmp, "style.txt")
    write(path, b"Styled text\n")
    w = Window(tmp, [path])
    try:
        w.key("ctrl+a", "ctrl+t", "ctrl+equal")
        st = w.dump()
        keys = {(s["family"], s["px"]) for s in st["styles"] if s["references"] > 0}
        expect(("DejaVu Serif", 18) in keys, f"no DejaVu Serif 18 px glyphs in use: {keys}")
        expect(st["modified"] is True, "restyling did not mark the document modified")
    finally:
        w.close()


def nonblank(rgb):
    """Fraction of pixels that are clearly darker than the background."""
    dark = sum(1 for i in range(0, len(rgb) - 2, 3 * 7) if rgb[i] < 128)
    return dark / max(1, len(rgb) // (3 * 7))


def drawn(grab, what):
    """Waits until grab() gives pixels with text on them (a window is mapped before its
    first frame is drawn); returns them."""
    return wait_for(lambda: (lambda px: px if 0.001 < nonblank(px) < 0.5 else None)(grab()), what)


def check_pixels_change(tmp):
    """The window shows text (not blank), and typing changes its pixels."""
    path = os.path.join(tmp, "pixels.txt")
    write(path, b"Some text on screen\n")
    w = Window(tmp, [path])
    try:
        before = drawn(w.pixels, "the window to show its text")
        expect(0.001 < nonblank(before) < 0.5, f"window looks blank: {nonblank(before):.4f} dark")
        w.key("ctrl+End")
        w.type("MMMMMMMMMMMMMMMMMMMM")
        w.key("ctrl+Home")  # the cursor is drawn at the top again, blink phase aside

        def changed_pixels():
            after = w.pixels()
            if len(after) != len(before):
                return after, 0
            return after, sum(1 for i in range(0, len(before), 3) if before[i] != after[i])

        def typed_shown():
            after, n = changed_pixels()
            return (after, n) if len(after) != len(before) or n > 200 else None

        after, changed = wait_for(typed_shown, "the typed text to be drawn")
        expect(len(after) == len(before), "window size changed")
        expect(changed > 200, f"only {changed} pixels changed after typing 20 characters")
    finally:
        w.close()


def check_screenshot_option(tmp):
    """--screenshot writes a PNG of the first frame that decodes and shows text."""
    path = os.path.join(tmp, "shot.txt")
    write(path, b"Screenshot text\n")
    png = os.path.join(tmp, "shot.png")
    r = subprocess.run([GLYPHPAD, "--width", "640", "--height", "400", "--screenshot", png, path],
                       capture_output=True, timeout=TIMEOUT)
    expect(r.returncode == 0, f"--screenshot exited {r.returncode}: {r.stderr[-300:]!r}")
    expect(read(png)[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file")
    rgb = subprocess.run(["convert", png, "-depth", "8", "rgb:-"], capture_output=True,
                         check=True).stdout
    expect(len(rgb) == 640 * 400 * 3, f"PNG decodes to {len(rgb)} bytes, not 640x400 RGB")
    expect(0.001 < nonblank(rgb) < 0.5, "the screenshot looks blank")


def check_unsaved_question(tmp):
    """Quitting with unsaved changes asks: Esc stays, n quits, y saves then quits."""
    path = os.path.join(tmp, "ask.txt")
    write(path, b"keep\n")
    w = Window(tmp, [path])
    try:
        w.type("X")
        w.proc.send_signal(signal.SIGTERM)  # SDL turns it into SDL_QUIT, like closing the window
        try:
            w.wait_question("unsaved")
        except Failure:
            pass  # it quit, or never asked: the lines below say which
        expect(w.proc.poll() is None, "quit without asking about unsaved changes")
        w.key("Escape")
        w.wait_question(None)
        w.proc.send_signal(signal.SIGTERM)
        w.wait_question("unsaved")
        w.key("y")
        wait_for(lambda: w.proc.poll() is not None, "the window to quit after y")
        expect(read(path) == b"Xkeep\n", f"y did not save: {read(path)!r}")
    finally:
        w.close()
    w = Window(tmp, [path])
    try:
        w.type("Z")
        w.proc.send_signal(signal.SIGTERM)
        w.wait_question("unsaved")
        w.key("n")
        wait_for(lambda: w.proc.poll() is not None, "the window to quit after n")
        expect(read(path) == b"Xkeep\n", "n saved the file")
    finally:
        w.close()


def check_open_prompt(tmp):
    """Ctrl+O opens a path prompt with Tab completion; Enter opens the file."""
    first = os.path.join(tmp, "first.txt")
    other = os.path.join(tmp, "zother-file.txt")
    write(first, b"first\n")
    write(other, b"the other file\n")
    w = Window(tmp, [first])
    try:
        w.key("ctrl+o")
        w.type("zoth")
        w.key("Tab", "Return")
        st = wait_for(lambda: (lambda s: s if s["file"].endswith("zother-file.txt") else None)(w.dump()),
                      "the other file to be open")
        expect(st["characters"] == len("the other file"), f"wrong text: {st['characters']} chars")
    finally:
        w.close()


def check_quit_after(tmp):
    """--quit-after-ms quits by itself and writes the statistics on exit."""
    stats = os.path.join(tmp, "exit.json")
    r = subprocess.run([GLYPHPAD, "--width", "400", "--height", "300", "--quit-after-ms", "700",
                        "--stats-dump", stats], capture_output=True, timeout=TIMEOUT)
    expect(r.returncode == 0, f"exited {r.returncode}")
    with open(stats) as f:
        st = json.load(f)
    expect(st["characters"] == 0 and st["flyweight"] is True, f"unexpected stats {st}")


def check_typing_while_loading(tmp):
    """A large file loads in steps; keys pressed meanwhile are applied, in order, once it is in."""
    path = os.path.join(tmp, "large.txt")
    line = b"A large file that takes a moment to load, shown from its first screen on.\n"
    data = line * (40_000_000 // len(line))
    write(path, data)
    w = Window(tmp, [path])
    try:
        w.key("ctrl+End")
        w.type("END")
        w.key("ctrl+Home")
        w.type("START")
        w.key("ctrl+s")
        want = b"START" + data + b"END"
        wait_for(lambda: os.path.getsize(path) == len(want), "the edited file to be saved")
        expect(read(path) == want, "the keys typed during loading did not land where they were typed")
        st = w.dump()
        expect(st["loading"] is False and st["paragraphs"] == data.count(b"\n") + 1,
               f"after loading: {st['paragraphs']} paragraphs, loading {st['loading']}")
        expect(st["first_text_ms"] > 0, "first_text_ms was not recorded")
    finally:
        w.close()


def check_changed_on_disk(tmp):
    """Saving over a file another program changed asks first: n keeps theirs, y writes ours."""
    path = os.path.join(tmp, "shared.txt")
    write(path, b"one\n")
    w = Window(tmp, [path])
    try:
        w.type("A")
        write(path, b"changed by someone else\n")
        w.key("ctrl+s")
        w.wait_question("overwrite")
        expect(read(path) == b"changed by someone else\n", "saved over the other program's change")
        w.key("n")
        expect(w.dump()["modified"] is True, "the buffer lost its modified mark")
        w.key("ctrl+s")
        w.wait_question("overwrite")
        w.key("y")
        wait_for(lambda: read(path) == b"Aone\n", f"y to overwrite (file is {read(path)!r})")
    finally:
        w.close()


def check_save_as_existing(tmp):
    """Save As onto another file that exists asks before replacing it."""
    other = os.path.join(tmp, "existing.txt")
    write(other, b"keep me\n")
    w = Window(tmp, [])
    try:
        w.type("new text")
        w.key("ctrl+shift+s")
        w.type(other)
        w.key("Return")
        expect(w.dump()["question"] == "overwrite", "no question before replacing a file")
        w.key("n")
        w.wait_question(None)  # n is handled
        expect(read(other) == b"keep me\n", "n replaced the existing file")
        w.key("ctrl+shift+s")
        w.type(other)
        w.key("Return")
        w.wait_question("overwrite")
        w.key("y")
        wait_for(lambda: read(other) == b"new text", f"y to replace it (is {read(other)!r})")
    finally:
        w.close()


def check_scale(tmp):
    """--scale 2 (HiDPI on X11): a window twice as large, text rasterized at twice the pixels."""
    path = os.path.join(tmp, "scaled.txt")
    write(path, b"Scaled text\n")
    w = Window(tmp, ["--scale", "2", path])
    try:
        geometry = subprocess.run(["xdotool", "getwindowgeometry", w.wid], capture_output=True,
                                  text=True).stdout
        expect("1600x1000" in geometry, f"window is not 1600x1000: {geometry!r}")
        st = w.dump()
        sizes = {s["px"] for s in st["styles"] if s["references"] > 0}
        expect(sizes == {32}, f"text not rasterized at 32 px: {sizes}")
        w.key("ctrl+End")
        w.type("!")
        w.key("ctrl+s")
        wait_for(lambda: read(path) == b"Scaled text\n!", "typing in the scaled window to be saved")
    finally:
        w.close()


def bar(w):
    """The bottom 46 pixel rows of the window: the message bar's row and the status line (the
    bar takes a row of its own, above which the text area now ends)."""
    return subprocess.run(["import", "-window", w.wid, "-crop", "800x46+0+454", "-depth", "8",
                           "rgb:-"], capture_output=True, check=True).stdout


def check_blink_keeps_bar(tmp):
    """The cursor's blink (which redraws only its cell) never draws over the message bar, even
    when the cursor was on the last line when the bar appeared (its line moves up)."""
    path = os.path.join(tmp, "blink.txt")
    write(path, b"line\n" * 200)
    w = Window(tmp, [path])
    try:
        before = drawn(lambda: bar(w), "the status bar to be drawn")
        w.key("ctrl+End", "ctrl+t")  # the cursor at the bottom, a message in the bar over it
        wait_for(lambda: bar(w) != before, "the message to be drawn in the bar")
        shots = []
        for _ in range(5):
            time.sleep(0.2)  # the shots span two blink phases (APP_BLINK_MS 530)
            shots.append(bar(w))
        expect(all(shot == shots[0] for shot in shots),
               "the bottom of the window changed while only the cursor blinked")
    finally:
        w.close()


def check_no_fonts(tmp):
    """With no fonts installed at all, the window says so and exits instead of crashing."""
    conf = os.path.join(tmp, "fonts.conf")
    write(conf, f'<?xml version="1.0"?>\n<fontconfig><dir>{tmp}</dir><cachedir>{tmp}</cachedir>'
                f'</fontconfig>\n'.encode())
    r = subprocess.run([GLYPHPAD, "--width", "400", "--height", "300"], capture_output=True,
                       text=True, timeout=TIMEOUT, env=dict(os.environ, FONTCONFIG_FILE=conf))
    expect(r.returncode == 1, f"exited {r.returncode}")
    expect("No fonts are installed" in r.stderr, f"unclear message: {r.stderr!r}")


CHECKS = [check_type_and_save, check_clipboard_undo, check_flyweight_toggle,
          check_flyweight_refused, check_undo_limit, check_styles, check_pixels_change,
          check_screenshot_option,
          check_unsaved_question, check_open_prompt, check_quit_after, check_typing_while_loading,
          check_changed_on_disk, check_save_as_existing, check_scale, check_no_fonts, check_blink_keeps_bar]


def run_checks(checks, prefix):
    """Runs @checks, each in its own temporary folder (also its XDG_STATE_HOME, so recovery
    files of killed windows stay there, and XDG_CONFIG_HOME: remembered settings), under a private Xvfb; prints a line per check and
    "N passed, N failed". Returns the exit status: 0, 1 when any failed, 77 (skipped) when a
    tool is missing. Shared with e2e_recovery.py."""
    for tool in ("Xvfb", "xdotool", "xdpyinfo", "import", "convert"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is not installed (tools/setup.sh installs it)")
            return 77
    # Under AddressSanitizer, tests/meson.build points LSAN_OPTIONS at tests/lsan.supp.
    xvfb, display = start_xvfb()
    os.environ["DISPLAY"] = display
    os.environ.setdefault("SDL_VIDEODRIVER", "x11")
    passed = failed = 0
    try:
        for check in checks:
            with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
                os.environ["XDG_STATE_HOME"] = os.path.join(tmp, "state")
                os.environ["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")  # settings.ini
                try:
                    check(tmp)
                    passed += 1
                    print(f"ok   {check.__name__}")
                except (Failure, subprocess.SubprocessError, OSError, ValueError, KeyError) as e:
                    failed += 1
                    print(f"FAIL {check.__name__}: {e}")
                    log = os.path.join(tmp, "glyphpad.log")
                    if os.path.exists(log):
                        text = open(log).read()
                        at = text.find("ERROR: AddressSanitizer")  # a report's useful part is its top
                        shown = text[at:at + 4000] if at >= 0 else text[-500:]
                        print("     log: " + shown.replace("\n", "\n     "))
                sys.stdout.flush()
    finally:
        xvfb.terminate()
        xvfb.wait()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    return run_checks(CHECKS, "glyphpad-e2e-")


if __name__ == "__main__":
    sys.exit(main())
