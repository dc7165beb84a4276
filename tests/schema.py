#!/usr/bin/python3
"""Every JSON output validates against its schema in docs/schema (see
docs/json.md): the output's first member, "format", names its kind and
version, and docs/schema/<kind>.schema.json says what it holds.

The outputs are those of the test corpora, command by command: every
table (tests/data/**, data/*) through score, rules and check; folders
through check --summary and --rollup; a long-format file through score
and check; pairs of tables and of folders through diff; init and init
--unit; the golden runs (tests/golden/*.args), the JSON files kept as
expected outputs and the examples of docs/json.md.  The run fails when an output is not JSON, has no
"format" or an unknown one, does not validate, or when a kind of
docs/json.md's table produced nothing at all; and a finding code that
README.md's table of codes does not list fails it too.  Before all that
it makes sure that it can fail: a document with its "format" taken out,
or with a member of the wrong type, must be refused.

Needs python3-jsonschema (Debian's, hence /usr/bin/python3).
Usage: /usr/bin/python3 tests/schema.py build/perfeval
"""
import collections
import copy
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import jsonschema

SCHEMAS = "docs/schema"
# every kind docs/json.md lists, and its version: each must be met
KINDS = {"project": 1, "rules": 1, "unit": 1, "check": 1, "long": 1,
         "summary": 1, "rollup": 1, "diff": 1, "summary-diff": 1}
# read as perfeval/project/1 (what score wrote before kinds were named)
OLD_FORMATS = {"perfeval/1": "project"}


def load_schemas():
    store, by_kind = {}, {}
    for path in sorted(glob.glob(os.path.join(SCHEMAS, "*.schema.json"))):
        with open(path, encoding="utf-8") as fh:
            s = json.load(fh)
        jsonschema.Draft202012Validator.check_schema(s)
        kind = os.path.basename(path)[:-len(".schema.json")]
        want = "urn:perfeval:schema:%s:%d" % (kind, KINDS.get(kind, 0))
        if s.get("$id") != want:
            sys.exit("schema: %s: $id %r, want %r" % (path, s.get("$id"), want))
        store[s["$id"]] = s
        by_kind[kind] = s
    missing = sorted(set(KINDS) - set(by_kind))
    if missing:
        sys.exit("schema: no schema for %s in %s" % (", ".join(missing),
                                                     SCHEMAS))
    return store, by_kind


def kind_of(fmt):
    if fmt in OLD_FORMATS:
        return OLD_FORMATS[fmt], 1
    m = re.fullmatch(r"perfeval/([a-z][a-z-]*)/([1-9][0-9]*)", fmt or "")
    return (m.group(1), int(m.group(2))) if m else (None, None)


def validate(store, by_kind, text, pairs=None):
    """(kind, None) for a valid document, else (kind or None, why)."""
    try:
        doc = json.loads(text, object_pairs_hook=collections.OrderedDict)
    except ValueError as e:
        return None, "not JSON: %s" % e
    if not isinstance(doc, dict):
        return None, "not a JSON object"
    first = next(iter(doc), None)
    if "format" not in doc:
        return None, 'no "format": "perfeval/<kind>/<version>" member'
    if first != "format":
        return None, '"format" is not the first member (%r is)' % first
    kind, version = kind_of(doc["format"])
    if kind is None:
        return None, '"format" %r is not perfeval/<kind>/<version>' % (
            doc["format"],)
    if KINDS.get(kind) != version:
        return kind, "unknown kind or version %r (docs/json.md)" % doc["format"]
    return kind, check_doc(store, by_kind[kind], doc)


def check_doc(store, schema, doc):
    resolver = jsonschema.RefResolver(base_uri="", referrer=schema,
                                      store=store)
    v = jsonschema.Draft202012Validator(schema, resolver=resolver)
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    if errs:
        e = errs[0]
        return "%s at /%s" % (e.message[:200],
                              "/".join(str(p) for p in e.path))
    return None


