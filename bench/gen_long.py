#!/usr/bin/env python3
"""Deterministic long-format CSV: N indicator rows of seed-like projects.

Usage: python3 bench/gen_long.py ROWS > file.csv

Each project has 19 rows like the 2021 上街区 table (weights adding up to
90, funds 10); one row in seven misses its target, one in five goes far
beyond it, and the project columns are given on the first row only.
"""
import random
import sys

ROWS = [
    ("投入和管理目标", "投入管理", "预算执行率", "100%", "{rate}%", "1"),
    ("投入和管理目标", "投入管理", "预算编制合理性", "合理", "合理", "2"),
    ("投入和管理目标", "投入管理", "预算资金到位情况", "100%", "100%", "1"),
    ("投入和管理目标", "投入管理", "财务管理制度健全性", "健全", "健全", "1"),
    ("投入和管理目标", "财务管理", "资金使用规范性", "合规", "合规", "2"),
    ("投入和管理目标", "财务管理", "财务监控有效性", "有效", "有效", "1"),
    ("投入和管理目标", "项目管理", "项目质量可控性", "可控", "可控", "1"),
    ("投入和管理目标", "项目管理", "项目管理制度健全性", "健全", "健全", "1"),
    ("产出指标", "数量指标", "参加培训人数", "≥60人", "{people}人", "10"),
    ("产出指标", "数量指标", "培训场次", "≥4场", "{sessions}场", "5"),
    ("产出指标", "数量指标", "印刷宣传书籍数量", "100册", "{books}册", "5"),
    ("产出指标", "质量指标", "培训参与度", "≥95%", "{part}%", "5"),
    ("产出指标", "质量指标", "印刷品质量合格率", "=100%", "=100%", "5"),
    ("产出指标", "时效指标", "培训完成时间", "2021年12月31日前", "2021年12月20日", "5"),
    ("产出指标", "成本指标", "人均培训成本", "≤500元", "{cost}元", "5"),
    ("效益指标", "社会效益", "参训人员业务素质", "提高", "提高", "15"),
    ("效益指标", "经济效益", "机关办公运转率", "提升", "提升", "15"),
    ("满意度指标", "服务对象满意度", "参训人员满意度", "≥95%", "{sat}%", "5"),
    ("满意度指标", "服务对象满意度", "工作人员满意度", "≥95%", "≥95%", "5"),
]

HEADER = ("项目编号,项目名称,主管部门,全年预算数,全年执行数,资金分值,"
          "一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,"
          "偏差原因分析及改进措施")


def main():
    total = int(sys.argv[1])
    r = random.Random(20211231)
    out = sys.stdout
    out.write(HEADER + "\r\n")
    n = 0
    k = 0
    while n < total:
        k += 1
        budget = r.randint(10, 5000)
        execd = budget * r.randint(55, 100) // 100
        rate = execd * 10000 // budget / 100
        miss = r.random() < 1 / 7
        over = r.random() < 1 / 5
        vals = dict(rate="%.2f" % rate,
                    people=r.randint(30, 59) if miss else (r.randint(80, 300) if over else 60),
                    sessions=4 if not over else 9, books=100, part=96,
                    cost=r.randint(501, 700) if miss else 480, sat=97)
        for i, (l1, l2, l3, t, a, w) in enumerate(ROWS):
            if n == total:
                break
            first = i == 0
            reason = "资金紧张" if (i == 0 and rate < 100) or (miss and i in (8, 14)) else ""
            out.write("P%07d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,,%s\r\n" % (
                k, "项目%d" % k if first else "", "[361]某委员会" if first else "",
                budget if first else "", execd if first else "", 10 if first else "",
                l1, l2, l3, t, a.format(**vals), w, reason))
            n += 1


main()
