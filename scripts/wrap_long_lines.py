#!/usr/bin/env python3
"""Wraps the lines of tracked .cs files that are over the column limit, and touches nothing else.

Usage: scripts/wrap-long-lines.sh [--width N] [--steps lists,code,comments,strings] DIR_OR_FILE...

Steps, each only on lines still over the limit:
  lists     A line that is a list of literals (words in a collection expression, simple arguments), maybe after
            its opener or before its closers, is filled up to the limit; the overflow joins the next such line.
  code      CSharpier formats a copy; only the statements whose old text has an over-long line take its layout
            (old and new statements are paired by their code, whitespace aside), so the rest of each file and its
            blame stay as they are.
  comments  `//` and `///` lines are wrapped at word boundaries; the overflow moves into the next line when that
            line continues the same paragraph, else onto a new line with the same prefix. A trailing comment moves
            above its code line. XML tags and URLs are never split.
  strings   A plain or interpolated (non-verbatim, non-raw) literal is split after a space into `+ "..."` pieces.
What is left (raw strings, long identifiers) is listed at the end for a hand fix. Then build and read the diff:
the code changes only in layout, except string splits and CSharpier's trailing commas.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------------------------
# A small C# lexer: enough to tell comments and string literals from code, across lines.


def _scan_hole(text: str, i: int, closing: str) -> int:
    """Skips an interpolation hole's code from i to its closing brace run; returns the index after it."""
    depth = 0
    n = len(text)
    while i < n:
        if text.startswith(closing, i) and depth == 0:
            return i + len(closing)
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "'":
            i = _scan_char(text, i)
            continue
        elif c in '"$@' and _string_start(text, i):
            i = scan_string(text, i)
            continue
        i += 1
    return n


def _scan_char(text: str, i: int) -> int:
    j = i + 1
    n = len(text)
    while j < n and text[j] != "'" and text[j] != "\n":
        j += 2 if text[j] == "\\" else 1
    return min(j + 1, n)


def _string_start(text: str, i: int) -> bool:
    m = re.match(r'[$@]*"', text[i : i + 8])
    if not m:
        return False
    # `@"` and `$"` start strings; an identifier character before `@`/`$` would not occur in C#.
    return True


def string_prefix(text: str, i: int) -> tuple[int, bool, int, int]:
    """(dollars, verbatim, quote count, index of first quote) for a literal starting at i."""
    j = i
    dollars = 0
    verbatim = False
    while text[j] in "$@":
        if text[j] == "$":
            dollars += 1
        else:
            verbatim = True
        j += 1
    q = 0
    while j + q < len(text) and text[j + q] == '"':
        q += 1
    return dollars, verbatim, q, j


def scan_string(text: str, i: int) -> int:
    """Returns the index after the string literal starting at i (its `$`/`@` prefix included)."""
    n = len(text)
    dollars, verbatim, q, j = string_prefix(text, i)
    if q >= 3:  # raw string literal: ends at the first run of q quotes
        k = text.find('"' * q, j + q)
        return n if k < 0 else k + q
    if q == 2:
        return j + 2
    k = j + 1
    while k < n:
        c = text[k]
        if verbatim:
            if c == '"':
                if text.startswith('""', k):
                    k += 2
                    continue
                return k + 1
        else:
            if c == "\\":
                k += 2
                continue
            if c == '"' or c == "\n":
                return k + 1
        if dollars and c == "{":
            if text.startswith("{{", k):
                k += 2
                continue
            k = _scan_hole(text, k + 1, "}")
            continue
        k += 1
    return n


def lex(text: str) -> list[tuple[str, int, int]]:
    """Tokens that matter here: ('comment'|'block'|'string'|'char', start, end)."""
    tokens = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            tokens.append(("comment", i, j))
            i = j
        elif c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            tokens.append(("block", i, j))
            i = j
        elif c == "'":
            j = _scan_char(text, i)
            tokens.append(("char", i, j))
            i = j
        elif c in '"$@' and _string_start(text, i):
            j = scan_string(text, i)
            tokens.append(("string", i, j))
            i = j
        else:
            i += 1
    return tokens


