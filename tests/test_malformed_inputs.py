"""A corpus of malformed inputs: each gets a clear issue through the command line, never a traceback.

Every case breaks one thing in a copy of the tiny packages of tests/fixtures/validation (conftest), runs
`python -m generator validate` in this process (generator.cli.main, output captured) and checks that it
exits 1, that the output names the file (and the line where there is one), gives the issue's code and
message, and says how to fix it. A few cases run in a subprocess too, as contributors run them.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import cli, paths
from generator.validate import files

ICS = "X54000001"
PLACES = f"{ICS}/places.csv"
OBS = f"{ICS}/observations.csv"
PLUS = f"{ICS}/plus_groups.csv"
RATINGS = f"{ICS}/ratings.csv"
DESC = f"{ICS}/datapackage.json"
PLACES_TEXT = 'area_code,share_of_lsoas,note\nX06000001,1,\nX06000002,0.5,"Split between two systems; figures are for the whole place."\n'
# Issues that mean a file reached frictionless in a state we should have explained ourselves.
UNCLEAR = {"frictionless-other", "source-error", "package-error", "resource-error", "scheme-error", "format-error"}


# --- breaking things --------------------------------------------------------------------------------------

def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def write(relative: str, data: bytes | str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / relative).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return change


def descriptor(change: Callable[[dict], object]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / DESC
        value = json.loads(path.read_text(encoding="utf-8"))
        value = change(value) or value
        path.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return apply


def resource_path(path: str) -> Callable[[Path], None]:
    return descriptor(lambda d: d["resources"][1].update(path=path))


def link(relative: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / relative).unlink()
        (root / relative).symlink_to(target(root))
    return change


def linked_folder(root: Path) -> None:
    """Resources under data/, where data is a link to a real folder inside the package."""
    (root / ICS / "real").mkdir()
    (root / ICS / "places.csv").rename(root / ICS / "real" / "places.csv")
    (root / ICS / "data").symlink_to(root / ICS / "real")
    resource_path("data/places.csv")(root)


def folder_instead(relative: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / relative).unlink()
        (root / relative).mkdir()
    return change


def nested(depth: int) -> Callable[[Path], None]:
    return write(DESC, '{"name": "x",\n "deep": ' + "[" * depth + "]" * depth + "}")


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for change in changes:
            change(root)
    return apply


# --- the corpus ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    id: str
    breakage: Callable[[Path], None]
    code: str
    file: str  # relative to the datapackages folder
    line: int | str | None  # a line number, or text on the line (found in the broken file)
    says: str  # part of the message


TYPO_ROW = "admissions,X54000001,2023/24,persons,all_ages,total,abc"

CASES = [
    # Rows and cells
    Case("too few cells", replace(PLACES, "X06000001,1,", "X06000001,1"), "missing-cell", PLACES, 2,
         "This row has no cell for column note: it has fewer cells than the header row."),
    Case("too few cells where a lookup column is missing", replace(OBS, "Similar,fixture_source\n", "Similar\n"),
         "missing-cell", OBS, 2, "This row has no cell for column source_id"),
    Case("too many cells", replace(PLACES, "X06000001,1,", "X06000001,1,,extra"), "extra-cell", PLACES, 2,
         'the extra cell is "extra"'),
    Case("stray quote inside an unquoted cell", replace(PLACES, "X06000001,1,", 'X06000001,1,a "quoted" word'),
         "stray-quote", PLACES, 2,
         'The cell in column note has a double quote (") inside it, but does not start with one.'),
    Case("text after a closing quote", replace(PLACES, "X06000001,1,", 'X06000001,1,"quoted" word'),
         "stray-quote", PLACES, 2, 'The cell in column note has more text after its closing double quote (").'),
    Case("unterminated quoted cell at the end", write(PLACES, PLACES_TEXT + 'X06000003,1,"never closed\n'),
         "unclosed-quote", PLACES, 4, 'The cell in column note starts with a double quote (") that is never closed'),
    Case("line breaks in a quoted cell, then a bad row",
         both(replace(OBS, "Survey figure:\nsmall sample", "Survey figure:\r\nsmall\r\nsample"),
              replace(OBS, "admissions,X54000001,2023/24,persons,all_ages,total,1500.2", TYPO_ROW)),
         "type-error", OBS, 8, 'The value "abc" in column value is not a number.'),
    Case("mixed line endings, then a bad row",
         write(PLACES, "area_code,share_of_lsoas,note\r\nX06000001,1,\nX06000002,0.5,\rX06000001,lots,\n"),
         "type-error", PLACES, 4, 'The value "lots" in column share_of_lsoas is not a number.'),
    Case("duplicate column names", replace(PLACES, "note\n", "note,note\n"), "duplicate-column", PLACES, 1,
         'The column "note" appears more than once in the header row.'),
    Case("blank column name", replace(PLACES, "area_code,share", "area_code,,share"), "blank-column-name", PLACES, 1,
         "Column 2 of the header row has no name."),
    Case("space after a level", replace(RATINGS, "a2025_draft,4a,maturing", "a2025_draft,4a,Maturing "),
         "surrounding-whitespace", RATINGS, 4, 'The value "Maturing " in column level has a space at the end.'),
    Case("space before an area code", replace(OBS, "life_expectancy,X54000001", "life_expectancy, X54000001"),
         "surrounding-whitespace", OBS, 2, 'The value " X54000001" in column area_code has a space at the start.'),
    Case("tab after an area code", replace(PLACES, "X06000002,0.5", "X06000002\t,0.5"), "surrounding-whitespace",
         PLACES, 3, 'The value "X06000002\t" in column area_code has a tab at the end.'),
    Case("non-breaking spaces around a number", replace(PLACES, "X06000002,0.5", "X06000002,\xa0\xa00.5\xa0"),
         "surrounding-whitespace", PLACES, 3,
         "in column share_of_lsoas has 2 non-breaking spaces at the start and a non-breaking space at the end."),
    Case("a cell of several megabytes", replace(PLACES, "X06000001,1,", "X06000001,1," + "x" * 5_000_000),
         "cell-too-large", PLACES, 2,
         "The cell in column note is 5,000,000 characters long; no cell may be longer than 100,000."),
    Case("a cell of 150,000 characters on lines shorter than the limit",
         replace(PLACES, "X06000001,1,", "X06000001,1," + '"' + "\n".join(["x" * 50_000] * 3) + '"'),
         "cell-too-large", PLACES, 2, "The cell in column note is 150,002 characters long"),
    Case("a header cell of several megabytes", replace(PLACES, "note\n", "x" * 200_000 + "\n"), "cell-too-large",
         PLACES, 1, "The cell in column number 3 is 200,000 characters long"),
    # Bytes and encodings
    Case("byte order mark", write(PLACES, b"\xef\xbb\xbf" + PLACES_TEXT.encode()), "utf8-bom", PLACES, 1,
         "The file starts with a UTF-8 byte order mark (BOM)"),
    Case("UTF-16 with a byte order mark", write(PLACES, PLACES_TEXT.encode("utf-16")), "encoding-utf16", PLACES, 1,
         "The file is saved in UTF-16 (each letter takes two bytes), not UTF-8."),
    Case("UTF-16 without a byte order mark", write(PLACES, PLACES_TEXT.encode("utf-16-le")), "encoding-utf16",
         PLACES, 1, "not UTF-8"),
    Case("UTF-16 big-endian without a byte order mark", write(PLACES, PLACES_TEXT.encode("utf-16-be")),
         "encoding-utf16", PLACES, 1, "not UTF-8"),
    Case("NUL bytes", write(PLACES, PLACES_TEXT.replace("0.5", "0\x00.5\x00").encode()), "nul-byte", PLACES, 3,
         "Line 3 has a NUL byte (an invisible zero byte, which is not text); the file has 2 in all."),
    Case("Windows encoding", write(PLACES, PLACES_TEXT.replace("whole place", "caf\xe9").encode("latin-1")),
         "encoding-error", PLACES, 3, "byte 0xE9 on line 3 cannot be read"),
    Case("empty CSV", write(PLACES, b""), "file-empty", PLACES, None, "The file is empty (0 bytes)."),
    Case("first line empty", write(PLACES, "\n" + PLACES_TEXT), "header-missing", PLACES, 1,
         "The first line is empty, so the file has no column names."),
    # Files that are not plain files
    Case("CSV that is a link inside the package", link(PLACES, lambda root: root / PLUS), "file-is-link", PLACES,
         None, f"{PLACES} is a symbolic link, not a real file."),
    Case("CSV that is a link outside", link(PLACES, lambda root: Path("/etc/passwd")), "file-is-link", PLACES, None,
         f"{PLACES} is a symbolic link, not a real file."),
    Case("datapackage.json that is a link", link(DESC, lambda root: root / "E92000001" / "datapackage.json"),
         "file-is-link", DESC, None, f"{DESC} is a symbolic link, not a real file."),
    Case("resource in a linked folder", linked_folder, "file-is-link", f"{ICS}/data", None,
         f"{ICS}/data is a symbolic link, not a real folder."),
    Case("CSV that is a folder", folder_instead(PLACES), "file-is-folder", PLACES, None, f"{PLACES} is a folder, not a file."),
    Case("datapackage.json that is a folder", folder_instead(DESC), "file-is-folder", DESC, None,
         f"{DESC} is a folder, not a file."),
    Case("resource path naming the package folder", resource_path("."), "file-is-folder", ICS, None,
         f"{ICS} is a folder, not a file."),
    # Resource paths
    *[Case(f"resource path {path!r}", resource_path(path), "path-unsafe", DESC, line, f'has the path "{shown}", which {reason}')
      for path, reason in [
          ("/etc/passwd", "is an absolute path"),
          ("C:\\data\\places.csv", "is an absolute path"),
          ("C:places.csv", "is an absolute path"),
          ("\\\\server\\share\\places.csv", "is an absolute path"),
          ("../E92000001/observations.csv", "uses .. to reach outside the package folder"),
          ("..\\E92000001\\observations.csv", "uses .. to reach outside the package folder"),
          ("data/../../secret.csv", "uses .. to reach outside the package folder"),
          ("https://example.org/places.csv", "is a web address or names another scheme"),
          ("file:///etc/passwd", "is a web address or names another scheme"),
          ("places\x00.csv", "contains an invisible control character"),
      ] for shown, line in [(path, json.dumps(path)[1:-1])]],
    # datapackage.json
    Case("descriptor that is a list", write(DESC, "[]"), "descriptor-not-object", DESC, 1,
         "datapackage.json must contain one JSON object ({ ... }), but it contains a list."),
    Case("descriptor that is a number", write(DESC, "42"), "descriptor-not-object", DESC, 1, "but it contains a number."),
    Case("version as a number", descriptor(lambda d: d.update(version=1)), "property-wrong-type", DESC,
         '"version": 1', '"version" in datapackage.json must be text, not a number.'),
    Case("licenses as text", descriptor(lambda d: d.update(licenses="OGL")), "property-wrong-type", DESC,
         '"licenses": "OGL"', '"licenses" in datapackage.json must be a list, not text.'),
    Case("resources as an object", descriptor(lambda d: d.update(resources={"name": "places"})), "property-wrong-type",
         DESC, None, '"resources" in datapackage.json must be a list, not an object.'),
    Case("area_code as a number", descriptor(lambda d: d.update(area_code=54000001)), "property-wrong-type", DESC,
         '"area_code": 54000001', '"area_code" in datapackage.json must be text, not a number.'),
    Case("sources as text", descriptor(lambda d: d.update(sources="fixture")), "property-wrong-type", DESC, None,
         '"sources" in datapackage.json must be a list, not text.'),
    Case("illustrative as text", descriptor(lambda d: d.update(illustrative="yes")), "illustrative-not-boolean", DESC,
         '"illustrative": "yes"', '"illustrative" must be true or false (without quotes), but it is "yes".'),
    Case("resource as text", descriptor(lambda d: d["resources"].append("places.csv")), "resource-incomplete", DESC,
         None, 'Resource number 8 in datapackage.json has no "name".'),
    Case("resource name as a list", descriptor(lambda d: d["resources"][1].update(name=["places"])),
         "resource-incomplete", DESC, None, 'Resource number 2 in datapackage.json has no "name".'),
    Case("resource path as a number", descriptor(lambda d: d["resources"][1].update(path=5)), "resource-incomplete",
         DESC, None, 'Resource number 2 in datapackage.json has no "path".'),
    Case("source id as a list", descriptor(lambda d: d["sources"][0].update(id=["a"])), "source-incomplete", DESC,
         None, 'Source number 1 in datapackage.json has no "id".'),
    Case("schema as text", descriptor(lambda d: d["resources"][1].update(schema="ics-places.json")), "schema-mismatch",
         DESC, None, "it is text, not a copy of the schema."),
    Case("schema fields as text", descriptor(lambda d: d["resources"][1]["schema"].update(fields="all")),
         "schema-mismatch", DESC, None, 'its "fields" is text, not a list of fields.'),
    Case("schema fields with a stray entry", descriptor(lambda d: d["resources"][1]["schema"]["fields"].append("x")),
         "schema-mismatch", DESC, None, "1 of its fields has no name."),
    Case("nested thousands deep", nested(5000), "descriptor-too-deep", DESC, 2,
         "datapackage.json has lists or objects nested more than 32 levels deep, from this line on."),
    Case("nested a hundred deep", nested(100), "descriptor-too-deep", DESC, 2, "more than 32 levels deep"),
    Case("duplicate keys", replace(DESC, '"version": "1.0.0",', '"version": "1.0.0",\n  "version": "2.0.0",'),
         "descriptor-duplicate-key", DESC, '"version": "2.0.0"',
         'datapackage.json gives "version" twice in the same object: here and on line 5.'),
    Case("duplicate keys in a resource", replace(DESC, '"path": "places.csv",', '"path": "places.csv",\n "path": "x.csv",'),
         "descriptor-duplicate-key", DESC, '"path": "x.csv"', 'gives "path" twice in the same object: here and on line'),
    Case("huge descriptor", descriptor(lambda d: d.update(description="x" * 2_000_000)), "file-too-large", DESC, None,
         "more than the limit of 1 MB, so it was not read."),
    Case("empty descriptor", write(DESC, b""), "descriptor-empty", DESC, None, "datapackage.json is empty"),
    Case("blank descriptor", write(DESC, b" \n\t\n"), "descriptor-empty", DESC, None, "datapackage.json is empty"),
    Case("descriptor with a 5,000-digit number", write(DESC, '{"version": ' + "9" * 5000 + "}"),
         "descriptor-invalid-json", DESC, 1, "datapackage.json is not valid JSON: a number has thousands of digits"),
    Case("descriptor in UTF-16", lambda root: write(DESC, (root / DESC).read_text(encoding="utf-8").encode("utf-16"))(root),
         "encoding-utf16", DESC, 1, "not UTF-8"),
    Case("descriptor with a NUL byte", replace(DESC, '"version": "1.0.0"', '"version": "1.0\x00.0"'), "nul-byte", DESC,
         '"version": "1.0', "the file has 1 in all."),
    Case("broken JSON", write(DESC, '{"name": '), "descriptor-invalid-json", DESC, 1, "is not valid JSON: Expecting value"),
    # Links
    Case("javascript link", replace(PLUS, "https://example.org/plus", "JaVaScRiPt:alert(1)"), "link-not-https", PLUS, 2,
         'starts with "JaVaScRiPt:", not https://.'),
    Case("source path with http", descriptor(lambda d: d["sources"][0].update(path="http://example.org/")),
         "link-not-https", DESC, "http://example.org/", "starts with http://, which is not secure."),
]


def run_cli(capsys, *args: Path | str) -> tuple[int, str]:
    code = cli.main(["validate", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def entries(output: str) -> list[tuple[str, str, str]]:
    """(file, issue line, fix line) of each issue in the text output."""
    found, file, lines = [], "", output.splitlines()
    for number, text in enumerate(lines):
        if text and not text.startswith(" "):
            file = text
        elif text.startswith("  ") and not text.startswith("    ") and number + 1 < len(lines):
            found.append((file, text.strip(), lines[number + 1]))
    return found


def assert_reported(output: str, root: Path, case: Case) -> None:
    file = (root / case.file).as_posix()
    matching = [(where, fix) for name, where, fix in entries(output) if name == file and where.endswith(f"[{case.code}]")]
    assert matching, output[:3000]
    where, fix = matching[0]
    line = case.line
    if isinstance(line, str):
        text = (root / case.file).read_bytes().decode("utf-8", "replace").split("\n")
        line = next(number for number, content in enumerate(text, 1) if line in content)
    if line is not None:
        assert where.startswith(f"line {line}"), where
    assert case.says.replace("{root}", root.as_posix()) in where, where
    assert fix.startswith("    How to fix: ") and len(fix) > len("    How to fix: ") + 10, fix


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_input_is_explained(validation_packages, capsys, case):
    root = validation_packages.resolve()
    case.breakage(root)
    code, output = run_cli(capsys, root / "reference", root / ICS)
    assert code == 1, output[:3000]
    assert "Traceback" not in output and output.rstrip().endswith("The data is not valid.")
    assert_reported(output, root, case)
    assert not [line for line in output.splitlines() if any(f"[{code}]" in line for code in UNCLEAR)], output[:3000]


def test_a_header_only_file_is_a_warning_as_a_new_package_starts_like_that(validation_packages, capsys):
    root = validation_packages.resolve()
    write(PLUS, "group_id,reason,chosen_on,source_url\n")(root)
    code, output = run_cli(capsys, root / "reference", root / ICS)
    assert code == 0, output[:3000]
    assert f"{(root / PLUS).as_posix()}\n  Warning: line 2: The file has a header row but no rows of data yet" in output
    assert output.rstrip().endswith("with 1 warning.")


def test_a_file_where_a_package_folder_should_be(validation_packages, capsys):
    root = validation_packages.resolve()
    (root / "X54000002").write_text("not a folder", encoding="utf-8")
    (root / "notes.md").write_text("Notes may sit beside the packages.", encoding="utf-8")
    code, output = run_cli(capsys, root)
    assert code == 1 and "Traceback" not in output
    assert_reported(output, root, Case("", lambda _: None, "package-not-folder", "X54000002", None,
                                       "X54000002 is a file, but {root} may hold only package folders."))
    assert "notes.md" not in output


def test_a_linked_package_folder_is_refused(validation_packages, tmp_path, capsys):
    root = validation_packages.resolve()
    (root / ICS).rename(tmp_path / "elsewhere")
    (root / ICS).symlink_to(tmp_path / "elsewhere")
    code, output = run_cli(capsys, root / "reference", root / ICS)
    assert code == 1
    assert_reported(output, root, Case("", lambda _: None, "file-is-link", ICS, None,
                                       f"{ICS} is a symbolic link, not a real folder."))
    assert "elsewhere" not in output


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(validation_packages, capsys, monkeypatch):
    root = validation_packages.resolve()
    big = root / OBS
    with open(big, "r+b") as handle:
        handle.truncate(files.MAX_FILE_BYTES + 1)  # sparse: the size on disk without writing 50 MB
    read_bytes = Path.read_bytes

    def refuse_the_big_one(path: Path) -> bytes:
        assert path != big, "the file over the limit was read"
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_the_big_one)
    code, output = run_cli(capsys, root / "reference", root / ICS)
    assert code == 1
    assert_reported(output, root, Case("", lambda _: None, "file-too-large", OBS, None,
                                       "The file is 50,000,001 bytes, more than the limit of 50 MB, so it was not read."))


def test_the_size_limit_is_set_in_one_place(validation_packages, capsys, monkeypatch):
    root = validation_packages.resolve()
    monkeypatch.setattr(files, "MAX_FILE_BYTES", (root / OBS).stat().st_size - 1)
    code, output = run_cli(capsys, root / "reference", root / ICS)
    assert code == 1
    size = (root / OBS).stat().st_size
    assert_reported(output, root, Case("", lambda _: None, "file-too-large", OBS, None,
                                       f"The file is {size:,} bytes, more than the limit of {size - 1:,} bytes"))


def test_blank_space_hides_other_problems_of_the_same_cell(validation_packages, capsys):
    root = validation_packages.resolve()
    replace(OBS, "life_expectancy,X54000001", "life_expectancy, X54000001")(root)
    code, output = run_cli(capsys, root / "reference", root / ICS)
    issues = [where for name, where, _ in entries(output) if name == (root / OBS).as_posix()]
    assert issues == ['line 2, column area_code: The value " X54000001" in column area_code has a space at the start. '
                      "[surrounding-whitespace]"]


@pytest.mark.parametrize("case", [c for c in CASES if c.id in (
    "nested thousands deep", "CSV that is a link outside", "a cell of several megabytes", "UTF-16 with a byte order mark")],
    ids=lambda c: c.id)
def test_the_command_in_a_subprocess(validation_packages, case):
    root = validation_packages.resolve()
    case.breakage(root)
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(root / "reference"), str(root / ICS)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(paths.ROOT)})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert_reported(result.stdout, root, case)
