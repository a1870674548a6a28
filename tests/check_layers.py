#!/usr/bin/env python3
"""check_layers.py — the include arrows of src/ and include/ go one way.

Usage: python3 check_layers.py [SOURCE_ROOT]   (default: the folder above tests/)

Reads every `#include "x.h"` in src/<layer>/** and include/<layer>/** (the
layers, lowest first: text, core, ui, app) and checks three rules:

1. Layers: the header resolves, as the compiler would find it, to the
   including file's own folder or to include/<layer>/** of the same or a
   lower layer; never a higher layer, never another folder's private header.
2. Modules: no cycle of modules. A module is a .c and its .h with the same
   stem (a private header beside the sources is the module of its stem, and
   x_private.h is module x's); an
   include of y.h from x.c or x.h is the arrow x -> y. Two modules that include
   each other are the shortest such cycle. A private header with no .c of its
   stem that declares the functions of several .c files beside it hides their
   arrows to each other (each only includes the shared header), so it counts
   as a violation too.
3. Folders: no cycle of folders (src/core/io <-> src/core/stats, say), where a
   public header include/<path>/y.h belongs to the folder src/<path>.

bench/ and tests/ may include anything and are not read. Prints one line per
violation and exits 1 when there is any, 0 otherwise."""
import os
import re
import sys
from collections import defaultdict

LAYERS = ["text", "core", "ui", "app"]
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.MULTILINE)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
# A function declared (ends in ";") or defined (no ";" before the body) at the
# start of a line: its name and what follows the parameter list.
FUNCTION = re.compile(r"^[A-Za-z_][\w \t*]*?\b([a-z_]\w*)\s*\([^;{)]*(?:\([^)]*\)[^;{)]*)*\)\s*([;{]?)",
                      re.MULTILINE)


def sources(root):
    """Yields (path relative to root, layer) of every .c and .h under src/ and include/."""
    for top in ("src", "include"):
        for layer in LAYERS:
            base = os.path.join(root, top, layer)
            for folder, _, names in os.walk(base):
                for name in sorted(names):
                    if name.endswith((".c", ".h")):
                        yield os.path.relpath(os.path.join(folder, name), root), layer


def code(root, path):
    """A file's text with its comments blanked out (line numbers kept)."""
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
        text = f.read()
    return COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def includes(root, path):
    """Yields (line number, included name) of the quoted includes of a file."""
    text = code(root, path)
    for m in INCLUDE.finditer(text):
        yield text.count("\n", 0, m.start()) + 1, m.group(1)


def shared_private_headers(root, files):
    """Private headers (beside the sources, no .c of their stem) that declare functions
    defined in more than one .c beside them: [(header, [those .c files])]."""
    found = []
    for header in sorted(p for p in files if p.startswith("src" + os.sep) and p.endswith(".h")):
        folder = os.path.dirname(header)
        if os.path.isfile(os.path.join(root, header[:-2] + ".c")):
            continue
        declared = {m.group(1) for m in FUNCTION.finditer(code(root, header)) if m.group(2) == ";"}
        definers = sorted(c for c in files if os.path.dirname(c) == folder and c.endswith(".c")
                          and any(m.group(2) != ";" and m.group(1) in declared
                                  for m in FUNCTION.finditer(code(root, c))))
        if len(definers) > 1:
            found.append((header, definers))
    return found


def public_headers(root):
    """Maps each public header's path (relative to root) to its layer."""
    return {path: layer for path, layer in sources(root)
            if path.startswith("include" + os.sep) and path.endswith(".h")}


def resolve(root, path, name, public):
    """The header `#include "name"` in path leads to (relative to root), or None:
    the file beside it if there is one, else the public header the build's
    include folders find (include/<layer> and its subfolders), lowest layer first."""
    beside = os.path.normpath(os.path.join(os.path.dirname(path), name))
    if os.path.isfile(os.path.join(root, beside)):
        return beside
    found = [p for p in public if p.endswith(os.sep + name)]
    return min(found, key=lambda p: LAYERS.index(public[p])) if found else None


def layer_of(path):
    """The layer of a path under src/ or include/, else None."""
    parts = path.split(os.sep)
    return parts[1] if len(parts) > 2 and parts[0] in ("src", "include") and parts[1] in LAYERS \
        else None


def module(path):
    """The module a file belongs to: its stem, less a "_private" suffix (x_private.h,
    beside the sources, is the private part of module x: its fields, shared with
    x's other source files such as x_caret.c)."""
    stem = os.path.splitext(os.path.basename(path))[0]
    return stem[: -len("_private")] if stem.endswith("_private") else stem


def folder(path):
    """The source folder a file belongs to: include/<x>/y.h belongs to src/<x>."""
    d = os.path.dirname(path)
    parts = d.split(os.sep)
    return os.sep.join(["src"] + parts[1:]) if parts[0] == "include" else d


def cycles(edges):
    """The strongly connected components with more than one node (Tarjan), each
    as a list of nodes in the order of one cycle through all of them where possible."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def describe(component, edges, why):
    """One line per arrow inside a cycle: 'a -> b (a.c:12 includes b.h)'."""
    members = set(component)
    lines = []
    for a in component:
        for b in sorted(edges.get(a, ())):
            if b in members:
                lines.append(f"    {a} -> {b}   ({'; '.join(sorted(why[a, b]))})")
    return lines


def check(root):
    public = public_headers(root)
    problems = []
    module_edges, module_why = defaultdict(set), defaultdict(set)
    folder_edges, folder_why = defaultdict(set), defaultdict(set)
    for path, layer in sources(root):
        for line, name in includes(root, path):
            where = f"{path}:{line}"
            target = resolve(root, path, name, public)
            if target is None:
                problems.append(f'{where}: "{name}" is not a header beside it nor a public '
                                f"header of any layer")
                continue
            target_layer = layer_of(target)
            if target_layer is None or target.split(os.sep)[0] == "src" and \
                    os.path.dirname(target) != os.path.dirname(path):
                problems.append(f'{where}: "{name}" is {target}, outside the public headers '
                                f"and the including file's folder")
            elif LAYERS.index(target_layer) > LAYERS.index(layer):
                problems.append(f'{where}: the {layer} layer includes "{name}" of the higher '
                                f"{target_layer} layer ({target})")
            a, b = module(path), module(target)
            if a != b:
                module_edges[a].add(b)
                module_why[a, b].add(f'{where} includes "{name}"')
            fa, fb = folder(path), folder(target)
            if fa != fb:
                folder_edges[fa].add(fb)
                folder_why[fa, fb].add(f'{where} includes "{name}"')
    for header, definers in shared_private_headers(root, [p for p, _ in sources(root)]):
        problems.append(f"{header} belongs to no module but declares the functions of "
                        f"{', '.join(os.path.basename(c) for c in definers)}: their arrows to each "
                        f"other are hidden behind it; give each module its own header")
    for comp in cycles(module_edges):
        kind = "include each other" if len(comp) == 2 else "form a cycle"
        problems.append(f"modules {', '.join(comp)} {kind}:")
        problems.extend(describe(comp, module_edges, module_why))
    for comp in cycles(folder_edges):
        problems.append(f"folders {', '.join(comp)} form a cycle:")
        problems.extend(describe(comp, folder_edges, folder_why))
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(os.path.abspath(root))
    for p in problems:
        print(p)
    violations = sum(1 for p in problems if not p.startswith("    "))
    print(f"{violations} layering violation(s)" if violations else "layers: every arrow goes one way")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
