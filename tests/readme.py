#!/usr/bin/env python3
"""Every command the README shows is run, as a clerk would type it.

- A shell session in a code block (lines starting with "$ ") is replayed
  in order in a scratch folder, and what each command prints (standard
  output and error, as a terminal shows them) must be the lines the README
  shows under it, when it shows any; a command shown with no output must
  exit 0 or 1 (1: check found differences).
- Every other line of a code block that runs perfeval ("perfeval score
  project.json") is run there too and must exit 0 or 1.
- A command whose comment says "for example" shows an illustration (a
  file as a clerk would fill it in): it is run, its output not compared.

The names the README uses for a clerk's own files are files of the
repository in the scratch folder: project.json is the seed, 各项目.xlsx the
three-table workbook, province-2021.csv a generated province export, and
so on (SANDBOX below).  Lines that install software (sudo, apt, make
install, dpkg) are not run here: tests/install.sh covers make install.

Usage: python3 tests/readme.py build/perfeval
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# a clerk's file name in the README -> the repository file it stands for
SANDBOX = {
    "project.json": "data/shangjie-2021.json",
    "shangjie-2021.json": "data/shangjie-2021.json",
    "自评表.xls": "tests/data/office/xls/shangjie-2021.xls",
    "各项目.xlsx": "tests/data/office/hand/three-sheets.xlsx",
    "表.json": "data/shangjie-2021.json",
    "表.csv": "data/shangjie-2021.csv",
}
SKIP = re.compile(r"^(sudo|apt|dpkg|make|sh tools/|cc |git )")


def blocks(text):
    """(first line number, lines) of every fenced code block that is not
    C, JSON or another language's source."""
    out, cur, start, lang = [], None, 0, ""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            if cur is None:
                cur, start, lang = [], n, line[3:].strip()
            else:
                if lang in ("", "sh", "console", "shell"):
                    out.append((start, cur))
                cur = None
            continue
        if cur is not None:
            cur.append(line)
    return out


