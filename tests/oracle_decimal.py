#!/usr/bin/env python3
"""Differential test of src/decimal.c against exact rational arithmetic.

Usage: python3 tests/oracle_decimal.py build/drv_decimal

Generates a fixed set of cases (the seed is constant, so a failure always
reproduces), runs them through the driver in one process, and works out
each expected answer with fractions.Fraction, sharing no code with the C
side beyond the rules written in include/perfeval.h.
"""

import random
import re
import subprocess
import sys
from fractions import Fraction

SEED = 20210415
LIMIT = 10**18          # |coef| < LIMIT
MAX_SCALE = 9
BUFSIZE = 32            # PE_DEC_BUFSIZE
MODES = ("halfup", "truncate")

NUMBER = re.compile(rb"([+-]?)([0-9]+)(?:\.([0-9]+))?")


# ---------------------------------------------------------------- model

def fmt(coef, scale):
    """What pe_dec_format writes for coef / 10^scale."""
    digits = str(abs(coef)).rjust(scale + 1, "0")
    if scale:
        digits = digits[:-scale] + "." + digits[-scale:]
    return ("-" if coef < 0 else "") + digits


def value(d):
    coef, scale = d
    return Fraction(coef, 10**scale)


def round_to_int(x, mode):
    """x rounded to an integer: half away from zero, or toward zero."""
    n, q = abs(x.numerator), x.denominator
    if mode == "halfup":
        m = (2 * n + q) // (2 * q)
    else:
        m = n // q
    return -m if x < 0 else m


def exp_muldiv(a, b, c, places, mode):
    if not 0 <= places <= MAX_SCALE or value(c) == 0:
        return "EUSAGE"
    q = round_to_int(value(a) * value(b) / value(c) * 10**places, mode)
    if abs(q) >= LIMIT:
        return "ERANGE"
    return fmt(q, places)


def exp_addsub(a, b, sign):
    scale = max(a[1], b[1])
    coef = (value(a) + sign * value(b)) * 10**scale
    assert coef.denominator == 1
    if abs(coef) >= LIMIT:
        return "ERANGE"
    return fmt(int(coef), scale)


def exp_cmp(a, b):
    x, y = value(a), value(b)
    return str((x > y) - (x < y))


def exp_mdcmp(a, b, c, d):
    if value(c) == 0:
        return "EUSAGE"
    x = value(a) * value(b) / value(c)
    # the quotient truncated at d's places must fit, as muldiv's would
    if abs(round_to_int(x * 10**d[1], "truncate")) >= LIMIT:
        return "ERANGE"
    y = value(d)
    return str((x > y) - (x < y))


def exp_parse(s):
    m = NUMBER.fullmatch(s)
    if not m:
        return "EDATA"
    sign, whole, frac = m.group(1), m.group(2), m.group(3) or b""
    if len(frac) > MAX_SCALE or len(whole.lstrip(b"0")) + len(frac) > 18:
        return "ERANGE"
    coef = int(whole + frac)
    return fmt(-coef if sign == b"-" else coef, len(frac))


def exp_fmt(a, places, mode):
    places = min(max(places, 0), MAX_SCALE)
    coef, scale = a
    if places < scale:
        return fmt(round_to_int(value(a) * 10**places, mode), places)
    # Padding stops where PE_DEC_BUFSIZE does, never in a bare ".".
    s = fmt(coef, scale)
    pad, room = places - scale, BUFSIZE - 1 - len(s)
    if pad > 0 and scale == 0:
        if room < 2:
            return s
        s += "."
        room -= 1
    return s + "0" * min(pad, room)


def exp_norm(a):
    coef, scale = a
    while scale > 0 and coef % 10 == 0:
        coef //= 10
        scale -= 1
    return fmt(coef, scale)


# ---------------------------------------------------------------- cases

def dec(text):
    """A literal written the way the driver reads it."""
    m = NUMBER.fullmatch(text.encode())
    frac = m.group(3) or b""
    coef = int(m.group(2) + frac)
    return (-coef if m.group(1) == b"-" else coef, len(frac))


