#!/usr/bin/env python3
"""peers.py FILE... — other editors' memory and load time on the same files,
measured from outside the same way for every editor, glyphpad's window too.

    python3 tools/peers.py [--editors vim,nano,...] [--runs N] FILE...

For each editor that is installed (tools/setup.sh installs them from Debian)
and each FILE, a fresh process opens the file as a user would: terminal
editors in an 80x24 pseudo-terminal (TERM=xterm), window editors under a
private Xvfb, each with an empty HOME so that no settings or saved state
apply. The process is watched through /proc every 10 ms until it goes idle:
its CPU time (/proc/PID/schedstat, in ns) has advanced by at most 0.5 ms in
the last half second (window editors, whose caret blinks: 5 ms in a
second). Then it is asked to quit (its quit keys, or SIGTERM) and killed if
it does not.

Per editor and file it prints:
- peak RSS (VmHWM) once idle with the file, and with an empty file in the same
  folder; the growth is their difference, per character of the file
  (code points, not counting newlines: what glyphpad-bench calls characters);
- start to idle: from starting the process to the time its CPU time came
  within that margin of where it then stayed (polled every 10 ms, so to
  about 10 ms; it includes starting the program, while glyphpad-bench's
  "load" and "layout" times are taken inside glyphpad and do not).
Medians of --runs runs. The editors keep text in different ways (vim in
memory with no swap file here, nvi and ed in a temporary file on disk), and
the table says how each was run. On a shared machine the times are noisy;
peak RSS is not.
"""
import argparse
import fcntl
import os
import pty
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

POLL_S = 0.01
QUIET_S = {"pty": 0.5, "pipe": 0.5, "x11": 1.0}  # a window editor may still be mapping
# CPU a quiet editor may still use in a quiet spell: a window's caret blinks
IDLE_CPU_S = {"pty": 0.0005, "pipe": 0.0005, "x11": 0.005}
TIMEOUT_S = 120.0
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name: (Debian package or None, argv before the file, how: pty | x11 | pipe,
#        the bytes that quit it unchanged (None: SIGTERM), what the row says)
EDITORS = {
    "vim": ("vim", ["vim", "-u", "NONE", "-i", "NONE", "-n"], "pty", b"\x1b:qa!\r",
            "vim -u NONE -i NONE -n (no vimrc, no viminfo, no swap file: text in memory)"),
    "nano": ("nano", ["nano", "--ignorercfiles"], "pty", b"\x18",
             "nano --ignorercfiles"),
    "nvi": ("nvi", ["nvi"], "pty", b"\x1b:q!\r",
            "nvi (text in a temporary database file; only its cache is in memory)"),
    "mg": ("mg", ["mg", "-n"], "pty", b"\x18\x03",
           "mg -n (no backup files)"),
    "ed": ("ed", ["ed"], "pipe", b"Q\n",
           "GNU ed, commands on a pipe (text in a scratch file on disk; lines indexed in memory)"),
    "mousepad": ("mousepad", ["mousepad", "--disable-server"], "x11", None,
                 "mousepad --disable-server (GTK 3), window under Xvfb 1280x800"),
    "glyphpad": (None, None, "x11", None,
                 "glyphpad's window (software renderer) under Xvfb 1280x800, measured like the peers"),
}


def cpu_seconds(pid):
    """CPU time @pid has run, in seconds (the scheduler's count, in ns), or None
    once it is gone."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def peak_rss(pid):
    """VmHWM of @pid in bytes, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def drain(fd):
    """Reads what a terminal editor wrote, so that it never blocks on a full pty."""
    if fd is None:
        return
    try:
        while os.read(fd, 65536):
            pass
    except (BlockingIOError, OSError):
        pass


def wait_idle(proc, master, start, quiet, slack):
    """(seconds from @start until the CPU time came within @slack seconds of
    where it stayed for @quiet seconds, peak RSS) once @proc is idle; raises if
    it exits or never goes idle."""
    samples = []  # (seconds since start, CPU seconds)
    while True:
        drain(master)
        cpu = cpu_seconds(proc.pid)
        now = time.monotonic() - start
        if cpu is None or proc.poll() is not None:
            raise RuntimeError(f"exited with status {proc.poll()} before going idle")
        samples.append((now, cpu))
        old = [s for s in samples if s[0] <= now - quiet]
        if old and cpu - old[-1][1] <= slack:
            settled = old[-1][1] - slack
            busy_end = next(t for t, c in samples if c >= settled)
            return busy_end, peak_rss(proc.pid)
        if now > TIMEOUT_S:
            raise RuntimeError(f"not idle after {TIMEOUT_S:.0f} s")
        time.sleep(POLL_S)


def spawn(argv, how, env):
    """The process, and the pty master to drain (or None)."""
    if how == "pty":
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True)
        os.close(slave)
        os.set_blocking(master, False)
        return proc, master
    stdin = subprocess.PIPE if how == "pipe" else subprocess.DEVNULL
    proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    return proc, None


def stop(proc, master, quit_keys):
    """Quits @proc by its keys (or SIGTERM), and kills it after 5 s."""
    try:
        if quit_keys is None:
            proc.send_signal(signal.SIGTERM)
        elif master is not None:
            os.write(master, quit_keys)
        else:
            proc.stdin.write(quit_keys)
            proc.stdin.close()
    except OSError:
        pass
    deadline = time.monotonic() + 5
    while proc.poll() is None and time.monotonic() < deadline:
        drain(master)
        time.sleep(0.02)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    if master is not None:
        os.close(master)