def documented_codes():
    """The finding codes of README.md's table of codes."""
    codes = set()
    with open("README.md", encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"\| `([a-z][a-z0-9-]*)` \| (error|warning|info)",
                         line)
            if m:
                codes.add(m.group(1))
    return codes


def codes_in(doc):
    """The finding codes of a project (its findings) or of check's JSON."""
    if isinstance(doc, dict):
        for f in doc.get("findings", []) or []:
            if isinstance(f, dict) and "code" in f:
                yield f["code"]


def tables():
    """Every table file of the corpora (and files that are no table)."""
    out = sorted(glob.glob("data/*.*"))
    for sub in ("real", "csv", "fidelity", "check", "diff", "report"):
        out += sorted(p for p in glob.glob("tests/data/%s/*" % sub)
                      if not p.endswith((".md", ".py", ".txt")) or
                      sub == "report")
    out += sorted(glob.glob("tests/data/office/*/*"))
    return [p for p in out if os.path.isfile(p)]


LONG = """\
项目编号,项目名称,全年预算数,全年执行数,资金分值,一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,偏差原因分析及改进措施
A1,甲项目,10,10,10,产出指标,数量指标,培训人数,≥60人,60人,50,,
A1,,,,,效益指标,社会效益,素质,提高,提高,30,,
A1,,,,,满意度指标,满意度,满意度,≥95%,96%,10,,
B2,乙项目,10,5,10,产出指标,数量指标,培训人数,≥60人,30人,abc,,
B2,,,,,效益指标,社会效益,素质,提高,提高,30,,
C3,丙项目,10,10,10,产出指标,数量指标,培训人数,≥60人,30人,50,,人手不足
C3,,,,,效益指标,社会效益,素质,提高,提高,30,,
C3,,,,,满意度指标,满意度,满意度,≥95%,96%,10,,
A1,,,,,满意度指标,满意度,另一行,≥95%,96%,10,,
"""


def scratch(tmp):
    """Files the corpora do not hold as such: a long-format CSV (whole and
    broken off), and two years of a desk for diff of two folders."""
    with open(os.path.join(tmp, "long.csv"), "w", encoding="utf-8") as fh:
        fh.write(LONG)
    with open(os.path.join(tmp, "long-broken.csv"), "w",
              encoding="utf-8") as fh:
        fh.write(LONG + 'D4,"never closed,x\n')
    y1, y2 = os.path.join(tmp, "y1"), os.path.join(tmp, "y2")
    for d in (y1, y2):
        os.mkdir(d)
    shutil.copy("data/shangjie-2021.json", y1)
    shutil.copy("tests/data/check/clean.json", y1)
    shutil.copy("tests/data/csv/yuan.csv", y1)
    shutil.copy("tests/data/diff/seed-one-actual.json", y2)
    shutil.copy("tests/data/check/split.json", y2)
    shutil.copy("tests/data/csv/bad-quote.csv", y2)
    # the seed with a row renamed and other rules: diff's "renamed" and
    # its changes of rules
    with open("data/shangjie-2021.json", encoding="utf-8") as fh:
        seed = json.load(fh)
    seed["indicators"][8]["name"] += "（人次）"
    seed["rules"] = {"name": "edited", "rounding": "half-up", "places": 1,
                     "grades": {"优秀": 90, "合格": 60, "不合格": 0}}
    with open(os.path.join(tmp, "edited.json"), "w", encoding="utf-8") as fh:
        json.dump(seed, fh, ensure_ascii=False)
    return y1, y2