def text(d):
    return fmt(*d)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.cases = []   # (input line as bytes, expected str)

    def dec(self, max_digits=18, scale=None, zero=0.05, edge=0.05):
        """A random valid pe_dec: magnitude spread by digit count."""
        r = self.r
        if scale is None:
            scale = r.randint(0, MAX_SCALE)
        u = r.random()
        if u < zero:
            coef = 0
        elif u < zero + edge:
            coef = LIMIT - r.randint(1, 1000)
        else:
            n = r.randint(1, max_digits)
            coef = r.randrange(10**(n - 1), 10**n)
        return (-coef if r.random() < 0.5 else coef, scale)

    def mode(self):
        return self.r.choice(MODES)

    def muldiv(self, a, b, c, places, mode):
        line = "muldiv %s %s %s %d %s" % (text(a), text(b), text(c),
                                          places, mode)
        self.cases.append((line.encode(), exp_muldiv(a, b, c, places, mode)))

    def mdcmp(self, a, b, c, d):
        line = "mdcmp %s %s %s %s" % (text(a), text(b), text(c), text(d))
        self.cases.append((line.encode(), exp_mdcmp(a, b, c, d)))

    def round(self, a, places, mode):
        line = "round %s %d %s" % (text(a), places, mode)
        self.cases.append((line.encode(),
                           exp_muldiv(a, (1, 0), (1, 0), places, mode)))

    def fmt(self, a, places, mode):
        line = "fmt %s %d %s" % (text(a), places, mode)
        self.cases.append((line.encode(), exp_fmt(a, places, mode)))

    def add(self, a, b):
        self.cases.append((("add %s %s" % (text(a), text(b))).encode(),
                           exp_addsub(a, b, 1)))

    def sub(self, a, b):
        self.cases.append((("sub %s %s" % (text(a), text(b))).encode(),
                           exp_addsub(a, b, -1)))

    def cmp(self, a, b):
        self.cases.append((("cmp %s %s" % (text(a), text(b))).encode(),
                           exp_cmp(a, b)))

    def norm(self, a):
        self.cases.append((("norm %s" % text(a)).encode(), exp_norm(a)))

    def parse(self, s):
        assert b"\n" not in s
        self.cases.append((b"parse " + s, exp_parse(s)))


def fixed_cases(g):
    """The edges named in the spec, and the ones that broke things before."""
    for mode in MODES:
        for args in [("2.675", "1", "1", 2), ("-2.675", "1", "1", 2),
                     ("0.599", "1", "1", 2), ("-0.599", "1", "1", 2),
                     ("1.798", "10", "3", 2), ("1.798", "1", "3", 4),
                     ("-1.798", "10", "3", 2), ("1.798", "10", "-3", 2),
                     ("0.4449", "1", "1", 2), ("0.5", "1", "1", 0),
                     ("-0.5", "1", "1", 0), ("1", "1", "8", 2),
                     ("-1", "1", "8", 2), ("2", "1", "-3", 2),
                     ("1", "1", "0", 2), ("1", "1", "0.000", 2),
                     ("0", "0", "0", 0), ("0", "5", "-7", 9),
                     ("1", "1", "1", -1), ("1", "1", "1", 10),
                     ("999999999999999999", "1", "1", 0),
                     ("999999999999999999", "1", "1", 1),
                     ("999999999999999999", "10", "1", 0),
                     ("999999999999999999", "999999999999999999",
                      "999999999999999999", 0),
                     ("-999999999999999999", "999999999999999999",
                      "999999999999999999", 0),
                     ("666666666666666667", "3", "2", 0),
                     ("666666666666666666", "3", "2", 0),
                     ("470588235294117647", "17", "8", 0),
                     ("999999999.999999999", "1", "1", 8),
                     ("999999999.999999999", "1", "1", 0),
                     ("1", "1", "0.000000001", 9),
                     # 349 * 975021108655984136 * 10^18 wraps 2^128 to
                     # below 10^18: the overflow must be seen before.
                     ("975021108655984136", "349", "0.000000001", 9),
                     ("0.999999999", "1", "0.000000001", 9),
                     ("0.000000001", "0.000000001", "999999999999999999", 9),
                     ("0.000000005", "0.1", "1", 9),
                     ("0.000000005", "1", "10", 9),
                     ("99.995", "1", "1", 2), ("-99.995", "1", "1", 2),
                     ("59.90", "20", "100", 2), ("1234.56", "100", "1500", 2)]:
            a, b, c, places = args
            g.muldiv(dec(a), dec(b), dec(c), places, mode)
    for s in [b"", b"+", b"-", b".", b"5.", b".5", b"-.5", b"+5.", b"1..2",
              b"1.2.3", b" 1", b"1 ", b"1e3", b"0x10", b"--1", b"+-1",
              b"1,000", b"\xef\xbc\x91", b"1.-2", b"1\x002", b"\x00",
              b"\t1", b"1\r", b"0", b"-0", b"+0", b"-0.00", b"00012.340",
              b"+5", b"95.58", b"-0.50", b"3", b"-0.05",
              b"999999999999999999", b"-999999999999999999",
              b"1000000000000000000", b"0000000999999999999999999",
              b"999999999.999999999", b"9999999999.999999999",
              b"0.000000001", b"0.0000000001", b"0.0000000000",
              b"1.000000000", b"12345678901234567.8",
              b"123456789012345678.9", b"00000.000000000"]:
        g.parse(s)
    for a, b in [("999999999999999999", "1"), ("-999999999999999999", "-1"),
                 ("999999999999999999", "-1"), ("100000000000000000", "0.1"),
                 ("99999999999999999", "0.9"), ("1.5", "0.25"),
                 ("-2.50", "2.5"), ("0.000000001", "999999999")]:
        g.add(dec(a), dec(b))
        g.sub(dec(a), dec(b))
        g.cmp(dec(a), dec(b))
    for a in ["1.500", "2.00", "0.000", "-10", "100.0", "-0.000000010"]:
        g.norm(dec(a))
    for a, places in [("999999999999999999", 9), ("-999999999999999999", 9),
                      ("-99999999999999999.9", 9), ("9999999999999", 9),
                      ("123456789012345678", 5), ("3", 2),
                      ("2.675", 2), ("-0.005", 2), ("-0.004", 2),
                      ("1.5", -3), ("1.5", 12), ("-999999999999999999", 0)]:
        for mode in MODES:
            g.fmt(dec(a), places, mode)


