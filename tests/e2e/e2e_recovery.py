#!/usr/bin/env python3
"""e2e_recovery.py — unsaved work survives SIGKILL: the real window under Xvfb.

Usage: e2e_recovery.py PATH/TO/glyphpad

Each check gets its own $XDG_STATE_HOME, types into the real window with
xdotool, kills the process with SIGKILL (nothing runs on the way out) and looks
at what is on disk: the recovery entry in $XDG_STATE_HOME/glyphpad/recovery,
then, after a restart and an answer to the restore question, the saved file
and the entry's removal. The window's own state comes from its F12 statistics
dump. Uses the Window helper of e2e_window.py. Prints one line per check and
"N passed, N failed"; exits 1 when any failed, 77 when Xvfb or xdotool is
missing.

As there, every wait is for an event (the entry on disk holding the typed text,
the question in the F12 dump, the saved bytes) with a generous limit. Two sleeps
remain on purpose: the pause before answering the restore question, which the
window requires of a deliberate answer, and the stretch of time in which an
unanswered question must leave the entry alone.
"""
import configparser
import hashlib
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_window as ew  # noqa: E402  (the Window helper and the X server)

SNAPSHOT_WAIT = 3.5  # seconds: APP_RECOVERY_MS (2 s) plus slack
# The restore question takes y/n only APP_ANSWER_DELAY_MS (0.4 s) after it was drawn and
# after the previous key (F12 too); a second leaves room for a slow first frame.
ANSWER_PAUSE = 1.0


def recovery_dir(state):
    return os.path.join(state, "glyphpad", "recovery")


def entries(state, prefix=""):
    """The recovery entries (.txt paths) whose names start with @prefix."""
    d = recovery_dir(state)
    if not os.path.isdir(d):
        return []
    return sorted(os.path.join(d, n) for n in os.listdir(d)
                  if n.endswith(".txt") and n.startswith(prefix))


def ini_of(txt):
    cp = configparser.ConfigParser(interpolation=None)
    with open(txt[:-4] + ".ini") as f:
        cp.read_file(f)
    return cp["recovery"]


def snapshot(state, want):
    """The recovery entry (.txt) that holds exactly @want, its .ini written too; else None."""
    for txt in entries(state):
        try:
            if ew.read(txt) == want and int(ini_of(txt)["bytes"]) == len(want):
                return txt
        except (OSError, KeyError, ValueError, configparser.Error):
            pass  # being replaced just now
    return None


def start(tmp, args, question=False):
    """A window with its own state directory (inherited through the environment); with
    @question, once the restore question is open and ready for a deliberate answer."""
    os.environ["XDG_STATE_HOME"] = os.path.join(tmp, "state")
    w = ew.Window(tmp, args)
    if question:
        w.wait_question("recover")
        time.sleep(ANSWER_PAUSE)
    return w


def crash_after_typing(tmp, args, keys, text, want):
    """Starts glyphpad, types, waits for the snapshot of @want, SIGKILLs it; returns its pid."""
    w = start(tmp, args)
    try:
        if keys:
            w.key(*keys)
        w.type(text)
        ew.wait_for(lambda: snapshot(os.path.join(tmp, "state"), want),
                    f"a recovery entry holding {want!r}")
        w.proc.send_signal(signal.SIGKILL)
        w.proc.wait()
        ew.expect(w.proc.returncode == -signal.SIGKILL, f"not killed: {w.proc.returncode}")
        return w.proc.pid
    finally:
        w.close()


def quit_cleanly(w):
    w.proc.send_signal(signal.SIGTERM)  # SDL_QUIT, like closing the window
    ew.wait_for(lambda: w.proc.poll() is not None, "the window to quit")
    ew.expect(w.proc.returncode == 0, f"exit status {w.proc.returncode}")


# ---------------------------------------------------------------- checks

ORIGINAL = b"first line\n"
TYPED = "typed before the crash \u03bb"


