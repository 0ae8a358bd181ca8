"""`python -m generator diff`: each kind of change to the data, matched on each resource's primary key."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from generator import paths
from generator.diff import DiffError, compare, diff, render
from validation_packages import copy_validation_packages

ICS = "X54000001"


@pytest.fixture
def sides(tmp_path):
    base = copy_validation_packages(tmp_path / "base")
    head = tmp_path / "head"
    shutil.copytree(base, head)
    return base, head


def _edit(path, change):
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows, header = change(rows), list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _only(result, resource="observations"):
    [change] = [r for r in result.resources if r.resource == resource]
    return change


def test_nothing_changed(sides):
    result = compare(*sides)
    assert result.empty and render(result) == "The change leaves the published data as it was."


def test_a_changed_value_is_one_changed_row_with_its_old_and_new_value(sides):
    base, head = sides

    def change(rows):
        rows[1]["value"], rows[1]["status"] = "99.9", "provisional"
        return rows
    _edit(head / ICS / "observations.csv", change)
    change_ = _only(compare(base, head))
    assert (change_.added, change_.removed) == ([], [])
    [row] = change_.changed
    assert row["line"] == 3 and row["changes"]["value"][1] == "99.9"
    assert row["changes"]["status"][1] == "provisional" and set(row["changes"]) == {"value", "status"}
    assert row["key"]["indicator_id"] and set(row["key"]) == set(change_.key)


def test_added_and_removed_rows(sides):
    base, head = sides
    _edit(head / ICS / "observations.csv", lambda rows: rows[1:] + [{**rows[0], "period": "2030"}])
    change = _only(compare(base, head))
    assert [r["row"]["period"] for r in change.added] == ["2030"]
    assert len(change.removed) == 1 and change.removed[0]["line"] == 2 and change.changed == []


def test_a_new_package_and_a_removed_package(sides):
    base, head = sides
    shutil.copytree(head / ICS, head / "X54000002")
    shutil.rmtree(head / "E92000001")
    result = compare(base, head)
    assert (result.packages_added, result.packages_removed) == (["X54000002"], ["E92000001"])
    assert "Packages added: X54000002." in render(result)


def test_a_renamed_column_is_one_column_removed_and_one_added(sides):
    base, head = sides
    _edit(head / ICS / "places.csv", lambda rows: [{("remark" if k == "note" else k): v for k, v in r.items()} for r in rows])
    change = _only(compare(base, head), "places")
    assert (change.columns_added, change.columns_removed) == (["remark"], ["note"])


def test_a_changed_primary_key_is_said_and_rows_are_compared_whole(sides):
    base, head = sides
    schema = head / "reference" / "schemas" / "ics-places.json"
    descriptor = json.loads(schema.read_text(encoding="utf-8"))
    descriptor["primaryKey"] = ["area_code", "note"]
    schema.write_text(json.dumps(descriptor), encoding="utf-8")
    change = _only(compare(base, head), "places")
    assert change.note == "its key changed from area_code to area_code, note"
    assert "its key changed" in render(compare(base, head))


def test_markdown_keeps_data_text_inert(sides):
    base, head = sides

    def change(rows):
        rows[0]["note"] = "<img src=x onerror=alert(1)> [x](https://evil.example) @octocat"
        return rows
    _edit(head / ICS / "observations.csv", change)
    shown = render(compare(base, head), "markdown")
    assert "<img" not in shown and "[x](https" not in shown and "@octocat" not in shown
    assert shown.startswith("## What this change does to the published data")


def test_the_command_compares_a_git_revision_with_a_folder(tmp_path):
    head = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, head)
    _edit(head / "E54000062" / "observations.csv", lambda rows: [{**rows[0], "value": "12345"}] + rows[1:])
    committed = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "datapackages"], cwd=paths.ROOT).returncode == 0
    if not committed:
        pytest.skip("datapackages/ has uncommitted changes, so HEAD is not the folder this test copied")
    result = diff("HEAD", str(head))
    [change] = result.resources
    assert (change.package, len(change.changed), change.changed[0]["changes"]["value"][1]) == ("E54000062", 1, "12345")
    assert "ics/black-country/" in result.pages
    out = subprocess.run([sys.executable, "-m", "generator", "diff", "HEAD", str(head), "--format", "json"],
                         cwd=paths.ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and json.loads(out.stdout)["resources"][0]["package"] == "E54000062"


def test_something_that_is_no_revision_or_folder_is_refused():
    with pytest.raises(DiffError, match="neither a datapackages folder nor a git revision"):
        diff("no-such-revision-or-folder")
    out = subprocess.run([sys.executable, "-m", "generator", "diff", "no-such-revision"], cwd=paths.ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr
