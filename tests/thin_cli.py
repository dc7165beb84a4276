#!/usr/bin/env python3
"""The program stays thin (STYLE.md 1 and 11, issue 24): src/main.c under
800 lines and no function of the program's files (main.c, cli_*.c) over
120 lines; the decisions are the library's.

Usage: python3 tests/thin_cli.py   (from the top of the tree)
"""
import glob
import re
import sys

MAX_MAIN, MAX_FN = 800, 120
fails = 0


def functions(path):
    """(name, lines) of each function defined in path: from its first
    line to its closing brace at the start of a line."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    for i, line in enumerate(lines):
        if line != "{":
            continue
        start = i - 1
        # the head: back to the line that starts the declaration
        while start > 0 and (lines[start - 1].startswith(" ") or
                             not re.match(r"^(static |int |void |const |pe_|char |size_t |double )",
                                          lines[start]) and lines[start - 1]):
            start -= 1
        end = next(k for k in range(i, len(lines)) if lines[k] == "}")
        m = re.search(r"(\w+)\s*\(", " ".join(lines[start:i]))
        out.append((m.group(1) if m else "?", end - start + 1))
    return out


n = sum(1 for _ in open("src/main.c", encoding="utf-8"))
if n >= MAX_MAIN:
    fails += 1
    print("FAIL: src/main.c has %d lines (under %d)" % (n, MAX_MAIN))
longest = ("", 0, "")
for path in ["src/main.c"] + sorted(glob.glob("src/cli_*.c")):
    for name, size in functions(path):
        if size > longest[1]:
            longest = (name, size, path)
        if size > MAX_FN:
            fails += 1
            print("FAIL: %s: %s() has %d lines (at most %d)" %
                  (path, name, size, MAX_FN))
print("thin cli: src/main.c %d lines; longest function %s() in %s, %d lines"
      % (n, longest[0], longest[2], longest[1]))
sys.exit(1 if fails else 0)