# ---------------------------------------------------------------------------------------------------------------
# Step 0: lines that are only a list of literals (collection expressions of words): filled, not one item per line.

_ITEM = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[\w.+-]+)"""
_ITEMS = _ITEM + r"(?:, " + _ITEM + r")*"
# A line of literals, maybe after an opener (`X = [`, `new[] {`) and maybe before the closers (`],`, `});`).
_LIST_LINE = re.compile(r"^(\s*)(.*?[\[({] ?)?(" + _ITEMS + r")(,?)((?: ?[\])}])+[,;)]*)?\s*$")


def _items(body: str) -> list[str]:
    return re.findall(_ITEM, body)


def fill_lists(lines: list[str], width: int) -> list[str]:
    out = list(lines)
    i = 0
    while i < len(out):
        m = _LIST_LINE.match(out[i])
        if len(out[i]) <= width or not m or '"' not in m.group(3):
            i += 1
            continue
        indent, opener, items, trailing = m.group(1), m.group(2) or "", _items(m.group(3)), m.group(4)
        closers = m.group(5) or ""
        line = indent + opener + items[0] + ","
        k = 1
        while k < len(items) and len(line) + 1 + len(items[k]) + 1 <= width:
            line += " " + items[k] + ","
            k += 1
        if k == len(items):
            i += 1
            continue
        rest = items[k:]
        cont = indent + "    " if opener else indent
        out[i] = line
        nxt = _LIST_LINE.match(out[i + 1]) if i + 1 < len(out) else None
        if nxt and nxt.group(1) == cont and not nxt.group(2) and trailing and not closers:
            # The overflow joins the next line of the same list (which may close it).
            out[i + 1] = cont + ", ".join(rest + _items(nxt.group(3))) + nxt.group(4) + (nxt.group(5) or "")
        else:
            out.insert(i + 1, cont + ", ".join(rest) + trailing + closers)
        i += 1
    return out


# ---------------------------------------------------------------------------------------------------------------
# Step 1: CSharpier, hunks of long lines only.


def csharpier_hunks(files: list[Path], width: int) -> int:
    """Formats copies with CSharpier and applies the hunks that fix long lines; returns files changed."""
    tmp = Path(tempfile.mkdtemp(prefix="wrap-long-lines-"))
    try:
        (tmp / ".csharpierrc.json").write_text('{ "printWidth": %d }\n' % width)
        copies = {}
        for index, f in enumerate(files):
            copy = tmp / str(index) / f.name
            copy.parent.mkdir()
            shutil.copyfile(f, copy)
            copies[f] = copy
        result = subprocess.run(
            ["dotnet", "csharpier", "format", "--no-cache", str(tmp)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
        changed = 0
        for f, copy in copies.items():
            old = f.read_text().split("\n")
            new = copy.read_text().split("\n")
            merged = apply_long_line_hunks(old, new, width)
            if merged != old:
                f.write_text("\n".join(merged))
                changed += 1
        return changed
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def apply_long_line_hunks(old: list[str], new: list[str], width: int) -> list[str]:
    """Takes CSharpier's version of each statement whose old text has an over-long line, and the old text of every
    other statement. Statements are matched by their code (whitespace and trailing commas aside), not by line
    text, so a moved brace can never pair two different statements."""
    old_cuts, new_cuts = _statement_ends(old), _statement_ends(new)
    out = []
    a = b = 0
    for code_length in sorted(set(old_cuts) & set(new_cuts)):
        a2, b2 = old_cuts[code_length], new_cuts[code_length]
        if a2 <= a or b2 <= b:
            continue
        out.extend(_tidy(new[b:b2]) if any(len(line) > width for line in old[a:a2]) else old[a:a2])
        _warn_if_large(a, a2, old, width)
        a, b = a2, b2
    out.extend(_tidy(new[b:]) if any(len(line) > width for line in old[a:]) else old[a:])
    _warn_if_large(a, len(old), old, width)
    return out


def _warn_if_large(a: int, a2: int, old: list[str], width: int) -> None:
    """A very long stretch taken whole means the pairing of statements failed there: worth a look."""
    if a2 - a > 80 and any(len(line) > width for line in old[a:a2]):
        print(f"  note: CSharpier's layout taken for lines {a + 1}-{a2} at a stretch; read that part", file=sys.stderr)


def _tidy(lines: list[str]) -> list[str]:
    """CSharpier leaves `{ /* why */` + `}` of an empty block on two lines: made a block with a line comment."""
    out = []
    for line in lines:
        m = re.match(r"^(\s*)\{ /\*\s*(.*?)\s*\*/$", line)
        if m:
            out += [m.group(1) + "{", m.group(1) + "    // " + m.group(2)]
        else:
            out.append(line)
    return out


def _statement_ends(lines: list[str]) -> dict[int, int]:
    """Code length so far -> index after the line where a statement or block ends there (`;`, `{`, `}` outside
    parentheses and brackets). Code is the non-space text; file-level usings (CSharpier sorts them) and commas
    before a closer (CSharpier adds or drops them) do not count."""
    text = "\n".join(lines)
    masked = set()
    for kind, s, e in lex(text):
        masked.update(range(s, e))
    chars = []  # (character, line, is code)
    pos = 0
    for k, line in enumerate(lines):
        if not re.match(r"(global )?using [^(]*;\s*$", line):
            for offset, ch in enumerate(line):
                if not ch.isspace() and ch != "\ufeff":
                    chars.append((ch, k, pos + offset not in masked))
        pos += len(line) + 1
    keep = [True] * len(chars)
    following = None
    for i in range(len(chars) - 1, -1, -1):
        ch, _, is_code = chars[i]
        if is_code and ch == "," and following in ("}", "]", ")"):
            keep[i] = False
        elif is_code:
            following = ch
        else:
            following = None
    ends = {}
    total = depth = 0
    last = None
    per_line_end = {}
    for (ch, k, is_code), kept in zip(chars, keep):
        if not kept:
            continue
        total += 1
        if is_code:
            depth += (ch in "([") - (ch in ")]")
            last = ch
        per_line_end[k] = (total, depth, last)
    for k in sorted(per_line_end):
        total, depth, last = per_line_end[k]
        if depth == 0 and last in (";", "{", "}"):
            ends.setdefault(total, k + 1)
    return ends


# ---------------------------------------------------------------------------------------------------------------
# Step 2: comments.

_BLOCK_TAG = re.compile(r"</?(summary|remarks|param|typeparam|returns|value|example|exception|para|code|list|item)\b")
_LIST = re.compile(r"(?:[-*•]|\d+[.)])\s+")


def _split_words(text: str) -> list[str]:
    """Splits at spaces but keeps an XML tag (with its attribute spaces) in one piece."""
    words = []
    i = 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        j = i
        while j < len(text) and text[j] != " ":
            if text[j] == "<":
                k = text.find(">", j)
                j = len(text) if k < 0 else k + 1
            else:
                j += 1
        words.append(text[i:j])
        i = j
    return words


def _fill(prefix: str, words: list[str], width: int) -> tuple[str, list[str]]:
    """Takes as many words as fit after prefix (at least one); returns the line and the words left."""
    line = prefix + words[0]
    k = 1
    while k < len(words) and len(line) + 1 + len(words[k]) <= width:
        line += " " + words[k]
        k += 1
    return line, words[k:]


_COMMENT_LINE = re.compile(r"^(\s*)(///?)(\s*)(.*)$")


def _continues(line: str, prefix: str) -> bool:
    """True when line is prose of the same comment paragraph (overflow may be pushed into it)."""
    m = _COMMENT_LINE.match(line)
    if not m or not m.group(4) or m.group(1) + m.group(2) + m.group(3) != prefix or line.lstrip().startswith("////"):
        return False
    body = m.group(4)
    # A list item, an XML tag or a "Label:" line starts something new: the overflow gets a line of its own instead.
    return not _LIST.match(body) and not body.startswith("<") and not re.match(r"[A-Z][\w-]*:", body)


def wrap_comments(lines: list[str], width: int) -> list[str]:
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    cols: list[int | None] = [None] * len(lines)  # where each line's `//` comment starts, if it has one
    inside: set[int] = set()
    li = 0
    for kind, s, e in lex(text):
        while starts[li + 1] <= s:
            li += 1
        if kind == "comment":
            cols[li] = s - starts[li]
        else:
            # Lines that start inside a multi-line literal or block comment are text, not code.
            for k in range(li + 1, len(lines)):
                if starts[k] >= e:
                    break
                cols[k] = None
                inside.add(k)
    entries = [(line, None if k in inside else col) for k, (line, col) in enumerate(zip(lines, cols))]
    i = 0
    while i < len(entries):
        line, col = entries[i]
        if len(line) <= width or col is None:
            i += 1
            continue
        indent = re.match(r"\s*", line).group(0)
        code = line[:col].rstrip()
        if code.strip():
            # A trailing comment goes above its code line (and is wrapped there if need be).
            entries[i : i + 1] = [(indent + line[col:], len(indent)), (code, None)]
            continue
        m = _COMMENT_LINE.match(line)
        marker, body = m.group(2), m.group(4)
        prefix = m.group(1) + marker + (m.group(3) or " ")
        words = _split_words(body)
        if line.lstrip().startswith(marker + "/") or not words or len(prefix) + len(words[0]) > width:
            i += 1
            continue
        first, rest = _fill(prefix, words, width)
        if not rest:
            i += 1
            continue
        entries[i] = (first, len(indent))
        listed = _LIST.match(body)
        cont = prefix + " " * len(listed.group(0)) if listed else prefix
        rest_text = " ".join(rest)
        nxt = entries[i + 1][0] if i + 1 < len(entries) else None
        if nxt is not None and not _BLOCK_TAG.search(rest_text) and _continues(nxt, cont):
            entries[i + 1] = (cont + rest_text + " " + _COMMENT_LINE.match(nxt).group(4), len(indent))
        else:
            entries.insert(i + 1, (cont + rest_text, len(indent)))
        i += 1
    return [line for line, _ in entries]


# ---------------------------------------------------------------------------------------------------------------
# Step 3: string literals.


def _split_positions(body: str, interpolated: bool) -> list[int]:
    """Offsets in a literal's body after which it may be split: after a space, outside holes and escapes."""
    positions = []
    k = 0
    while k < len(body):
        c = body[k]
        if c == "\\":
            k += 2
            continue
        if interpolated and c == "{":
            if body.startswith("{{", k):
                k += 2
                continue
            k = _scan_hole(body, k + 1, "}")
            continue
        if interpolated and body.startswith("}}", k):
            k += 2
            continue
        if c == " " and k + 1 < len(body) and body[k + 1] != " ":
            positions.append(k + 1)
        k += 1
    return positions


