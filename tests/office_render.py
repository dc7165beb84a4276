#!/usr/bin/env python3
"""What perfeval writes for an office, opened as an office opens it.

Always (CI has no LibreOffice): the seed's workbook (score -f xlsx) has its
总分 as SUM formulas with their values cached, reads back with the findings
the seed has and no other, and a blank form (init -f xlsx) sums its blank
cells; the seed's report (report -f docx) reads back as its table and
checks against it with no error.

Where LibreOffice is installed (soffice; pdftotext for the PDF): the
workbook with its cached values taken out, converted to CSV, shows the
总分 LibreOffice computes from the formulas, 95.58, and 95.99 once the
0.59 of 预算执行率 is edited to 1; the report converted to PDF has its
附件1 on pages of its own, the indicators' header row on each.

Usage: python3 tests/office_render.py ./perfeval
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

SEED = "data/shangjie-2021.json"
passed = failed = 0


def ok(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("office_render: FAIL: %s%s" % (what, ": " + detail if detail
                                               else ""))


def run(*args):
    return subprocess.run(list(args), capture_output=True)


def member(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def findings(pe, path):
    """The findings of check, as (severity, code, subject)."""
    p = run(pe, "check", path)
    out = set()
    for line in p.stdout.decode("utf-8").splitlines():
        m = re.match(r"\s+(error|warning|info)\s+(\S+)\s+(\S+)", line)
        if m:
            out.add((m.group(1), m.group(2), m.group(3).rstrip(",")))
    return out


def rezip(src, dst, edit):
    """src with its sheet1.xml edited: a workbook an office saved
    differently."""
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w") as zo:
        for item in zi.infolist():
            data = zi.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            zo.writestr(item, data)


def no_cache(xml):
    """Formulas without their cached values: LibreOffice must compute."""
    return re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", xml)


def soffice(tmp, kind, *paths):
    """The files converted, in one run of LibreOffice (with a profile of
    its own, beside any other running); None for one that failed."""
    profile = "file://" + os.path.join(tmp, "lo-profile")
    subprocess.run(["soffice", "-env:UserInstallation=" + profile,
                    "--headless", "--convert-to", kind, "--outdir", tmp] +
                   list(paths), capture_output=True, timeout=600)
    outs = []
    for path in paths:
        base = os.path.splitext(os.path.basename(path))[0]
        out = os.path.join(tmp, base + "." + kind.split(":")[0])
        outs.append(out if os.path.exists(out) else "/nonexistent")
    return outs


def total_row(csv_path):
    with open(csv_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("总分"):
                return line.strip().split(",")
    return None


def main():
    pe = sys.argv[1] if len(sys.argv) > 1 else "./perfeval"
    tmp = tempfile.mkdtemp(prefix="pe-office-")
    try:
        xlsx = os.path.join(tmp, "x.xlsx")
        p = run(pe, "score", "-q", "-f", "xlsx", "-o", xlsx, SEED)
        ok(p.returncode == 0, "score -f xlsx", p.stderr.decode())
        sheet = member(xlsx, "xl/worksheets/sheet1.xml")
        ok("<f>SUM(H14:H32,I7)</f><v>95.58</v>" in sheet,
           "总分 得分 is a formula with 95.58 cached")
        ok("<f>SUM(G14:G32,G7)</f><v>100</v>" in sheet,
           "总分 分值 is a formula with 100 cached")
        ok(findings(pe, xlsx) == findings(pe, SEED),
           "the workbook reads back with the seed's findings",
           "%s != %s" % (sorted(findings(pe, xlsx)),
                         sorted(findings(pe, SEED))))

        form = os.path.join(tmp, "form.xlsx")
        run(pe, "init", "-f", "xlsx", "-o", form)
        sheet = member(form, "xl/worksheets/sheet1.xml")
        ok(re.search(r"<f>SUM\(H\d+:H\d+,I7\)</f><v>0</v>", sheet)
           is not None, "a blank form sums its blank cells")

        docx = os.path.join(tmp, "r.docx")
        p = run(pe, "report", "-q", "-f", "docx", "-o", docx, SEED)
        ok(p.returncode == 0, "report -f docx", p.stderr.decode())
        p = run(pe, "check", "--report", docx, SEED)
        ok(b": 0 errors" in p.stdout, "the report agrees with its table",
           p.stdout.decode())
        p = run(pe, "score", "-q", "-f", "json", docx)
        ok(re.search(rb'"total":\s*95.58,', p.stdout) is not None,
           "the report's 附件1 reads back", p.stdout.decode()[:200])

        if not shutil.which("soffice"):
            print("office_render: no soffice: the LibreOffice checks are "
                  "skipped")
        else:
            csv = "csv:Text - txt - csv (StarCalc):44,34,76"
            bare = os.path.join(tmp, "bare.xlsx")
            rezip(xlsx, bare, no_cache)
            edited = os.path.join(tmp, "edited.xlsx")
            rezip(xlsx, edited, lambda x: no_cache(re.sub(
                r'(<c r="H14"[^>]*><v>)0.59(</v>)', r"\g<1>1\2", x)))
            a, b = soffice(tmp, csv, bare, edited)
            row = total_row(a) if os.path.exists(a) else None
            ok(row is not None and "100.00" in row and "95.58" in row,
               "LibreOffice computes 总分 100.00 and 95.58", str(row))
            row = total_row(b) if os.path.exists(b) else None
            ok(row is not None and "95.99" in row,
               "an edited score: LibreOffice's 总分 is 95.99", str(row))

            pdf = soffice(tmp, "pdf", docx)[0]
            ok(os.path.exists(pdf), "LibreOffice converts the report to PDF")
            if os.path.exists(pdf) and shutil.which("pdftotext"):
                text = run("pdftotext", "-layout", pdf, "-").stdout.decode()
                pages = text.split("\f")
                annex = [i for i, t in enumerate(pages) if "附件1" in
                         t.replace(" ", "")]
                rows = [t for t in pages[annex[0]:] if "得分" in t] \
                    if annex else []
                ok(len(rows) >= 2, "the 附件1 runs to 2 pages or more",
                   "%d pages" % len(rows))
                ok(all("三级指标" in t and "偏差原因分析" in t
                       for t in rows[1:]),
                   "the header row repeats on each page of the 附件1")
                print("office_render: the report is %d pages, its 附件1 %d"
                      % (len([t for t in pages if t.strip()]), len(rows)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("office_render: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
