"""Tests for the header row of each CSV file (generator.validate.tables' header checks): a missing column, an
unknown one with the likely name it stands for, duplicate and blank column names (which stop the row checks),
columns in another order, and a missing key column, which must not crash the key check.

Uses the tiny packages of tests/fixtures/validation, copied into tmp_path by conftest.
"""
from __future__ import annotations

import csv
import io

from validation_inputs import ICS, PLACES, problems, write_bytes


# --- header rows ---------------------------------------------------------------------------------------------

def test_missing_column(validation_packages):
    (validation_packages / PLACES).write_text("area_code,note\nX06000001,\nX06000002,\n", encoding="utf-8")
    assert problems(validation_packages) == [
        ("missing-column", PLACES, 1, "share_of_lsoas", 'The column "share_of_lsoas" is missing from the header row.')]


def test_unknown_column_suggests_the_likely_name(validation_packages):
    write_bytes(validation_packages, PLACES, lambda b: b.replace(b"note", b"notes", 1))
    assert problems(validation_packages) == [
        ("missing-column", PLACES, 1, "note", 'The column "note" is missing from the header row.'),
        ("unknown-column", PLACES, 1, "notes",
         'The header row has a column "notes" that the schema does not define. Did you mean "note"?'),
    ]


def test_duplicate_and_blank_column_names_stop_row_checks(validation_packages):
    # The unnamed column is not at the end, so it is not one of the empty columns a spreadsheet leaves there.
    write_bytes(validation_packages, PLACES, lambda b: b.replace(b"note\n", b"note,,note\n", 1))
    assert problems(validation_packages) == [
        ("blank-column-name", PLACES, 1, None, "Column 4 of the header row has no name."),
        ("duplicate-column", PLACES, 1, "note", 'The column "note" appears more than once in the header row.'),
        ("rows-not-checked", PLACES, 2, None,
         "The rows of this file, from this line on, were not checked because its header row has problems."),
    ]


def test_columns_in_another_order_are_fine(validation_packages):
    (validation_packages / PLACES).write_text("note,share_of_lsoas,area_code\n,1,X06000001\n,2,X06000002\n",
                                              encoding="utf-8")
    assert problems(validation_packages) == [
        ("above-maximum", PLACES, 3, "share_of_lsoas", "The value 2 in column share_of_lsoas is above the maximum of 1.")]


def test_missing_key_column_does_not_crash_the_key_check(validation_packages):
    observations = validation_packages / ICS / "observations.csv"
    rows = list(csv.reader(io.StringIO(observations.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[:4] + row[5:] for row in rows])  # drop "age"
    observations.write_text(out.getvalue(), encoding="utf-8")
    assert problems(validation_packages) == [
        ("missing-column", f"{ICS}/observations.csv", 1, "age", 'The column "age" is missing from the header row.')]
