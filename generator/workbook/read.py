"""Reading a filled workbook back: each sheet's rows as CSV text, and a Problem for every sheet, header or
cell that Excel holds in a form a CSV file cannot keep. Content rules are left to the validator (`load`).

Text is kept exactly as typed: nothing is stripped, so the validator can point at blanks around a code.
"""
from __future__ import annotations

import datetime
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from generator.paths import TEAM_RESOURCES
from generator.messages.workbook import WORKBOOK_TYPES
from generator.workbook.spec import Column, Sheet
from generator.workbook.write import CODE_CELL, CODE_PROPERTY, INSTRUCTIONS, LISTS


@dataclass(frozen=True)
class Problem:
    where: str  # "ratings!C4", "ratings" for a whole sheet, or "" for the workbook
    message: str
    fix: str
    code: str
    severity: str = "error"

    def sort_key(self) -> tuple:
        """The workbook first, then the sheets in TEAM_RESOURCES order, row by row, column by column."""
        sheet, _, cell = self.where.partition(",")[0].partition("!")
        order = ("", INSTRUCTIONS, *TEAM_RESOURCES)
        row = int("".join(c for c in self.where if c.isdigit()) or 0)
        letters = "".join(c for c in cell if c.isalpha())
        return order.index(sheet) if sheet in order else len(order), sheet, row, len(letters), letters, self.code


def problem(kind: str, where: str, **values: object) -> Problem:
    issue_type = WORKBOOK_TYPES[kind]
    message, fix = issue_type.render(**values)
    return Problem(where, message, fix, kind, issue_type.severity)


@dataclass
class Table:
    """One sheet's rows as CSV cells, each with the sheet row it came from."""

    sheet: Sheet
    rows: list[tuple[int, list[str]]]


class NotAWorkbook(Exception):
    """The file cannot be opened as an .xlsx workbook (a usage error)."""


def open_workbook(path: Path):
    try:
        with warnings.catch_warnings():  # openpyxl warns of Excel features it drops on reading; we keep only values
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=False)  # formulas as formulas, so they can be refused
    except Exception as error:  # openpyxl raises zip, XML and key errors for files that are not workbooks
        raise NotAWorkbook(f"{path} cannot be opened as an Excel workbook (.xlsx): {type(error).__name__}.") from None


def recorded_code(workbook) -> tuple[str | None, list[Problem]]:
    """The ICS the workbook was made for: its custom property, which the Instructions sheet must agree with."""
    recorded = next((p.value for p in workbook.custom_doc_props.props if p.name == CODE_PROPERTY), None)
    shown = workbook[INSTRUCTIONS][CODE_CELL].value if INSTRUCTIONS in workbook.sheetnames else None
    shown = str(shown) if shown is not None else None
    if recorded is None and shown is None:
        return None, [problem("workbook-no-code", "")]
    if recorded is not None and shown != recorded:
        return recorded, [problem("workbook-code-changed", f"{INSTRUCTIONS}!{CODE_CELL}", value=shown or "", code=recorded)]
    return recorded or shown, []


def read_tables(workbook, layout: list[Sheet]) -> tuple[dict[str, Table], list[Problem]]:
    tables, problems = {}, []
    expected = {sheet.name for sheet in layout} | {INSTRUCTIONS, LISTS}
    strangers = [name for name in workbook.sheetnames if name not in expected]
    for sheet in layout:
        if sheet.name not in workbook.sheetnames:
            found = f" The workbook has {', '.join(repr(s) for s in strangers)}: was it renamed?" if strangers else ""
            problems.append(problem("workbook-sheet-missing", sheet.name, sheet=sheet.name, found=found))
            continue
        header_problems = _header_problems(workbook[sheet.name], sheet)
        problems += header_problems
        if not header_problems:  # with columns moved, every cell would be read under the wrong name
            tables[sheet.name], found = _rows(workbook[sheet.name], sheet)
            problems += found
    return tables, problems


def _header_problems(ws, sheet: Sheet) -> list[Problem]:
    width = max(ws.max_column, len(sheet.columns))
    given = [ws.cell(row=1, column=i).value for i in range(1, width + 1)]
    wanted = sheet.header + [None] * (width - len(sheet.header))
    header = ", ".join(sheet.header)
    return [problem("workbook-header-changed", f"{sheet.name}!{get_column_letter(i)}1", value="" if g is None else g,
                    expected=w or "nothing", header=header)
            for i, (g, w) in enumerate(zip(given, wanted), start=1) if g != w]


