#!/usr/bin/env python3
"""Property test of scoring: thousands of generated project files, scored
through tests/drv_score.c, against what docs/rules.md implies, worked out
here with Python's fractions, apart from the C code:

- every row's final score: the computed one when no score is reported, or
  the reported one is out of range, above the rules, or within one unit of
  the last place of the exact score (rounding first, for every row kind);
  the reported one for a deduction or a judgement inside its band;
- rounded once, to the rule's places, by its rounding;
- final <= 分值 (as the rules round it: 28.7 met in full is 29 at whole
  points, docs/rules.md) and >= 0; the total is the sum of the final scores (and the
  funds block's, when it counts); the grade is the band of the total;
- a deduction only below the computed score; the -f json output loads
  back and scores the same (the driver compares the two renderings).

Every row kind (higher and lower is better, percents, qualitative 达成 /
部分达成 / 未达成, deadlines to the day and to the month), every rounding
and places, reported scores absent, equal, within a unit, below and above.
Deterministic (a fixed seed); any disagreement is printed with its table.

Usage: python3 tests/property.py build/drv_score [N]
"""
import json
import random
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction as F

GRADES = [("优", 90), ("良", 80), ("中", 60), ("差", 0)]


def rnd(x, places, mode):
    """x rounded to places by half-up or truncate, as an exact fraction."""
    q = F(10) ** places
    v = x * q
    if mode == "truncate":
        n = v.numerator // v.denominator if v >= 0 else -((-v).numerator // (-v).denominator)
    else:
        a = abs(v)
        n = (a.numerator * 2 + a.denominator) // (2 * a.denominator)
        n = n if v >= 0 else -n
    return F(n) / q


def dec(x, places):
    """A fraction with at most `places` decimals as its text, at exactly
    that many places."""
    q = x * 10 ** places
    assert q.denominator == 1, (x, places)
    n = abs(q.numerator)
    digits = str(n).rjust(places + 1, "0")
    text = digits[:-places] + "." + digits[-places:] if places else digits
    return ("-" if q < 0 else "") + text


def exact_text(x):
    """A fraction whose denominator divides a power of ten, in full."""
    for places in range(0, 12):
        if (x * 10 ** places).denominator == 1:
            return dec(x, places)
    raise ValueError(x)


def weight_text(rng):
    places = rng.choice([0, 0, 1, 2])
    w = F(rng.randint(1 * 10 ** places, 30 * 10 ** places), 10 ** places)
    return w, dec(w, places)


def row(rng, i):
    """One generated row: its JSON, its exact computed score (None for a
    judgement), and its band (lo, hi, hi_inclusive) for qualitative rows."""
    w, wt = weight_text(rng)
    kind = rng.choice(["ge", "ge", "le", "pct", "met", "partly", "not",
                       "date", "month", "frac-ge", "frac-le"])
    r = {"level1": "产出指标", "level2": "数量指标", "name": "r%d" % i,
         "weight": wt}
    exact, band = None, None
    if kind == "ge":
        t = rng.randint(1, 500)
        a = rng.randint(0, 700)
        r["target"], r["actual"] = "≥%d人" % t, "%d人" % a
        exact = w if a >= t else w * F(a, t)
    elif kind == "le":
        t = rng.randint(1, 500)
        a = rng.randint(1, 700)
        r["target"], r["actual"] = "≤%d万元" % t, "%d万元" % a
        exact = w if a <= t else w * F(t, a)
    elif kind == "pct":
        t = rng.randint(50, 100)
        a = F(rng.randint(3000, 10000), 100)
        r["target"], r["actual"] = "≥%d%%" % t, "%s%%" % dec(a, 2)
        exact = w if a >= t else w * a / t
    elif kind in ("frac-ge", "frac-le"):
        # a bare 0 < x <= 1 against a percent target T > 1: (100x)% when
        # 10x < T, else x% (docs/rules.md, "A bare fraction ...")
        t = F(rng.choice([rng.randint(11, 100), rng.randint(101, 1000)]), 10)
        x = F(rng.randint(1, 100), 100)
        a = 100 * x if 10 * x < t else x
        if kind == "frac-ge":
            r["target"] = "≥%s%%" % dec(t, 1)
            exact = w if a >= t else w * a / t
        else:
            r["target"] = "≤%s%%" % dec(t, 1)
            exact = w if a <= t else w * t / a
        r["actual"] = dec(x, 2)
    elif kind == "met":
        r["target"], r["actual"] = "合理", "合理"
        exact = w
        band = (w * F(8, 10), w, True)
    elif kind == "partly":
        r["target"], r["actual"] = "合理", "基本合理"
        band = (w * F(6, 10), w * F(8, 10), False)
    elif kind == "not":
        r["target"], r["actual"] = "合理", "不合理"
        band = (F(0), w * F(6, 10), False)
    elif kind == "date":
        d = rng.randint(1, 28)
        r["target"], r["actual"] = "2021年6月28日前", "2021年6月%d日" % d
        if d <= 28:
            exact = w
    else:  # month only: the month's last day
        m = rng.randint(3, 6)
        r["target"], r["actual"] = "2021年6月30日前", "2021年%d月" % m
        exact = w
    r["kind"] = kind
    return r, w, exact, band


