"""The worst cases of make bench: inputs built to find time or memory
that grows faster than the input, each run once, timed, with its peak
memory (max RSS from GNU time) and what perfeval said.

  - a table whose one 偏差原因分析 cell is 2.5 MB of Chinese text, drawn
    by `perfeval score` (the terminal table wraps it: once quadratic in
    the cell, 41 s for 256 KB);
  - `perfeval diff` of two tables of 200,000 rows, every one renamed (once
    quadratic in the rows: 18.6 s for 20,000);
  - CSV: 96 MB of empty cells, as lines of 7 commas and as lines of 100,
    and a line of 100 million commas (once 52 times the file in memory,
    and the long line read whole: 862 MB);
  - workbooks and documents of a few KB that once took gigabytes or
    minutes (tests/hostile.py writes them): a cell at column XFD in every
    row (1.3 GB), a .docx of <w:gridBefore w:val="4096"/> rows (1.6 GB),
    40 million empty <si/> (1.6 GB), 3 million nested elements (up to
    1.3 GB), one 40 MB attribute (17 s), a 5 MB zip of 80 sheets that
    unpacks to 5 GB (19-30 s).  Each is now refused by its limit;
  - `check --report` of a 10,000-row table against its own drafted
    report (once quadratic in rows x claims: 21 s).

The files are made once in BENCH_DIR (build-bench): about 360 MB.
"""
import json
import os
import subprocess
import sys
import time

PHRASE = "财政资金紧张外出学习培训计划受洪灾疫情影响未进行。"


def measure(argv, codes):
    """Wall seconds, peak KiB and the first line perfeval wrote to
    standard error, of one run whose exit status must be in codes."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    dt = time.perf_counter() - t0
    lines = [x for x in r.stderr.strip().splitlines()
             if not x.startswith("Command exited with non-zero status")]
    if r.returncode not in codes:
        sys.exit("bench: %s exited %d: %s" %
                 (" ".join(argv), r.returncode, "\n".join(lines[-5:])))
    said = lines[0] if len(lines) > 1 else ""
    return dt, int(lines[-1]), r.returncode, said


def make(path, write):
    if not os.path.exists(path):
        tmp = path + ".tmp"
        write(tmp)
        os.replace(tmp, path)
    return path


def long_cell(out):
    def write(path):
        with open("data/shangjie-2021.json", encoding="utf-8") as fh:
            p = json.load(fh)
        n = 2500 * 1000 // len(PHRASE.encode())
        p["indicators"][0]["reason"] = PHRASE * n
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(p, fh, ensure_ascii=False)
    return make(os.path.join(out, "worst-cell.json"), write)


def renamed(out, rows):
    old = os.path.join(out, "worst-diff-old.json")
    new = os.path.join(out, "worst-diff-new.json")
    if not (os.path.exists(old) and os.path.exists(new)):
        subprocess.run([sys.executable, "bench/gen_diff.py", str(rows), old,
                        new], check=True)
    return old, new


def repeat(out, name, line, size):
    def write(path):
        with open(path, "w", encoding="ascii") as fh:
            block = line * ((1 << 20) // len(line) or 1)
            for _ in range(size // len(block)):
                fh.write(block)
            fh.write(line * ((size % len(block)) // len(line)))
    return make(os.path.join(out, name), write)


def one_line(out):
    def write(path):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("项目名称,x")
            for _ in range(100):
                fh.write("," * 1000000)
            fh.write("\n")
    return make(os.path.join(out, "worst-commas-one-line.csv"), write)


def hostile(out, kind, n, name):
    def write(path):
        subprocess.run([sys.executable, "tests/hostile.py", kind, path,
                        str(n)], check=True)
    return make(os.path.join(out, name), write)


def own_report(pe, out, rows):
    table = os.path.join(out, "worst-report-%d.json" % rows)
    text = os.path.join(out, "worst-report-%d.md" % rows)

    def write_table(path):
        with open("data/shangjie-2021.json", encoding="utf-8") as fh:
            p = json.load(fh)
        base, inds = p["indicators"], []
        while len(inds) < rows:
            for b in base:
                c = dict(b)
                if "执行率" not in c["name"]:
                    c["name"] = "%s%d号" % (c["name"], len(inds))
                inds.append(c)
        p["indicators"] = inds[:rows]
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(p, fh, ensure_ascii=False)

    def write_text(path):
        with open(path, "w", encoding="utf-8") as fh:
            subprocess.run([pe, "report", "-q", table], stdout=fh,
                           check=True)
    make(table, write_table)
    make(text, write_text)
    return table, text


def worst_cases(pe, out):
    os.makedirs(out, exist_ok=True)
    cell = long_cell(out)
    old, new = renamed(out, 200000)
    cases = [
        ("score: one 2.5 MB cell, table", [pe, "score", cell], (0,), [cell]),
        ("diff: 200,000 rows renamed", [pe, "diff", "-q", old, new], (1,),
         [old, new]),
    ]
    for label, name, line in (
            ("csv: 96 MB of ',,,,,,,' lines", "worst-commas-7.csv",
             "," * 7 + "\n"),
            ("csv: 96 MB of 100-comma lines", "worst-commas-100.csv",
             "," * 100 + "\n")):
        f = repeat(out, name, line, 96 * 1000 * 1000)
        cases.append((label, [pe, "score", "-f", "json", f], (3,), [f]))
    f = one_line(out)
    cases.append(("csv: one line of 100M commas", [pe, "score", "-f", "json",
                                                   f], (3,), [f]))
    for label, kind, n, name in (
            ("xlsx: a cell at XFD in 4,000 rows", "xfd-rows", 4000,
             "worst-xfd.xlsx"),
            ("docx: 6,000 rows of gridBefore 4096", "grid-before", 6000,
             "worst-gridbefore.docx"),
            ("xlsx: 40M empty <si/>", "empty-si", 40000000, "worst-si.xlsx"),
            ("xlsx: 3M nested elements", "nested", 3000000,
             "worst-nested.xlsx"),
            ("xlsx: one 40 MB attribute", "long-attr", 40000000,
             "worst-attr.xlsx"),
            ("xlsx: 80 sheets unpacking to 5 GB", "inflate", 80,
             "worst-inflate.xlsx")):
        f = hostile(out, kind, n, name)
        cases.append((label, [pe, "score", "-f", "json", f], (3,), [f]))
    table, text = own_report(pe, out, 10000)
    cases.append(("check --report: 10,000 rows", [pe, "check", "-q",
                                                  "--report", text, table],
                  (0, 1), [table, text]))
    print()
    print("worst cases (one run each)")
    print("%-34s %8s %8s %9s %7s  %s" % ("case", "input_MB", "wall_s",
                                         "peak_MiB", "x_input", "status"))
    for label, argv, codes, inputs in cases:
        size = sum(os.path.getsize(p) for p in inputs)
        dt, peak, code, said = measure(argv, codes)
        said = said.replace(out + os.sep, "")
        print("%-34s %8.1f %8.2f %9.1f %7.1f  %d %s" %
              (label, size / 1e6, dt, peak / 1024, peak * 1024 / size, code,
               said[:90]))
