#!/usr/bin/env python3
"""The reviewer's desk (check --summary, issue 20): a folder made of the 23
real tables, workbooks and documents (one of three sheets), a GB18030 CSV,
broken files and files that are no tables.  Every format is compared byte
for byte with tests/data/summary/desk.*; the workbook is read back (its
XML) and agrees with the CSV; -j 1 and -j 2 give the same bytes; piped into
head, perfeval stops at once.

Usage: python3 tests/summary.py ./perfeval [--update]
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

EXPECT = "tests/data/summary"
O = "tests/data/office"

# where each file of the desk comes from
DESK = {
    "gbk/shangjie-gb18030.csv": "tests/data/csv/shangjie-gb18030.csv",
    "office/hubei-xinzhou-2020-opera-equipment.xls":
        O + "/xls/hubei-xinzhou-2020-opera-equipment.xls",
    "office/shangjie-2021-report.docx": O + "/docx/shangjie-2021-report.docx",
    "office/three-sheets.xlsx": O + "/hand/three-sheets.xlsx",
    "office/YUAN.XLS": O + "/xls/yuan.xls",
    "broken/bad-quote.csv": "tests/data/csv/bad-quote.csv",
    "broken/empty.csv": "tests/data/csv/empty.csv",
    "broken/encrypted.xlsx": O + "/hand/encrypted.xlsx",
    "broken/long.xlsx": O + "/hand/long.xlsx",
    "broken/truncated.xlsx": O + "/hand/truncated.xlsx",
    "broken/weight-abc.csv": "tests/data/csv/weight-abc.csv",
    "notes.pdf": "tests/data/csv/binary.bin",
    "real/README.md": "tests/data/real/README.md",
}

fails = 0
passes = 0


def ok(cond, what):
    global fails, passes
    if cond:
        passes += 1
    else:
        fails += 1
        print("FAIL: " + what)


def make_desk(top):
    desk = os.path.join(top, "desk")
    os.makedirs(os.path.join(desk, "real"))
    for name in sorted(os.listdir("tests/data/real")):
        if name.endswith(".csv"):
            shutil.copy(os.path.join("tests/data/real", name),
                        os.path.join(desk, "real", name))
    for dst, src in DESK.items():
        os.makedirs(os.path.dirname(os.path.join(desk, dst)), exist_ok=True)
        shutil.copy(src, os.path.join(desk, dst))
    return desk


def run(pe, top, *args):
    p = subprocess.run([pe, "check", "--summary", *args], cwd=top,
                       capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def compare(name, got, update):
    path = os.path.join(EXPECT, name)
    if update:
        with open(path, "wb") as f:
            f.write(got)
    with open(path, "rb") as f:
        want = f.read()
    if got != want:
        for i, (a, b) in enumerate(zip(got.split(b"\n"), want.split(b"\n"))):
            if a != b:
                print("  line %d:\n    got  %r\n    want %r" % (i + 1, a, b))
                break
    ok(got == want, "%s: output differs from %s" % (name, path))


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_sheet(z, n):
    """The cells of worksheet n as rows of text, by reference."""
    shared = []
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    for si in root.iter(NS + "si"):
        shared.append("".join(t.text or "" for t in si.iter(NS + "t")))
    rows = []
    root = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % n))
    for row in root.iter(NS + "row"):
        cells = {}
        for c in row.iter(NS + "c"):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            v = c.find(NS + "v")
            if v is None:
                continue
            cells[col] = (shared[int(v.text)] if c.get("t") == "s"
                          else float(v.text))
        rows.append(cells)
    return rows


def check_xlsx(path, csv_text):
    z = zipfile.ZipFile(path)
    wb = z.read("xl/workbook.xml").decode()
    ok(re.findall(r'<sheet name="([^"]+)"', wb) == ["汇总", "问题清单", "复核汇总"],
       "xlsx: the sheets are 汇总, 问题清单, 复核汇总")
    s1 = z.read("xl/worksheets/sheet1.xml").decode()
    ok('state="frozen"' in s1, "xlsx: 汇总's header is frozen")
    ok("<autoFilter " in s1, "xlsx: 汇总 has an autofilter")
    # printed: A4 landscape, one page wide, the header row on every page
    for n, name in ((1, "汇总"), (2, "问题清单"), (3, "复核汇总")):
        sx = z.read("xl/worksheets/sheet%d.xml" % n).decode()
        setup = re.search(r"<pageSetup [^>]*>", sx)
        ok(setup and 'paperSize="9"' in setup.group(0)
           and 'orientation="landscape"' in setup.group(0)
           and 'fitToHeight="0"' in setup.group(0)
           and '<pageSetUpPr fitToPage="1"/>' in sx,
           "xlsx: %s prints A4 landscape, one page wide: %r"
           % (name, setup and setup.group(0)))
        ok(re.search(r'<definedName name="_xlnm.Print_Titles" localSheetId="%d">'
                     r"'%s'!\$1:\$1<" % (n - 1, name), wb),
           "xlsx: %s repeats its header row on every printed page" % name)
        ok("第 &amp;P 页，共 &amp;N 页" in sx,
           "xlsx: %s numbers its pages" % name)
    # a wrapped text's row is as tall as its lines (LibreOffice would not
    # grow it): some row of 汇总 is taller than one line
    ok(re.search(r'<row r="\d+"[^>]* ht="(30|45|60)"', s1),
       "xlsx: 汇总's rows grow to their wrapped text")
    rows = read_sheet(z, 1)
    lines = csv_text.decode().splitlines()[1:]
    ok(len(rows) == len(lines) + 1, "xlsx: one row per table (%d, want %d)"
       % (len(rows) - 1, len(lines)))
    cols = "ABCDEFGHIJKLMNOPQ"
    import csv as csvmod
    for cells, rec in zip(rows[1:], csvmod.reader(lines)):
        for i, want in enumerate(rec):
            got = cells.get(cols[i], "")
            if isinstance(got, float):
                # numbers are numbers: 80.00 in the CSV is 80.0 in the cell
                same = want != "" and abs(got - float(want)) < 1e-9
            else:
                same = got == want.lstrip("'") if want.startswith("'") \
                    else got == want
            if not same:
                ok(False, "xlsx: %s column %s: %r, the CSV has %r"
                   % (rec[0], cols[i], got, want))
                return
    ok(True, "xlsx: 汇总 agrees with the CSV")
    findings = read_sheet(z, 2)
    ok(findings[0].get("H") == "说明" and len(findings) > 100,
       "xlsx: 问题清单 lists the findings")
    return z


def main():
    pe = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    top = tempfile.mkdtemp()
    try:
        make_desk(top)
        # the desk walked: sorted, recursive; .pdf and .md skipped
        rc, out, err = run(pe, top, "-f", "csv", "desk")
        ok(rc == 3, "csv: exit %d, want 3 (a file could not be read)" % rc)
        ok("perfeval: skipped 2 files that are not tables\n" in err,
           "csv: the skipped files are counted: " + err[:200])
        compare("desk.csv", out, update)
        csv_text = out
        ok(out.count(b"\n") == 1 + 23 + 1 + 1 + 1 + 3 + 1 + 6,
           "csv: one record per table, broken files included")
        rc, out, err = run(pe, top, "-f", "json", "desk")
        ok(rc == 3, "json: exit %d" % rc)
        compare("desk.json", out, update)
        import json
        doc = json.loads(out)
        ok(doc["format"] == "perfeval/summary/1", "json: its format")
        st = [t["status"] for t in doc["tables"]]
        ok(st.count("unloadable") == 6, "json: 6 unloadable, got %s" % st)
        rc, out, err = run(pe, top, "desk")
        compare("desk.txt", out, update)
        rc, out, err = run(pe, top, "--lang", "zh", "-f", "csv", "desk")
        compare("desk-zh.csv", out, update)
        # the roll-up, in every format
        for fmt, ext in (("table", "txt"), ("csv", "csv"), ("json", "json")):
            rc, out, err = run(pe, top, "--rollup", "-f", fmt, "desk")
            ok(rc == 3, "rollup %s: exit %d" % (fmt, rc))
            compare("desk-rollup." + ext, out, update)
            if fmt == "csv":
                rollup_csv = out
        # a list of names instead of the folder: the same records
        names = subprocess.run(["find", "desk", "-type", "f"], cwd=top,
                               capture_output=True).stdout
        names = b"\n".join(sorted(n for n in names.split()
                                   if not n.endswith((b".pdf", b".md"))))
        names += b"\n"
        p = subprocess.run([pe, "check", "--summary", "-f", "csv",
                            "--files-from", "-"], cwd=top, input=names,
                           capture_output=True)
        ok(p.stdout == csv_text,
           "--files-from: the same records as the folder")
        # -j 1 and -j 2: the same bytes, on standard output and error
        outs = [run(pe, top, "-j", j, "-f", "json", "desk") for j in "12"]
        ok(outs[0] == outs[1], "-j 1 and -j 2 differ")
        outs = [run(pe, top, "-j", j, "desk") for j in "13"]
        ok(outs[0] == outs[1], "-j 1 and -j 3 differ (table)")
        # piped into head: the header at once, and perfeval ends at its
        # next record, quietly, whether SIGPIPE kills it or is ignored
        for ignore in (False, True):
            p = subprocess.Popen(
                "%s check --summary -f csv -j 1 desk desk desk desk | head -1"
                % pe, shell=True, cwd=top, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                preexec_fn=(lambda: __import__("signal").signal(
                    __import__("signal").SIGPIPE,
                    __import__("signal").SIG_IGN)) if ignore else None)
            out, err = p.communicate(timeout=60)
            ok(out == csv_text.split(b"\n")[0] + b"\n",
               "head -1: the header line, got %r" % out[:100])
            err = err.decode("utf-8", "replace")
            ok("cannot write" not in err and "Broken pipe" not in err,
               "head -1 (SIGPIPE %s): %r" % ("ignored" if ignore else
                                            "default", err[-200:]))
        # the workbook, read back
        rc, out, err = run(pe, top, "-f", "xlsx", "-o", "s.xlsx", "desk")
        ok(rc == 3 and out == b"", "xlsx: exit %d, stdout %r" % (rc, out[:80]))
        z = check_xlsx(os.path.join(top, "s.xlsx"), csv_text)
        rows = read_sheet(z, 3)
        last = rollup_csv.decode().splitlines()[-1].split(",")
        ok(rows[-1]["A"] == "合计" and rows[-1]["B"] == float(last[1])
           and abs(rows[-1]["L"] - float(last[11])) < 1e-9,
           "xlsx: 复核汇总's 合计 row is the CSV's: %r" % rows[-1])
    finally:
        shutil.rmtree(top)
    print("summary: %d passed, %d failed" % (passes, fails))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
