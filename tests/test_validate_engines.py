"""Differential test: the column-wise checks (`validate.columns`) find exactly what frictionless finds.

frictionless stays the reference for what a Table Schema means. Hypothesis writes mutated copies of real
packages (the reference lists, the Example ICS and a real ICS's observations, cut short): wrong types, broken
patterns and bounds, values outside their lists, repeated keys, references to missing rows, short, long and
blank rows, reordered, renamed and missing columns, quoted line breaks. Both engines check every copy and must
report the same issues (code, file, line, column, message and fix), not merely as many. Repeatable: a
fixed number of examples, derandomised, no example database.
"""
from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import paths
from generator.validate import descriptor, files, tables
from generator.validate.issues import Issue
from generator.validate.reference import _Reference

ENGINES = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PACKAGES = {"reference": None, "X54000099": None, "E54000008": 120}  # folder: rows kept per table (None: all)
# Values that differ between engines if one reads a cell differently: forms Python's int() and float()
# accept that a reader may not (digits of other scripts, underscores, "NaN"), blanks, bounds, dates, links.
ODD_VALUES = ["", " ", "abc", "1,5", " 12", "12 ", "1e3", "NaN", "inf", "-1", "-0", "101", "100.0", "01", "1.50",
              "1_000", "\u0663", "2023-13-01", "2024-02-29", "2023-02-29", "true", "TRUE", "yes", "None", "null",
              "http://example.org", "https://example.org/a b", "https://", "ftp://example.org", "x" * 300, "=1+1",
              "sa_2025", "E54000008", "\u00a0", "1b", "core20", "line\nbreak"]


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> Path:
    """The packages as they are, each table cut to its first rows where PACKAGES says so."""
    root = tmp_path_factory.mktemp("engines")
    for name, keep in PACKAGES.items():
        shutil.copytree(paths.DATAPACKAGES / name, root / name)
        for path in (root / name).glob("*.csv") if keep else ():
            header, *rows = read_csv(path)
            write_csv(path, [header, *rows[:keep]])
    return root


def resource_of(path: Path) -> str:
    return path.stem  # every bundled resource is named after its file


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


# --- mutations: each takes the header and rows, and numbers drawn by hypothesis ---------------------------

def set_cell(header, rows, a, b, value):
    """Row a, column b gets the value, or with none the same column's cell of the next row."""
    if rows and rows[a % len(rows)]:
        row, donor = rows[a % len(rows)], rows[(a + 1) % len(rows)]
        column = b % len(row)
        row[column] = value if value is not None else (donor[column] if column < len(donor) else "")


def duplicate_row(header, rows, a, b, value):
    if rows:
        rows.insert(b % (len(rows) + 1), list(rows[a % len(rows)]))


def shorten_row(header, rows, a, b, value):
    if rows:
        del rows[a % len(rows)][-(1 + b % 3):]


def lengthen_row(header, rows, a, b, value):
    if rows:
        rows[a % len(rows)] += ["extra", ""][:1 + b % 2]


def insert_blank_row(header, rows, a, b, value):
    rows.insert(a % (len(rows) + 1), [[], [""] * len(header), [" "] * len(header)][b % 3])


def swap_columns(header, rows, a, b, value):
    if not header:  # every column dropped already
        return
    i, j = a % len(header), b % len(header)
    for cells in [header, *rows]:
        if max(i, j) < len(cells):
            cells[i], cells[j] = cells[j], cells[i]


def rename_column(header, rows, a, b, value):
    if not header:  # every column dropped already
        return
    header[a % len(header)] = ["mystery", header[a % len(header)].upper()][b % 2]


def drop_column(header, rows, a, b, value):
    if not header:  # every column dropped already
        return
    i = a % len(header)
    for cells in [header, *rows]:
        if i < len(cells):
            del cells[i]


MUTATIONS = [set_cell, set_cell, set_cell, duplicate_row, shorten_row, lengthen_row, insert_blank_row, swap_columns,
             rename_column, drop_column]
mutation = st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10_000), st.integers(0, 10_000),
                     st.one_of(st.none(), st.sampled_from(ODD_VALUES)))


def issues_of_both_engines(folder: Path, reference: _Reference, changed: str) -> tuple[set[Issue], set[Issue]]:
    """What each engine adds to the report (a set, as in `validate_paths`) for the changed table and the tables it
    references or is referenced by; the header checks come first in both, as in the validator."""
    loaded, _, _ = files._read_descriptor(folder)
    package = descriptor._Package(folder, loaded, "", folder.name == paths.REFERENCE_NAME, reference)
    resources, _ = descriptor._usable_resources(package)
    related = {changed} | {name for name, _, schema in resources for key in schema.get("foreignKeys", [])
                           if changed in (name, key["reference"]["resource"])}
    related |= {key["reference"]["resource"] for name, _, schema in resources if name == changed
                for key in schema.get("foreignKeys", [])}
    header_issues, checked = set(), {}
    for name, source, schema in resources:
        table, _ = files._read_table(folder, source, name)
        if name in related and table is not None:
            found, checkable = tables._check_header(table, schema)
            header_issues.update(found)
            if checkable:
                checked[name] = (table, schema)
    return (header_issues | set(tables._frictionless_issues(package, checked)),
            header_issues | set(tables._schema_issues(package, checked)))


@ENGINES
@given(package=st.sampled_from(sorted(PACKAGES)), table=st.integers(0, 100),
       mutations=st.lists(mutation, min_size=1, max_size=4))
def test_both_engines_find_the_same_problems(originals, package, table, mutations):
    reference = _Reference.load(paths.reference_dir(), set())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / package
        shutil.copytree(originals / package, folder)
        path = sorted(folder.glob("*.csv"))[table % len(list(folder.glob("*.csv")))]
        header, *rows = read_csv(path)
        for mutate, a, b, value in mutations:
            mutate(header, rows, a, b, value)
        write_csv(path, [header, *rows])
        by_frictionless, by_columns = issues_of_both_engines(folder, reference, resource_of(path))
    assert by_columns == by_frictionless


