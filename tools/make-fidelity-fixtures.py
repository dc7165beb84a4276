#!/usr/bin/python3
"""Make the workbook fixtures of tests/data/fidelity (issue: never a wrong
number) as the generators that make them write them:

- formula-openpyxl.xlsx: openpyxl writes every formula with an empty
  <v></v> (it computes nothing), the 总分, the funds 得分, a row's 得分 and a
  row's 实际完成值 among them.  Each reads as a blank cell, said.
- total-formula-openpyxl.xlsx: only the 总分 row is formulas; the table
  scores, with the two formulas said.
- formula-libreoffice.xlsx and .xls: the first, opened and saved by
  LibreOffice, which computes and stores every value.
- weight-abc.xlsx: tests/data/csv/weight-abc.csv by LibreOffice, for the
  message that names the cell (F12).
- mojibake.csv (made apart, by hand): the seed's CSV read as Windows-1252
  and saved again as UTF-8.
- merged-group-scores.xlsx: the municipal 20/80 form whose 得分 of a 二级
  indicator is one cell merged down over its 三级 rows, from the CSV of the
  same name, by LibreOffice.

The files are committed; CI needs neither openpyxl nor LibreOffice.

    apt-get install python3-openpyxl libreoffice-calc-nogui
    /usr/bin/python3 tools/make-fidelity-fixtures.py
"""
import os
import shutil
import subprocess
import tempfile

import openpyxl

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "tests", "data", "fidelity")

# as tools/make-office-fixtures.sh imports CSV: UTF-8, Chinese (PRC),
# formulas not evaluated
CSV_FILTER = "CSV:44,34,76,1,,2052,false,true,false,false,false,-1,false"

HEAD = [
    ["项目支出绩效自评表"],
    ["（2021年度）"],
    ["项目名称", "公式测试"],
    ["主管部门及代码", "[361]某局", None, "实施单位", "某中心"],
    ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值",
     "执行率", "得分"],
]
IND = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
       "分值", "得分", "偏差原因分析及改进措施"]


def save(rows, name):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件1"
    for r in rows:
        ws.append(r)
    path = os.path.join(OUT, name)
    wb.save(path)
    return path


def main():
    every = save(HEAD + [
        [None, "年度资金总额", 10, 10, 9, 10, "=E6/D6", "=F6*G6"],
        IND,
        [None, "产出指标", "数量指标", "培训人数", "≥60人", "80人", 40, 40, "超额完成"],
        [None, None, "时效指标", "完成时间", "2021年6月30日前", '="2021年9月"', 10,
         "=G9"],
        [None, "效益指标", "社会效益", "服务水平", "提高", "提高", 30, 30],
        [None, "满意度指标", "满意度", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, "=SUM(G8:G11)+F6",
         "=SUM(H8:H11)+H6"],
    ], "formula-openpyxl.xlsx")
    save(HEAD + [
        [None, "年度资金总额", 10, 10, 9, 10, "90%", 9],
        IND,
        [None, "产出指标", "数量指标", "培训人数", "≥60人", "80人", 40, 40, "超额完成"],
        [None, None, "时效指标", "完成时间", "2021年6月30日前", "2021年6月", 10, 10],
        [None, "效益指标", "社会效益", "服务水平", "提高", "提高", 30, 30],
        [None, "满意度指标", "满意度", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, "=SUM(G8:G11)+F6",
         "=SUM(H8:H11)+H6"],
    ], "total-formula-openpyxl.xlsx")
    if not shutil.which("soffice"):
        print("no soffice: the LibreOffice fixtures are left as they are")
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "formula-libreoffice.xlsx")
        shutil.copy(every, src)
        for kind in ("xlsx", "xls"):
            d = os.path.join(tmp, kind)
            subprocess.run(["soffice", "--headless", "--convert-to", kind,
                            "--outdir", d, src], check=True,
                           stdout=subprocess.DEVNULL)
            shutil.copy(os.path.join(d, "formula-libreoffice." + kind), OUT)
    make_merged()
    # a cell that is not a number, named as the sheet names it (F12)
    subprocess.run(["soffice", "--headless", "--infilter=" + CSV_FILTER,
                    "--convert-to", "xlsx", "--outdir", OUT,
                    os.path.join(OUT, "..", "csv", "weight-abc.csv")],
                   check=True, stdout=subprocess.DEVNULL)


def make_merged():
    """The 20/80 form of merged-group-scores.csv as a workbook whose 得分
    cells are real merges over their rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    with open(os.path.join(OUT, "merged-group-scores.csv"),
              encoding="utf-8") as fh:
        for line in fh:
            cells = [c if c else None for c in line.rstrip("\n").split(",")]
            ws.append([float(c) if c and c.replace(".", "").isdigit() else c
                       for c in cells])
    ws.merge_cells("G7:G8")   # 数量指标: 养护里程 and 桥梁检查
    ws.merge_cells("G11:G12")  # 社会效益指标: two rows, one score
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "merged-group-scores.xlsx")
        wb.save(src)
        d = os.path.join(tmp, "lo")
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx",
                        "--outdir", d, src], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(d, "merged-group-scores.xlsx"), OUT)


if __name__ == "__main__":
    main()