def runs(tmp):
    """(argv, env, must): the runs whose standard output is JSON; `must`:
    it writes JSON whatever the table (else a table perfeval refuses may
    leave it empty)."""
    y1, y2 = scratch(tmp)
    files = tables()
    for t in files:
        yield ["score", "-q", "-f", "json", t], None, False
        yield ["rules", "-q", t], None, False
        yield ["check", "-q", "-f", "json", t], None, True
    zh = {"LANG": "zh_CN.UTF-8"}
    seed = "data/shangjie-2021.json"
    folders = ["data", "tests/data/real", "tests/data/check",
               "tests/data/csv", "tests/data/office/xlsx"]
    yield ["score", "-f", "json", "--lang", "zh", "data/shangjie-2021.csv"], \
        None, True
    yield ["score", "-q", "-f", "json", "-r", "mof-2020",
           "data/shangjie-2021.csv"], None, True
    yield ["score", "-q", "-f", "json", "--sheet", "2",
           "tests/data/office/hand/three-sheets.xlsx"], None, True
    # check: many files, a folder, the options that shape what it lists
    yield ["check", "-f", "json"] + [t for t in files
                                     if "office/hand" not in t], None, True
    yield ["check", "-f", "json"] + folders[:3], None, True
    yield ["check", "-f", "json", "tests/data/office/hand/three-sheets.xlsx"], \
        None, True
    yield ["check", "-f", "json", "--lang", "zh", seed], None, True
    yield ["check", "-f", "json", seed], zh, True
    yield ["check", "-f", "json", "--severity", "error", seed], None, True
    yield ["check", "-f", "json", "--strict", seed], None, True
    yield ["check", "-f", "json", "--expect", "95.59", seed], None, True
    yield ["check", "-f", "json", "--report",
           "tests/data/report/shangjie-2021-report.txt", seed], None, True
    yield ["check", "-f", "json", "data/shangjie-2021-report.docx"], None, True
    # the long format, whole and broken off, in CSV and in a workbook
    for t in (os.path.join(tmp, "long.csv"),
              os.path.join(tmp, "long-broken.csv"),
              "tests/data/office/hand/long.xlsx"):
        yield ["score", "-f", "json", t], None, True
        yield ["check", "-f", "json", t], None, True
    # a desk: the summary and the roll-up
    for extra, env in (([], None), (["--lang", "zh"], None), ([], zh)):
        yield ["check", "--summary", "-f", "json"] + extra + folders, env, True
        yield ["check", "--rollup", "-f", "json"] + extra + folders, env, True
    yield ["check", "--summary", "-f", "json", "-j", "1", "--severity",
           "error", seed, "tests/data/office/hand/three-sheets.xlsx",
           "tests/data/office/hand/truncated.xlsx"], None, True
    yield ["check", "--rollup", "-f", "json", "tests/data/csv/empty.csv"], \
        None, True
    # diff: two tables, and two folders
    pairs = [(seed, seed), (seed, "tests/data/diff/seed-one-actual.json"),
             (seed, "data/shangjie-2021.csv"),
             (seed, "data/shangjie-2021.xlsx"),
             ("tests/data/check/clean.json", "tests/data/check/split.json"),
             ("tests/data/check/split.json", "tests/data/check/clean.json"),
             ("tests/data/check/band.json",
              "tests/data/check/overachievement.json"),
             ("tests/data/real/hebei-langfang-2019-hvac.csv",
              "tests/data/office/xlsx/hebei-langfang-2019-hvac.xlsx"),
             ("tests/data/csv/yuan.csv", "tests/data/csv/synonyms.csv")]
    pairs.append((seed, os.path.join(tmp, "edited.json")))
    checks = sorted(glob.glob("tests/data/check/*.json"))
    pairs += list(zip(checks, checks[1:]))
    for a, b in pairs:
        yield ["diff", "-q", "-f", "json", a, b], None, True
    yield ["diff", "-q", "-f", "json", "-r", "mof-2020", seed,
           "data/shangjie-2021.csv"], None, True
    yield ["diff", "-f", "json", y1, y2], None, True
    yield ["diff", "-f", "json", y2, y1], None, True
    yield ["diff", "-f", "json", y1, y1], None, True
    # init and rules
    yield ["init", "--year", "2021"], None, True
    yield ["init"], None, True
    yield ["init", "--unit"], None, True
    yield ["rules", "-q", "-r", "mof-2020", "tests/data/csv/yuan.csv"], None, True
    yield ["rules", "-r", "data/rules/mof-2020.json", seed], None, True
    # the golden runs
    for args in sorted(glob.glob("tests/golden/*.args")):
        with open(args, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        env = dict(v.split("=", 1) for v in shlex.split(lines[0]))
        argv = shlex.split(lines[1])
        if "json" in argv or argv[0] in ("init", "rules"):
            yield argv, env, True


def kept():
    """JSON files the tests keep as expected outputs, and the examples of
    docs/json.md."""
    for p in sorted(glob.glob("tests/golden/*.expected") +
                    glob.glob("tests/data/summary/*.json")):
        with open(p, encoding="utf-8") as fh:
            text = fh.read()
        if text.lstrip().startswith("{"):
            yield p, text
    with open("docs/json.md", encoding="utf-8") as fh:
        doc = fh.read()
    for n, m in enumerate(re.finditer(r"```json\n(.*?)```", doc, re.S), 1):
        yield "docs/json.md example %d" % n, m.group(1)


def self_test(store, by_kind, seen):
    """The check can fail: for one document of each kind, the "format"
    taken out, a member the schema does not know, and a number where a
    text belongs (or the other way) must each be refused."""
    bad = 0
    for kind, text in sorted(seen.items()):
        doc = json.loads(text, object_pairs_hook=collections.OrderedDict)
        no_format = copy.deepcopy(doc)
        del no_format["format"]
        extra = copy.deepcopy(doc)
        extra["no_such_member"] = 1
        other = [k for k in doc if k != "format"][0]
        wrong = copy.deepcopy(doc)
        wrong[other] = True
        for what, d in (("without format", no_format),
                        ("with an unknown member", extra),
                        ("with %s true" % other, wrong)):
            k, err = validate(store, by_kind, json.dumps(d, ensure_ascii=False))
            if err is None:
                bad += 1
                print("FAIL: self-test: %s %s validates" % (kind, what))
    return bad


def main():
    pe = os.path.abspath(sys.argv[1])
    store, by_kind = load_schemas()
    known = documented_codes()
    passed = failed = 0
    per_kind = collections.Counter()
    first_of = {}
    undocumented = set()
    tmp = tempfile.mkdtemp(prefix="perfeval-schema.")

    def one(what, text):
        nonlocal passed, failed
        kind, err = validate(store, by_kind, text)
        if err:
            failed += 1
            print("FAIL: %s: %s" % (what, err))
            return
        passed += 1
        per_kind[kind] += 1
        first_of.setdefault(kind, text)
        for code in codes_in(json.loads(text)):
            if code not in known:
                undocumented.add(code)

    try:
        for argv, env, must in runs(tmp):
            full = dict(os.environ, LANG="C.UTF-8", COLUMNS="100")
            full.pop("LANGUAGE", None)
            full.pop("LC_ALL", None)
            full.update(env or {})
            p = subprocess.run([pe] + argv, capture_output=True, env=full)
            what = " ".join(shlex.quote(a) for a in argv)
            if not p.stdout.strip():
                if must:
                    failed += 1
                    print("FAIL: %s: no output (exit %d): %s" % (
                        what, p.returncode,
                        p.stderr.decode("utf-8", "replace")[:200]))
                continue  # a table perfeval refuses writes no JSON
            one(what, p.stdout.decode("utf-8"))
        for path, text in kept():
            one(path, text)
    finally:
        shutil.rmtree(tmp)
    for kind in sorted(set(KINDS) - set(per_kind)):
        failed += 1
        print("FAIL: no output of kind %s was validated" % kind)
    for code in sorted(undocumented):
        failed += 1
        print("FAIL: finding code %s is not in README.md's table of codes"
              % code)
    failed += self_test(store, by_kind, first_of)
    print("schema: %d passed (%s), %d failed" % (
        passed, ", ".join("%s %d" % kv for kv in sorted(per_kind.items())),
        failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