_CLAUSE_END = (". ", "; ", ", ", ": ", ") ")
_SQL_WORD = re.compile(r"(WHERE|AND|OR|ON|FROM|VALUES|SET|THEN|ELSE|END|ORDER|GROUP|RETURNING|LIMIT|JOIN)\b")


def _best_split(body: str, fits: list[int]) -> int:
    """The last split that fits, unless one up to 40 characters earlier ends a clause or starts a SQL keyword."""
    greedy = fits[-1]
    nice = [p for p in fits if p >= greedy - 40 and (body[p - 2 : p] in _CLAUSE_END or _SQL_WORD.match(body, p))]
    return nice[-1] if nice else greedy


def _piece(dollars: int, part: str) -> str:
    needs = dollars and re.search(r"[{}]", part)
    return ("$" if needs else "") + '"' + part + '"'


def wrap_strings(lines: list[str], width: int) -> list[str]:
    changed = True
    while changed:
        changed = False
        text = "\n".join(lines)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        tokens = lex(text)
        li = 0
        for kind, s, e in tokens:
            while starts[li + 1] <= s:
                li += 1
            line = lines[li]
            if kind != "string" or len(line) <= width or e > starts[li + 1] - 1:
                continue
            col, end = s - starts[li], e - starts[li]
            if col >= width - 4:
                continue
            dollars, verbatim, q, j = string_prefix(text, s)
            if verbatim or q != 1 or dollars > 1:
                continue
            after = line[end:].lstrip()
            before = line[:col].rstrip()
            # `+` binds looser than a cast, member access or a pattern: splitting there would change the meaning.
            preceding = text[:s].rstrip()
            if (
                after[:1] in (".", "[")
                or re.search(r"(\)|\b(is|not|and|or|case|switch))$", preceding)
                or "const " in line and dollars
            ):
                continue
            body_start = col + (j - s) + 1
            body = line[body_start : end - 1]
            indent = re.match(r"\s*", line).group(0)
            # CSharpier's layout: `+` leads the continuation, one level in (level with an operand that already does).
            cont_indent = indent if line.lstrip().startswith("+ ") else indent + "    "
            pieces = []
            rest = body
            avail = width - body_start - 1  # room for the closing quote
            positions = _split_positions(rest, bool(dollars))
            while True:
                fits = [p for p in positions if p <= avail]
                if body_start + len(rest) + 1 + len(line) - end <= width or not fits:
                    break
                p = _best_split(rest, fits)
                pieces.append(rest[:p])
                rest = rest[p:]
                positions = [x - p for x in positions if x > p]
                body_start = len(cont_indent) + 2 + (1 if dollars else 0) + 1
                avail = width - body_start - 1
            if not pieces:
                continue
            new = [line[:col] + _piece(dollars, pieces[0])]
            for piece in pieces[1:]:
                new.append(cont_indent + "+ " + _piece(dollars, piece))
            new.append(cont_indent + "+ " + _piece(dollars, rest) + line[end:])
            lines = lines[:li] + new + lines[li + 1 :]
            changed = True
            break
    return lines


