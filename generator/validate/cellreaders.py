"""Reading one cell by its Table Schema field: the value and the notes frictionless' `Field.create_cell_reader`
gives, without importing frictionless.

Importing frictionless takes longer than checking the bundled packages does, so the fields of the canonical
schemas are read here, with the same Python operations in the same order: types string (default and uri
formats), integer, number, boolean, date (default format) and any; constraints required, minLength, maxLength,
pattern, enum, minimum and maximum; missingValues, trueValues and falseValues (exclusive bounds are
datapackage v2, which frictionless refuses in these schemas). `reader_for` gives None for a field with
anything else, and `columns` then uses frictionless' own reader. tests/test_validate_cellreaders.py compares
the two on every canonical field, and on a synthetic one of each kind, with generated cells.

One deliberate difference: a signalling NaN ("sNaN") in a number column is read as a quiet NaN. frictionless
stops with an exception on it where a bound is checked, and no set can hold it; a NaN is then reported as
any NaN is.
"""
from __future__ import annotations

import datetime
import operator
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

Reader = Callable[[Any], "tuple[Any, dict[str, str] | None]"]

# frictionless' defaults (frictionless.settings).
DEFAULT_MISSING_VALUES = ("",)
_TRUE_VALUES, _FALSE_VALUES = ("true", "True", "TRUE", "1"), ("false", "False", "FALSE", "0")
_DATE_PATTERN = "%Y-%m-%d"

_BOUNDS = ("minimum", "maximum")
# Each type's constraints, in the order frictionless checks them (a cell's notes keep that order; it checks the
# exclusive bounds between the bounds and enum).
_CONSTRAINTS = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", *_BOUNDS, "enum"),
    "number": ("required", *_BOUNDS, "enum"),
    "date": ("required", *_BOUNDS, "enum"),
    "boolean": ("required", "enum"),
    "any": ("required", "enum"),
}
# Field properties read here (missingValues, constraints) or that change nothing about how a cell reads.
_DESCRIPTIVE = {"name", "type", "format", "constraints", "title", "description", "example", "rdfType", "missingValues"}


def reader_for(field: dict, schema_missing_values: list | tuple = DEFAULT_MISSING_VALUES) -> Reader | None:
    """The cell reader of a field descriptor (with the schema's missingValues, for a field without its own), or
    None when the field uses something this module does not read."""
    kind, form = field.get("type"), field.get("format", "default")
    value_reader = _value_reader(field, kind, form)
    missing = field.get("missingValues", schema_missing_values)
    constraints = field.get("constraints", {})
    if (value_reader is None or set(field) - _DESCRIPTIVE - _TYPE_PROPERTIES.get(kind, set())
            or not isinstance(constraints, dict) or set(constraints) - {*_CONSTRAINTS[kind], "unique"}
            or not all(isinstance(value, str) for value in missing)):
        return None
    checks = _checks(constraints, _CONSTRAINTS[kind], value_reader)
    if checks is None:
        return None
    read = _cell_reader(value_reader, frozenset(missing), f'type is "{kind}/{form}"', checks)
    if (kind, form) in _CONVERTERS and {name for name, _, _ in checks} <= {"required", *_BOUNDS}:
        read.many = _column_reader(read, (kind, form), missing, constraints, value_reader)  # type: ignore[attr-defined]
    return read


def _cell_reader(value_reader: Callable[[Any], Any], missing: frozenset[str], type_note: str,
                 checks: list[tuple[str, Callable[[Any], bool], str]]) -> Reader:
    def read(cell: Any) -> tuple[Any, dict[str, str] | None]:
        notes = None
        if str(cell) in missing:
            cell = None
        if cell is not None:
            cell = value_reader(cell)
            if cell is None:
                notes = {"type": type_note}
        if not notes:
            for name, check, note in checks:
                if not check(cell):
                    notes = notes or {}
                    notes[name] = note
        return cell, notes

    return read


def _checks(constraints: dict, names: tuple[str, ...],
            value_reader: Callable[[Any], Any]) -> list[tuple[str, Callable[[Any], bool], str]] | None:
    """(name, check, note) of each constraint the field has, in frictionless' order; None for a constraint value
    this module does not read (such as a bound that is not a string or a number)."""
    checks = []
    for name in names:
        constraint = constraints.get(name)
        if constraint is None:
            continue
        if name in _BOUNDS:
            if isinstance(constraint, bool) or not isinstance(constraint, (str, int, float)):
                return None
            limit = value_reader(constraint)
            if limit is None:
                return None  # a bound that does not read as a value of the field's type
            check = _bound(limit, _COMPARE[name])
        elif name == "pattern":
            check = _pattern(re.compile(f"^{constraint}$"))
        elif name == "enum":
            if not isinstance(constraint, list):
                return None
            check = _enum(list(map(value_reader, constraint)))
        else:
            check = _CHECKS[name](constraint)
        checks.append((name, check, f'constraint "{name}" is "{constraint}"'))
    return checks


_COMPARE = {"minimum": operator.ge, "maximum": operator.le}


def _bound(limit: Any, compare: Callable[[Any, Any], bool]) -> Callable[[Any], bool]:
    def check(cell: Any) -> bool:
        if cell is None:
            return True
        if cell != cell:  # NaN is outside every bound
            return False
        return bool(compare(cell, limit))
    return check


def _pattern(pattern: re.Pattern) -> Callable[[Any], bool]:
    return lambda cell: cell is None or bool(pattern.match(cell))


def _enum(allowed: list) -> Callable[[Any], bool]:
    return lambda cell: cell is None or cell in allowed


_CHECKS: dict[str, Callable[[Any], Callable[[Any], bool]]] = {
    "required": lambda required: lambda cell: not (required and cell is None),
    "minLength": lambda length: lambda cell: cell is None or len(cell) >= length,
    "maxLength": lambda length: lambda cell: cell is None or len(cell) <= length,
}


