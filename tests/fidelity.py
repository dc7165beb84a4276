#!/usr/bin/env python3
"""Never a wrong number (docs/rules.md): the fixtures of tests/data/fidelity,
each scored and checked as a clerk would, against the totals, findings and
messages the rules give.  Each case failed before its fix:

- a formula saved without its value (openpyxl) read the previous cell's
  text (a 总分 of 10, a missed deadline read as "40");
- a bare "0.5" against "≤2%" read as 50%;
- a 得分 merged over several rows refused the table.

Usage: python3 tests/fidelity.py ./perfeval
"""
import json
import subprocess
import sys

D = "tests/data/fidelity/"
FORMULA = ("cell %s holds a formula (=%s) but no saved value, so it is read "
           "as blank: open the workbook in Excel or WPS and save it, which "
           "stores the value")


def run(pe, *args):
    p = subprocess.run([pe] + list(args), capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    pe = sys.argv[1]
    passed = failed = 0

    def ok(name, cond, detail=""):
        nonlocal passed, failed
        if cond:
            passed += 1
        else:
            failed += 1
            print("FAIL: %s %s" % (name, detail))

    def scored(path, *extra):
        rc, out, err = run(pe, "score", "-f", "json", *extra, path)
        return rc, (json.loads(out, parse_float=str, parse_int=str)
                    if rc == 0 else None), err

    def codes(doc):
        return sorted("%s@%s" % (f["code"], f["row"])
                      for f in doc["findings"] if f["severity"] != "info"
                      or f["code"] in ("shared-score", "fraction-read"))

    # 1. formulas without values
    f = D + "formula-openpyxl.xlsx"
    rc, out, err = run(pe, "score", f)
    lines = err.splitlines()
    ok("openpyxl: refused as incomplete", rc == 3, str(rc))
    want = [
        "perfeval: %s:附件1:%d: warning: %s" % (f, line, FORMULA % (c, fx))
        for line, c, fx in [(6, "G6", "E6/D6"), (6, "H6", "F6*G6"),
                            (9, "F9", '"2021年9月"'), (9, "H9", "G9"),
                            (12, "G12", "SUM(G8:G11)+F6"),
                            (12, "H12", "SUM(H8:H11)+H6")]]
    want.append("perfeval: %s:附件1:9: error: 完成时间: 实际完成值 is empty "
                "and 得分 is not filled: fill in 实际完成值 (or 得分)" % f)
    ok("openpyxl: every formula said, the row to fill named", lines == want,
       "\n".join(lines))
    ok("openpyxl: nothing written", out == "")
    rc, out, err = run(pe, "check", f)
    ok("openpyxl: check exits 1", rc == 1, str(rc))
    ok("openpyxl: check counts", out.rstrip().endswith(
        "1 file checked: 1 error, 6 warnings, 1 info; 0 could not be loaded"),
        out)

    rc, doc, err = scored(D + "total-formula-openpyxl.xlsx")
    ok("总分 formula: scores", rc == 0 and doc["total"] == "99.00", err)
    if doc:
        ok("总分 formula: no printed total read",
           "reported" not in doc or "total" not in doc.get("reported", {}),
           json.dumps(doc.get("reported")))
        ok("总分 formula: the two cells said",
           [x["message"] for x in doc["findings"]
            if x["code"] == "formula-no-value"] ==
           [FORMULA % ("G12", "SUM(G8:G11)+F6"),
            FORMULA % ("H12", "SUM(H8:H11)+H6")])
    # every way a generator leaves a formula's value out, by hand
    rc, doc, err = scored("tests/data/office/hand/formula-cells.xlsx")
    ok("hand formulas: score", rc == 0, err)
    if doc:
        ok("hand formulas: G7, G8 and G11 said; Excel's empty text (E10) not",
           [x["message"].split(" holds")[0] for x in doc["findings"]
            if x["code"] == "formula-no-value"] ==
           ["cell G7", "cell G8", "cell G11"])
        ok("hand formulas: no stale values",
           [r.get("score") for r in doc["indicators"]] ==
           ["0.60", "2.00", "10.00", "77.00"] and
           "total" not in doc.get("reported", {}),
           str([r.get("score") for r in doc["indicators"]]) +
           json.dumps(doc.get("reported")))
    for kind in ("xlsx", "xls"):
        rc, doc, err = scored(D + "formula-libreoffice." + kind)
        ok("LibreOffice %s: its saved values" % kind,
           rc == 0 and doc["total"] == "99.00" and
           doc["reported"]["total"] == "99" and
           doc["indicators"][1]["actual"] == "2021年9月" and
           not [x for x in doc["findings"] if x["code"] == "formula-no-value"],
           err)

    # 2. bare fractions against percent targets
    rc, doc, err = scored(D + "bare-fractions.csv")
    ok("fractions: score", rc == 0, err)
    if doc:
        got = [(r["actual"], r["score"]) for r in doc["indicators"]]
        ok("fractions: each row's reading",
           got == [("0.96", "10.00"), ("0.8", "9.39"), ("0.5", "10.00"),
                   ("1", "10.00"), ("1", "9.00"), ("0.9", "1.13")], str(got))
        msgs = [x["message"] for x in doc["findings"]
                if x["code"] == "fraction-read"]
        ok("fractions: every reading said, both scores given",
           msgs == [
               "合格率: 实际完成值 0.96 read as 96% (nearer the target ≥95%), "
               "which scores 10.00; read as 0.96% it would score 0.10",
               "优良率: 实际完成值 0.8 read as 80% (nearer the target "
               "≥85.2%), which scores 9.39; read as 0.8% it would score 0.09",
               "差错率: 实际完成值 0.5 read as 0.5% (nearer the target ≤2%), "
               "which scores 10.00; read as 50% it would score 0.40",
               "投诉率: 实际完成值 1 read as 1% (nearer the target ≤5%), "
               "which scores 10.00; read as 100% it would score 0.50",
               "事故率: 实际完成值 1 read as 1% (nearer the target ≤2%), "
               "which scores 10.00; read as 100% it would score 0.20",
               "覆盖率: 实际完成值 0.9 read as 0.9% (nearer the target ≥8%), "
               "which scores 1.13; read as 90% it would score 10.00"],
           "\n".join(msgs))
        ok("fractions: the evaluator's full score stands on 1 against ≤2%",
           not [x for x in doc["findings"] if x["code"] == "above-rules"])

    # 3. a 得分 merged down over rows
    for name in ("merged-group-scores.csv", "merged-group-scores.xlsx"):
        rc, doc, err = scored(D + name)
        ok("%s: scores" % name, rc == 0, err)
        if not doc:
            continue
        ok("%s: total" % name, doc["total"] == "99.00", doc["total"])
        ok("%s: shared rows" % name,
           [r.get("score_shared_with") for r in doc["indicators"]] ==
           [None, "1", None, None, None, "5", None])
        ok("%s: said" % name, codes(doc) == ["shared-score@1",
                                              "shared-score@5"],
           str(codes(doc)))
        rc, out, err = run(pe, "check", D + name)
        ok("%s: check is clean" % name, rc == 0, out + err)
    # the JSON output reads back to the same
    rc, out, err = run(pe, "score", "-q", "-f", "json",
                       D + "merged-group-scores.csv")
    p = subprocess.run([pe, "score", "-q", "-f", "json", "-"], input=out.encode(),
                       capture_output=True)
    ok("merged: JSON round trip", p.returncode == 0 and
       json.loads(p.stdout, parse_float=str)["total"] == "99.00", p.stderr.decode())

    # 4. what new users hit
    rc, out, err = run(pe, "score", D + "mojibake.csv")
    ok("mojibake: named with its cause", rc == 3 and err ==
       "perfeval: %smojibake.csv: no 绩效指标 header row: the text is garbled "
       "(\"é™„ä»¶1\" is \"附件1\" read as Windows-1252), as when an office "
       "suite opens a UTF-8 file as a Western one and saves it again; use the "
       "original file, or open it choosing UTF-8 (Unicode) and save it "
       "again\n" % D, err)
    rc, out, err = run(pe, "score", "tests/data/csv/weight-abc.csv")
    ok("a CSV cell by its line", rc == 3 and err ==
       'perfeval: tests/data/csv/weight-abc.csv:14: 分值 "abc" is not a '
       'number\n', err)
    rc, out, err = run(pe, "score", D + "weight-abc.xlsx")
    ok("a workbook cell by its name", rc == 3 and err ==
       'perfeval: %sweight-abc.xlsx:weight-abc:12: cell F12: 分值 "abc" is '
       'not a number\n' % D, err)
    p = subprocess.run([pe, "check", "-"], capture_output=True, input=(
        "项目名称,无得分\n"
        "绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\n"
        ",产出指标,数量指标,人数,≥60人,80人,50,\n"
        ",效益指标,社会效益,水平,提高,提高,50,\n").encode())
    ok("no printed scores: the rules are assumed, and said so",
       "the table prints no scores to read its rules from: mof-2020 is "
       "assumed" in p.stdout.decode(), p.stdout.decode())

    print("fidelity: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
