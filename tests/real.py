#!/usr/bin/env python3
"""The corpus of real tables (tests/data/real): every table loads and scores,
and gives the total, the grade and the findings a reviewer needs, as
tests/data/real/expect.txt states them.

Usage: python3 tests/real.py ./perfeval

Each line of expect.txt: NAME TOTAL GRADE CODES, where CODES is every error
and warning that `perfeval check` must report, as code@row (row 0 the funds
block, -1 the table) joined by commas, or "-" for none.  Info findings are
not listed; the set of errors and warnings must match exactly, so a
finding lost or a new one appearing both fail.  Every NAME.csv in the
directory needs a line and a NAME.md beside it.
"""

import json
import os
import subprocess
import sys
import tempfile

DIR = "tests/data/real"


def run(pe, *args):
    p = subprocess.run([pe, *args], capture_output=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def project_total(out):
    """The project's "total" in -f json output, as printed ("95.58", "96"):
    the last member of that name (the first is the reported one)."""
    return out.rsplit('\n\t"total":', 1)[-1].split(",", 1)[0].strip()


def reads_back(pe, path, total, tmp):
    """perfeval's own -f csv and -f json outputs score to the same total."""
    for fmt in ("csv", "json"):
        back = os.path.join(tmp, "back." + fmt)
        rc, _, err = run(pe, "score", "-q", "-f", fmt, "-o", back, path)
        rc2, out, err2 = run(pe, "score", "-q", "-f", "json", back)
        if rc or rc2 or project_total(out) != total:
            return "-f %s reads back as %s (exit %d, %d) %s" % (
                fmt, project_total(out), rc, rc2, (err + err2).strip())
    return None


def main():
    pe = sys.argv[1] if len(sys.argv) > 1 else "./perfeval"
    want = {}
    with open(os.path.join(DIR, "expect.txt"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if len(line) != 4:
                sys.exit("expect.txt:%d: want NAME TOTAL GRADE CODES" % n)
            want[line[0]] = line[1:]
    names = sorted(f[:-4] for f in os.listdir(DIR) if f.endswith(".csv"))
    passed = failed = 0
    tmp = tempfile.mkdtemp()

    def bad(name, msg):
        nonlocal failed
        failed += 1
        print("FAIL: real/%s: %s" % (name, msg))

    for name in names:
        path = os.path.join(DIR, name + ".csv")
        if name not in want:
            bad(name, "no line in expect.txt")
            continue
        if not os.path.exists(os.path.join(DIR, name + ".md")):
            bad(name, "no %s.md beside it" % name)
            continue
        total, grade, codes = want.pop(name)
        rc, out, err = run(pe, "score", "-q", "-f", "json", path)
        if rc != 0:
            bad(name, "score exits %d: %s" % (rc, err.strip()))
            continue
        doc = json.loads(out)
        got_total = project_total(out)
        if got_total != total or doc["grade"] != grade:
            bad(name, "total %s %s, want %s %s"
                % (got_total, doc["grade"], total, grade))
            continue
        why = reads_back(pe, path, total, tmp)
        if why:
            bad(name, why)
            continue
        rc, out, err = run(pe, "check", "-f", "json", path)
        found = json.loads(out)["findings"]
        got = sorted("%s@%d" % (f["code"], f["row"]) for f in found
                     if f["severity"] in ("error", "warning"))
        need = sorted([] if codes == "-" else codes.split(","))
        if got != need:
            bad(name, "findings %s, want %s"
                % (",".join(got) or "-", ",".join(need) or "-"))
            continue
        passed += 1
    for name in want:
        bad(name, "in expect.txt, but there is no %s.csv" % name)
    for f in os.listdir(tmp):
        os.remove(os.path.join(tmp, f))
    os.rmdir(tmp)
    print("real: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
