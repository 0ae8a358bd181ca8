"""`python -m generator import-workbook FILE`: a filled workbook back into the package's CSV files.

All or nothing: the tables are written into a copy of the reference package and the ICS's folder in a
temporary folder, the project's validator checks that copy, and only when no sheet, header or cell has a
problem are the CSV files and datapackage.json copied into place. Each validator issue is told by sheet
and cell: the header is row 1 of both, so the CSV line a row starts on leads back to the sheet row it
came from, and the column's place in the header gives its letter.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from generator import paths
from generator.load import read_csv_rows, read_json
from generator.paths import resource_entry
from generator.validate import Issue, validate_paths
from generator.workbook.read import NotAWorkbook, Problem, Table, open_workbook, problem, read_tables, recorded_code
from generator.workbook.spec import sheets
from generator.workbook.write import WorkbookError, icb


class UsageError(Exception):
    """The file is missing or is not a workbook (exit code 2)."""


@dataclass
class Outcome:
    code: str | None
    area_name: str = ""
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, by sheet and cell
    package_notes: list[Issue] = field(default_factory=list)  # errors outside the team's tables, not caused here
    written: dict[str, int] = field(default_factory=dict)  # table -> rows written

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def import_workbook(path: Path, root: Path = paths.DATAPACKAGES) -> Outcome:
    if not path.is_file():
        raise UsageError(f"{path} does not exist or is not a file. Give the .xlsx workbook to import.")
    try:
        workbook = open_workbook(path)
    except NotAWorkbook as error:
        raise UsageError(str(error)) from None
    code, problems = recorded_code(workbook)
    outcome = Outcome(code, problems=problems)
    folder = _package_folder(outcome, root)
    layout = sheets(root)
    tables, found = read_tables(workbook, layout)
    outcome.problems += found
    if folder is None:
        return outcome
    with tempfile.TemporaryDirectory(prefix="import-workbook-") as temporary:
        copy = Path(temporary) / "datapackages"
        _copy_package(root, folder, copy)
        written = _write_tables(copy / folder.name, tables, read_json(folder / paths.DESCRIPTOR))
        _validate(copy, copy / folder.name, tables, written, outcome)
        if not outcome.errors:
            _put_in_place(copy / folder.name, folder, written)
            outcome.written = {name: len(tables[name].rows) for name in written}
    return outcome


def _package_folder(outcome: Outcome, root: Path) -> Path | None:
    """The ICS's package folder, or None with the problem that stops the import."""
    if outcome.code is None:
        return None
    try:
        outcome.area_name = icb(outcome.code, root)["name"]
    except WorkbookError:
        outcome.problems.append(problem("workbook-unknown-ics", "", code=outcome.code,
                                        reference_file="datapackages/reference/areas.csv"))
        return None
    folder = root / outcome.code
    if not (folder / paths.DESCRIPTOR).is_file():
        outcome.problems.append(problem("workbook-no-package", "", code=outcome.code, folder=root))
        return None
    return folder


def _copy_package(root: Path, folder: Path, copy: Path) -> None:
    shutil.copytree(paths.reference_dir(root), paths.reference_dir(copy))
    shutil.copytree(folder, copy / folder.name)


def _write_tables(folder: Path, tables: dict[str, Table], descriptor: dict) -> list[str]:
    """Write each readable sheet that has rows, or whose table the package lists; returns their names.

    The copy's datapackage.json gets the entries the real one will have, so what is checked is what is written.
    """
    listed = {r.get("name") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    written = [name for name, table in tables.items() if table.rows or name in listed]
    for name in written:
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(tables[name].sheet.header)
            writer.writerows(cells for _, cells in tables[name].rows)
    checked = updated_descriptor(descriptor, written)
    (folder / paths.DESCRIPTOR).write_text(_json(checked), encoding="utf-8")
    return written


def updated_descriptor(descriptor: dict, written: list[str]) -> dict:
    """datapackage.json with each written table as a short entry where it was listed (or added at the end);
    every other key and resource stays as it was."""
    resources = list(descriptor.get("resources", []))
    for name in written:
        entry = resource_entry(name)
        place = next((i for i, r in enumerate(resources) if isinstance(r, dict) and r.get("name") == name), None)
        if place is None:
            resources.append(entry)
        else:
            resources[place] = entry
    return {**descriptor, "resources": resources}


def _json(descriptor: dict) -> str:
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def _validate(copy: Path, folder: Path, tables: dict[str, Table], written: list[str], outcome: Outcome) -> None:
    """Run the validator on the copy and tell each issue in a written table by its sheet and cell."""
    report = validate_paths([folder], root=copy)
    rows = {name: _line_to_row(folder / f"{name}.csv", tables[name]) for name in written}
    taken = {p.where for p in outcome.problems}  # a cell the workbook checks refused is not blamed twice
    prefixes = sorted({Path(os.path.abspath(copy)).as_posix(), copy.resolve().as_posix()}, key=len, reverse=True)
    for issue in report.issues:
        file = Path(issue.file)
        if file.parent.name == folder.name and file.suffix == ".csv" and file.stem in rows:
            translated = _at_cell(issue, tables[file.stem], rows[file.stem], prefixes)
            if translated.where not in taken:
                outcome.problems.append(translated)
        elif issue.severity == "error":
            outcome.package_notes.append(issue)


def _line_to_row(path: Path, table: Table) -> dict[int, int]:
    """CSV line a row starts on -> its sheet row (they differ after skipped empty rows and line breaks)."""
    _, lines = read_csv_rows(path)
    return {line: row for (line, _), (row, _) in zip(lines, table.rows)}


def _at_cell(issue: Issue, table: Table, rows: dict[int, int], prefixes: list[str]) -> Problem:
    sheet = table.sheet.name
    row = rows.get(issue.line) if issue.line else None
    header = table.sheet.header
    if row and issue.field in header:
        where = f"{sheet}!{get_column_letter(header.index(issue.field) + 1)}{row}"
    elif row:
        where = f"{sheet}, row {row}"
    else:
        where = sheet
    return Problem(where, _sheet_words(issue.message, rows, prefixes), _sheet_words(issue.fix, rows, prefixes),
                   issue.code, issue.severity)


def _sheet_words(text: str, rows: dict[int, int], prefixes: list[str]) -> str:
    """A validator message in the workbook's terms: the temporary copy's paths as datapackages/, and
    'line 5' of the CSV as the sheet's row."""
    for prefix in prefixes:
        text = text.replace(prefix + "/", "datapackages/")
    return re.sub(r"\bline (\d+)\b", lambda m: f"row {rows.get(int(m.group(1)), m.group(1))}", text)


def _put_in_place(checked: Path, folder: Path, written: list[str]) -> None:
    """Copy the checked tables into the package, then its datapackage.json with short entries."""
    for name in written:
        _replace(checked / f"{name}.csv", folder / f"{name}.csv")
    descriptor = updated_descriptor(read_json(folder / paths.DESCRIPTOR), written)
    staged = checked / "datapackage.final.json"
    staged.write_text(_json(descriptor), encoding="utf-8")
    _replace(staged, folder / paths.DESCRIPTOR)


def _replace(source: Path, target: Path) -> None:
    """Each file whole or not at all: staged beside its target, then renamed over it."""
    staged = target.with_name(f".{target.name}.importing")
    shutil.copyfile(source, staged)
    os.replace(staged, target)