# ---------------------------------------------------------------------------------------------------------------


def tracked_cs(paths: list[str]) -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--", *paths], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / p for p in out.stdout.split("\n") if p.endswith(".cs")]


def long_lines(f: Path, width: int) -> list[int]:
    return [i + 1 for i, line in enumerate(f.read_text().split("\n")) if len(line) > width]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--steps", default="lists,code,comments,strings")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    paths = [os.path.relpath(os.path.abspath(p), ROOT) for p in args.paths]
    files = [f for f in tracked_cs(paths) if long_lines(f, args.width)]
    before = sum(len(long_lines(f, args.width)) for f in files)
    if "lists" in steps:
        for f in files:
            f.write_text("\n".join(fill_lists(f.read_text().split("\n"), args.width)))
    if files and "code" in steps:
        csharpier_hunks(files, args.width)
    for f in files:
        lines = f.read_text().split("\n")
        if "comments" in steps:
            lines = wrap_comments(lines, args.width)
        if "strings" in steps:
            lines = wrap_strings(lines, args.width)
        f.write_text("\n".join(lines))
    left = [(f, n) for f in files for n in long_lines(f, args.width)]
    print(f"wrap-long-lines: {len(files)} files had {before} lines over {args.width}; {len(left)} left")
    for f, n in left:
        print(f"  {f.relative_to(ROOT)}:{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
