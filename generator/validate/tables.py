"""Each CSV file against its canonical Table Schema: our header checks, then the schema's checks of every row.

The rows are checked column by column (`columns`), which finds what frictionless finds at a fraction of its time;
frictionless itself stays as the reference (`_frictionless_issues`), and tests run both. Their errors are
translated into issues by type, the same way for both."""
from __future__ import annotations

import contextlib
import copy
import csv
import difflib
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.messages import CONSTRAINT_CODES, FRICTIONLESS_CODES, PATTERN_HINTS, TYPE_PHRASES
from generator.validate import columns
from generator.validate.descriptor import _Package
from generator.validate.files import _Table
from generator.validate.issues import Issue, _issue, _shown

# frictionless stops at 1,000 errors per file by default; a shifted column in a 60,000-row file can
# exceed that, and contributors should see the full extent of a problem.
LIMIT_ERRORS = 100_000
# The csv module's defaults, as generator.load reads the files, and the header on line 1. Left unset,
# frictionless guesses the delimiter and whether spaces after commas count from a sample of the file, and
# takes as the header the first row near the sample's average width (a file with short rows can lose line 1).
_CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "skipInitialSpace": False,
                "header": True, "headerRows": [1]}


def _check_header(table: _Table, schema: dict) -> tuple[list[Issue], bool]:
    """Issues with the column names, and whether the rows can still be matched to columns."""
    names = [f["name"] for f in schema["fields"]]
    expected = ", ".join(names)
    if not any(label.strip() for label in table.header):
        return [_issue("header-missing", table.file, 1, expected=expected)], False
    issues, seen, checkable = [], set(), True
    empty = table.empty_columns_at_end
    if empty:
        issues.append(_issue("empty-columns-ignored", table.file, 1, count=empty))
    for position, label in enumerate(table.header[:len(table.header) - empty], start=1):
        if not label.strip():
            issues.append(_issue("blank-column-name", table.file, 1, position=position))
            checkable = False
        elif label in seen:
            issues.append(_issue("duplicate-column", table.file, 1, label, value=label))
            checkable = False
        elif label not in names:
            issues.append(_unknown_column(table, label, names))
        seen.add(label)
    issues += [_issue("missing-column", table.file, 1, name, expected=expected) for name in names if name not in seen]
    if not checkable and table.count:
        issues.append(_issue("rows-not-checked", table.file, table.line_of(2)))
    return issues, checkable


def _unknown_column(table: _Table, label: str, names: list[str]) -> Issue:
    close = difflib.get_close_matches(label.strip().lower(), names, n=1)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    return _issue("unknown-column", table.file, 1, label, value=label, hint=hint, expected=", ".join(names))


# --- the rows ----------------------------------------------------------------------------------------------

def _schema_issues(package: _Package, tables: dict[str, tuple[_Table, dict]]) -> list[Issue]:
    """Every row of every table against its schema, checked column by column."""
    present = set(tables)
    prepared = {name: (table, _schema_for(table, schema, present)) for name, (table, schema) in tables.items()}
    issues = []
    for task in columns.check_tables(prepared, LIMIT_ERRORS):
        table, schema = tables[task.name]
        issues += _task_issues(task, table, schema, tables)
    return issues


def _frictionless_issues(package: _Package, tables: dict[str, tuple[_Table, dict]]) -> list[Issue]:
    if not tables:
        return []
    from frictionless import FrictionlessException, Package  # slow to import; only when needed

    # Each resource its own copy of the dialect: frictionless consumes a dialect shared between resources, so the
    # second one lost header and headerRows and had its header guessed again.
    resources = [{"name": name, "path": table.source, "format": "csv", "encoding": "utf-8", "dialect": copy.deepcopy(_CSV_DIALECT),
                  "schema": _schema_for(table, schema, set(tables))} for name, (table, schema) in tables.items()]
    try:
        with _without_empty_columns(package.folder, tables) as folder:
            # Not trusted: frictionless keeps refusing unsafe paths even though ours were checked already.
            checked = Package({"name": "package", "resources": resources}, basepath=str(folder))
            report = checked.validate(limit_errors=LIMIT_ERRORS)
    except FrictionlessException as exc:
        return [_translate(exc.error, None, {}, tables, package.file)]
    issues = [_translate(error, None, {}, tables, package.file) for error in report.errors]
    for task in report.tasks:
        table, schema = tables[task.name]
        issues += _task_issues(task, table, schema, tables)
    return issues