def reported_for(rng, r, w, exact, band, places, mode):
    """A reported score for the row, or None."""
    unit = F(1, 10 ** places)
    if band is not None and exact is None:
        lo, hi, _ = band
        # a score inside the band, at the rules' places, below hi
        top = rnd(hi - unit, places, "truncate") if hi > 0 else F(0)
        bot = rnd(lo, places, "truncate")
        if bot < lo:
            bot += unit
        if top < bot:
            # no score at these places lies in the band ([1.38, 1.84) at
            # whole points): one below it, which stands (docs/rules.md)
            return rnd(lo, places, "truncate")
        n = rng.randint(int(bot / unit), int(top / unit))
        return n * unit
    choice = rng.choice(["none", "none", "equal", "unit", "below", "above",
                         "over"])
    if choice == "none":
        return None
    final = rnd(exact, places, mode)
    if choice == "equal":
        return final
    if choice == "unit":
        v = final - unit if final - unit >= 0 else final + unit
        return v if v <= w else final
    if choice == "below":
        v = rnd(exact * F(rng.randint(0, 70), 100), places, "truncate")
        return v
    if choice == "above":
        v = final + unit * rng.randint(2, 5)
        return v if v <= w else final
    return w + unit * rng.randint(1, 3)  # above 分值


def project(rng):
    mode = rng.choice(["half-up", "truncate", "whole"])
    places = 0 if mode == "whole" else rng.choice([0, 1, 2])
    rmode = "truncate" if mode == "truncate" else "half-up"
    rules = {"rounding": mode}
    if mode != "whole":
        rules["places"] = places
    funds_in = rng.choice([True, False])
    rules["funds_in_total"] = funds_in
    doc = {"name": "p", "rules": rules, "indicators": []}
    expect_rows = []
    for i in range(rng.randint(1, 12)):
        r, w, exact, band = row(rng, i + 1)
        kind = r.pop("kind")
        rep = reported_for(rng, r, w, exact, band, places, rmode)
        if rep is not None:
            r["score"] = exact_text(rep)
        r["reason"] = "原因" if rng.random() < 0.8 else ""
        doc["indicators"].append(r)
        expect_rows.append((kind, w, exact, band, rep))
    funds = None
    if rng.random() < 0.7:
        budget = rng.randint(1, 1000)
        executed = F(rng.randint(0, budget * 100), 100)
        fw = rng.choice([10, 20])
        doc["funds"] = {"weight": fw, "budget": str(budget),
                        "executed": dec(executed, 2)}
        funds = (F(fw), F(fw) * executed / budget)
    return doc, expect_rows, funds, places, rmode, funds_in


