#!/usr/bin/env python3
"""A long-format file read on several cores gives the bytes one thread
gives: crafted files whose hazards fall on the cuts between pieces
(PERFEVAL_CHUNK makes the pieces a few hundred bytes), read with -j 1 and
-j 4, stdout, stderr and exit code compared; and the records that the
hazards must give, exactly.

Usage: python3 tests/long_pieces.py PERFEVAL
"""
import os
import subprocess
import sys
import tempfile

PE = os.path.abspath(sys.argv[1])
HEAD = ("项目编号,项目名称,全年预算数,全年执行数,资金分值,一级指标,二级指标,"
        "三级指标,指标值,实际完成值,分值,得分,偏差原因分析及改进措施")


def project(key, name="项目", reason="", target="≥60人", actual="60人",
            weight="50"):
    """Three rows of one project, its columns on the first."""
    return [
        "%s,%s,10,10,10,产出指标,数量指标,培训人数,%s,%s,%s,,%s" %
        (key, name, target, actual, weight, reason),
        "%s,,,,,效益指标,社会效益,素质,提高,提高,30,," % key,
        "%s,,,,,满意度指标,满意度,满意度,≥95%%,96%%,10,," % key,
    ]


def many(n, start=1):
    rows = []
    for k in range(start, start + n):
        rows += project("P%04d" % k, "项目%d" % k,
                        actual="30人" if k % 5 == 0 else "60人",
                        reason="人手不足" if k % 10 == 0 else "")
    return rows


