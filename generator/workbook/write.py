"""`python -m generator workbook CODE --out FILE`: an Excel workbook for an ICS team to fill in.

One sheet per team table, its header from the canonical schema with each column's description as a note,
dropdowns from the reference package, real date cells, and the ICS's current rows. The bytes are the same
for the same data: the workbook's dates are fixed and the zip entries get a fixed timestamp.
"""
from __future__ import annotations

import datetime
import io
import math
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from generator import paths
from generator.load import read_csv_rows, read_json
from generator.workbook.spec import Column, Sheet, sheets

CODE_PROPERTY = "ics_code"  # the custom document property naming the ICS; Instructions!B2 shows it too
CODE_CELL = "B2"
INSTRUCTIONS, LISTS = "Instructions", "Lists"
FIXED_TIME = datetime.datetime(2024, 1, 1)  # not the clock, so the same data gives the same file
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SPARE_ROWS = 1000  # rows below the data that get the dropdowns and date checks
DATE_FORMAT, TEXT_FORMAT = "yyyy-mm-dd", "@"
WIDTH_MIN, WIDTH_MAX = 12, 60
AUTHOR = "ICS data"
NOTE_WIDTH = 320  # points


class WorkbookError(Exception):
    """The code names no ICB (a usage error)."""


def write_workbook(code: str, out: Path, root: Path = paths.DATAPACKAGES) -> dict[str, int]:
    """Write the workbook of ICS `code` to `out`; returns the number of rows pre-filled per sheet."""
    area = icb(code, root)
    layout = sheets(root)
    current = _current_rows(root / code, layout)
    workbook = _build(code, area, layout, current)
    out.write_bytes(_deterministic_bytes(workbook))
    return {name: len(rows) for name, rows in current.items()}


def icb(code: str, root: Path) -> dict[str, str]:
    """The reference areas' row for an ICB code; WorkbookError for anything else."""
    from generator.scaffold import ScaffoldError, _icb

    try:
        return _icb(code, root)
    except ScaffoldError as problem:
        raise WorkbookError(str(problem)) from None


