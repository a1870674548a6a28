#!/usr/bin/env python3
"""e2e_soak.py — thousands of seeded random keys, clicks, drags, wheel turns, undo/redo,
restyles and saves into the real window under Xvfb; then everything is undone and saved,
and the file must be the original bytes again.

Usage: e2e_soak.py PATH/TO/glyphpad
  GLYPHPAD_SOAK_SECONDS  how long to send input (default 40)
  GLYPHPAD_SOAK_SEED     the seed (default: from the clock; printed either way)

Run under AddressSanitizer (tools/test.sh's second suite) it is also a crash and leak
test. The text is a real document no one here wrote (a licence from
/usr/share/common-licenses) with a few lines in other scripts. Between batches the
window must be alive; a question the input raised (styles, overwrite) is answered the
way that keeps the test's bookkeeping simple. A failure prints the seed and the last
batch, so it can be replayed: GLYPHPAD_SOAK_SEED=N.
"""
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_window as ew  # noqa: E402
from e2e_window import Failure, expect, read, wait_for, write  # noqa: E402

SECONDS = float(os.environ.get("GLYPHPAD_SOAK_SECONDS", "40"))
SEED = int(os.environ.get("GLYPHPAD_SOAK_SEED", str(time.time_ns() % 1_000_000_007)))
WORDS = ["the", "glyph", "shared", "object", "of", "λόγος", "café", "naïve", "漢字", "Ωμέγα",
         "flyweight", "x", "  ", "42", "(", ")", "—"]
KEYS = ["Left", "Right", "Up", "Down", "Home", "End", "Prior", "Next", "BackSpace", "Delete",
        "Return", "Tab", "shift+Left", "shift+Right", "shift+Up", "shift+Down", "shift+End",
        "ctrl+Left", "ctrl+Right", "ctrl+shift+Left", "ctrl+shift+Right", "ctrl+Home",
        "ctrl+End", "ctrl+z", "ctrl+z", "ctrl+y", "ctrl+shift+z", "ctrl+c", "ctrl+x", "ctrl+v"]
RARE_KEYS = ["ctrl+a", "ctrl+t", "ctrl+equal", "ctrl+minus", "ctrl+s"]


def original_text():
    """A real licence (about 35 KB of English in 44-byte lines) plus lines in other scripts."""
    for name in ("GPL-3", "GPL-2", "Apache-2.0", "LGPL-2.1"):
        path = os.path.join("/usr/share/common-licenses", name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                text = f.read()
            break
    else:
        text = b"".join(b"line %d of a document nobody typed\n" % i for i in range(800))
    extra = "Ελληνικά κείμενα, 日本語のテキスト, Кириллица, café crème\n".encode()
    return extra + text[:40000] + extra


def random_batch(rnd, wid):
    """One batch: a list of xdotool argument lists. It ends after a save, so that the
    question a save may ask is answered before more typing (whose letters would answer
    it: "h" of "the" saves a styled copy, a fine thing for a person and a moving target
    for this test)."""
    batch = []
    for _ in range(rnd.randint(5, 25)):
        if batch and batch[-1][-1] == "ctrl+s":
            break
        r = rnd.random()
        if r < 0.35:
            batch.append(["type", "--delay", "8", rnd.choice(WORDS) + rnd.choice(["", " "])])
        elif r < 0.80:
            batch.append(["key", "--delay", "8", rnd.choice(KEYS)])
        elif r < 0.84:
            batch.append(["key", "--delay", "8", rnd.choice(RARE_KEYS)])
        elif r < 0.92:
            x, y = rnd.randint(5, 780), rnd.randint(5, 460)
            batch.append(["mousemove", "--window", wid, str(x), str(y),
                          "click", "--repeat", str(rnd.choice([1, 1, 1, 2, 3])), "1"])
        elif r < 0.96:
            x, y = rnd.randint(5, 780), rnd.randint(5, 460)
            x2, y2 = rnd.randint(5, 780), rnd.randint(5, 460)
            batch.append(["mousemove", "--window", wid, str(x), str(y), "mousedown", "1",
                          "mousemove", "--window", wid, str(x2), str(y2), "mouseup", "1"])
        else:
            batch.append(["click", "--repeat", str(rnd.randint(1, 4)), rnd.choice(["4", "5"])])
    return batch


# How the test answers a question its input raised: keep the file plain text and its own.
ANSWERS = {"styles": "t", "overwrite": "y", "deleted": "y", "read_only": "y", "unsaved": "Escape"}


def settle(w):
    """Answers a question the input raised; returns the dump once none is open."""
    for _ in range(5):
        st = w.dump()
        if st["question"] is None:
            return st
        w.key(ANSWERS.get(st["question"], "Escape"))
    raise Failure(f"a question stays open: {st['question']}")


def check_soak(tmp):
    path = os.path.join(tmp, "soak.txt")
    original = original_text()
    write(path, original)
    rnd = random.Random(SEED)
    print(f"soak: seed {SEED}, {SECONDS:.0f} s (replay with GLYPHPAD_SOAK_SEED={SEED})")
    w = ew.Window(tmp, [path])
    actions = batches = 0
    batch = []
    try:
        end = time.monotonic() + SECONDS
        while time.monotonic() < end:
            batch = random_batch(rnd, w.wid)
            for args in batch:
                subprocess.run(["xdotool"] + args, check=True)
            actions += len(batch)
            batches += 1
            if batches % 4 == 0 or batch[-1][-1] == "ctrl+s":
                settle(w)
        settle(w)
        for _ in range(actions // 100 + 2):  # every step undone, and then some
            subprocess.run(["xdotool", "key", "--delay", "4", "--repeat", "100", "ctrl+z"],
                           check=True)
        st = settle(w)
        expect(st["file"] == path, f"the document is now {st['file']}, not {path}")
        w.key("ctrl+s")
        settle(w)
        wait_for(lambda: read(path) == original,
                 f"the original bytes after undoing {actions} actions "
                 f"(file has {len(read(path))} bytes, the original {len(original)})")
        print(f"soak: {actions} actions in {batches} batches, undone; "
              f"{st['characters']} characters")
    except Failure as e:
        raise Failure(f"{e} [seed {SEED}; last batch {batch}]")
    finally:
        w.close()


if __name__ == "__main__":
    sys.exit(ew.run_checks([check_soak], "glyphpad-soak-"))
