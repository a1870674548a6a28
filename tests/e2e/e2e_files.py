#!/usr/bin/env python3
"""e2e_files.py — nothing the user has is lost or silently changed: the real window
under Xvfb, driven with xdotool, checked by the bytes, inode, link count, owner, group
and mode of the files it saves.

Usage: e2e_files.py PATH/TO/glyphpad

- A key's meaning is fixed when it is pressed: Ctrl held while = repeats, during a
  load and not, never types "=" over a selection.
- Saving keeps what the file is: hard links, owner and group (root saving someone
  else's file), mode; a read-only file needs a second, deliberate yes; a writable
  file in a folder its user cannot write is saved in place; a failed save says why
  and the quit question it answered comes back, still answerable.
- A document with several typefaces is not saved as plain text without asking: the
  text only (it stays modified) or a styled .html that glyphpad reads back.
- A file deleted by another program is said to be deleted and is saved again only
  after a yes; a changed one can be reloaded, and Ctrl+Z brings our version back.
The cases about users run the window as `nobody` (setpriv), on files prepared as
root; they are skipped when the tests do not run as root. Uses e2e_window.py's
Window and runner.
"""
import os
import pwd
import signal
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_window as ew  # noqa: E402  (the Window helper and the X server)
from e2e_window import Failure, expect, read, wait_for, write  # noqa: E402

NOBODY = pwd.getpwnam("nobody")


class Skip(Exception):
    pass


class UserWindow(ew.Window):
    """A Window whose glyphpad runs as @user (via setpriv), with a state folder,
    home and statistics file that user owns."""

    def __init__(self, tmp, args, user):
        home = os.path.join(tmp, "home-" + user.pw_name)
        os.makedirs(home, exist_ok=True)
        os.chown(home, user.pw_uid, user.pw_gid)
        self.stats = os.path.join(home, f"stats-{time.monotonic_ns()}.json")
        self.log = open(os.path.join(tmp, "glyphpad.log"), "a")
        env = dict(os.environ, HOME=home, XDG_STATE_HOME=os.path.join(home, "state"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"))
        cmd = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups",
               ew.GLYPHPAD, "--width", "800", "--height", "500", "--stats-dump", self.stats] + args
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=self.log, env=env)
        self.wid = wait_for(self._find, "the window to map")
        wait_for(self._focus, "the window to get the keyboard focus")
        self.dump()


def as_root():
    if os.geteuid() != 0:
        raise Skip("needs root to prepare files for another user")


def shared_folder(tmp, name, owner=None, mode=0o755):
    """A folder every user can reach (the test's temporary folder is root's, 0700)."""
    os.chmod(tmp, 0o755)
    path = os.path.join(tmp, name)
    os.makedirs(path, exist_ok=True)
    if owner is not None:
        os.chown(path, owner.pw_uid, owner.pw_gid)
    os.chmod(path, mode)
    return path


def prepared(path, data, owner=None, mode=0o644):
    write(path, data)
    if owner is not None:
        os.chown(path, owner.pw_uid, owner.pw_gid)
    os.chmod(path, mode)
    return os.stat(path)


def same_file(before, path, what, inode=True):
    """Checks that @path is still the file @before described: inode (unless a rename is
    fine: @inode false), links, owner, group, mode."""
    now = os.stat(path)
    for field in ("st_ino", "st_nlink", "st_uid", "st_gid")[0 if inode else 1:]:
        expect(getattr(now, field) == getattr(before, field),
               f"{what}: {field} {getattr(before, field)} -> {getattr(now, field)}")
    expect(stat.S_IMODE(now.st_mode) == stat.S_IMODE(before.st_mode),
           f"{what}: mode {oct(stat.S_IMODE(before.st_mode))} -> {oct(stat.S_IMODE(now.st_mode))}")


# ---------------------------------------------------------------- a key's meaning

def ctrl_equals(w, repeats):
    """Ctrl+A, then = pressed @repeats times, Ctrl held all along."""
    subprocess.run(["xdotool", "keydown", "ctrl", "key", "a"], check=True)
    for _ in range(repeats):
        subprocess.run(["xdotool", "key", "--delay", "20", "equal"], check=True)
    subprocess.run(["xdotool", "keyup", "ctrl"], check=True)