def crash_file(tmp):
    """Types into FILE and crashes; checks the entry; returns (path, state, entry)."""
    path = os.path.join(tmp, "notes.txt")
    ew.write(path, ORIGINAL)
    state = os.path.join(tmp, "state")
    want = ORIGINAL + TYPED.encode()
    pid = crash_after_typing(tmp, [path], ["ctrl+End"], TYPED, want)
    found = entries(state, "notes-")
    ew.expect(len(found) == 1, f"expected one recovery entry, found {found}")
    got = ew.read(found[0])
    ew.expect(got == want, f"recovery file holds {got!r}, typed {want!r}")
    ini = ini_of(found[0])
    ew.expect(ini["path"] == os.path.realpath(path) or ini["path"] == path,
              f".ini names {ini['path']}")
    ew.expect(int(ini["pid"]) == pid, f".ini pid {ini['pid']}, killed {pid}")
    ew.expect(ew.read(path) == ORIGINAL, "the document itself was written before a save")
    mode = os.stat(found[0]).st_mode & 0o777
    ew.expect(mode == 0o600, f"recovery file mode {oct(mode)}")
    return path, state, found[0]


def check_crash_then_restore(tmp):
    """SIGKILL after typing: the entry holds the text; y restores it, Ctrl+S saves it."""
    path, state, entry = crash_file(tmp)
    w = start(tmp, [path], question=True)
    try:
        w.key("y")
        st = w.dump()
        want = ORIGINAL + TYPED.encode()
        ew.expect(st["modified"] is True, "restored text not marked modified")
        ew.expect(st["characters"] == len((ORIGINAL.decode() + TYPED).replace("\n", "")),
                  f"{st['characters']} characters after restoring")
        ew.expect(st["file"].endswith("notes.txt"), f"file is now {st['file']}")
        w.key("ctrl+s")
        ew.wait_for(lambda: ew.read(path) == want, f"the saved file to be {want!r}")
        ew.wait_for(lambda: not os.path.exists(entry) and entries(state) == [],
                    "the recovery entry to go after the save")
        ew.expect(not os.path.exists(entry[:-4] + ".ini"), "the .ini stayed")
        quit_cleanly(w)
    finally:
        w.close()
    ew.expect(entries(state) == [], f"entries left after quitting: {entries(state)}")


def check_crash_then_discard(tmp):
    """n to the restore question removes the entry and leaves the file as it was."""
    path, state, entry = crash_file(tmp)
    w = start(tmp, [path], question=True)
    try:
        w.key("n")
        st = w.dump()
        ew.expect(st["modified"] is False, "modified after discarding the recovered text")
        ew.expect(st["characters"] == len(ORIGINAL) - 1, f"{st['characters']} characters")
        ew.expect(not os.path.exists(entry), "the entry stayed after n")
        quit_cleanly(w)
    finally:
        w.close()
    ew.expect(ew.read(path) == ORIGINAL, "n changed the file")
    ew.expect(entries(state) == [], f"entries left: {entries(state)}")


def check_unanswered_entry_stays(tmp):
    """A second crash while the question is open loses nothing: the entry stays."""
    path, state, entry = crash_file(tmp)
    before = ew.read(entry)
    w = start(tmp, [path], question=True)
    try:
        time.sleep(SNAPSHOT_WAIT)  # a snapshot would be written by now: none may be
        w.proc.send_signal(signal.SIGKILL)
        w.proc.wait()
    finally:
        w.close()
    ew.expect(os.path.exists(entry) and ew.read(entry) == before, "the unanswered entry changed")
    w = start(tmp, [path], question=True)  # and it is offered again
    try:
        w.key("y")
        ew.expect(w.dump()["modified"] is True, "not offered again after the second crash")
    finally:
        w.close()