def random_cases(g):
    r = g.r
    for _ in range(1500):
        # Exact comparison of a ratio with a decimal, often at a near miss:
        # d is the truncated or rounded quotient, nudged by one unit.
        a, b, c = g.dec(9), g.dec(9), g.dec(r.randint(1, 12))
        if value(c) == 0:
            g.mdcmp(a, b, c, g.dec(6))
            continue
        places = r.randint(0, MAX_SCALE)
        q = round_to_int(value(a) * value(b) / value(c) * 10**places,
                         g.mode()) + r.choice((-1, 0, 0, 1))
        if abs(q) >= LIMIT:
            q = 0
        g.mdcmp(a, b, c, (q, places))
    for _ in range(2400):
        # Ordinary magnitudes, where most results fit.
        g.muldiv(g.dec(9), g.dec(9), g.dec(r.randint(1, 18)),
                 r.randint(0, MAX_SCALE), g.mode())
    for _ in range(1200):
        # Anything at all; plenty of ERANGE.
        g.muldiv(g.dec(), g.dec(), g.dec(), r.randint(0, MAX_SCALE),
                 g.mode())
    for _ in range(600):
        # Exact ties at the last place: (2q+1)/2 units of 10^-places.
        places = r.randint(0, MAX_SCALE - 1)
        q = r.randrange(10**r.randint(0, 16))
        a = ((2 * q + 1) * 5, places + 1)
        if r.random() < 0.5:
            a = (-a[0], a[1])
        if r.random() < 0.5:
            g.round(a, places, g.mode())
        else:
            b = g.dec(6, zero=0, edge=0)
            c = (2 * b[0], b[1])    # a*b/c = a/2 ... and a is already odd*5
            g.muldiv(a, b, c, min(places + 1, MAX_SCALE), g.mode())
    for _ in range(600):
        # Results straddling 10^18 units: A*B/C ~ 10^18 + d with e = 0.
        t = LIMIT + r.randint(-3, 3)
        bb = r.randint(2, 1000)
        cc = r.randint((bb + 1) // 2, bb - 1) if bb > 2 else 1
        aa = t * cc // bb + r.randint(-2, 2)
        if not 0 < aa < LIMIT:
            continue
        sa, sb = r.randint(0, MAX_SCALE), r.randint(0, MAX_SCALE)
        sc = r.randint(max(0, sa + sb - MAX_SCALE), min(MAX_SCALE, sa + sb))
        places = sa + sb - sc
        sign = r.choice([1, -1])
        g.muldiv((sign * aa, sa), (bb, sb), (r.choice([1, -1]) * cc, sc),
                 places, g.mode())
    for _ in range(400):
        # Divisors with few digits and places that make e both ways.
        g.muldiv(g.dec(18), g.dec(3), g.dec(2, zero=0.1), r.randint(0, 9),
                 g.mode())
    for _ in range(200):
        g.muldiv(g.dec(), g.dec(), (0, r.randint(0, MAX_SCALE)),
                 r.randint(0, MAX_SCALE), g.mode())
    for _ in range(700):
        g.round(g.dec(), r.randint(0, MAX_SCALE), g.mode())
    for _ in range(700):
        g.fmt(g.dec(), r.randint(0, MAX_SCALE), g.mode())
    for op in (g.add, g.sub):
        for _ in range(700):
            op(g.dec(), g.dec())
        for _ in range(300):
            # Near the limit, same scale, so some sums just fit.
            s = r.randint(0, MAX_SCALE)
            a = g.dec(scale=s, zero=0, edge=1)
            b = (r.choice([1, -1]) * r.randint(0, 2000), s)
            op(a, b)
    for _ in range(900):
        g.cmp(g.dec(), g.dec())
    for _ in range(600):
        # The same or a neighbouring value written at another scale.
        a = g.dec(9, scale=r.randint(0, 4))
        k = r.randint(0, MAX_SCALE - a[1])
        b = (a[0] * 10**k + r.choice([0, 0, 1, -1]), a[1] + k)
        if abs(b[0]) >= LIMIT:
            continue
        if r.random() < 0.5:
            a, b = b, a
        g.cmp(a, b)
    for _ in range(300):
        g.norm(g.dec())
    for _ in range(1500):
        g.parse(random_parse_input(g))


def random_parse_input(g):
    r = g.r
    u = r.random()
    if u < 0.6:
        # Well formed, with digit counts around the limits.
        sign = r.choice([b"", b"", b"+", b"-"])
        zeros = b"0" * r.choice([0, 0, 0, 1, 5, 30])
        whole = bytes(r.choice(b"0123456789") for _ in
                      range(r.randint(1, 20)))
        s = sign + zeros + whole
        if r.random() < 0.7:
            s += b"." + bytes(r.choice(b"0123456789") for _ in
                              range(r.randint(1, 11)))
        return s
    # Junk: digits, signs, dots and a few odd bytes, shuffled.
    alphabet = b"0123456789" * 3 + b"+-..e ,\t\x00\xe4"
    return bytes(r.choice(alphabet) for _ in range(r.randint(0, 8)))


# ---------------------------------------------------------------- run

def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: oracle_decimal.py DRIVER\n")
        return 2
    g = Gen(SEED)
    fixed_cases(g)
    random_cases(g)
    stdin = b"".join(line + b"\n" for line, _ in g.cases)
    try:
        proc = subprocess.run([argv[1]], input=stdin, stdout=subprocess.PIPE)
    except OSError as e:
        sys.stderr.write("oracle_decimal.py: %s: %s\n" % (argv[1], e.strerror))
        return 1
    got = proc.stdout.decode("utf-8", "replace").split("\n")
    if got and got[-1] == "":
        got.pop()

    failed = 0
    for i, (line, want) in enumerate(g.cases):
        have = got[i] if i < len(got) else "<no output>"
        if have != want:
            failed += 1
            if failed <= 20:
                print("mismatch: %r: want %s, got %s" % (
                    line.decode("utf-8", "backslashreplace"), want, have))
    if proc.returncode != 0:
        print("driver exited with status %d" % proc.returncode)
        failed = max(failed, 1)
    if len(got) != len(g.cases):
        print("driver wrote %d lines for %d cases" % (len(got), len(g.cases)))
        failed = max(failed, 1)
    print("decimal-oracle: %d passed, %d failed" % (len(g.cases) - failed,
                                                    failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
