#!/usr/bin/python3
"""Every JSON output validates against its schema in docs/schema (see
docs/json.md): the output's "format" names its kind, and
docs/schema/<kind>.schema.json says what it holds.  Run on the outputs
of the test corpora: every real table, the seed, the fixtures, blank
forms, rules, and whatever else names a kind below.

Needs python3-jsonschema (Debian's, hence /usr/bin/python3).
Usage: /usr/bin/python3 tests/schema.py build/perfeval
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema

SCHEMAS = "docs/schema"


def load_schemas():
    store = {}
    for path in glob.glob(os.path.join(SCHEMAS, "*.schema.json")):
        with open(path, encoding="utf-8") as fh:
            s = json.load(fh)
        jsonschema.Draft202012Validator.check_schema(s)
        store[os.path.basename(path)] = s
        store[s["$id"]] = s
    return store


def kind_of(doc):
    fmt = doc.get("format", "")
    parts = fmt.split("/")
    if len(parts) != 3 or parts[0] != "perfeval":
        return None
    return parts[1]


def validate(store, doc, what):
    kind = kind_of(doc)
    if kind is None:
        return "%s: no \"format\": \"perfeval/<kind>/<version>\" member" % what
    name = kind + ".schema.json"
    if name not in store:
        return "%s: no schema for kind %s (docs/schema/%s)" % (what, kind, name)
    resolver = jsonschema.RefResolver(base_uri="", referrer=store[name],
                                      store=store)
    v = jsonschema.Draft202012Validator(store[name], resolver=resolver)
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    if errs:
        e = errs[0]
        return "%s: %s at %s" % (what, e.message[:200],
                                 "/".join(str(p) for p in e.path))
    return None


def outputs(pe):
    """(what, argv) of the JSON outputs to check."""
    tables = sorted(glob.glob("tests/data/real/*.csv")) + [
        "data/shangjie-2021.json", "data/shangjie-2021.csv",
        "data/shangjie-2021.xlsx", "data/shangjie-2021-report.docx"] + \
        sorted(glob.glob("tests/data/fidelity/*.csv")) + \
        sorted(glob.glob("tests/data/csv/*.csv"))
    for t in tables:
        yield t, ["score", "-q", "-f", "json", t]
        yield t + " (rules)", ["rules", "-q", t]
    yield "init", ["init", "--year", "2021"]
    yield "mof-2020", ["rules", "mof-2020"]


def main():
    pe = sys.argv[1]
    store = load_schemas()
    passed = failed = 0
    for what, argv in outputs(pe):
        p = subprocess.run([pe] + argv, capture_output=True)
        if p.returncode not in (0, 1) or not p.stdout.strip():
            continue  # a table perfeval refuses writes no JSON
        try:
            doc = json.loads(p.stdout)
        except ValueError as e:
            failed += 1
            print("FAIL: %s: not JSON: %s" % (what, e))
            continue
        err = validate(store, doc, "%s %s" % (" ".join(argv[:1]), what))
        if err:
            failed += 1
            print("FAIL: " + err)
        else:
            passed += 1
    print("schema: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
