"""Tests for the Table Schema checks of each CSV file (generator.validate.tables and columns): frictionless'
errors translated, by type, into plain English with the fix to make (on the fixture's files, and each type
directly, frictionless' own message kept for a type not translated); unique keys and duplicate rows naming the
line already used; blank rows; line numbers that count lines of the file, not rows, in a corrupted copy of real
data too; and the limit on errors reported for one file.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from frictionless import errors

from generator import paths
from generator import validate as validate_module
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


# --- frictionless error types, translated by type -----------------------------------------------------------

PLACES_SCHEMA = json.loads((paths.reference_dir() / "schemas" / "ics-places.json").read_text(encoding="utf-8"))


def _places_table() -> validate_module._Table:
    return validate_module._Table("places", "x/places.csv", "places.csv", ["area_code", "share_of_lsoas", "note"],
                                  [(2, ["X06000001", "1", ""]), (3, ["X06000002", "0.5", "two\nlines"]),
                                   (5, ["X06000001", "1", ""])])


def _label(kind, label, field_name, number):
    return kind(note="", labels=[], row_numbers=[1], label=label, field_name=field_name, field_number=number)


@pytest.mark.parametrize("error, expected", [
    (_label(errors.DuplicateLabelError, "note", "note", 4),
     ("duplicate-column", 1, "note", 'The column "note" appears more than once in the header row.')),
    (_label(errors.BlankLabelError, "", "field4", 4),
     ("blank-column-name", 1, "field4", "Column 4 of the header row has no name.")),
    (_label(errors.IncorrectLabelError, "area", "area_code", 1),
     ("column-name-wrong", 1, "area_code", 'Column 1 of the header row is "area", but the schema expects "area_code".')),
    (_label(errors.ExtraLabelError, "comment", "comment", 4),
     ("unknown-column", 1, "comment", 'The header row has a column "comment" that the schema does not define.')),
    (_label(errors.MissingLabelError, "", "note", 3),
     ("missing-column", 1, "note", 'The column "note" is missing from the header row.')),
    (errors.EncodingError(note="'utf-8' codec can't decode byte 0xe9"),
     ("encoding-error", None, None,
      "The file contains text that is not UTF-8 ('utf-8' codec can't decode byte 0xe9).")),
    (errors.SourceError(note="the source is empty"),
     ("source-error", None, None, "The file could not be read as a table: the source is empty.")),
    (errors.SchemeError(note="No such file"), ("scheme-error", None, None, "The file could not be opened: No such file.")),
    (errors.FormatError(note="cannot read xlsx"),
     ("format-error", None, None, "The file is not in a format the validator can read: cannot read xlsx.")),
    (errors.SchemaError(note="bad field"), ("schema-error", None, None, "The schema for this file is not valid: bad field.")),
    (errors.PackageError(note="bad package"), ("package-error", None, None, "The package could not be read: bad package.")),
    (errors.ResourceError(note="bad resource"),
     ("resource-error", None, None, "The resource could not be checked: bad resource.")),
    (errors.TypeError(note="", cells=[], row_number=3, cell="half", field_name="share_of_lsoas", field_number=2),
     ("type-error", 3, "share_of_lsoas", 'The value "half" in column share_of_lsoas is not a number.')),
    (errors.ConstraintError(note='constraint "required" is "True"', cells=[], row_number=4, cell="",
                            field_name="area_code", field_number=1),
     ("required-value", 5, "area_code", "Column area_code is empty, but it must have a value.")),
    (errors.ConstraintError(note='constraint "pattern" is "x"', cells=[], row_number=2, cell="e06", field_name="area_code",
                            field_number=1),
     ("pattern-mismatch", 2, "area_code", 'The value "e06" in column area_code is not in the expected form.')),
    (errors.ConstraintError(note='constraint "minimum" is "0"', cells=[], row_number=2, cell="-1",
                            field_name="share_of_lsoas", field_number=2),
     ("below-minimum", 2, "share_of_lsoas", "The value -1 in column share_of_lsoas is below the minimum of 0.")),
    (errors.ConstraintError(note='constraint "exclusiveMaximum" is "9"', cells=[], row_number=2, cell="9",
                            field_name="share_of_lsoas", field_number=2),
     ("constraint-error", 2, "share_of_lsoas",
      'The value "9" in column share_of_lsoas breaks a rule of the schema: constraint "exclusiveMaximum" is "9".')),
    (errors.UniqueError(note="", cells=[], row_number=4, cell="X06000001", field_name="area_code", field_number=1),
     ("unique-error", 5, "area_code", 'The value "X06000001" in column area_code is already used on line 2.')),
    (errors.PrimaryKeyError(note="", cells=[], row_number=4),
     ("duplicate-row", 5, None, 'Duplicate row: line 2 already has the same area_code "X06000001".')),
    (errors.BlankRowError(note="", cells=[], row_number=3), ("blank-row", 3, None, "This row is completely empty.")),
    (errors.ExtraCellError(note="", cells=[], row_number=2, cell="x", field_name="", field_number=4),
     ("extra-cell", 2, None, 'This row has more cells than the header row has columns (the extra cell is "x").')),
    (errors.MissingCellError(note="", cells=[], row_number=2, cell="", field_name="note", field_number=3),
     ("missing-cell", 2, "note", "This row has no cell for column note: it has fewer cells than the header row.")),
])
def test_each_frictionless_type_has_a_plain_english_message(error, expected):
    issue = validate_module._translate(error, _places_table(), PLACES_SCHEMA, {}, "x/places.csv")
    assert (issue.code, issue.line, issue.field, issue.message) == expected
    assert issue.fix and issue.file == "x/places.csv"


def test_unknown_frictionless_types_keep_frictionless_message():
    error = errors.HashCountError(note="expected md5 abc")
    issue = validate_module._translate(error, _places_table(), PLACES_SCHEMA, {}, "x/places.csv")
    assert (issue.code, issue.message) == ("frictionless-other", error.message)
    assert issue.fix == 'See the frictionless documentation for the error type "hash-count".'


# --- real data: a corrupted copy is reported at the right file and line --------------------------------------

def _real_packages_with_observations() -> list[Path]:
    return [folder for folder in paths.package_dirs() if (folder / "observations.csv").is_file()]


@pytest.mark.skipif(not _real_packages_with_observations(), reason="no bundled package has observations yet")
def test_corrupted_copy_of_real_observations_is_reported_at_its_line(tmp_path):
    root = tmp_path / "datapackages"
    shutil.copytree(paths.reference_dir(), root / paths.REFERENCE_NAME)
    package = _real_packages_with_observations()[0]
    shutil.copytree(package, root / package.name)
    observations = root / package.name / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    target = next(i for i, row in enumerate(rows) if row["value"])
    marker = "NOT_A_NUMBER"
    rows[target]["value"] = marker
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    observations.write_text(out.getvalue(), encoding="utf-8")
    # Found independently of the csv module: the marker's line in the text (cells before value never span lines).
    line = next(n for n, text_line in enumerate(out.getvalue().split("\n"), start=1) if marker in text_line)
    report = validate_paths([root / package.name], root=root)
    found = [i for i in report.issues if i.code == "type-error"]
    assert [(i.file, i.line, i.field) for i in found] == [(observations.as_posix(), line, "value")]