def setup(tmp, pe):
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    os.symlink(os.path.abspath(pe), os.path.join(bindir, "perfeval"))
    for d in ("data", "tests", "docs"):
        os.symlink(os.path.join(TOP, d), os.path.join(tmp, d))
    for name, src in SANDBOX.items():
        shutil.copy(os.path.join(TOP, src), os.path.join(tmp, name))
    # the year-over-year example: the seed with one actual changed
    with open(os.path.join(TOP, "data/shangjie-2021.json"),
              encoding="utf-8") as fh:
        seed = fh.read()
    edited = seed.replace('"actual": "280人"', '"actual": "50人"', 1)
    assert edited != seed, "the seed's 280人 moved"
    with open(os.path.join(tmp, "shangjie-2021-edited.json"), "w",
              encoding="utf-8") as fh:
        fh.write(edited)
    with open(os.path.join(tmp, "province-2021.csv"), "w") as fh:
        subprocess.run([sys.executable, os.path.join(TOP, "bench/gen_long.py"),
                        "1900"], stdout=fh, check=True)
    # a reviewer's desk: three real tables, a damaged workbook and a file
    # that is no table
    desk = os.path.join(tmp, "单位报表")
    os.makedirs(desk)
    for name in ("hubei-huanggang-2020-soil-monitoring.csv",
                 "ningxia-yinchuan-2021-school-operating-funds-partial.csv",
                 "shanxi-jishan-2020-poverty-medical-insurance.csv"):
        shutil.copy(os.path.join(TOP, "tests/data/real", name), desk)
    shutil.copy(os.path.join(TOP, "tests/data/office/hand/truncated.xlsx"),
                os.path.join(desk, "damaged.xlsx"))
    with open(os.path.join(desk, "说明.pdf"), "wb") as fh:
        fh.write(b"%PDF-1.4\n")
    # last year's and this year's desk
    with open(os.path.join(TOP, "tests/data/check/clean.json"),
              encoding="utf-8") as fh:
        clean = fh.read()
    years = {
        "2021年/培训经费.json": clean,
        "2021年/宣传经费.json": open(os.path.join(
            TOP, "tests/data/check/total-mismatch.json"),
            encoding="utf-8").read(),
        "2022年/培训经费.json": clean.replace('"actual": "96%"',
                                          '"actual": "90%"', 1),
        "2022年/新项目.json": clean.replace('"name": "t"',
                                         '"name": "新项目"', 1),
    }
    for name, text in years.items():
        os.makedirs(os.path.join(tmp, os.path.dirname(name)), exist_ok=True)
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    os.makedirs(os.path.join(tmp, "units"))
    shutil.copy(os.path.join(TOP, "data/shangjie-2021.json"),
                os.path.join(tmp, "units", "shangjie-2021.json"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"],
               COLUMNS="100", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("NO_COLOR", None)
    return env


def run(cmd, tmp, env):
    # /tmp/表.csv in the README is the clerk's own scratch copy
    cmd = cmd.replace("/tmp/", tmp + "/scratch-")
    p = subprocess.run(["sh", "-c", cmd], cwd=tmp, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    q = subprocess.run(["sh", "-c", cmd], cwd=tmp, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    back = (lambda b: b.decode("utf-8", "replace").replace(
        tmp + "/scratch-", "/tmp/"))
    # both streams as a terminal shows them, and standard output alone
    # (a README may show the text without the warnings beside it)
    return p.returncode, [back(p.stdout), back(q.stdout)]


def matches(want, got):
    """want's lines against got's; a line "…" or "..." alone (or indented)
    stands for any lines, as the README elides a long output."""
    if not want:
        return not got
    if want[0].strip() in ("…", "..."):
        return any(matches(want[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and want[0] == got[0] and matches(want[1:], got[1:])


def main():
    pe = sys.argv[1]
    with open(os.path.join(TOP, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    passed = failed = 0
    tmp = tempfile.mkdtemp()
    try:
        env = setup(tmp, pe)
        last_rc = 0
        for start, lines in blocks(text):
            # a command continued on the next line ("\" at its end)
            joined = []
            for l in lines:
                if joined and joined[-1].endswith("\\"):
                    joined[-1] = joined[-1][:-1] + " " + l.strip()
                else:
                    joined.append(l)
            lines = joined
            session = any(l.startswith("$ ") for l in lines)
            i = 0
            while i < len(lines):
                line = lines[i]
                if session and not line.startswith("$ "):
                    i += 1
                    continue
                cmd = line[2:] if session else line
                want = []
                i += 1
                while session and i < len(lines) and \
                        not lines[i].startswith("$ "):
                    want.append(lines[i])
                    i += 1
                bare = cmd.split("#")[0].strip() if not session else cmd
                if not bare or SKIP.match(bare) or \
                        (not session and not bare.startswith(
                            ("perfeval ", "cat ", "./perfeval "))):
                    continue
                if bare.strip() == "echo $?":
                    got_rc, out = 0, ["%d\n" % last_rc]
                else:
                    got_rc, out = run(bare.replace("./perfeval", "perfeval"),
                                      tmp, env)
                    last_rc = got_rc
                where = "README.md:%d: %s" % (start, bare.strip())
                # "# ... for example": what follows is an illustration
                # of the file after a clerk's edit, not this run's output
                if "for example" in cmd.split("#", 1)[-1] and "#" in cmd:
                    want = []
                if want:
                    outs = [[l.rstrip() for l in o.rstrip("\n").split("\n")]
                            for o in out]
                    got = outs[0]
                    exp = [l.rstrip() for l in want]
                    if any(matches(exp, g) for g in outs):
                        passed += 1
                    else:
                        failed += 1
                        print("FAIL: %s" % where)
                        for a, b in zip(exp + [""] * len(got),
                                        got + [""] * len(exp)):
                            if a != b:
                                print("      want: %s\n      got:  %s" % (a, b))
                                break
                elif got_rc in (0, 1):
                    passed += 1
                else:
                    failed += 1
                    print("FAIL: %s: exit %d\n%s" % (where, got_rc,
                                                     out[0][-600:]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("readme: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