def check_ctrl_held_during_load(tmp):
    """Ctrl+A and Ctrl+= pressed while a large file loads restyle it: they never replace
    the document with "=" when they are replayed after Ctrl was let go."""
    path = os.path.join(tmp, "large.txt")
    line = b"Select all, then make it larger, with Ctrl held the whole time.\n"
    data = line * (20_000_000 // len(line))
    write(path, data)
    w = ew.Window(tmp, [path])
    try:
        ctrl_equals(w, 4)
        st = wait_for(lambda: (lambda d: d if not d["loading"] and d["held_events"] == 0 else None)(
            w.dump()), "the load to finish and the held keys to be replayed", 3 * ew.TIMEOUT)
        expect(st["characters"] == len(data) - data.count(b"\n"),
               f"{st['characters']} characters after Ctrl+A Ctrl+= during the load")
        w.key("ctrl+s")
        wait_for(lambda: not w.dump()["modified"], "the restyled file to be saved", 3 * ew.TIMEOUT)
        expect(read(path) == data, "the file's text changed")
    finally:
        w.close()


def check_ctrl_held_auto_repeat(tmp):
    """Ctrl held while = auto-repeats over a selected 5 MB document (each Ctrl+= restyles it
    all, so the repeats queue up behind it): no "=" is typed when they are handled after Ctrl
    was let go."""
    path = os.path.join(tmp, "repeat.txt")
    line = b"Every repeat of Ctrl+= makes this text larger, never replaces it.\n"
    data = line * (5_000_000 // len(line))
    write(path, data)
    w = ew.Window(tmp, [path])
    try:
        wait_for(lambda: not w.dump()["loading"], "the file to load", 3 * ew.TIMEOUT)
        subprocess.run(["xset", "r", "rate", "200", "30"], check=True)
        subprocess.run(["xdotool", "keydown", "ctrl", "key", "a", "keydown", "equal"], check=True)
        time.sleep(1.5)
        subprocess.run(["xdotool", "keyup", "equal", "keyup", "ctrl"], check=True)
        st = w.dump()
        expect(st["characters"] == len(data) - data.count(b"\n"),
               f"{st['characters']} characters after holding Ctrl+=")
        w.key("ctrl+s")
        wait_for(lambda: not w.dump()["modified"], "the file to be saved", 3 * ew.TIMEOUT)
        expect(read(path) == data, "the file's text changed")
    finally:
        w.close()


# ---------------------------------------------------------------- what a file is

def check_hard_links_kept(tmp):
    """A file with two names: saving keeps its inode, so the other name sees the new text."""
    path = os.path.join(tmp, "one.txt")
    other = os.path.join(tmp, "two.txt")
    write(path, b"linked\n")
    os.link(path, other)
    before = os.stat(path)
    w = ew.Window(tmp, [path])
    try:
        w.type("still ")
        w.key("ctrl+s")
        wait_for(lambda: read(other) == b"still linked\n", f"the other name to see the save "
                 f"(it has {read(other)!r})")
        same_file(before, path, "a file with two links")
    finally:
        w.close()


def check_root_keeps_owner(tmp):
    """Root saving a file owned by someone else gives it back: owner, group, mode; the owner
    can still read it."""
    as_root()
    folder = shared_folder(tmp, "theirs")
    path = os.path.join(folder, "theirs.txt")
    before = prepared(path, b"their file\n", NOBODY, 0o600)
    w = ew.Window(tmp, [path])
    try:
        w.type("root was here: ")
        w.key("ctrl+s")
        wait_for(lambda: not w.dump()["modified"], "the save")
        now = os.stat(path)
        expect((now.st_uid, now.st_gid) == (before.st_uid, before.st_gid),
               f"owner {now.st_uid}:{now.st_gid}, was {before.st_uid}:{before.st_gid}")
        expect(stat.S_IMODE(now.st_mode) == 0o600, f"mode {oct(now.st_mode)}")
        r = subprocess.run(["setpriv", f"--reuid={NOBODY.pw_uid}", f"--regid={NOBODY.pw_gid}",
                            "--clear-groups", "cat", path], capture_output=True)
        expect(r.returncode == 0 and r.stdout == b"root was here: their file\n",
               f"the owner cannot read it back: {r.stderr!r}")
    finally:
        w.close()


def check_unwritable_folder(tmp):
    """A writable file in a folder its user cannot write is saved (in place)."""
    as_root()
    folder = shared_folder(tmp, "locked", None, 0o755)  # root's folder
    path = os.path.join(folder, "mine.txt")
    before = prepared(path, b"mine\n", NOBODY, 0o644)
    w = UserWindow(tmp, [path], NOBODY)
    try:
        w.type("still ")
        w.key("ctrl+s")
        wait_for(lambda: read(path) == b"still mine\n", f"the save (file is {read(path)!r})")
        expect(w.dump()["modified"] is False, "still marked modified after saving")
        same_file(before, path, "a file in a locked folder")
    finally:
        w.close()


def check_read_only_needs_a_yes(tmp):
    """A read-only file is not overwritten by Ctrl+S: the bar asks, n keeps it, y writes it
    and it stays read-only."""
    as_root()
    folder = shared_folder(tmp, "ro", NOBODY, 0o755)
    path = os.path.join(folder, "ro.txt")
    before = prepared(path, b"read only\n", NOBODY, 0o444)
    w = UserWindow(tmp, [path], NOBODY)
    try:
        w.type("not ")
        w.key("ctrl+s")
        w.wait_question("read_only")
        w.key("n")
        st = w.wait_question(None)
        expect(read(path) == b"read only\n", "n overwrote the read-only file")
        expect(st["modified"] is True, "the buffer lost its modified mark")
        w.key("ctrl+s")
        w.wait_question("read_only")
        w.key("y")
        wait_for(lambda: read(path) == b"not read only\n", f"y to write it (is {read(path)!r})")
        same_file(before, path, "a read-only file", inode=False)  # renamed over: atomic
    finally:
        w.close()


def check_failed_save_keeps_question(tmp):
    """Quit, "Save them first?", y — and the save fails (someone else's file): the bar says
    why, the question comes back answerable, and n then quits with the file untouched."""
    as_root()
    folder = shared_folder(tmp, "rootsfolder", None, 0o755)
    path = os.path.join(folder, "roots.txt")
    prepared(path, b"root's text\n", None, 0o644)  # nobody may read, not write
    w = UserWindow(tmp, [path], NOBODY)
    try:
        w.type("X")
        w.proc.send_signal(signal.SIGTERM)
        w.wait_question("unsaved")
        w.key("y")
        time.sleep(0.3)
        st = w.wait_question("unsaved")
        expect(st["modified"] is True, "a failed save cleared the modified mark")
        expect(w.proc.poll() is None, "quit although the save failed")
        w.key("n")
        wait_for(lambda: w.proc.poll() is not None, "the window to quit after n")
        expect(read(path) == b"root's text\n", "the file changed")
    finally:
        w.close()


# ---------------------------------------------------------------- styles

def check_styles_are_not_dropped(tmp):
    """Two typefaces in a plain .txt: Ctrl+S asks; t saves the text only and the document
    stays modified; h saves a styled .html that opens again with both typefaces."""
    path = os.path.join(tmp, "styled.txt")
    write(path, b"plain words\n")
    w = ew.Window(tmp, [path])
    try:
        w.key("ctrl+Home", "ctrl+shift+Right", "ctrl+t")  # the first word in DejaVu Serif
        w.key("ctrl+s")
        w.wait_question("styles")
        w.key("t")
        st = w.wait_question(None)
        expect(read(path) == b"plain words\n", f"the text only: {read(path)!r}")
        expect(st["modified"] is True, "marked saved although the typefaces were not kept")
        w.key("ctrl+s")
        w.wait_question("styles")
        w.key("h")
        html = os.path.join(tmp, "styled.html")
        wait_for(lambda: os.path.exists(html), "styled.html to be written")
        st = w.dump()
        expect(st["modified"] is False and st["file"] == html, f"after h: {st['file']}")
        expect(read(path) == b"plain words\n", "h changed the .txt file")
    finally:
        w.close()
    w = ew.Window(tmp, [html])
    try:
        st = w.dump()
        families = sorted({s["family"] for s in st["styles"] if s["glyphs"] > 0})
        expect(len(families) >= 2 and st["characters"] == len("plain words"),
               f"reopened: {st['characters']} characters in {families}")
        w.type("!")
        w.key("ctrl+s")
        wait_for(lambda: not w.dump()["modified"], "the .html to be saved again, without asking")
        expect(b"!plain" in read(html), "the styled file did not get the edit")
    finally:
        w.close()


# ---------------------------------------------------------------- changed behind our back

def check_deleted_on_disk(tmp):
    """A file another program deleted is said to be deleted; y saves it again."""
    path = os.path.join(tmp, "gone.txt")
    write(path, b"here\n")
    w = ew.Window(tmp, [path])
    try:
        w.type("still ")
        os.unlink(path)
        w.key("ctrl+s")
        w.wait_question("deleted")
        expect(not os.path.exists(path), "saved before asking")
        w.key("y")
        wait_for(lambda: os.path.exists(path) and read(path) == b"still here\n", "the file again")
    finally:
        w.close()


def check_reload_is_undoable(tmp):
    """Ctrl+R reloads a file another program changed; Ctrl+Z brings our version back."""
    path = os.path.join(tmp, "reload.txt")
    write(path, b"ours\r\n")
    w = ew.Window(tmp, [path])
    try:
        w.type("edited ")
        write(path, b"theirs\r\nline two\r\n")
        w.key("ctrl+r")
        st = w.dump()
        expect(st["characters"] == len("theirsline two") and st["modified"] is False,
               f"after Ctrl+R: {st['characters']} characters, modified {st['modified']}")
        w.key("ctrl+z")
        st = w.dump()
        expect(st["characters"] == len("edited ours") and st["modified"] is True,
               f"after Ctrl+Z: {st['characters']} characters, modified {st['modified']}")
        w.key("ctrl+s")
        wait_for(lambda: read(path) == b"edited ours\r\n", f"our version saved ({read(path)!r})")
    finally:
        w.close()


CHECKS = [
    check_ctrl_held_during_load,
    check_ctrl_held_auto_repeat,
    check_hard_links_kept,
    check_root_keeps_owner,
    check_unwritable_folder,
    check_read_only_needs_a_yes,
    check_failed_save_keeps_question,
    check_styles_are_not_dropped,
    check_deleted_on_disk,
    check_reload_is_undoable,
]


def skipping(check):
    """Runs @check, turning Skip into a pass with a note (the runner counts checks)."""
    def run(tmp):
        try:
            check(tmp)
        except Skip as e:
            print(f"skip {check.__name__}: {e}")
    run.__name__ = check.__name__
    return run


if __name__ == "__main__":
    sys.exit(ew.run_checks([skipping(c) for c in CHECKS], "glyphpad-files-"))
