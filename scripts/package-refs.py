#!/usr/bin/env python3
"""Checks that no file of a published package refers to a repository file the package leaves out.

    scripts/package-refs.py target/package/osimages-0.3.0
    scripts/package-refs.py target/package/osimages-capi-0.3.0 capi

Reads the package as cargo made it (the directory `cargo package` or `cargo publish --dry-run`
unpacks) and, for a package that is not the root one, its directory in the repository. A
reference is a path-like word in a packaged text file (one
with a `/`, or a file name with an extension) that names a file or directory tracked by git,
relative to the repository's root or to the referring file's directory, which the package does
not contain. Cargo.toml.orig (cargo's verbatim copy of the manifest, which names the workspace)
and the files cargo writes itself are not read; the manifest read is the normalised Cargo.toml
that crates.io receives. Exits 1 and lists the references it found.
"""

import os
import re
import subprocess
import sys

CARGO_WRITTEN = {"Cargo.toml.orig", "Cargo.lock", ".cargo_vcs_info.json"}
WORD = re.compile(r"(?<![\w./-])((?:\.\./)*[\w.-]+(?:/[\w.*-]+)*/?)")
EXTENSION = re.compile(r"\.(md|rs|sh|py|h|hpp|c|cpp|toml|json|xml|rng|txt|cmake|in|pc)$")


def dirs_of(paths):
    out = set()
    for p in paths:
        parts = p.split("/")
        out.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return out


def main():
    root = sys.argv[1]
    subdir = sys.argv[2] if len(sys.argv) > 2 else "."
    # Packaged paths as repository paths, and where each one is read from.
    packaged = {}
    for d, _, files in os.walk(root):
        for f in files:
            inner = os.path.relpath(os.path.join(d, f), root)
            packaged[os.path.normpath(os.path.join(subdir, inner))] = os.path.join(root, inner)
    tracked = set(subprocess.check_output(["git", "ls-files"], text=True).split())
    left_out = (tracked - set(packaged)) | (dirs_of(tracked) - dirs_of(packaged))
    inside = set(packaged) | dirs_of(packaged)
    found = []
    for path in sorted(packaged):
        if os.path.basename(path) in CARGO_WRITTEN:
            continue
        try:
            text = open(packaged[path], encoding="utf-8").read()
        except UnicodeDecodeError:
            continue
        here = os.path.dirname(path)
        bases = (subdir, here)
        for n, line in enumerate(text.splitlines(), 1):
            for word in WORD.findall(line):
                name = word.rstrip("/").rstrip(".,:;")
                if "/" not in word and not EXTENSION.search(name):
                    continue
                candidates = {os.path.normpath(os.path.join(b, name)) for b in bases}
                candidates.add(os.path.normpath(name))
                if candidates & inside:
                    continue
                if candidates & left_out:
                    found.append(f"{path}:{n}: refers to {name}, which the package leaves out")
    for f in found:
        print(f, file=sys.stderr)
    if found:
        sys.exit(1)
    print(f"package: none of {len(packaged)} packaged files refers to a file left out")


if __name__ == "__main__":
    main()
