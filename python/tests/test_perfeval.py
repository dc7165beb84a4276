"""perfeval for Python against the perfeval command: the same document
for the same file, tables without a rules file, workbooks, errors.

Run from the top of the tree with the library built:
    PERFEVAL_LIBRARY=build/libperfeval.so.0 PERFEVAL=build/perfeval \\
        python3 -m pytest -q python/tests
"""
import decimal
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import perfeval  # noqa: E402

PE = os.environ.get("PERFEVAL", "build/perfeval")


def cli(path, *args):
    out = subprocess.run([PE, "score", "-q", "-f", "json", *args, path],
                         capture_output=True, check=True).stdout
    return json.loads(out, parse_float=decimal.Decimal)


def test_seed_total():
    doc = perfeval.score("data/shangjie-2021.json")
    assert doc["total"] == decimal.Decimal("95.58")
    assert str(doc["total"]) == "95.58"
    assert doc["grade"] == "优"
    assert doc["format"] == "perfeval/project/1"


@pytest.mark.parametrize("path", sorted(glob.glob("tests/data/real/*.csv")) +
                         ["data/shangjie-2021.csv", "data/shangjie-2021.xlsx",
                          "data/shangjie-2021-report.docx",
                          "tests/data/fidelity/merged-group-scores.xlsx"])
def test_same_as_the_command(path):
    assert perfeval.score(path) == cli(path)


def test_csv_without_rules_file(tmp_path):
    bare = tmp_path / "表.csv"
    shutil.copy("data/shangjie-2021.csv", bare)
    doc = perfeval.score(str(bare))
    assert doc["rules"]["name"] == "inferred"
    assert doc["total"] == decimal.Decimal("95.58")
    assert doc == cli(str(bare))


def test_rules_and_sheet():
    assert perfeval.score("data/shangjie-2021.json",
                          rules="mof-2020")["total"] == decimal.Decimal(
                              "95.59")
    book = "tests/data/office/hand/three-sheets.xlsx"
    assert perfeval.score(book, sheet=3)["total"] == decimal.Decimal("94.50")
    assert perfeval.score(book, sheet="附件1-2")["total"] == \
        decimal.Decimal("100.00")


def test_errors():
    with pytest.raises(perfeval.Error) as e:
        perfeval.score("nosuch.csv")
    assert e.value.exit_code == 2
    assert str(e.value) == "nosuch.csv: cannot open: No such file or directory"
    with pytest.raises(perfeval.Error) as e:
        perfeval.score("tests/data/csv/weight-abc.csv")
    assert e.value.exit_code == 3
    assert e.value.message == \
        'tests/data/csv/weight-abc.csv:14: 分值 "abc" is not a number'
    with pytest.raises(perfeval.Error) as e:
        perfeval.score("tests/data/office/hand/three-sheets.xlsx")
    assert e.value.exit_code == 2
    assert "3 tables in this file" in e.value.message
