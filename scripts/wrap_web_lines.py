#!/usr/bin/env python3
"""Wraps the over-long lines of the web app's tracked .ts/.tsx files, and touches nothing else.

Usage: python3 scripts/wrap_web_lines.py [--width N] [--steps code,comments] [--check] DIR_OR_FILE...

Steps, each only on lines over the limit:
  code      Prettier (gateway/web's pinned version and .prettierrc.json) formats a copy; of its line diff, only the
            hunks whose old side has an over-long line are applied, so the rest of each file and its blame stay as
            they are. Afterwards Prettier must format the old and the new file alike (same code, same JSX text);
            a file where it does not is named for a read.
  comments  `//` lines are reflowed at word boundaries (wrap_long_lines.py's comment step); a one-line
            `/** ... */` becomes a block of ` * ` lines.
What is left (long strings, JSX text, template literals) is listed at the end for a hand fix.
--check only lists the over-long lines (exit code 1 if there are any).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wrap_long_lines import wrap_comments  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "gateway" / "web"


def tracked(paths: list[str]) -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--", *paths], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / p for p in out.stdout.split("\n") if p.endswith((".ts", ".tsx"))]


def long_lines(text: str, width: int) -> list[int]:
    return [i + 1 for i, line in enumerate(text.split("\n")) if len(line) > width]


def prettier(texts: dict[Path, str]) -> dict[Path, str]:
    """Prettier's layout of each text (formatted as a copy with the file's name, so .tsx stays TSX)."""
    tmp = Path(tempfile.mkdtemp(prefix="wrap-web-lines-"))
    try:
        copies = {}
        for index, (f, text) in enumerate(texts.items()):
            copy = tmp / str(index) / f.name
            copy.parent.mkdir()
            copy.write_text(text)
            copies[f] = copy
        subprocess.run(
            ["npx", "prettier", "--config", str(WEB / ".prettierrc.json"), "--log-level", "warn", "--write", str(tmp)],
            cwd=WEB,
            check=True,
        )
        return {f: copy.read_text() for f, copy in copies.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def apply_long_line_hunks(old: list[str], new: list[str], width: int) -> list[str]:
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, a, a2, b, b2 in matcher.get_opcodes():
        if tag != "equal" and any(len(line) > width for line in old[a:a2]):
            out.extend(new[b:b2])
        else:
            out.extend(old[a:a2])
    return out


def wrap_jsdoc(lines: list[str], width: int) -> list[str]:
    out = []
    for line in lines:
        m = re.match(r"^(\s*)/\*\* (.*) \*/$", line)
        if len(line) <= width or not m:
            out.append(line)
            continue
        indent, words = m.group(1), m.group(2).split(" ")
        out.append(indent + "/**")
        current = indent + " *"
        for word in words:
            if len(current) + 1 + len(word) > width and current != indent + " *":
                out.append(current)
                current = indent + " *"
            current += " " + word
        out += [current, indent + " */"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--steps", default="code,comments")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    paths = [os.path.relpath(os.path.abspath(p), ROOT) for p in args.paths]
    files = [f for f in tracked(paths) if long_lines(f.read_text(), args.width)]
    before = sum(len(long_lines(f.read_text(), args.width)) for f in files)
    if files and not args.check and "code" in steps:
        old = {f: f.read_text() for f in files}
        formatted = prettier(old)
        new = {}
        for f in files:
            merged = "\n".join(apply_long_line_hunks(old[f].split("\n"), formatted[f].split("\n"), args.width))
            if merged != old[f]:
                new[f] = merged
                f.write_text(merged)
        # Same code: Prettier lays out the old and the new text alike (JSX whitespace included).
        for f, text in prettier(new).items():
            if text != formatted[f]:
                print(f"  read: {f.relative_to(ROOT)}: Prettier formats the new text differently", file=sys.stderr)
    if not args.check and "comments" in steps:
        for f in files:
            text = f.read_text()
            wrapped = "\n".join(wrap_jsdoc(wrap_comments(text.split("\n"), args.width), args.width))
            if wrapped != text:
                f.write_text(wrapped)
    left = [(f, n) for f in files for n in long_lines(f.read_text(), args.width)]
    print(f"wrap-web-lines: {len(files)} files had {before} lines over {args.width}; {len(left)} left")
    for f, n in left:
        print(f"  {f.relative_to(ROOT)}:{n}")
    return 1 if args.check and left else 0


if __name__ == "__main__":
    sys.exit(main())
