"""Bad input of every kind gets a clear issue (never a traceback), and the command line behaves.

Uses the tiny packages of tests/fixtures/validation, copied into tmp_path by conftest.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import errors

from generator import paths
from generator import validate as validate_module
from generator.validate import Issue, UsageError, ValidationReport, render_report, validate_paths

ICS = "X54000001"
PLACES = f"{ICS}/places.csv"
DESC = f"{ICS}/datapackage.json"
COLUMNS = "area_code, share_of_lsoas, note"


def problems(root: Path) -> list[tuple]:
    report = validate_paths(None, root=root)
    return [(i.code, Path(i.file).relative_to(root).as_posix(), i.line, i.field, i.message) for i in report.issues]


def write_bytes(root: Path, relative: str, change) -> None:
    path = root / relative
    path.write_bytes(change(path.read_bytes()))


def change_descriptor(root: Path, change) -> None:
    path = root / DESC
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


# --- datapackage.json that cannot be read ------------------------------------------------------------------

def test_broken_json_names_line_and_column(validation_packages):
    write_bytes(validation_packages, DESC, lambda b: b.replace(b'"version": "1.0.0",', b'"version": "1.0.0"', 1))
    assert problems(validation_packages) == [(
        "descriptor-invalid-json", DESC, 6, None,
        "datapackage.json is not valid JSON: Expecting ',' delimiter (line 6, column 3).")]


def test_descriptor_must_be_an_object(validation_packages):
    (validation_packages / DESC).write_text("[]", encoding="utf-8")
    assert problems(validation_packages) == [(
        "descriptor-not-object", DESC, 1, None,
        "datapackage.json must contain one JSON object ({ ... }), but it contains a list.")]


def test_folder_without_descriptor(validation_packages):
    (validation_packages / DESC).unlink()
    assert problems(validation_packages) == [
        ("descriptor-missing", DESC, None, None, "This folder has no datapackage.json file.")]


def test_descriptor_in_a_windows_encoding(validation_packages):
    write_bytes(validation_packages, DESC, lambda b: b.replace(b"Made-up figures for tests", b"Caf\xe9 figures", 1))
    line = next(n for n, text in enumerate((validation_packages / DESC).read_bytes().split(b"\n"), 1) if b"\xe9" in text)
    assert problems(validation_packages) == [
        ("encoding-error", DESC, line, None, f"The file contains text that is not UTF-8 (byte 0xE9 on line {line} cannot be read).")]


# --- CSV files that cannot be read ------------------------------------------------------------------------

def test_missing_csv_file(validation_packages):
    (validation_packages / PLACES).unlink()
    path = (validation_packages / PLACES).as_posix()
    # Observations for the places are not blamed while places.csv itself is missing.
    assert problems(validation_packages) == [
        ("file-missing", PLACES, None, None, f"The file {path} listed in datapackage.json does not exist.")]


def test_empty_csv_file(validation_packages):
    (validation_packages / PLACES).write_bytes(b"")
    assert problems(validation_packages) == [("file-empty", PLACES, None, None, "The file is empty (0 bytes).")]


def test_latin1_bytes_name_the_line(validation_packages):
    write_bytes(validation_packages, PLACES, lambda b: b.replace(b"whole place", b"caf\xe9 place"))
    assert problems(validation_packages) == [
        ("encoding-error", PLACES, 3, None, "The file contains text that is not UTF-8 (byte 0xE9 on line 3 cannot be read).")]


def test_byte_order_mark_is_reported_and_the_rest_still_checked(validation_packages):
    write_bytes(validation_packages, PLACES, lambda b: b"\xef\xbb\xbf" + b.replace(b"X06000002,0.5", b"X06000002,lots"))
    found = problems(validation_packages)
    assert found == [
        ("utf8-bom", PLACES, 1, None,
         "The file starts with a UTF-8 byte order mark (BOM), an invisible marker before the first column name."),
        ("type-error", PLACES, 3, "share_of_lsoas", 'The value "lots" in column share_of_lsoas is not a number.'),
    ]
    fix = validate_paths(None, root=validation_packages).issues[0].fix
    assert 'choose the encoding "UTF-8" (not "UTF-8 with BOM")' in fix


def test_first_line_empty(validation_packages):
    write_bytes(validation_packages, PLACES, lambda b: b"\n" + b)
    found = problems(validation_packages)
    assert found[0] == ("header-missing", PLACES, 1, None, "The first line is empty, so the file has no column names.")


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


# --- resource paths ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, reason", [
    ("/etc/passwd", "is an absolute path"),
    ("C:\\data\\places.csv", "is an absolute path"),
    ("../E92000001/observations.csv", "uses .. to reach outside the package folder"),
    ("data/../../secret.csv", "uses .. to reach outside the package folder"),
    ("https://example.org/places.csv", "is a web address or names another scheme; only files in the package folder are read"),
    ("file:///etc/passwd", "is a web address or names another scheme; only files in the package folder are read"),
])
def test_unsafe_resource_paths_are_refused(validation_packages, path, reason):
    change_descriptor(validation_packages, lambda d: d["resources"][1].update(path=path))
    found = problems(validation_packages)
    assert [(code, file, field, message) for code, file, _, field, message in found] == [
        ("path-unsafe", DESC, "resources[2].path", f'The resource "places" has the path "{path}", which {reason}.')]


def test_resource_path_must_be_text(validation_packages):
    change_descriptor(validation_packages, lambda d: d["resources"][1].update(path=["a.csv", "b.csv"]))
    assert [p[0] for p in problems(validation_packages)] == ["resource-incomplete"]


def test_frictionless_still_refuses_unsafe_paths():
    # Our own check comes first, but frictionless' protection stays on (the package is not trusted).
    from frictionless import FrictionlessException, Package

    with pytest.raises(FrictionlessException, match="not safe"):
        Package({"name": "p", "resources": [{"name": "r", "path": "../x.csv"}]}, basepath=str(paths.ROOT))


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


def test_cli_exits_0_on_warnings_and_shows_them(validation_packages):
    write_bytes(validation_packages, f"{ICS}/plus_groups.csv", lambda b: b.replace(b"Many unpaid", b"=1+1 Many unpaid"))
    result = run_cli(*package_args(validation_packages))
    assert result.returncode == 0, result.stdout
    assert "  Warning: line 2, column reason: The text in column reason starts with \"=\"" in result.stdout
    assert result.stdout.strip().endswith("All 3 packages are valid, with 1 warning.")


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


def test_path_that_does_not_exist_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        validate_paths([tmp_path / "nowhere"], root=tmp_path)


def test_a_csv_path_is_a_usage_error(validation_packages):
    with pytest.raises(UsageError, match="is not a package folder"):
        validate_paths([validation_packages / PLACES], root=validation_packages)


# --- the command line, end to end --------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "validate", *args], cwd=paths.ROOT,
                          capture_output=True, text=True, timeout=300)


def package_args(root: Path) -> list[str]:
    # The reference folder is given too, so cross-package checks use the fixture's, not the repository's.
    return [str(root / "reference"), str(root / ICS), str(root / "E92000001")]


def test_cli_valid_data_exits_0(validation_packages):
    result = run_cli(*package_args(validation_packages))
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "All 3 packages are valid.", "")


def test_cli_invalid_data_exits_1_in_each_format(validation_packages):
    write_bytes(validation_packages, f"{ICS}/observations.csv", lambda b: b.replace(b"1500.2", b"abc"))
    text = run_cli(*package_args(validation_packages))
    assert text.returncode == 1 and "Traceback" not in text.stderr
    assert f"{validation_packages / ICS / 'observations.csv'}\n  line 7, column value:" in text.stdout
    assert text.stdout.strip().endswith("1 problem in 1 file. The data is not valid.")
    as_json = run_cli(*package_args(validation_packages), "--format", "json")
    assert as_json.returncode == 1
    [issue] = json.loads(as_json.stdout)
    assert (issue["line"], issue["field"], issue["code"]) == (7, "value", "type-error")
    github = run_cli(*package_args(validation_packages), "--format", "github")
    assert github.returncode == 1
    assert github.stdout.startswith(f"::error file={validation_packages / ICS / 'observations.csv'},line=7,title=")


@pytest.mark.parametrize("breakage", [
    lambda root: (root / DESC).write_text('{"name": ', encoding="utf-8"),
    lambda root: (root / PLACES).write_bytes(b""),
    lambda root: (root / PLACES).write_bytes(b"area_code,share_of_lsoas,note\nX06000001,1,caf\xe9\n"),
    lambda root: (root / PLACES).unlink(),
    lambda root: change_descriptor(root, lambda d: d["resources"][1].update(path="https://example.org/x.csv")),
], ids=["broken json", "empty file", "latin-1", "missing file", "url path"])
def test_cli_bad_input_exits_1_without_traceback(validation_packages, breakage):
    breakage(validation_packages)
    result = run_cli(*package_args(validation_packages))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "The data is not valid." in result.stdout


def test_cli_missing_path_exits_2_with_a_clear_message(tmp_path):
    result = run_cli(str(tmp_path / "no-such-package"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'no-such-package'} does not exist" in result.stderr


def test_cli_unknown_format_exits_2():
    result = run_cli("--format", "xml")
    assert result.returncode == 2 and "invalid choice" in result.stderr and "Traceback" not in result.stderr