def _current_rows(folder: Path, layout: list[Sheet]) -> dict[str, list[list[object]]]:
    """The package's rows of each team table, as CSV text in the sheet's column order."""
    descriptor = read_json(folder / paths.DESCRIPTOR) if (folder / paths.DESCRIPTOR).is_file() else {}
    listed = {r.get("name"): r.get("path") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    found = {}
    for sheet in layout:
        path = listed.get(sheet.name)
        if not isinstance(path, str) or not (folder / path).is_file():
            found[sheet.name] = []
            continue
        header, rows = read_csv_rows(folder / path)
        found[sheet.name] = [[dict(zip(header, cells)).get(c.name, "") for c in sheet.columns]
                             for _, cells in rows if any(cells)]
    return found


def _cell_value(text: str, column: Column) -> object:
    """A CSV cell as Excel should hold it: dates as dates; text left exactly as it is."""
    if text == "":
        return None
    if column.type == "date":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text  # not a date in the package either: the import will say so
    if column.type in ("number", "integer"):
        try:
            return int(text) if column.type == "integer" else float(text)
        except ValueError:
            return text
    return text


def _build(code: str, area: dict, layout: list[Sheet], current: dict[str, list[list[object]]]) -> Workbook:
    workbook = Workbook()
    props = workbook.properties
    props.created = props.modified = FIXED_TIME
    props.creator = props.lastModifiedBy = AUTHOR
    props.title = f"{area['name']}: health inequalities data"
    workbook.custom_doc_props.append(StringProperty(name=CODE_PROPERTY, value=code))
    _instructions(workbook.active, code, area, layout)
    lists = workbook.create_sheet(LISTS)
    ranges = _fill_lists(lists, layout)
    for sheet in layout:
        _table_sheet(workbook.create_sheet(sheet.name), sheet, current[sheet.name], ranges)
    lists.sheet_state = "hidden"
    workbook.move_sheet(LISTS, offset=len(layout))  # last, after the tables
    return workbook


def _instructions(ws, code: str, area: dict, layout: list[Sheet]) -> None:
    from generator.workbook.instructions import instruction_lines

    ws.title = INSTRUCTIONS
    ws["A1"] = f"{area['name']}: health inequalities data"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws[CODE_CELL] = "ICS code", code
    ws["A2"].font = Font(bold=True)
    for row, line in enumerate(instruction_lines(layout), start=4):
        ws.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 100
    ws.column_dimensions["B"].width = 14


def _fill_lists(ws, layout: list[Sheet]) -> dict[tuple[str, ...], str]:
    """The range of each dropdown, by its values or by the (sheet, column) it picks from. Vocabularies go
    on the hidden Lists sheet, one column each: a list typed into the validation itself is capped at 255
    characters and breaks on a comma."""
    ranges: dict[tuple[str, ...], str] = {}
    for sheet in layout:
        for column in sheet.columns:
            if column.choices and not column.multiple and column.choices not in ranges:
                index = len(ranges) + 1
                letter = get_column_letter(index)
                ws.cell(row=1, column=index, value=f"{sheet.name}.{column.name}")
                for row, value in enumerate(column.choices, start=2):
                    ws.cell(row=row, column=index, value=value).number_format = TEXT_FORMAT
                last = len(column.choices) + 1
                ranges[column.choices] = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${last}"
    headers = {sheet.name: sheet.header for sheet in layout}
    for sheet in layout:  # a single-column foreign key picks from the other sheet's column, as far as it goes
        for column in sheet.columns:
            if column.picks_from and column.picks_from[1] in headers.get(column.picks_from[0], []):
                other, field = column.picks_from
                letter = get_column_letter(headers[other].index(field) + 1)
                ranges[column.picks_from] = f"{quote_sheetname(other)}!${letter}$2:${letter}${SPARE_ROWS + 1}"
    return ranges


def _table_sheet(ws, sheet: Sheet, rows: list[list[object]], ranges: dict[tuple[str, ...], str]) -> None:
    ws.freeze_panes = "A2"
    last_row = len(rows) + 1 + SPARE_ROWS
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        header = ws.cell(row=1, column=index, value=column.name)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", start_color="DDEBF7")
        note = _note(column)
        header.comment = Comment(note, AUTHOR, height=_note_height(note), width=NOTE_WIDTH)
        number_format = DATE_FORMAT if column.type == "date" else TEXT_FORMAT if column.type == "string" else "General"
        ws.column_dimensions[letter].number_format = number_format  # for the rows the team adds
        width = _width(column, [row[index - 1] for row in rows])
        ws.column_dimensions[letter].width = width
        for row_number, row in enumerate(rows, start=2):
            cell = ws.cell(row=row_number, column=index)
            text = row[index - 1]
            _put(cell, _cell_value(text, column), _decimals_format(text) if column.type == "number" else number_format)
            if width == WIDTH_MAX:  # long texts wrap in their column instead of running across the sheet
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        validation = _validation(column, ranges)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(validation)


def _decimals_format(text: str) -> str:
    """'0.0000' for 63.0000: a number cell shows, and the import gives back, the decimals the CSV had."""
    if "." not in text or not text.replace(".", "", 1).lstrip("-").isdigit():
        return "General"
    return "0." + "0" * len(text.split(".", 1)[1])


def _put(cell, value: object, number_format: str) -> None:
    cell.value = value
    if cell.data_type == "f":  # text starting with "=" is text here, never a formula
        cell.data_type = "s"
    cell.number_format = number_format


def _note(column: Column) -> str:
    parts = [f"{column.title}: {column.description}", "Required." if column.required else "May be left empty."]
    if column.type == "date":
        parts.append("A date cell: type the date (for example 2025-06-30) and Excel keeps it as a date.")
    if column.multiple and column.choices:
        parts.append("Several values may be given, separated by semicolons (a;b), so this column cannot have a "
                     "dropdown. Allowed values: " + ", ".join(column.choices) + ".")
    elif column.choices:
        parts.append("Choose from the dropdown: " + ", ".join(column.choices) + ".")
    elif column.picks_from:
        parts.append(f"Choose from the dropdown: the {column.picks_from[1]} values on the {column.picks_from[0]} sheet.")
    return "\n\n".join(parts)


def _note_height(note: str) -> int:
    """Tall enough to show the whole note without scrolling (about 45 characters a line at NOTE_WIDTH)."""
    lines = sum(math.ceil(max(len(part), 1) / 45) for part in note.split("\n"))
    return min(900, 20 + 16 * lines)


def _validation(column: Column, ranges: dict[tuple[str, ...], str]) -> DataValidation | None:
    if column.type == "date":
        return DataValidation(type="date", operator="between", formula1="1", formula2="2958465", allow_blank=True,
                              showErrorMessage=True, errorTitle="Not a date",
                              error="Type a date, for example 2025-06-30.")
    if column.choices and not column.multiple:
        formula = f"={ranges[column.choices]}"
    elif column.picks_from in ranges:
        formula = f"={ranges[column.picks_from]}"
    else:
        return None
    return DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                          errorTitle="Not in the list", error=f"Choose a value from the list for {column.name}.")


def _width(column: Column, values: list[object]) -> float:
    longest = max([len(column.name) + 3, *(len(str(v)) for v in values if v is not None)])
    return float(min(WIDTH_MAX, max(WIDTH_MIN, longest + 2)))


def _deterministic_bytes(workbook: Workbook) -> bytes:
    """The .xlsx bytes, with openpyxl's clock-dependent parts fixed: save_workbook would stamp the
    modified date with now, and the zip module stamps every entry with the time of writing."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME), source.read(entry.filename),
                            compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()