def _rows(ws, sheet: Sheet) -> tuple[Table, list[Problem]]:
    rows, problems = [], []
    count = len(sheet.columns)
    for cells in ws.iter_rows(min_row=2):
        if all(c.value is None or c.value == "" for c in cells):
            continue  # an entirely empty row is skipped
        texts = []
        for cell in cells:
            where = f"{sheet.name}!{cell.coordinate}"
            if cell.column > count:
                if cell.value not in (None, ""):
                    problems.append(problem("workbook-beyond-header", where, value=str(cell.value)[:80],
                                            last=f"{get_column_letter(count)}, {sheet.columns[-1].name}"))
                continue
            text, found = _text(cell, sheet.columns[cell.column - 1], where)
            texts.append(text)
            problems += found
        if any(texts):
            rows.append((cells[0].row, texts + [""] * (count - len(texts))))
    return Table(sheet, rows), problems


def _text(cell, column: Column, where: str) -> tuple[str, list[Problem]]:
    """The cell as CSV text, or "" and the problem that stops it being one."""
    value = cell.value
    if cell.data_type == "f" or not isinstance(value, (str, int, float, bool, datetime.date, datetime.time, type(None))):
        return "", [problem("workbook-formula", where, value=str(getattr(value, "text", value))[:80])]
    if value is None:
        return "", []
    if cell.data_type == "e":
        return "", [problem("workbook-not-a-value", where, value=f"the error {value}")]
    if column.type == "date":
        return _date_text(value, where)
    if isinstance(value, (datetime.date, datetime.time)):
        return "", [problem("workbook-date-in-text-column", where, value=_iso(value))]
    if isinstance(value, bool):
        return ("true" if value else "false"), []
    if isinstance(value, (int, float)) and FIXED_DECIMALS.fullmatch(getattr(cell, "number_format", None) or ""):
        return f"{value:.{len(cell.number_format) - 2}f}", []  # the decimals the cell shows, as the CSV had them
    if isinstance(value, (int, float)):
        return _number_text(value, where)
    if column.type in ("number", "integer") and _is_number(value):
        return "", [problem("workbook-number-as-text", where, value=value)]
    return value, []


def _date_text(value: object, where: str) -> tuple[str, list[Problem]]:
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0, 0):
            return "", [problem("workbook-date-with-time", where, value=value.isoformat(sep=" "),
                                suggestion=value.date().isoformat())]
        return value.date().isoformat(), []
    if isinstance(value, datetime.date):
        return value.isoformat(), []
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2958466:
        suggestion = from_excel(value).date().isoformat()
        return "", [problem("workbook-date-as-number", where, value=_number_text(value, where)[0], suggestion=suggestion)]
    if isinstance(value, str) and value.strip():
        guess = _read_date(value.strip())
        suggestion = f" (here {guess})" if guess else " (for example 2025-06-30)"
        return "", [problem("workbook-date-as-text", where, value=value, suggestion=suggestion)]
    if isinstance(value, str):
        return value, []  # blanks alone: the validator names them
    return "", [problem("workbook-not-a-value", where, value=repr(value))]


# The forms a UK spreadsheet most often turns a date into, tried to suggest the yyyy-mm-dd form.
_DATE_FORMS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


def _read_date(text: str) -> str | None:
    for form in _DATE_FORMS:
        try:
            return datetime.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


FIXED_DECIMALS = re.compile(r"0\.0+")  # a number format that shows a fixed number of decimals, such as 0.0000


def _number_text(value: float | int, where: str) -> tuple[str, list[Problem]]:
    """A number as the CSV writes it: 2 for a whole number (Excel keeps 2 as 2.0), else its shortest form."""
    if isinstance(value, float) and not math.isfinite(value):
        return "", [problem("workbook-not-a-value", where, value=str(value))]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)), []
    return str(value), []


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text.replace(",", "")))
    except ValueError:
        return False


def _iso(value: datetime.date | datetime.time) -> str:
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0, 0):
        return value.date().isoformat()
    return value.isoformat()
