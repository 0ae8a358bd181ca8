"""Tests for the Table Schema checks of each CSV file (generator.validate.tables and columns): frictionless'
errors translated, by type, into plain English with the fix to make; unique keys and duplicate rows naming the
line already used; blank rows; line numbers that count lines of the file, not rows; and the limit on errors
reported for one file.
"""
from __future__ import annotations

import pytest

from generator.validate import validate_paths
from validation_helpers import ICS, OBS, OBS_ROW_2, OBS_ROW_7, REF, only_problem, problems, replace_in


# --- frictionless errors, translated by type ----------------------------------------------------------------

@pytest.mark.parametrize("relative, old, new, expected", [
    (OBS, "1500.2", '"1,500.2"',
     ("type-error", 7, "value", 'The value "1,500.2" in column value is not a number.')),
    (OBS, "15002,1000000", "15002.5,1000000",
     ("type-error", 7, "count", 'The value "15002.5" in column count is not a whole number.')),
    (f"{ICS}/actions.csv", "2025-03-31", "31/03/2025",
     ("type-error", 2, "due_on", 'The value "31/03/2025" in column due_on is not a date.')),
    (f"{ICS}/actions.csv", "Public health team", "",
     ("required-value", 2, "owner", "Column owner is empty, but it must have a value.")),
    (f"{ICS}/assessments.csv", "strategic", "Strategic",
     ("value-not-allowed", 2, "scope", 'The value "Strategic" in column scope is not one of the allowed values.')),
    (f"{ICS}/evidence.csv", "https://example.org/needs", "http://example.org/needs",
     ("pattern-mismatch", 2, "url", 'The value "http://example.org/needs" in column url is not in the expected form.')),
    (f"{ICS}/places.csv", "X06000002,0.5", "X06000002,1.5",
     ("above-maximum", 3, "share_of_lsoas", "The value 1.5 in column share_of_lsoas is above the maximum of 1.")),
    (OBS, "15002,1000000", "15002,-3",
     ("below-minimum", 7, "denominator", "The value -3 in column denominator is below the minimum of 0.")),
    (f"{ICS}/ratings.csv", "We have started to question our assumptions.", "Started.",
     ("too-short", 3, "narrative", "The text in column narrative is 8 characters long, but it must be at least 10.")),
    (f"{ICS}/places.csv", "X06000001,1,", "X06000001,1,,extra",
     ("extra-cell", 2, None, 'This row has more cells than the header row has columns (the extra cell is "extra").')),
    (f"{ICS}/places.csv", "X06000001,1,", "X06000001,1",
     ("missing-cell", 2, "note", "This row has no cell for column note: it has fewer cells than the header row.")),
])
def test_frictionless_errors_become_plain_english(validation_packages, relative, old, new, expected):
    replace_in(validation_packages, relative, old, new)
    assert only_problem(validation_packages) == (expected[0], relative, *expected[1:])


def test_unique_constraint(validation_packages):
    replace_in(validation_packages, f"{REF}/maturity_levels.csv", "maturing,Maturing,3", "maturing,Maturing,2")
    assert only_problem(validation_packages) == (
        "unique-error", f"{REF}/maturity_levels.csv", 4, "rank", 'The value "2" in column rank is already used on line 3.')


def test_duplicate_observation_names_the_first_line(validation_packages):
    path = validation_packages / OBS
    path.write_text(path.read_text(encoding="utf-8") + OBS_ROW_2.replace(",80.1,", ",80.2,") + "\n", encoding="utf-8")
    assert only_problem(validation_packages) == (
        "duplicate-row", OBS, 9, None,
        'Duplicate row: line 2 already has the same indicator_id "life_expectancy", area_code "X54000001", '
        'period "2020-22", sex "persons", age "all_ages", breakdown "total".')


def test_blank_rows_are_reported_once_each(validation_packages):
    path = validation_packages / ICS / "places.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert problems(validation_packages) == [
        ("blank-row", f"{ICS}/places.csv", 4, None, "This row is completely empty."),
        ("blank-row", f"{ICS}/places.csv", 5, None, "This row is completely empty."),
    ]


def test_line_numbers_count_lines_not_rows(validation_packages):
    # Row 4's note spans two lines, so the admissions row is frictionless' row 6 but line 7 of the file.
    replace_in(validation_packages, OBS, "1500.2", "abc")
    assert only_problem(validation_packages)[:4] == ("type-error", OBS, 7, "value")
    assert (validation_packages / OBS).read_text(encoding="utf-8").splitlines()[6].startswith("admissions,X54000001,2023/24")


def test_fix_explains_how_to_write_the_value(validation_packages):
    replace_in(validation_packages, f"{ICS}/evidence.csv", "https://example.org/needs", "http://example.org/needs")
    issue = validate_paths(None, root=validation_packages).issues[0]
    assert issue.fix == "Write a full web address starting https:// url is: Public link to the evidence (https)."


def test_frictionless_error_limit_is_reported(validation_packages, monkeypatch):
    import generator.validate as validate

    monkeypatch.setattr(validate.tables, "LIMIT_ERRORS", 3)
    lines = (validation_packages / OBS).read_text(encoding="utf-8").splitlines()
    rows = [OBS_ROW_7.replace("2023/24", f"{year}/{(year + 1) % 100:02d}").replace("1500.2", "x")
            for year in range(2000, 2010)]
    (validation_packages / OBS).write_text("\n".join(lines + rows) + "\n", encoding="utf-8")
    found = problems(validation_packages)
    assert [p[2] for p in found if p[0] == "type-error"] == [9, 10, 11]
    assert [p for p in found if p[0] == "too-many-problems"] == [
        ("too-many-problems", OBS, 11, None,
         "Checking of this file stopped after 3 problems, at line 11; 7 more rows were not checked.")]