# --- whole columns -------------------------------------------------------------------------------------------

def read_cells(reader: Reader, cells: list[str]) -> tuple[list, dict[int, dict[str, str]]]:
    """Each text's value, and the notes of those that have any, exactly as `reader` gives them one by one; for a
    field of a plain type whose only constraints are required and bounds, in loops that run in C."""
    many = getattr(reader, "many", None)
    read = many(cells) if many else None
    if read is None:
        pairs = list(map(reader, cells))
        return [value for value, _ in pairs], {index: notes for index, (_, notes) in enumerate(pairs) if notes}
    return read


# What the value readers of these types do to a text, raising where they give None: `read_number` and `_integer`
# strip the text first; a NaN (which `read_number` turns sNaN into, and no bound takes) is left to the cell reader.
_CONVERTERS: dict[tuple[str, str], Callable[[str], Any]] = {
    ("number", "default"): Decimal, ("integer", "default"): int, ("string", "default"): str}
_STRIPPED = {("number", "default"), ("integer", "default")}


def _column_reader(read: Reader, kind: tuple[str, str], missing: list, constraints: dict,
                   value_reader: Callable[[Any], Any]) -> Callable[[list[str]], tuple[list, dict] | None]:
    """`read_cells` for distinct texts in whole-column steps, or None (then they are read one by one) where a
    text does not convert, is a NaN, or some value is out of a bound: the cell reader alone says what is wrong."""
    convert = _CONVERTERS[kind]
    # (`_checks` has made sure each bound reads as a value of the field's type.)
    minimum, maximum = (value_reader(constraints[bound]) if bound in constraints else None for bound in _BOUNDS)

    def many(cells: list[str]) -> tuple[list, dict] | None:
        absent = sorted(index for index in map(_position(cells), set(missing)) if index is not None)
        present = _without(cells, absent)
        try:
            values = list(map(convert, map(str.strip, present) if kind in _STRIPPED else present))
            if kind == ("number", "default") and any(map(Decimal.is_nan, values)):
                return None
            if values and ((minimum is not None and min(values) < minimum)
                           or (maximum is not None and max(values) > maximum)):
                return None
        except Exception:
            return None
        notes = {}
        for index in absent:
            values.insert(index, None)
            notes[index] = read(cells[index])[1]
        return values, {index: found for index, found in notes.items() if found}

    return many


def _position(cells: list[str]) -> Callable[[str], int | None]:
    def position(text: str) -> int | None:
        try:
            return cells.index(text)
        except ValueError:
            return None
    return position


def _without(cells: list[str], absent: list[int]) -> list[str]:
    """The cells but those at the (sorted) absent positions, in slices."""
    kept, start = [], 0
    for index in absent:
        kept += cells[start:index]
        start = index + 1
    return kept + cells[start:]


# --- values by type -----------------------------------------------------------------------------------------

_TYPE_PROPERTIES = {"boolean": {"trueValues", "falseValues"}}


def _value_reader(field: dict, kind: Any, form: Any) -> Callable[[Any], Any] | None:
    if (kind, form) == ("boolean", "default"):
        return _boolean(field.get("trueValues", _TRUE_VALUES), field.get("falseValues", _FALSE_VALUES))
    return _VALUE_READERS.get((kind, form))


def _string(cell: Any) -> str | None:
    return cell if isinstance(cell, str) else None


# rfc3986 (what frictionless checks a uri with) requires only a scheme, which its parsing pattern finds at the
# start of any text that starts with one of these: such a link is read without importing it (12 ms a process).
_PLAIN_SCHEMES = ("https:", "http:")


def _uri(cell: Any) -> str | None:
    if not isinstance(cell, str):
        return None
    if cell.startswith(_PLAIN_SCHEMES):
        return cell
    import rfc3986  # only for a link that does not start with a plain scheme

    validator = rfc3986.validators.Validator()
    validator.require_presence_of("scheme")
    try:
        validator.validate(rfc3986.uri_reference(cell))
    except rfc3986.exceptions.ValidationError:
        return None
    return cell


def _integer(cell: Any) -> int | None:
    if isinstance(cell, str):
        try:
            return int(cell.strip())
        except Exception:
            return None
    if cell is True or cell is False:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, Decimal) and cell % 1 == 0:
        return int(cell)
    return None


def read_number(cell: Any) -> Decimal | int | None:
    """A value of Table Schema type number (text as Python's Decimal reads it), or None."""
    if isinstance(cell, str):
        try:
            number = Decimal(cell.strip())
        except Exception:
            return None
        return Decimal("-NaN" if number.is_signed() else "NaN") if number.is_snan() else number
    if isinstance(cell, Decimal):
        return cell
    if cell is True or cell is False:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return Decimal(str(cell))
    return None


def _date(cell: Any) -> datetime.date | None:
    if not isinstance(cell, str):
        return None
    try:
        return datetime.datetime.strptime(cell, _DATE_PATTERN).date()
    except Exception:
        return None


def _any(cell: Any) -> Any:
    return cell


def _boolean(true_values: list, false_values: list) -> Callable[[Any], Any] | None:
    if not all(isinstance(value, str) for value in (*true_values, *false_values)):
        return None
    mapping = {value: True for value in true_values} | {value: False for value in false_values}

    def read(cell: Any) -> bool | None:
        if cell is True or cell is False:
            return cell
        return mapping.get(cell) if isinstance(cell, str) else None
    return read


_VALUE_READERS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("string", "default"): _string, ("string", "uri"): _uri, ("integer", "default"): _integer,
    ("number", "default"): read_number, ("date", "default"): _date, ("any", "default"): _any,
}
