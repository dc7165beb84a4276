#!/usr/bin/env python3
"""Writes one small table per finding code of `perfeval check`, and
expect.txt: file, code, row and the exit status check must give.
Run from the repository root after changing it; the outputs are committed."""
import copy
import json

BASE = {
    "name": "t",
    "reported": {"max": 100},
    "rules": {"split": {}},
    "funds": {"weight": 10, "budget": 10, "executed": 10},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "人数",
         "target": "≥60人", "actual": "60人", "weight": 50},
        {"level1": "效益指标", "level2": "社会效益", "name": "素质",
         "target": "提高", "actual": "提高", "weight": 30},
        {"level1": "满意度指标", "level2": "满意度", "name": "满意度",
         "target": "≥95%", "actual": "96%", "weight": 10},
    ],
}


def case(name, edit):
    t = copy.deepcopy(BASE)
    edit(t)
    return name, t


def ind(t, i, **kv):
    t["indicators"][i].update(kv)


CASES = [
    # (file, code, row, exit, edit)
    ("clean", None, None, 0, lambda t: None),
    ("total-sum", "total-sum", -1, 1, lambda t: (
        [ind(t, i, score=s) for i, s in ((0, 50), (1, 30), (2, 10))],
        t["funds"].update(score=10), t["reported"].update(total=99))),
    ("total-mismatch", "total-mismatch", -1, 1,
     lambda t: t["reported"].update(total=98)),
    ("grade-mismatch", "grade-mismatch", -1, 1,
     lambda t: t["reported"].update(grade="良")),
    ("score-out-of-range", "score-out-of-range", 3, 1,
     lambda t: ind(t, 2, score=12)),
    ("above-rules", "above-rules", 1, 1,
     lambda t: ind(t, 0, actual="30人", score=40, reason="x")),
    ("deduction", "deduction", 1, 0,
     lambda t: ind(t, 0, score=40, reason="培训延期")),
    ("rounding-disagreement", "rounding-disagreement", 1, 0,
     lambda t: ind(t, 0, actual="55人", weight=50, score="45.84", reason="x")),
    ("missing-reason", "missing-reason", 1, 1,
     lambda t: ind(t, 0, score=40)),
    ("band", "band", 2, 1,
     lambda t: ind(t, 1, actual="基本提高", score=29, reason="x")),
    ("rate-unexplained", "rate-unexplained", 0, 1,
     lambda t: t["funds"].update(executed=6)),
    ("rate-mismatch", "rate-mismatch", 0, 0,
     lambda t: t["funds"].update(rate="99.00%")),
    ("overachievement", "overachievement", 1, 0,
     lambda t: ind(t, 0, actual="72人")),
    ("unit-mismatch", "unit-mismatch", 1, 0,
     lambda t: ind(t, 0, actual="60场", score=50)),
    ("weights-total", "weights-total", -1, 1,
     lambda t: ind(t, 2, weight=5, actual="96%")),
    ("weights-level", "weights-level", 1, 1,
     lambda t: ind(t, 0, level1="产出指标(40分)")),
    ("split", "split", -1, 0,
     lambda t: t["rules"].update(split={"产出指标": 40})),
    ("blank-rows", "blank-rows", -1, 0,
     lambda t: t["indicators"].append({"name": "", "target": "", "actual": ""})),
]

with open("tests/data/check/expect.txt", "w") as ex:
    ex.write("# file code row exit  (made by make.py)\n")
    for name, code, row, code_exit, edit in CASES:
        t = copy.deepcopy(BASE)
        edit(t)
        with open("tests/data/check/%s.json" % name, "w") as f:
            json.dump(t, f, ensure_ascii=False, indent=1)
            f.write("\n")
        ex.write("%s %s %s %d\n" % (name, code or "-", row if row is not None else "-",
                                   code_exit))