def check_save_and_dont_save_remove(tmp):
    """While running: the entry appears, a save removes it, "don't save" on quit too."""
    path = os.path.join(tmp, "live.txt")
    ew.write(path, b"live\n")
    state = os.path.join(tmp, "state")
    w = start(tmp, [path])
    try:
        w.type("one")
        ew.wait_for(lambda: entries(state), "an entry while the window runs")
        w.key("ctrl+s")
        ew.wait_for(lambda: entries(state) == [], "the entry to go after Ctrl+S")
        w.type("two")
        ew.wait_for(lambda: entries(state), "a new entry after more typing")
        w.proc.send_signal(signal.SIGTERM)
        w.wait_question("unsaved")
        w.key("n")  # don't save
        ew.wait_for(lambda: w.proc.poll() is not None, "the window to quit after n")
    finally:
        w.close()
    ew.expect(ew.read(path) == b"onelive\n", f"file is {ew.read(path)!r}")
    ew.expect(entries(state) == [], f"entries left after don't-save: {entries(state)}")


def check_untitled(tmp):
    """An untitled document is recovered too, into a new untitled window."""
    state = os.path.join(tmp, "state")
    pid = crash_after_typing(tmp, [], [], "scratch text", b"scratch text")
    found = entries(state, f"untitled-{pid}-")
    ew.expect(len(found) == 1, f"no untitled entry of pid {pid}: {entries(state)}")
    ew.expect(ew.read(found[0]) == b"scratch text", f"entry holds {ew.read(found[0])!r}")
    w = start(tmp, [], question=True)
    try:
        w.key("y")
        st = w.dump()
        ew.expect(st["characters"] == len("scratch text") and st["modified"] is True,
                  f"restored {st['characters']} characters, modified {st['modified']}")
        ew.wait_for(lambda: not os.path.exists(found[0]), "the old untitled entry to go")
        ew.wait_for(lambda: snapshot(state, b"scratch text"), "the new window's own entry")
        mine = entries(state, f"untitled-{w.proc.pid}-")
        ew.expect(len(mine) == 1 and ew.read(mine[0]) == b"scratch text",
                  f"the new window's own entry: {mine}")
    finally:
        w.close()


def check_typing_never_answers(tmp):
    """Someone typing on across the end of a load: no "y"/"n" of the text answers the restore
    question (an "n" would delete the crashed session's work); a y after a pause does, and
    everything typed is applied to the restored text."""
    path = os.path.join(tmp, "big.txt")
    line = b"A file large enough that typing starts while it loads.\n"
    ew.write(path, line * (20_000_000 // len(line)))
    state = os.path.join(tmp, "state")
    folder = os.path.join(state, "glyphpad", "recovery")
    os.makedirs(folder)
    os.chmod(os.path.join(state, "glyphpad"), 0o700)
    os.chmod(folder, 0o700)
    stem = os.path.join(folder, "big-" + hashlib.sha256(path.encode()).hexdigest()[:16])
    lost = b"PRECIOUS UNSAVED WORK\n"
    ew.write(stem + ".txt", lost)
    ew.write(stem + ".ini", (f"[recovery]\nversion=1\npath={path}\nwritten={int(time.time())}\n"
                             f"pid=999999999\nstart=1\nbytes={len(lost)}\n").encode())
    os.environ["XDG_STATE_HOME"] = state
    w = ew.Window(tmp, [path])
    try:
        typed = "typing on and on, any key, yes and no"
        subprocess.run(["xdotool", "type", "--delay", "60", typed], check=True)
        ew.expect(os.path.exists(stem + ".txt"), "a typed n discarded the recovered work")
        w.wait_question("recover")
        time.sleep(ANSWER_PAUSE)  # a deliberate answer comes after a pause
        w.key("y")
        st = w.dump()
        ew.expect(st["loading"] is False and st["modified"] is True, f"after y: {st}")
        w.key("ctrl+s")
        want = typed.encode() + lost
        ew.wait_for(lambda: ew.read(path) == want,
                    f"the recovered text with everything typed in order, {want!r} "
                    f"(is {ew.read(path)[:80]!r})")
    finally:
        w.close()


CHECKS = [check_crash_then_restore, check_crash_then_discard, check_unanswered_entry_stays,
          check_save_and_dont_save_remove, check_untitled, check_typing_never_answers]


def main():
    return ew.run_checks(CHECKS, "glyphpad-recovery-")


if __name__ == "__main__":
    sys.exit(main())
