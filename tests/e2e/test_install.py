#!/usr/bin/env python3
"""test_install.py — `meson install --destdir` puts the program, its desktop entry,
its icon and its manual page in place, and each is what it claims to be.

Usage: test_install.py BUILD_DIR
Prints one line per file and exits 1 when one is missing or wrong.
"""
import configparser
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BUILD = os.path.abspath(sys.argv[1])

WANTED = {
    "program": os.path.join("bin", "glyphpad"),
    "desktop entry": os.path.join("share", "applications", "glyphpad.desktop"),
    "icon": os.path.join("share", "icons", "hicolor", "scalable", "apps", "glyphpad.svg"),
    "manual page": os.path.join("share", "man", "man1", "glyphpad.1"),
}


def find(root, tail):
    for folder, _, names in os.walk(root):
        path = os.path.join(folder, os.path.basename(tail))
        if os.path.basename(tail) in names and path.endswith(os.sep + tail):
            return path
    return None


def check_program(path):
    r = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    return r.returncode == 0 and r.stdout.startswith("glyphpad "), r.stdout.strip()


def check_desktop(path):
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(path, encoding="utf-8")
    d = entry["Desktop Entry"]
    ok = (d.get("Type") == "Application" and d.get("Exec", "").split()[0] == "glyphpad"
          and d.get("Icon") == "glyphpad" and "TextEditor" in d.get("Categories", ""))
    return ok, f"Exec={d.get('Exec')} Icon={d.get('Icon')}"


def check_icon(path):
    root = ET.parse(path).getroot()
    return root.tag == "{http://www.w3.org/2000/svg}svg", root.tag


def check_man(path):
    r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", path], capture_output=True,
                       text=True) if os.path.exists("/usr/bin/groff") else None
    with open(path) as f:
        text = f.read()
    ok = text.startswith(".TH GLYPHPAD 1") and "--version" in text.replace("\\-", "-")
    if r is not None:
        ok = ok and r.returncode == 0 and r.stderr.strip() == ""
    return ok, (r.stderr.strip() if r is not None else "groff not installed: not rendered")


CHECKS = {"program": check_program, "desktop entry": check_desktop, "icon": check_icon,
          "manual page": check_man}


def main():
    failed = 0
    with tempfile.TemporaryDirectory(prefix="glyphpad-install-") as dest:
        r = subprocess.run(["meson", "install", "-C", BUILD, "--no-rebuild", "--quiet",
                            "--destdir", dest], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL meson install: {r.stdout[-400:]}{r.stderr[-400:]}")
            return 1
        for what, tail in WANTED.items():
            path = find(dest, tail)
            if path is None:
                print(f"FAIL {what}: no {tail} under the destdir")
                failed += 1
                continue
            ok, detail = CHECKS[what](path)
            print(f"{'ok  ' if ok else 'FAIL'} {what}: {os.path.relpath(path, dest)} ({detail})")
            failed += not ok
    print(f"{len(WANTED) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