def measure(argv, how, quit_keys, path, env):
    """(start-to-idle seconds, peak RSS bytes) of one process opening @path."""
    start = time.monotonic()
    proc, master = spawn(argv + [path], how, env)
    try:
        return wait_idle(proc, master, start, QUIET_S[how], IDLE_CPU_S[how])
    finally:
        stop(proc, master, quit_keys)


def characters(path):
    """Code points that are not newlines, as glyphpad-bench counts characters."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    return len(text) - text.count("\n")


def installed(name, glyphpad):
    argv = EDITORS[name][1]
    if name == "glyphpad":
        return glyphpad is not None and os.access(glyphpad, os.X_OK)
    return shutil.which(argv[0]) is not None


def version(name):
    package = EDITORS[name][0]
    if package is None:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip() or "?"
    return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package],
                          capture_output=True, text=True).stdout.strip() or "?"


class Xvfb:
    """A private X server, started on first use."""

    def __init__(self):
        self.proc = None
        self.display = None

    def env(self, base):
        if self.proc is None:
            n = 400 + os.getpid() % 300
            while os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
                n += 1
            self.display = f":{n}"
            self.proc = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1280x800x24",
                                          "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
            for _ in range(100):
                if subprocess.run(["xdpyinfo", "-display", self.display],
                                  capture_output=True).returncode == 0:
                    break
                time.sleep(0.05)
            else:
                raise RuntimeError("cannot start Xvfb")
        return dict(base, DISPLAY=self.display, SDL_VIDEODRIVER="x11", GDK_BACKEND="x11",
                    NO_AT_BRIDGE="1")

    def stop(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()


def measure_editor(name, files, empty, runs, glyphpad, xvfb, home):
    """The table rows of one editor: one per file."""
    _, argv, how, quit_keys, _ = EDITORS[name]
    if name == "glyphpad":
        argv = [glyphpad]
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_DATA_HOME=os.path.join(home, ".local/share"),
               XDG_STATE_HOME=os.path.join(home, ".local/state"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"), TERM="xterm", LANG="C.UTF-8")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    if how == "x11":
        env = xvfb.env(env)
    runs_of = {path: [] for path in files}  # (seconds, peak RSS, empty's peak RSS)
    for _ in range(runs):  # the empty file once a run: the same for every file
        _, rss_empty = measure(argv, how, quit_keys, empty, env)
        for path in files:
            runs_of[path].append(measure(argv, how, quit_keys, path, env) + (rss_empty,))
    rows = []
    for path in files:
        times = [s * 1000 for s, _, _ in runs_of[path]]
        peaks = [p for _, p, _ in runs_of[path]]
        empties = [e for _, _, e in runs_of[path]]
        growth = [p - e for _, p, e in runs_of[path]]
        chars = characters(path)
        rows.append((name, os.path.basename(path), os.path.getsize(path), chars,
                     statistics.median(empties) / 1e6, statistics.median(peaks) / 1e6,
                     statistics.median(growth) / chars, statistics.median(times)))
        print(f"  {name}, {os.path.basename(path)}: peak RSS {rows[-1][5]:.1f} MB, "
              f"{rows[-1][6]:.2f} B/char, idle after {rows[-1][7]:.0f} ms", file=sys.stderr)
    return rows


def print_table(names, rows, runs):
    print(f"peers.py: {runs} run(s) per cell (medians); MB = 1,000,000 bytes; "
          f"load average at the end: {' '.join(open('/proc/loadavg').read().split()[:3])}; "
          f"{os.cpu_count()} processors.\n")
    print("| editor | version | how it was run |\n|---|---|---|")
    for name in names:
        print(f"| {name} | {version(name)} | {EDITORS[name][4]} |")
    print("\n| editor | text | bytes | characters | peak RSS, empty file, MB | peak RSS MB "
          "| peak RSS growth bytes/char | start to idle ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]:.1f} | {r[5]:.1f} | {r[6]:.2f} "
              f"| {r[7]:.0f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--editors", default="vim,nano,nvi,mg,ed,mousepad,glyphpad",
                    help="comma-separated, from: " + ", ".join(EDITORS))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--glyphpad", default=os.path.join(ROOT, "build", "src", "app", "glyphpad"),
                    help="the glyphpad binary whose window is measured too")
    args = ap.parse_args()
    wanted = [n for n in args.editors.split(",") if n]
    unknown = [n for n in wanted if n not in EDITORS]
    if unknown:
        sys.exit(f"peers.py: unknown editor(s) {', '.join(unknown)}; known: {', '.join(EDITORS)}")
    if any(EDITORS[n][2] == "x11" for n in wanted) and shutil.which("Xvfb") is None:
        print("peers.py: no Xvfb: window editors left out", file=sys.stderr)
        wanted = [n for n in wanted if EDITORS[n][2] != "x11"]
    names = [n for n in wanted if installed(n, args.glyphpad)]
    for n in wanted:
        if n not in names:
            print(f"peers.py: {n} is not installed: left out (tools/setup.sh installs it)",
                  file=sys.stderr)
    xvfb = Xvfb()
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="glyphpad-peers-") as tmp:
            empty = os.path.join(tmp, "empty.txt")
            open(empty, "w").close()
            for name in names:
                home = os.path.join(tmp, "home-" + name)
                os.makedirs(home)
                rows += measure_editor(name, [os.path.abspath(f) for f in args.files], empty,
                                       args.runs, args.glyphpad, xvfb, home)
    finally:
        xvfb.stop()
    print_table(names, rows, args.runs)


if __name__ == "__main__":
    main()
