#!/usr/bin/env python3
"""Workbooks and documents saved by a real office suite score as their CSV
counterparts do: for every tests/data/office/{xlsx,xls}/NAME twin of a CSV
fixture, the same total and grade, every row's final score and 分值, the
funds block's amounts and score, the rows left unscored.  And the seed's
self-evaluation report (.docx) scores 95.58, 优.

Usage: python3 tests/office.py ./perfeval
(VALGRIND="valgrind ..." runs the readers of the office files under it,
as make leakcheck does; their CSV twins run bare.)
"""

import glob
import json
import os
import subprocess
import sys

OFFICE = "tests/data/office"


def scored(pe, path):
    wrap = []
    if not path.endswith(".csv"):
        wrap = os.environ.get("VALGRIND", "").split()
    p = subprocess.run(wrap + [pe, "score", "-q", "-f", "json", path],
                       capture_output=True)
    if p.returncode != 0:
        return None, p.stderr.decode("utf-8", "replace").strip()
    return json.loads(p.stdout), None


def num(v):
    """A JSON number or numeric text by value: 1, 1.0 and "1.00" agree."""
    if v is None:
        return None
    try:
        return round(float(v), 9)
    except (TypeError, ValueError):
        return v


def summary(doc):
    f = doc.get("funds") or {}
    return {
        "total": num(doc["total"]),
        "grade": doc["grade"],
        "funds": [num(f.get(k)) for k in ("weight", "initial", "budget",
                                          "executed", "score")],
        "rows": [(r["name"], num(r.get("weight")), num(r.get("score")))
                 for r in doc["indicators"]],
    }


def source_of(name):
    for d in ("data", "tests/data/csv", "tests/data/real"):
        p = os.path.join(d, name + ".csv")
        if os.path.exists(p):
            return p
    return None


def main():
    pe = sys.argv[1] if len(sys.argv) > 1 else "./perfeval"
    passed = failed = 0
    for path in sorted(glob.glob(OFFICE + "/xlsx/*.xlsx") +
                       glob.glob(OFFICE + "/xls/*.xls")):
        name = os.path.splitext(os.path.basename(path))[0]
        src = source_of(name)
        if not src:
            print("FAIL: %s: no CSV it was made from" % path)
            failed += 1
            continue
        want, err = scored(pe, src)
        got, err2 = scored(pe, path)
        if want is None or got is None:
            print("FAIL: %s: %s" % (path, err or err2))
            failed += 1
            continue
        a, b = summary(want), summary(got)
        if a != b:
            diff = [k for k in a if a[k] != b[k]]
            print("FAIL: %s differs from %s in %s:\n  csv  %s\n  file %s"
                  % (path, src, ", ".join(diff),
                     [a[k] for k in diff], [b[k] for k in diff]))
            failed += 1
            continue
        passed += 1
    doc, err = scored(pe, OFFICE + "/docx/shangjie-2021-report.docx")
    if doc is None or str(doc["total"]) != "95.58" or doc["grade"] != "优":
        print("FAIL: the seed's report: %s" % (err or (doc["total"], doc["grade"])))
        failed += 1
    else:
        passed += 1
    print("office: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
