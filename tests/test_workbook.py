"""The Excel route (issue 13): `workbook CODE --out FILE` and `import-workbook FILE`.

Every test works on a copy of the bundled reference package, the Example (X54000099, every table filled)
and NHS Black Country (E54000062, no team tables). Workbooks are filled with openpyxl as an analyst would
fill them in Excel. Expected values come from the reference CSVs and schemas, not from the code under test.
"""
from __future__ import annotations

import csv
import datetime
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import paths
from generator.cli import main
from generator.paths import ICS_RESOURCES, TEAM_RESOURCES
from generator.validate import validate_paths

EXAMPLE, BLANK = "X54000099", "E54000062"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "datapackages"
    for name in ("reference", EXAMPLE, BLANK):
        shutil.copytree(paths.DATAPACKAGES / name, root / name)
    return root


def _workbook(root: Path, code: str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    assert main(["workbook", code, "--out", str(out), "--datapackages", str(root)]) == 0
    return out


def _import(root: Path, file: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["import-workbook", str(file), "--datapackages", str(root)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _reference_column(name: str, column: str) -> list[str]:
    with open(paths.reference_dir() / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def _schema(table: str) -> dict:
    return json.loads(paths.schema_path(f"ics-{table}").read_text(encoding="utf-8"))


def _dropdown_values(workbook, sheet: str, column_letter: str) -> list[str] | None:
    """The values a cell's list dropdown offers, read through the range it refers to on its sheet."""
    for validation in workbook[sheet].data_validations.dataValidation:
        if validation.type == "list" and any(column_letter + "2" in str(r) for r in validation.sqref.ranges):
            target, cells = validation.formula1.lstrip("=").split("!")
            first, last = cells.replace("$", "").split(":")
            ws = workbook[target.strip("'")]
            return [c.value for row in ws[first:last] for c in row]
    return None


def _valid_with_inline_schemas(root: Path, code: str, tmp_path: Path):
    """Validate the package after an import. The validator on this branch still wants each resource's
    schema inline, so only in this scratch copy is the canonical schema put into the short entries."""
    copy = tmp_path / "check"
    shutil.copytree(root / "reference", copy / "reference")
    shutil.copytree(root / code, copy / code)
    descriptor = json.loads((copy / code / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.setdefault("schema", _schema(resource["name"]))
    (copy / code / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return validate_paths([copy / code], root=copy)


# --- Writing ---------------------------------------------------------------------------------------------

def test_the_example_goes_round_the_workbook_and_back_byte_for_byte(root, tmp_path, capsys):
    before = {name: (root / EXAMPLE / f"{name}.csv").read_bytes() for name in ICS_RESOURCES}
    descriptor = json.loads((root / EXAMPLE / "datapackage.json").read_text(encoding="utf-8"))
    code, out = _import(root, _workbook(root, EXAMPLE, tmp_path / "example.xlsx"), capsys)
    assert code == 0, out
    assert out.startswith("Wrote 6 tables for Example ICS (fictional): plus_groups.csv 4 rows, assessments.csv 2 rows")
    assert out.rstrip().endswith("corrections.csv 2 rows.")
    assert {name: (root / EXAMPLE / f"{name}.csv").read_bytes() for name in ICS_RESOURCES} == before
    after = json.loads((root / EXAMPLE / "datapackage.json").read_text(encoding="utf-8"))
    # The one change: each team table's entry is the short form; every other key and resource is as it was.
    assert {k: v for k, v in after.items() if k != "resources"} == {k: v for k, v in descriptor.items() if k != "resources"}
    assert [r["name"] for r in after["resources"]] == [r["name"] for r in descriptor["resources"]]
    for old, new in zip(descriptor["resources"], after["resources"]):
        assert new == ({"name": old["name"], "path": f"{old['name']}.csv"} if old["name"] in TEAM_RESOURCES else old)
    assert _valid_with_inline_schemas(root, EXAMPLE, tmp_path).valid


def test_two_runs_give_the_same_bytes_and_the_file_carries_no_clock(root, tmp_path):
    first = _workbook(root, EXAMPLE, tmp_path / "one.xlsx").read_bytes()
    second = _workbook(root, EXAMPLE, tmp_path / "two.xlsx").read_bytes()
    assert first == second
    workbook = load_workbook(tmp_path / "one.xlsx")
    assert workbook.properties.created == workbook.properties.modified == datetime.datetime(2024, 1, 1)
    assert [p.value for p in workbook.custom_doc_props.props if p.name == "ics_code"] == [EXAMPLE]


def test_sheets_headers_notes_and_dates_follow_the_schemas(root, tmp_path):
    workbook = load_workbook(_workbook(root, EXAMPLE, tmp_path / "example.xlsx"))
    assert workbook.sheetnames == ["Instructions", *TEAM_RESOURCES, "Lists"]
    assert workbook["Lists"].sheet_state == "hidden" and workbook["Instructions"]["B2"].value == EXAMPLE
    instructions = "\n".join(str(c.value) for c in workbook["Instructions"]["A"] if c.value)
    assert all(f"{table}: " in instructions for table in TEAM_RESOURCES)
    assert "import-workbook" in instructions and "yyyy-mm-dd" in instructions and "community_groups" in instructions
    for table in TEAM_RESOURCES:
        ws, fields = workbook[table], _schema(table)["fields"]
        assert [c.value for c in ws[1]] == [f["name"] for f in fields]
        assert ws.freeze_panes == "A2"
        for cell, field in zip(ws[1], fields):
            assert field["description"] in cell.comment.text
    assessed_on = workbook["assessments"]["E2"]
    assert assessed_on.value == datetime.datetime(2025, 6, 30) and assessed_on.number_format == "yyyy-mm-dd"
    assert any(v.type == "date" and "E2" in str(v.sqref) for v in workbook["assessments"].data_validations.dataValidation)


def test_dropdowns_offer_the_reference_values_and_a_semicolon_list_has_none(root, tmp_path):
    workbook = load_workbook(_workbook(root, BLANK, tmp_path / "blank.xlsx"))
    for table in TEAM_RESOURCES:
        assert workbook[table].max_row == 1  # no team data: header only
    assert _dropdown_values(workbook, "ratings", "C") == _reference_column("maturity_levels", "level")
    subtopics = set(_reference_column("framework_subtopics", "subtopic_code"))
    assert set(_dropdown_values(workbook, "ratings", "B")) == subtopics | set(_reference_column("framework_phases", "phase_number"))
    assert _dropdown_values(workbook, "actions", "I") == _reference_column("action_statuses", "status")
    assert _dropdown_values(workbook, "plus_groups", "A") == _reference_column("community_groups", "group_id")
    enum = next(f for f in _schema("evidence")["fields"] if f["name"] == "evidence_type")["constraints"]["enum"]
    assert _dropdown_values(workbook, "evidence", "D") == enum
    assert _dropdown_values(workbook, "ratings", "E") is None  # community_groups: several values per cell
    assert "semicolons" in workbook["ratings"]["E1"].comment.text


def test_a_new_maturity_level_needs_no_code_change(root, tmp_path):
    with open(root / "reference" / "maturity_levels.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("flourishing,Flourishing,5,Beyond thriving.\n")
    workbook = load_workbook(_workbook(root, BLANK, tmp_path / "blank.xlsx"))
    assert _dropdown_values(workbook, "ratings", "C")[-1] == "flourishing"


# --- Importing a filled workbook ----------------------------------------------------------------------------

def _filled(root: Path, tmp_path: Path) -> Path:
    """Black Country's blank workbook with one assessment and two ratings typed in, as an analyst would."""
    path = _workbook(root, BLANK, tmp_path / "blank.xlsx")
    workbook = load_workbook(path)
    workbook["assessments"].append(["sa_2026", "Self-assessment 2026", "strategic", "system",
                                    datetime.datetime(2026, 5, 1), "VCSE partners and Healthwatch", "published"])
    ratings = workbook["ratings"]
    ratings.append(["sa_2026", "1b", "developing", "We looked at our data with our communities.", "core20;young_carers"])
    ratings.append(["sa_2026", 2, "emerging", "Our board has only just started to talk about equity."])  # Excel's number 2
    workbook.save(path)
    return path


def test_a_filled_blank_workbook_imports_and_the_package_validates(root, tmp_path, capsys):
    code, out = _import(root, _filled(root, tmp_path), capsys)
    assert code == 0, out
    assert "Wrote 2 tables for NHS Black Country Integrated Care Board: assessments.csv 1 row, ratings.csv 2 rows." in out
    assert (root / BLANK / "assessments.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "sa_2026,Self-assessment 2026,strategic,system,2026-05-01,VCSE partners and Healthwatch,published")
    assert (root / BLANK / "ratings.csv").read_text(encoding="utf-8").splitlines()[2].startswith("sa_2026,2,emerging,")
    descriptor = json.loads((root / BLANK / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == ["observations", "places", "assessments", "ratings"]
    assert descriptor["resources"][2:] == [{"name": "assessments", "path": "assessments.csv"},
                                           {"name": "ratings", "path": "ratings.csv"}]
    assert not (root / BLANK / "plus_groups.csv").exists()  # empty and not listed before: not added
    assert _valid_with_inline_schemas(root, BLANK, tmp_path).valid


def _set(cell: str, value):
    def change(workbook):
        sheet, address = cell.split("!")
        workbook[sheet][address] = value
    return change


def _rename_sheet(workbook):
    workbook["ratings"].title = "Ratings 2026"


def _skip_rows_then_break(workbook):
    """Two empty rows, then a rating whose level is wrong: CSV line 4 is sheet row 6."""
    ratings = workbook["ratings"]
    ratings["D3"] = "Our board has only just started.\nIt meets twice a year."  # a line break inside a cell
    ratings.append([])
    ratings.append([])
    ratings.append(["sa_2026", "4a", "Thriving", "We reach people through community venues."])


def _unknown_code(workbook):
    for prop in workbook.custom_doc_props.props:
        prop.value = "E54999999"
    workbook["Instructions"]["B2"] = "E54999999"


MISTAKES = [
    ("wrong-level", _set("ratings!C2", "excellent"), "ratings!C2",
     ['Maturity level "excellent"', *_reference_column("maturity_levels", "level")]),
    ("date-as-text", _set("assessments!E2", "01/05/2026"), "assessments!E2",
     ['The date "01/05/2026" is text', "2026-05-01"]),
    ("formula", _set("ratings!D2", '=CONCAT("We looked ", "at our data.")'), "ratings!D2",
     ["holds a formula", "Type the value, not a formula"]),
    ("renamed-header", _set("ratings!C1", "maturity"), "ratings!C1",
     ['says "maturity" where it should say "level"']),
    ("renamed-sheet", _rename_sheet, "ratings", ['no sheet called "ratings"', "'Ratings 2026'"]),
    ("changed-code", _set("Instructions!B2", "E54000063"), "Instructions!B2",
     ['"E54000063"', f"made for {BLANK}"]),
    ("unknown-code", _unknown_code, "", ['"E54999999"', "not an integrated care board"]),
    ("date-in-text-column", _set("ratings!A2", datetime.datetime(2026, 1, 2)), "ratings!A2", ["2026-01-02"]),
    ("line-mapping", _skip_rows_then_break, "ratings!C6", ['Maturity level "Thriving"']),
    ("blank-around-code", _set("ratings!C2", "developing "), "ratings!C2", ["a space at the end"]),
]


@pytest.mark.parametrize("change, where, words", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_named_by_cell_and_nothing_is_written(root, tmp_path, capsys, change, where, words):
    path = _filled(root, tmp_path)
    workbook = load_workbook(path)
    change(workbook)
    workbook.save(path)
    before = _snapshot(root / BLANK)
    code, out = _import(root, path, capsys)
    assert code == 1, out
    line = next((line for line in out.splitlines() if line.startswith(f"{where}: " if where else "The workbook")), None)
    assert line is not None, out
    for word in words:
        assert word in out, out
    assert "nothing was written" in out
    assert _snapshot(root / BLANK) == before


def test_every_problem_is_listed_at_once(root, tmp_path, capsys):
    path = _filled(root, tmp_path)
    workbook = load_workbook(path)
    for change in (_set("ratings!C2", "excellent"), _set("assessments!E2", "2026-05-01"), _set("ratings!D3", "=1+1")):
        change(workbook)
    workbook.save(path)
    code, out = _import(root, path, capsys)
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines() if "!" in line.split(":")[0]] == [
        "assessments!E2", "ratings!C2", "ratings!D3"]
    assert "3 problems in the workbook" in out


@pytest.mark.parametrize("content", [None, b"not a workbook"], ids=["missing", "not-xlsx"])
def test_a_file_that_is_not_a_workbook_is_a_usage_error(root, tmp_path, capsys, content):
    path = tmp_path / "data.xlsx"
    if content is not None:
        path.write_bytes(content)
    code, out = _import(root, path, capsys)
    assert code == 2 and "error:" in out and "Traceback" not in out


def test_a_workbook_for_a_code_that_is_no_icb_is_refused(root, tmp_path, capsys):
    capsys.readouterr()
    assert main(["workbook", "E06000001", "--out", str(tmp_path / "x.xlsx"), "--datapackages", str(root)]) == 2
    assert "not an integrated care board" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_text_that_starts_like_a_formula_stays_text_both_ways(root, tmp_path, capsys):
    actions = root / EXAMPLE / "actions.csv"
    text = actions.read_text(encoding="utf-8").replace("Training has reached 40", "=40 practices trained of 61", 1)
    actions.write_text(text, encoding="utf-8")
    path = _workbook(root, EXAMPLE, tmp_path / "example.xlsx")
    assert load_workbook(path)["actions"]["F3"].data_type == "s"
    code, out = _import(root, path, capsys)
    assert code == 0, out
    assert actions.read_text(encoding="utf-8") == text
    assert "Warning: actions!F3:" in out  # the validator's warning about formula-like text, told by cell


def test_a_listed_table_emptied_in_the_workbook_is_written_with_its_header_only(root, tmp_path, capsys):
    path = _workbook(root, EXAMPLE, tmp_path / "example.xlsx")
    workbook = load_workbook(path)
    workbook["evidence"].delete_rows(2, workbook["evidence"].max_row)
    workbook.save(path)
    code, out = _import(root, path, capsys)
    assert code == 0, out
    assert "evidence.csv 0 rows" in out
    header = ",".join(f["name"] for f in _schema("evidence")["fields"])
    assert (root / EXAMPLE / "evidence.csv").read_text(encoding="utf-8") == header + "\n"


CELL_MISTAKES = [
    ("date-as-number", "assessments!E2", 46143, ["holds the number 46143", "2026-05-01"]),
    ("date-with-time", "assessments!E2", datetime.datetime(2026, 5, 1, 9, 30), ["a time as well", "2026-05-01"]),
    ("beyond-header", "ratings!G2", "a note to self", ['"a note to self"', "E, community_groups"]),
    ("error-value", "ratings!D2", "#N/A", ["the error #N/A"]),
]


@pytest.mark.parametrize("where, value, words", [m[1:] for m in CELL_MISTAKES], ids=[m[0] for m in CELL_MISTAKES])
def test_a_cell_a_csv_cannot_keep_is_refused(root, tmp_path, capsys, where, value, words):
    path = _filled(root, tmp_path)
    workbook = load_workbook(path)
    sheet, address = where.split("!")
    workbook[sheet][address] = value
    if isinstance(value, int):  # a number Excel shows as a number, not as a date
        workbook[sheet][address].number_format = "General"
    workbook.save(path)
    code, out = _import(root, path, capsys)
    assert code == 1 and f"{where}: " in out, out
    assert all(word in out for word in words), out


def test_a_number_column_refuses_a_number_stored_as_text():
    """No team table has a number column yet; a schema that adds one gets the check without a code change."""
    from generator.workbook.read import _text
    from generator.workbook.spec import Column

    class Cell:
        data_type, value = "s", "12.5"

    text, found = _text(Cell(), Column("count", "number", "Count", "", False), "plus_groups!E2")
    assert text == "" and [p.code for p in found] == ["workbook-number-as-text"]
    Cell.data_type, Cell.value = "n", 12.0
    assert _text(Cell(), Column("count", "number", "Count", "", False), "plus_groups!E2") == ("12", [])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_a_workbook_saved_by_libreoffice_calc_still_goes_back_byte_for_byte(root, tmp_path, capsys):
    """A spreadsheet program rewrites the whole file on saving: dates, text, the ICS code and the headers
    must all survive that, not just openpyxl's own round trip."""
    import subprocess

    made = _workbook(root, EXAMPLE, tmp_path / "made" / "example.xlsx")
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "saved"), str(made)],
                   check=True, capture_output=True, timeout=300)
    before = {name: (root / EXAMPLE / f"{name}.csv").read_bytes() for name in TEAM_RESOURCES}
    code, out = _import(root, tmp_path / "saved" / "example.xlsx", capsys)
    assert code == 0, out
    assert {name: (root / EXAMPLE / f"{name}.csv").read_bytes() for name in TEAM_RESOURCES} == before