def files():
    """name -> bytes."""
    out = {}
    body = many(60)
    out["plain.csv"] = "\n".join([HEAD] + body + [""])
    out["crlf-bom.csv"] = "\ufeff" + "\r\n".join([HEAD] + body + [""])
    out["bare-cr.csv"] = "\r".join([HEAD] + body + [""])
    # a quoted reason holding line ends, and in them lines that look like
    # the next project's first: a cut guessed there is no cut
    q = list(body)
    for i in range(0, len(q), 7):
        nxt = "P%04d" % (i // 3 + 2)
        q[i] = q[i][:-len(q[i].split(",")[-1])] + \
            '"原因\n%s,假,10,10,10\n%s,x"' % (nxt, nxt)
    out["quoted-newlines.csv"] = "\n".join([HEAD] + q + [""])
    out["quoted-newlines-crlf.csv"] = "\r\n".join([HEAD] + q + [""])
    # keys quoted, and some fields quoted with commas and quotes in them
    z = ['"%s",%s' % (r.split(",", 1)[0], r.split(",", 1)[1]) if i % 4 == 0
         else r.replace("培训人数", '"培训,人数""甲"""') for i, r in
         enumerate(body)]
    out["quoted-keys.csv"] = "\n".join([HEAD] + z + [""])
    # a project cut in two: its key again later, near and far; rows with an
    # empty key that go on the project above
    d = many(20) + project("P0003") + many(20, 21) + project("P0007") + \
        ["," + r.split(",", 1)[1] for r in project("P0099")[1:]] + many(5, 41)
    out["split-projects.csv"] = "\n".join([HEAD] + d + [""])
    # errors that stop the file, late: a quote never closed, stray text
    for name, bad in (("never-closed.csv", 'P9999,"never closed,x'),
                      ("stray-quote.csv", 'P9999,x"y,z')):
        out[name] = "\n".join([HEAD] + body[:100] + [bad] + body[100:] + [""])
    # a broken line as the first of a project after many
    out["broken-first.csv"] = "\n".join(
        [HEAD] + body[:99] + ['P9998,"a\n'] + body[99:] + [""])
    # bytes that are not UTF-8, a NUL, a row wider than the header, a 分值
    # that is no number, a key longer than --max-field
    e = list(body)
    e[10] = e[10].replace("素质", "素\udcff质")
    e[40] = e[40] + ",多余"
    e[70] = e[70].replace(",50,", ",abc,")
    e[100] = e[100].replace("提高", "提\x00高")
    e[130] = "P" + "9" * 80 + e[130][5:]
    out["errors.csv"] = "\n".join([HEAD] + e + [""])
    # every field quoted: no cut at all, one reader reads it all
    out["all-quoted.csv"] = "\r\n".join(
        ['"' + '","'.join(r.split(",")) + '"' for r in [HEAD] + body] + [""])
    # reasons longer than the bytes a cut looks at, on every tenth row
    lg = [r + "很长的原因" * 400 if i % 10 == 9 else r
          for i, r in enumerate(body)]
    out["long-lines.csv"] = "\n".join([HEAD] + lg + [""])
    # the key in a later column
    out["key-later.csv"] = "\n".join(
        ["序号," + HEAD] + ["%d,%s" % (i, r) for i, r in enumerate(body)] + [""])
    # the file's end without a line end, and blank lines
    out["no-last-newline.csv"] = "\n".join([HEAD, "", ""] + body)
    return out


def run(args, env):
    p = subprocess.run([PE] + args, capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr


def main():
    fails = 0
    checks = 0
    with tempfile.TemporaryDirectory() as d:
        for name, text in files().items():
            path = os.path.join(d, name)
            with open(path, "wb") as fh:
                fh.write(text.encode("utf-8", "surrogateescape"))
            for args in (["check", "-f", "csv"], ["check", "-f", "json"],
                         ["check", "-f", "table"],
                         ["check", "-f", "csv", "--max-field", "40"]):
                env = dict(os.environ, PERFEVAL_CHUNK="256")
                one = run(args + ["-j", "1", path], env)
                for chunk in ("256", "700", "4096"):
                    env = dict(os.environ, PERFEVAL_CHUNK=chunk)
                    many_ = run(args + ["-j", "4", path], env)
                    checks += 1
                    if many_ != one:
                        fails += 1
                        print("FAIL: %s %s: -j 4 (pieces of %s bytes) differs "
                              "from -j 1" % (name, " ".join(args), chunk))
            # score reads with PERFEVAL_THREADS
            one = run(["score", "-f", "csv", path],
                      dict(os.environ, PERFEVAL_THREADS="1"))
            many_ = run(["score", "-f", "csv", path],
                        dict(os.environ, PERFEVAL_THREADS="3",
                             PERFEVAL_CHUNK="300"))
            checks += 1
            if one != many_:
                fails += 1
                print("FAIL: %s score: PERFEVAL_THREADS=3 differs" % name)
        # what the hazards give, exactly
        env = dict(os.environ, PERFEVAL_CHUNK="256")
        want = {
            "split-projects.csv": [
                b"P0003,,,,0,0,62,split-projects.csv:62: project P0003: the "
                b"key appears again; its rows began at line 8 and were "
                b"already scored",
                b"P0007,,,,0,0,125,split-projects.csv:125: project P0007: "
                b"the key appears again; its rows began at line 20 and "
                b"were already scored",
                # the rows with no key went on P0007, broken: not scored
                b"P0041,\xe9\xa1\xb9\xe7\x9b\xae41,100.00,"],
            "never-closed.csv": [
                b'P0034,\xe9\xa1\xb9\xe7\x9b\xae34,,,0,0,101,"never-closed'
                b'.csv:102: project P0034: its rows stop at line 102, which '
                b'cannot be read"'],
            # the quote is never closed: the project open takes the blame
            "broken-first.csv": [
                b'P0033,\xe9\xa1\xb9\xe7\x9b\xae33,,,0,0,98,"broken-first'
                b'.csv:101: project P0033: its rows stop at line 101, which '
                b'cannot be read"'],
            "quoted-newlines.csv": [b"P0060,\xe9\xa1\xb9\xe7\x9b\xae60,"],
        }
        for name, lines in want.items():
            p = subprocess.run([PE, "check", "-f", "csv", "-j", "4", name],
                               capture_output=True, env=env, cwd=d)
            for line in lines:
                checks += 1
                if line not in p.stdout:
                    fails += 1
                    print("FAIL: %s: %r not in the output" % (name, line))
    print("long pieces: %d checks, %d failed" % (checks, fails))
    sys.exit(1 if fails else 0)


main()
