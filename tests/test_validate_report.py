"""Tests for rendering a validation report (generator.validate.report, and github for workflow commands): text
grouped by file with a summary, warnings that leave the data valid and are counted apart from errors, JSON
listing every issue, GitHub workflow commands escaped, and a limit on the problems shown per file in text.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from generator import validate as validate_module
from generator.validate import Issue, ValidationReport, render_report


# --- rendering -------------------------------------------------------------------------------------------

def _report() -> ValidationReport:
    return ValidationReport([
        Issue("type-error", "datapackages/X/observations.csv", 7, "value", 'The value "12%" in column value is not a number.',
              "Write a number."),
        Issue("property-missing", "datapackages/X/datapackage.json", None, "version", 'datapackage.json has no "version".',
              'Add "version": "1.0.0"'),
    ], packages_checked=2)


def test_text_groups_by_file_and_ends_with_a_summary():
    text = render_report(_report(), "text")
    assert text.splitlines() == [
        "datapackages/X/observations.csv",
        '  line 7, column value: The value "12%" in column value is not a number. [type-error]',
        "    How to fix: Write a number.",
        "",
        "datapackages/X/datapackage.json",
        '  property version: datapackage.json has no "version". [property-missing]',
        '    How to fix: Add "version": "1.0.0"',
        "",
        "2 problems in 2 files. The data is not valid.",
    ]


def test_text_for_valid_data():
    assert render_report(ValidationReport([], 45), "text") == "All 45 packages are valid."
    assert render_report(ValidationReport([], 1), "text") == "The package is valid."


WARNING = Issue("formula-like-text", "datapackages/X/plus_groups.csv", 3, "reason",
                'The text in column reason starts with "=", so a spreadsheet would treat "=1+1" as a formula.',
                "Start it with a word.", "warning")


def test_warnings_alone_leave_the_data_valid_and_are_shown():
    report = ValidationReport([WARNING, dataclasses.replace(WARNING, line=4)], packages_checked=1)
    assert report.valid and report.errors == [] and len(report.warnings) == 2
    assert render_report(report, "text").splitlines() == [
        "datapackages/X/plus_groups.csv",
        '  Warning: line 3, column reason: The text in column reason starts with "=", so a spreadsheet would treat '
        '"=1+1" as a formula. [formula-like-text]',
        "    How to fix: Start it with a word.",
        '  Warning: line 4, column reason: The text in column reason starts with "=", so a spreadsheet would treat '
        '"=1+1" as a formula. [formula-like-text]',
        "    How to fix: Start it with a word.",
        "",
        "The package is valid, with 2 warnings.",
    ]
    assert render_report(ValidationReport([WARNING], 3), "text").endswith("All 3 packages are valid, with 1 warning.")


def test_warnings_beside_errors_are_counted_apart():
    report = ValidationReport([*_report().issues, WARNING], packages_checked=2)
    assert not report.valid
    assert render_report(report, "text").splitlines()[-1] == "2 problems in 2 files, and 1 warning. The data is not valid."


def test_json_and_github_give_the_severity():
    report = ValidationReport([WARNING], packages_checked=1)
    [issue] = json.loads(render_report(report, "json"))
    assert (issue["code"], issue["severity"]) == ("formula-like-text", "warning")
    lines = render_report(report, "github").splitlines()
    assert lines[0].startswith("::warning file=datapackages/X/plus_groups.csv,line=3,title=Text a spreadsheet would run as "
                               "a formula (formula-like-text)::column reason: The text")
    assert lines[-1] == "The package is valid, with 1 warning."


def test_text_shows_a_limited_number_per_file_and_says_how_many_more(monkeypatch):
    monkeypatch.setattr(validate_module.report, "TEXT_SHOWN_PER_FILE", 1)
    issues = [Issue("blank-row", "f.csv", n, None, "This row is completely empty.", "Delete the empty row.")
              for n in range(2, 5)]
    lines = render_report(ValidationReport(issues, 1), "text").splitlines()
    assert lines[3] == "  … and 2 more problems in this file, not shown here (use --format json to list them all)."
    assert lines[-1] == "3 problems in 1 file. The data is not valid."


def test_json_lists_every_issue():
    assert json.loads(render_report(_report(), "json")) == [
        {"file": "datapackages/X/observations.csv", "line": 7, "field": "value", "code": "type-error", "severity": "error",
         "title": "Wrong kind of value", "message": 'The value "12%" in column value is not a number.',
         "fix": "Write a number."},
        {"file": "datapackages/X/datapackage.json", "line": None, "field": "version", "code": "property-missing",
         "severity": "error", "title": "A required property is missing", "message": 'datapackage.json has no "version".',
         "fix": 'Add "version": "1.0.0"'},
    ]


def test_github_workflow_commands_are_escaped():
    lines = render_report(_report(), "github").splitlines()
    assert lines[0].startswith("::error file=datapackages/X/datapackage.json,title=A required property is missing")
    assert lines[1] == ("::error file=datapackages/X/observations.csv,line=7,title=Wrong kind of value (type-error)::"
                        'column value: The value "12%25" in column value is not a number. How to fix: Write a number.')
    assert lines[-1] == "2 problems in 2 files. The data is not valid."
    assert validate_module._escape_data("50%\r\nx") == "50%25%0D%0Ax"
    assert validate_module._escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        render_report(_report(), "xml")


def test_files_are_named_from_the_repository_as_contributors_see_them(tmp_path, monkeypatch):
    """A file inside the repository is named relative to it (from any working folder), one outside by its path,
    and a symbolic link as itself, not its target."""
    from generator import paths
    from generator.validate.issues import _display

    monkeypatch.chdir(tmp_path)
    assert _display(paths.ROOT / "datapackages" / "reference" / "areas.csv") == "datapackages/reference/areas.csv"
    assert _display(paths.ROOT) == "."
    assert _display(tmp_path / "x.csv") == (tmp_path / "x.csv").as_posix()
    sibling = paths.ROOT.parent / (paths.ROOT.name + "-other") / "x.csv"  # a name the root's starts, outside it
    assert _display(sibling) == sibling.as_posix()
    link = tmp_path / "link.csv"
    link.symlink_to(paths.ROOT / "README.md")
    assert _display(link) == link.as_posix()
    monkeypatch.chdir(paths.ROOT)
    assert _display(Path("datapackages") / "x.csv") == "datapackages/x.csv"