@contextlib.contextmanager
def _without_empty_columns(folder: Path, tables: dict[str, tuple[_Table, dict]]) -> Iterator[Path]:
    """The package folder, or, when a table ends in ignored empty columns (which frictionless refuses as
    unnamed columns), a temporary copy of the checked tables without them; rows stay in the same order."""
    if not any(table.empty_columns_at_end for table, _ in tables.values()):
        yield folder
        return
    with tempfile.TemporaryDirectory() as copy:
        for table, _ in tables.values():
            width = len(table.header) - table.empty_columns_at_end
            with open(Path(copy) / table.source, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(table.header[:width])
                writer.writerows(cells[:width] for _, cells in table.rows)
        yield Path(copy)


def _schema_for(table: _Table, schema: dict, present: set[str]) -> dict:
    """The canonical schema, less keys frictionless cannot check here (they are reported separately).

    Columns are matched by name ("partial"), so a reordered file is fine; missing and unknown columns
    were reported from the header already.
    """
    columns = set(table.header)
    keys = [k for k in schema.get("foreignKeys", [])
            if (not k["reference"]["resource"] or k["reference"]["resource"] in present)
            and set(k["fields"]) <= columns]
    trimmed = {**schema, "foreignKeys": keys, "fieldsMatch": "partial"}
    if not set(schema.get("primaryKey", [])) <= columns:
        trimmed.pop("primaryKey")
    if not keys:
        trimmed.pop("foreignKeys")
    return trimmed


# frictionless' own header errors that `_check_header` has reported already, column by column, with a fix.
_REPORTED_BY_HEADER_CHECK = {"unmatched-header"}


def _task_issues(task, table: _Table, schema: dict, tables: dict) -> list[Issue]:
    blank_rows = {e.row_number for e in task.errors if e.type == "blank-row"}
    named = len(table.header) - table.empty_columns_at_end  # frictionless would report the ignored ones
    errors = [e for e in task.errors if not named < (getattr(e, "field_number", None) or 0) <= len(table.header)
              and e.type not in _REPORTED_BY_HEADER_CHECK]
    issues = [_translate(error, table, schema, tables, table.file) for error in errors
              if error.type == "blank-row" or getattr(error, "row_number", None) not in blank_rows]
    if any(w.startswith("reached error limit") for w in task.warnings):
        last = max((getattr(e, "row_number", 0) or 0 for e in task.errors), default=0)
        issues.append(_issue("too-many-problems", table.file, table.line_of(last), limit=f"{LIMIT_ERRORS:,}",
                             remaining=f"{max(table.count - (last - 1), 0):,}"))
    return issues


def _translate(error, table: _Table | None, schema: dict, tables: dict, file: str) -> Issue:
    """One frictionless error as an issue, chosen by its type; unknown types keep frictionless' message."""
    code = FRICTIONLESS_CODES.get(error.type, "frictionless-other")
    if error.type == "constraint-error":
        code = _constraint_code(error.note)
    field_name = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", [])) or None
    line = table.line_of(getattr(error, "row_number", None)) if table else None
    if hasattr(error, "label"):  # a header problem: name the column as the file has it, where it has one
        line = 1
        field_name = field_name if error.type in ("incorrect-label", "missing-label") else error.label or field_name
    if code == "unknown-column" and table is not None:
        return _unknown_column(table, error.label, [f["name"] for f in schema.get("fields", [])])
    definition = next((f for f in schema.get("fields", []) if f["name"] == field_name), {})
    values = {"note": error.note, "message": error.message, "type": error.type,
              "value": _shown(getattr(error, "cell", "")), "description": definition.get("description", ""),
              "detail": error.note,
              "canonical": "the canonical schema"}
    if table is not None and code in _EXTRA_VALUES:
        values |= _EXTRA_VALUES[code](error, table, definition, schema, tables)
    return _issue(code, file, line, field_name, **values)


def _constraint_code(note: str) -> str:
    # The note names the constraint (`constraint "pattern" is "..."`); the message is never parsed.
    match = re.match(r'constraint "(\w+)"', note or "")
    return CONSTRAINT_CODES.get(match.group(1), "constraint-error") if match else "constraint-error"


def _type_values(error, table, definition, schema, tables) -> dict:
    kind = "uri" if definition.get("format") == "uri" else definition.get("type", "string")
    phrase, hint = TYPE_PHRASES.get(kind, (f"a valid {kind}", f"Write a valid {kind}."))
    return {"type_phrase": phrase, "type_hint": hint}


def _constraint_values(error, table, definition, schema, tables) -> dict:
    constraints = definition.get("constraints", {})
    pattern = constraints.get("pattern", "")
    return {"pattern_hint": PATTERN_HINTS.get(pattern, f"It must match the pattern {pattern}."),
            "allowed": ", ".join(map(str, constraints.get("enum", [])))}


def _bound_values(key: str, with_length: bool = False):
    def values(error, table, definition, schema, tables) -> dict:
        found = {"limit": definition.get("constraints", {}).get(key, "")}
        return found | ({"length": len(error.cell or "")} if with_length else {})
    return values


def _key_values(error, table, definition, schema, tables) -> dict:
    """The repeated key and the line that first used it, found from the rows as the csv module read them."""
    columns = schema.get("primaryKey", []) if error.type == "primary-key" else [error.field_name]
    index = error.row_number - 2
    row = dict(zip(table.header, table.row(index))) if 0 <= index < table.count else {}
    key = [row.get(column, "") for column in columns]
    earlier = table.first_with_same(tuple(columns), index) if 0 <= index < table.count else None
    first = table.line_of(earlier + 2) if earlier is not None else None
    described = ", ".join(f'{c} "{_shown(v, 40)}"' for c, v in zip(columns, key))
    return {"key": described, "other_line": first}


def _foreign_key_values(error, table, definition, schema, tables) -> dict:
    target = error.reference_name or table.name
    target_table = tables.get(target, (table, {}))[0]
    pairs = " and ".join(f'{f} "{_shown(v, 40)}"' for f, v in zip(error.field_names, error.field_cells))
    return {"pairs": pairs, "target": target_table.file}


def _label_values(error, table, definition, schema, tables) -> dict:
    names = [f["name"] for f in schema.get("fields", [])]
    return {"expected": ", ".join(names), "position": error.field_number, "value": error.label}


_EXTRA_VALUES = {
    "type-error": _type_values,
    "required-value": _constraint_values,
    "pattern-mismatch": _constraint_values,
    "value-not-allowed": _constraint_values,
    "below-minimum": _bound_values("minimum"),
    "above-maximum": _bound_values("maximum"),
    "too-short": _bound_values("minLength", with_length=True),
    "too-long": _bound_values("maxLength", with_length=True),
    "duplicate-row": _key_values,
    "unique-error": _key_values,
    "foreign-key": _foreign_key_values,
    "missing-column": _label_values,
    "column-name-wrong": _label_values,
    "blank-column-name": _label_values,
    "duplicate-column": _label_values,
}