def final_score(kind, w, exact, band, rep, places, mode):
    """The final score of a row by docs/rules.md, "Computed and reported
    scores"."""
    unit = F(1, 10 ** places)
    if rep is None:
        return rnd(exact, places, mode)
    if rep < 0 or rep > w:
        return rnd(exact, places, mode) if exact is not None else None
    if exact is not None and abs(rep - exact) < unit:
        return rnd(exact, places, mode)
    if exact is None:
        return rnd(rep, places, mode)
    if rep <= exact:
        return rnd(rep, places, mode)
    return rnd(exact, places, mode)


def num(v):
    return F(Decimal(str(v)))


def check(doc, expect_rows, funds, places, mode, funds_in, line):
    """The problems with one scored table, as a list of strings."""
    problems = []
    if not line.startswith("OK "):
        return ["driver: " + line]
    same, out = line[3:7], json.loads(line[8:], parse_float=Decimal)
    if same != "SAME":
        problems.append("-f json output does not score back the same")
    total = F(0)
    for k, (r, (kind, w, exact, band, rep)) in enumerate(
            zip(out["indicators"], expect_rows)):
        got = num(r["score"]) if "score" in r else None
        want = final_score(kind, w, exact, band, rep, places, mode)
        if got != want:
            problems.append("row %d (%s, %s/%s, 分值 %s, reported %s): "
                            "score %s, the rules give %s" % (
                                k + 1, kind, r["target"], r["actual"], w,
                                rep, got, want))
        if got is not None:
            # a weight of 28.7 met in full is 29 at whole points: the
            # final score is within the weight as the rules round it
            if got > rnd(w, places, mode) or got < 0:
                problems.append("row %d: final %s outside [0, %s]" %
                                (k + 1, got, rnd(w, places, mode)))
            if got != rnd(got, places, "truncate"):
                problems.append("row %d: %s is not rounded to %d places" %
                                (k + 1, got, places))
            if exact is not None and got > rnd(exact, places, mode):
                problems.append("row %d: final %s above the computed %s" %
                                (k + 1, got, rnd(exact, places, mode)))
            total += got
    if funds is not None:
        fw, fexact = funds
        fscore = rnd(min(fexact, fw), places, mode)
        got = num(out["funds"]["score"])
        if got != fscore:
            problems.append("funds: score %s, the rules give %s" %
                            (got, fscore))
        if funds_in:
            total += fscore
    if num(out["total"]) != total:
        problems.append("total %s, the rows add up to %s" %
                        (out["total"], total))
    grade = next(g for g, lo in GRADES if total >= lo)
    if out["grade"] != grade:
        problems.append("grade %s for %s, the bands give %s" %
                        (out["grade"], total, grade))
    return problems


def main():
    drv = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    rng = random.Random(20261130)
    cases = [project(rng) for _ in range(n)]
    lines = "".join(json.dumps(c[0], ensure_ascii=False) + "\n"
                    for c in cases)
    p = subprocess.run([drv], input=lines, capture_output=True, text=True,
                       check=True)
    outs = p.stdout.splitlines()
    if len(outs) != n:
        sys.exit("property: the driver answered %d of %d" % (len(outs), n))
    bad = 0
    rows = 0
    for (doc, expect_rows, funds, places, mode, funds_in), line in zip(
            cases, outs):
        rows += len(expect_rows)
        problems = check(doc, expect_rows, funds, places, mode, funds_in,
                         line)
        if problems:
            bad += 1
            if bad <= 10:
                print("FAIL:", json.dumps(doc, ensure_ascii=False))
                for pr in problems:
                    print("   ", pr)
    print("property: %d tables (%d rows), %d passed, %d failed" %
          (n, rows, n - bad, bad))
    sys.exit(1 if bad else 0)


main()
