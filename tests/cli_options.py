#!/usr/bin/env python3
"""Each command's options, as the option tables of src/cli_opts.c declare
them (tests/cli_dump.c prints them), against every place that lists them:
`perfeval COMMAND --help`, the bash and zsh completions, and the English
and Chinese man pages.  An option missing from a place, or a place
listing one the command does not take, fails; so does a -f format the
completion offers that the command refuses, or the other way round.

Usage: python3 tests/cli_options.py build/perfeval build/cli_dump
"""
import re
import subprocess
import sys

PE, DUMP = sys.argv[1], sys.argv[2]
TOKEN = re.compile(r"(?<![\w-])(--[a-z0-9][a-z0-9-]*|-[A-Za-z0-9])(?![\w])")

table = {}   # command -> part -> set of tokens
formats = {}  # command -> the words -f takes
for line in subprocess.run([DUMP], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    cmd, part, short, name, _arg, values = line.split("\t")
    toks = table.setdefault(cmd, {}).setdefault(part, set())
    toks.add(name)
    if short != "-":
        toks.add(short)
    if name == "--format":
        formats[cmd] = values.split()
COMMANDS = list(table)

fails = 0
checks = 0


def compare(where, want, got):
    global fails, checks
    checks += 1
    missing, extra = sorted(want - got), sorted(got - want)
    if missing or extra:
        fails += 1
        print("FAIL: %s:%s%s" % (
            where, " missing " + " ".join(missing) if missing else "",
            " not in the table " + " ".join(extra) if extra else ""))


def every(cmd):
    return set().union(*table[cmd].values())


# --help: the option lines of each command's help
for cmd in COMMANDS:
    out = subprocess.run([PE, cmd, "--help"], capture_output=True,
                         text=True, check=True).stdout
    got = set()
    for line in out.splitlines():
        m = re.match(r"^(?:  (-[A-Za-z0-9]), |      )(--[a-z0-9-]+)", line)
        if m:
            got.update(t for t in m.groups() if t)
    compare("%s --help" % cmd, every(cmd), got)

# bash: each command's list of options after `$cur == -*`
bash = open("completion/perfeval.bash", encoding="utf-8").read()
for cmd in COMMANDS:
    m = re.search(r"^\s*%s\) opts='([^']*)' ;;" % cmd, bash, re.M)
    got = set(TOKEN.findall(m.group(1))) if m else set()
    if cmd != "init":
        got |= set(TOKEN.findall(re.search(r"read='([^']*)'", bash).group(1)))
    got |= set(TOKEN.findall(re.search(r"opts\+=' (--lang[^']*)'",
                                       bash).group(1)))
    compare("completion/perfeval.bash %s" % cmd, every(cmd), got)
    m = re.search(r"^\s*%s\) fmts='([^']*)' ;;" % cmd, bash, re.M)
    if cmd in formats:
        checks += 1
        if not m or m.group(1).split() != formats[cmd]:
            fails += 1
            print("FAIL: completion/perfeval.bash %s: -f offers %s, the "
                  "table %s" % (cmd, m and m.group(1), formats[cmd]))

# zsh: the arrays common and reading, and each command's branch
zsh = open("completion/_perfeval", encoding="utf-8").read()


def zsh_tokens(text):
    got = set()
    for line in text.splitlines():
        spec = re.sub(r"_arguments( -[sSC])*", "", line.split("[", 1)[0])
        got.update(TOKEN.findall(spec))
    return got


arrays = {name: zsh_tokens(body) for name, body in
          re.findall(r"^  (\w+)=\(\n(.*?)^  \)", zsh, re.M | re.S)}
for cmd in COMMANDS:
    m = re.search(r"^  %s\)\n(.*?);;" % cmd, zsh, re.M | re.S)
    body = m.group(1) if m else ""
    got = zsh_tokens(body)
    for name in re.findall(r"\$(\w+)", body):
        got |= arrays.get(name, set())
    compare("completion/_perfeval %s" % cmd, every(cmd), got)
    m = re.search(r"\{-f\+,--format=\}'\[[^]]*\]:format:\(([^)]*)\)'", body)
    if cmd in formats:
        checks += 1
        if not m or m.group(1).split() != formats[cmd]:
            fails += 1
            print("FAIL: completion/_perfeval %s: -f offers %s, the table "
                  "%s" % (cmd, m and m.group(1), formats[cmd]))


# the man pages: each command's section, "Reading a table", the common
# options; an option is the tag of a .TP
def man_sections(path):
    text = open(path, encoding="utf-8").read().replace("\\-", "-")
    sections, name, prev = {}, None, ""
    for line in text.splitlines():
        if line.startswith(".SS ") or line.startswith(".SH "):
            name = line[4:].strip().strip('"')
            sections.setdefault(name, set())
        elif prev == ".TP" and name is not None:
            sections[name].update(TOKEN.findall(line))
        prev = line.strip()
    return sections


for path, reading, common in (("doc/perfeval.1", "Reading a table",
                               "Common options"),
                              ("doc/perfeval.zh_CN.1", "读取自评表",
                               "通用选项")):
    sections = man_sections(path)
    for cmd in COMMANDS:
        compare("%s %s" % (path, cmd), table[cmd]["own"],
                sections.get(cmd, set()))
    compare("%s %s" % (path, reading), table["score"]["reading"],
            sections.get(reading, set()))
    compare("%s %s" % (path, common), table["score"]["common"],
            sections.get(common, set()))

print("cli options: %d passed, %d failed" % (checks - fails, fails))
sys.exit(1 if fails else 0)