def test_the_mutations_reach_every_kind_of_row_problem(originals):
    """The differential test is only as good as its mutations: these reach each kind of problem both engines report."""
    reference = _Reference.load(paths.reference_dir(), set())
    seen = set()
    with tempfile.TemporaryDirectory() as tmp:
        for case, (package, file, mutate, column, value) in enumerate([
            ("X54000099", "ratings.csv", set_cell, "level", "abc"),
            ("X54000099", "evidence.csv", set_cell, "evidence_type", "leaflet"),
            ("reference", "maturity_levels.csv", set_cell, "rank", None),
            ("X54000099", "evidence.csv", set_cell, "url", "http://example.org"),
            ("X54000099", "observations.csv", set_cell, "value", "1,5"),
            ("X54000099", "observations.csv", set_cell, "count", "-1"),
            ("X54000099", "observations.csv", duplicate_row, None, None),
            ("X54000099", "actions.csv", shorten_row, None, None), ("X54000099", "actions.csv", lengthen_row, None, None),
            ("X54000099", "places.csv", insert_blank_row, None, None),
            ("X54000099", "ratings.csv", set_cell, "assessment_id", "sa_1999"),
            ("reference", "areas.csv", set_cell, "parent_code", "E54000999"),
            ("reference", "areas.csv", set_cell, "area_code", None),
        ]):
            folder = Path(tmp) / str(case) / package
            shutil.copytree(originals / package, folder)
            header, *rows = read_csv(folder / file)
            for a in range(3):
                mutate(header, rows, a, header.index(column) if column else 1, value)
            write_csv(folder / file, [header, *rows])
            by_frictionless, by_columns = issues_of_both_engines(folder, reference, resource_of(folder / file))
            assert by_columns == by_frictionless
            seen |= {issue.code for issue in by_columns}
    assert {"type-error", "pattern-mismatch", "value-not-allowed", "below-minimum", "duplicate-row", "unique-error",
            "missing-cell", "extra-cell", "blank-row", "foreign-key"} <= seen


def test_keys_compare_values_as_read_not_as_written(originals, tmp_path):
    """A rank written "02" repeats the rank 2 of the next line: unique values are compared as numbers."""
    folder = tmp_path / "reference"
    shutil.copytree(originals / "reference", folder)
    header, *rows = read_csv(folder / "maturity_levels.csv")
    rows[0][header.index("rank")] = "02"
    write_csv(folder / "maturity_levels.csv", [header, *rows])
    by_frictionless, by_columns = issues_of_both_engines(folder, _Reference.load(paths.reference_dir(), set()),
                                                         "maturity_levels")
    assert by_columns == by_frictionless
    assert [(i.code, i.line, i.field) for i in by_columns if i.code == "unique-error"] == [("unique-error", 3, "rank")]


def test_a_header_naming_no_column_of_the_schema_is_reported_column_by_column(originals, tmp_path):
    """frictionless adds "unmatched-header" to the missing and unknown columns; ours names each, so it is not repeated."""
    folder = tmp_path / "X54000099"
    shutil.copytree(originals / "X54000099", folder)
    header, *rows = read_csv(folder / "places.csv")
    write_csv(folder / "places.csv", [["mystery"], *[[""] for _ in rows]])
    by_frictionless, by_columns = issues_of_both_engines(folder, _Reference.load(paths.reference_dir(), set()), "places")
    assert by_columns == by_frictionless
    assert {i.code for i in by_columns} == {"missing-column", "unknown-column", "blank-row"}
    assert sorted(i.field for i in by_columns if i.code == "missing-column") == sorted(header)


def test_the_header_is_line_1_even_when_most_rows_are_short(originals, tmp_path):
    """Left to guess, frictionless takes the first row near the average width as the header: not here."""
    folder = tmp_path / "X54000099"
    shutil.copytree(originals / "X54000099", folder)
    header, *rows = read_csv(folder / "assessments.csv")
    shorten_row(header, rows, 0, 1, None)
    shorten_row(header, rows, 1, 2, None)
    write_csv(folder / "assessments.csv", [header, *rows])
    by_frictionless, by_columns = issues_of_both_engines(folder, _Reference.load(paths.reference_dir(), set()),
                                                         "assessments")
    assert by_columns == by_frictionless
    assert {(i.code, i.line) for i in by_columns} >= {("missing-cell", 2), ("missing-cell", 3)}
    assert not [i for i in by_columns if i.code == "missing-column"]


def test_a_table_checked_with_the_table_it_references_keeps_its_header_on_line_1(originals, tmp_path):
    """frictionless consumed a dialect shared by two resources, so the second (actions.csv, checked with the
    assessments.csv it references) had its header guessed again from short rows: the example hypothesis found."""
    folder = tmp_path / "X54000099"
    shutil.copytree(originals / "X54000099", folder)
    header, *rows = read_csv(folder / "actions.csv")
    for mutate, a, b in [(shorten_row, 0, 1), (shorten_row, 0, 1304), (duplicate_row, 0, 0), (shorten_row, 2, 1)]:
        mutate(header, rows, a, b, None)
    write_csv(folder / "actions.csv", [header, *rows])
    by_frictionless, by_columns = issues_of_both_engines(folder, _Reference.load(paths.reference_dir(), set()), "actions")
    assert by_columns == by_frictionless
    assert not [i for i in by_columns if i.code == "missing-column"]
    assert {("missing-cell", 2), ("duplicate-row", 3)} <= {(i.code, i.line) for i in by_columns}
