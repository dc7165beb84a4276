#!/usr/bin/env python3
"""Two project files of ROWS indicator rows for `perfeval diff`: in NEW
every row is renamed (same group, same place in it, same 指标值, a new
三级指标), the worst case for matching rows.

Usage: python3 bench/gen_diff.py ROWS OLD.json NEW.json

Rows fall in the four 一级 groups of the MoF form, eight 二级 groups each;
weights are 0.01 so that any ROWS up to 10,000 stays a table of at most
100 points (larger tables only score above 100, which diff does not mind).
"""
import json
import sys

LEVEL1 = ["产出指标", "效益指标", "满意度指标", "投入和管理目标"]


def project(rows, prefix):
    inds = []
    for i in range(rows):
        g = i * 32 // rows
        inds.append({
            "level1": LEVEL1[g // 8],
            "level2": "二级指标%d" % (g % 8 + 1),
            "name": "%s指标%d" % (prefix, i + 1),
            "target": "≥%d人" % (i % 97 + 1),
            "actual": "%d人" % (i % 97 + 1),
            "weight": "0.01",
        })
    return {"format": "perfeval/1", "name": "绩效自评压力测试", "year": 2021,
            "department": "[361]某某委员会", "unit": "某某委员会",
            "indicators": inds}


def main():
    rows = int(sys.argv[1])
    for path, prefix in ((sys.argv[2], "旧"), (sys.argv[3], "新")):
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(project(rows, prefix), fh, ensure_ascii=False, indent=1)


main()
