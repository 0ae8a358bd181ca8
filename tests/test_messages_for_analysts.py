"""The mistakes analysts make with spreadsheets each get one message that names the cell and the fix.

Each test copies the Example ICS, makes one mistake a spreadsheet user makes, and reads the validator's
report: one message for the cell, the right code, and a fix that says what to type."""
import re

import pytest

from generator.stats import wilson_ci
from generator.validate import validate_paths

EXAMPLE = "X54000099"


@pytest.fixture
def package(example_copy):
    return example_copy


def _edit(root, name, change):
    path = root / EXAMPLE / f"{name}.csv"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _report(root):
    return validate_paths([root / EXAMPLE, root / "reference"], root)


def _found(report):
    return [(i.code, i.file.rsplit("/", 1)[-1], i.line, i.field) for i in report.issues]


def test_a_semicolon_separated_file_gets_one_message_saying_so(package):
    _edit(package, "plus_groups", lambda text: text.replace(",", ";"))
    report = _report(package)
    assert _found(report) == [("wrong-delimiter", "plus_groups.csv", 1, None)]
    assert "semicolons (;)" in report.issues[0].message and "Comma delimited" in report.issues[0].fix


def test_a_trailing_space_is_named_with_the_value_meant(package):
    _edit(package, "ratings", lambda text: text.replace(",developing,", ",Maturing ,", 1))
    report = _report(package)
    assert _found(report) == [("surrounding-whitespace", "ratings.csv", 2, "level")]
    assert "a space at the end" in report.issues[0].message and 'Did you mean "maturing"?' in report.issues[0].fix


@pytest.mark.parametrize("table, old, typed, column, meant", [
    ("actions", ",in_progress,", "In progress", "status", "in_progress"),
    ("ratings", "sa_2025,5c,", "5C", "subtopic_code", "5c"),
    ("ratings", ",developing,", "Developping", "level", "developing"),
])
def test_a_near_miss_gets_one_message_with_did_you_mean(package, table, old, typed, column, meant):
    _edit(package, table, lambda text: text.replace(old, old.replace(old.strip(",").split(",")[-1], typed), 1))
    report = _report(package)
    own = [i for i in report.issues if i.file.endswith(f"{table}.csv")]
    assert [(i.field, i.severity) for i in own] == [(column, "error")]  # not also "not in the expected form"
    assert own[0].fix.startswith(f'Did you mean "{meant}"?') and f'"{typed}"' in own[0].message


def test_an_unknown_subtopic_says_how_to_add_one(package):
    _edit(package, "ratings", lambda text: text.replace("sa_2025,1d,", "sa_2025,1a,", 1))
    issue = next(i for i in _report(package).issues if i.code == "unknown-subtopic")
    assert "add a row for it to framework_subtopics.csv" in issue.fix and "source" in issue.fix


def test_empty_columns_a_spreadsheet_leaves_are_ignored_and_the_rows_still_checked(package):
    def with_trailing_commas(text):
        lines = [line + ",," for line in text.splitlines()]
        lines[2] = lines[2].replace(",in_progress,", ",In progress,")
        return "\n".join(lines) + "\n"
    _edit(package, "actions", with_trailing_commas)
    report = _report(package)
    assert [(i.code, i.severity) for i in report.issues] == [("empty-columns-ignored", "warning"),
                                                            ("unknown-action-status", "error")]
    assert "last 2 columns" in report.issues[0].message


def test_text_a_spreadsheet_would_run_as_a_formula_is_flagged(package):
    _edit(package, "ratings", lambda text: text.replace("We use national", "=SUM(A1) We use national", 1))
    assert [i.code for i in _report(package).issues] == ["formula-like-text"]


def _figures_row(text: str) -> tuple[int, list[str]]:
    lines = text.splitlines()
    return next((n, line.split(",")) for n, line in enumerate(lines) if line.startswith("smi_health_checks,") and ",published," in line)


def test_a_corrected_count_must_not_leave_a_stale_value_or_interval(package):
    text = (package / EXAMPLE / "observations.csv").read_text(encoding="utf-8")
    number, cells = _figures_row(text)
    header = text.splitlines()[0].split(",")
    count, denominator = int(cells[header.index("count")]), int(cells[header.index("denominator")])
    cells[header.index("count")] = str(count - 500)  # the correction, with value and interval left as they were
    lines = text.splitlines()
    lines[number] = ",".join(cells)
    (package / EXAMPLE / "observations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _report(package)
    assert sorted(i.code for i in report.issues) == ["ci-stale", "value-disagrees-with-counts"]
    assert all(i.line == number + 1 for i in report.issues)
    value = next(i for i in report.issues if i.code == "value-disagrees-with-counts")
    assert f"{(count - 500) / denominator * 100:.4f}" in value.message
    lower, upper = wilson_ci(count - 500, denominator)
    stale = next(i for i in report.issues if i.code == "ci-stale")
    assert f"({lower:.4f} to {upper:.4f})" in stale.message and re.search(r"Write [\d.]+ and [\d.]+", stale.fix)


def test_a_value_that_agrees_with_its_counts_to_its_own_decimals_passes(package):
    text = (package / EXAMPLE / "observations.csv").read_text(encoding="utf-8")
    number, cells = _figures_row(text)
    header = text.splitlines()[0].split(",")
    cells[header.index("value")] = f"{float(cells[header.index('value')]):.1f}"  # rounded to 1 decimal: still right
    lines = text.splitlines()
    lines[number] = ",".join(cells)
    (package / EXAMPLE / "observations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _report(package).valid
