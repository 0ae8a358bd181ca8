"""The Table Schema checks on whole columns: the errors frictionless reports, with each distinct value read once.

frictionless checks a table row by row in Python and reads every cell again, so a package of 75,000 rows takes
seconds. Here each column is factorised into its distinct values, and each distinct value is read once by the
cell reader of its field (`cellreaders`, which reads a cell as frictionless' `Field.create_cell_reader` does, or
frictionless' own for a field it does not cover): types, formats, missing values and constraints mean exactly
what they mean in frictionless. Blank rows, unique values, primary and foreign keys are then found over whole
columns. The result is the stream of errors frictionless would give (type, note, row number, column, cell), so
`tables` translates it into issues unchanged; tests/test_validate_engines.py runs both engines on mutated
copies of real packages and requires the same issues.

Two differences, both outside what the two engines share: the order of one row's errors can differ, which only
matters for which of them fall inside the error limit; and cells beyond the header of a table that ends in
ignored empty columns are reported as extra cells (frictionless is given a copy without those columns).
"""
from __future__ import annotations

import functools
import json
import operator
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from generator.validate.cellreaders import DEFAULT_MISSING_VALUES, Reader, read_cells, reader_for
from generator.validate.files import _Table
from generator.validate.vectors import Factorized, combined_codes, first_positions


@dataclass(frozen=True)
class Finding:
    """One error, with the attributes of a frictionless error that `tables._translate` reads (never `label`)."""

    type: str
    row_number: int
    note: str = ""
    field_name: str = ""
    field_number: int | None = None
    cell: str = ""
    field_names: tuple[str, ...] = ()
    field_cells: tuple[str, ...] = ()
    reference_name: str = ""

    @property
    def message(self) -> str:
        return self.note


@dataclass
class Task:
    """What frictionless' report gives per table: its name, errors in order, and warnings."""

    name: str
    errors: list[Finding]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Column:
    """One header position: for each row the index of its distinct source (the last index means no cell),
    and for each distinct source its value and whether it reads as empty; the errors of the sources that have
    any."""

    name: str
    number: int
    codes: np.ndarray
    values: list
    blank: np.ndarray
    problems: dict[int, list[tuple[str, str]]]

    @functools.cached_property
    def value_ids(self) -> np.ndarray:
        """Each source's canonical value id, -1 for no value: equal values (by Python equality, as frictionless'
        memory of keys compares them) share one. Only key columns need them."""
        canonical: dict = {}
        return np.array([-1 if value is None else canonical.setdefault(value, len(canonical)) for value in self.values],
                        dtype=np.int64)

    def ids(self) -> np.ndarray:
        return self.value_ids[self.codes]


def check_tables(tables: dict[str, tuple[_Table, dict]], limit_errors: int) -> list[Task]:
    """Every table's errors, each table with the schema `tables._schema_for` prepared for it."""
    read = {name: _read_columns(table, schema) for name, (table, schema) in tables.items()}
    return [_table_task(name, table, schema, read, limit_errors) for name, (table, schema) in tables.items()]


@functools.lru_cache(maxsize=64)
def _readers(schema_json: str) -> tuple[dict[str, Reader], Reader]:
    """The cell reader of each field of a schema by name, and the reader of a label the schema does not know
    (type "any", as frictionless gives it; it is reported as an unknown column already). Ours where
    `cellreaders` reads the field, else frictionless' own."""
    schema = json.loads(schema_json)
    missing = schema.get("missingValues", DEFAULT_MISSING_VALUES)
    readers: dict[str, Reader] = {}
    for field_ in schema["fields"]:
        if field_["name"] not in readers:
            readers[field_["name"]] = reader_for(field_, missing) or _frictionless_reader(schema_json, field_["name"])
    return readers, reader_for({"type": "any"}, missing) or _frictionless_reader(schema_json, None)


def _frictionless_reader(schema_json: str, name: str | None) -> Reader:
    from frictionless import fields  # slow to import; only for a field `cellreaders` does not read

    checked = _frictionless_schema(schema_json)
    if name is None:
        return fields.AnyField(name="any", missing_values=checked.missing_values).create_cell_reader()
    return checked.get_field(name).create_cell_reader()


@functools.lru_cache(maxsize=64)
def _frictionless_schema(schema_json: str):
    from frictionless import Schema

    return Schema.from_descriptor(json.loads(schema_json))


def _read_columns(table: _Table, schema: dict) -> list[_Column]:
    """Each named column of the table, read by its schema field."""
    readers, unknown = _readers(json.dumps(schema, sort_keys=True))
    width = len(table.header) - table.empty_columns_at_end
    return [_read_column(label, readers.get(label, unknown), number, table.at_position(number - 1), table.widths < number)
            for number, label in enumerate(table.header[:width], 1)]


def _read_column(name: str, reader: Reader, number: int, factorized: Factorized, missing: np.ndarray) -> _Column:
    """Each distinct cell of a column read once by its field's cell reader; a row too short to have the
    cell gets the last source, None (the table pads it with "", which is a different cell)."""
    short = bool(missing.any())
    codes = np.where(missing, len(factorized.values), factorized.codes) if short else factorized.codes
    values, notes_at = read_cells(reader, factorized.values.tolist())
    values.append(None)  # the source of a row with no cell
    if short:  # no cell reads as None with the notes of a required field: only where some row has no cell
        notes_at[len(values) - 1] = reader(None)[1]
    problems, blank = {}, np.fromiter(map(operator.is_, values, repeat(None)), dtype=bool, count=len(values))
    for source, notes in notes_at.items():
        if notes:
            type_note = notes.get("type")
            problems[source] = ([("type-error", type_note)] if type_note
                                else [("constraint-error", note) for note in notes.values()])
            blank[source] = blank[source] and not type_note
    return _Column(name, number, codes, values, blank, problems)


def _table_task(name: str, table: _Table, schema: dict, read: dict[str, list[_Column]], limit: int) -> Task:
    columns = read[name]
    blank_rows = _blank_rows(columns, table.count)
    events = _cell_errors(table, columns, blank_rows)
    events += _key_errors(name, schema, columns, read)
    events.sort(key=lambda event: event[:2])
    errors = [finding for _, _, finding in events]
    if len(errors) >= limit:
        return Task(name, errors[:limit], [f"reached error limit: {limit}"])
    return Task(name, errors)


def _blank_rows(columns: list[_Column], count: int) -> np.ndarray:
    blank = np.ones(count, dtype=bool)
    for column in columns:
        blank &= column.blank[column.codes]
    return blank


# Events are (row index, order within the row, finding): a row's cell errors, then its key errors.
_CELL, _KEY = 0, 1


def _cell_errors(table: _Table, columns: list[_Column], blank_rows: np.ndarray) -> list[tuple]:
    events = [(int(index), _CELL, Finding("blank-row", int(index) + 2)) for index in np.flatnonzero(blank_rows)]
    for column in (column for column in columns if column.problems):
        wrong = list(column.problems)
        for index in np.flatnonzero(np.isin(column.codes, wrong) & ~blank_rows):
            source = column.codes[index]
            cell = str(table.row(index)[column.number - 1]) if source < len(column.values) - 1 else "None"
            events += [(int(index), _CELL, Finding(kind, int(index) + 2, note, column.name, column.number, cell))
                       for kind, note in column.problems[source]]
    width, header_width = len(columns), len(table.header)
    for index in np.flatnonzero((table.widths != width) & ~blank_rows).tolist():
        cells = table.row(index)
        events += [(index, _CELL, Finding("extra-cell", index + 2, "", "", position, str(cells[position - 1])))
                   for position in range(header_width + 1, len(cells) + 1)]
        events += [(index, _CELL, Finding("missing-cell", index + 2, "", column.name, column.number, ""))
                   for column in columns[len(cells):]]
    return events


def _key_errors(name: str, schema: dict, columns: list[_Column], read: dict[str, list[_Column]]) -> list[tuple]:
    by_name = {column.name: column for column in columns}
    events = []
    for column in columns:
        constraints = next((f.get("constraints", {}) for f in schema["fields"] if f["name"] == column.name), {})
        if constraints.get("unique"):
            events += _unique_errors(column)
    if schema.get("primaryKey"):
        events += _primary_key_errors([by_name[key] for key in schema["primaryKey"]])
    for key in schema.get("foreignKeys", []):
        target = key["reference"]["resource"] or name
        target_columns = {column.name: column for column in read[target]}
        events += _foreign_key_errors([by_name[f] for f in key["fields"]], key["reference"],
                                      [target_columns.get(f) for f in key["reference"]["fields"]])
    return events


def _earlier_positions(rows: np.ndarray, ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Of the given rows (with the value ids of each, -1 for no value), those that repeat an earlier one, and
    the row number of the latest such earlier row (frictionless' memory keeps the last row number it saw for a
    value)."""
    codes = combined_codes(ids, len(rows))
    repeated = np.ones(len(codes), dtype=bool)
    repeated[first_positions(codes)] = False
    if not repeated.any():
        return rows[repeated], rows[repeated]
    order = np.argsort(codes, kind="stable")  # each value's rows in order
    same = np.flatnonzero(codes[order][1:] == codes[order][:-1]) + 1
    previous = np.empty(len(codes), dtype=np.int64)
    previous[order[same]] = order[same - 1]
    return rows[repeated], rows[previous[repeated]] + 2


def _unique_errors(column: _Column) -> list[tuple]:
    """Rows repeating an earlier row's value of a unique column (as read, so "02" repeats 2)."""
    ids = column.ids()
    rows = np.flatnonzero(ids >= 0)
    indexes, previous = _earlier_positions(rows, [ids[rows]])
    return [(int(index), _KEY, Finding("unique-error", int(index) + 2, f"the same as in the row at position {before}",
                                       column.name, column.number, str(column.values[column.codes[index]])))
            for index, before in zip(indexes, previous)]


def _primary_key_errors(key: list[_Column]) -> list[tuple]:
    """Rows with no primary key at all, or repeating an earlier row's."""
    ids = [column.ids() for column in key]
    empty = np.logical_and.reduce([column < 0 for column in ids])
    events = [(int(index), _KEY, Finding("primary-key", int(index) + 2, 'cells composing the primary keys are all "None"'))
              for index in np.flatnonzero(empty)]
    rows = np.flatnonzero(~empty)
    indexes, previous = _earlier_positions(rows, [column[rows] for column in ids])
    return events + [(int(index), _KEY, Finding("primary-key", int(index) + 2, f"the same as in the row at position {before}"))
                     for index, before in zip(indexes, previous)]


def _foreign_key_errors(key: list[_Column], reference: dict, targets: list[_Column | None]) -> list[tuple]:
    """Rows whose values (read as their own fields' types) are not a row of the referenced fields' values."""
    rows = len(key[0].codes) if key else 0
    target_rows = next((len(t.codes) for t in targets if t is not None), 0)
    lookup = set(zip(*[[t.values[c] for c in t.codes] if t is not None else [None] * target_rows for t in targets]))
    lookup.discard(tuple(None for _ in targets))
    groups = combined_codes([column.codes for column in key], rows)  # numbered in the order they first appear
    first_of_group = first_positions(groups).tolist()
    missing = set()
    for group, index in enumerate(first_of_group):
        cells = tuple(column.values[column.codes[index]] for column in key)
        if set(cells) != {None} and cells not in lookup:
            missing.add(group)
    source_name, source_fields = reference["resource"], reference["fields"]
    events = []
    for index in np.flatnonzero(np.isin(groups, list(missing))) if missing else ():
        cells = tuple(column.values[column.codes[index]] for column in key)
        note = (f'for "{", ".join(c.name for c in key)}": values "{", ".join(str(v) for v in cells)}" not found in the '
                f'lookup table "{source_name}" as "{", ".join(source_fields)}"')
        events.append((int(index), _KEY, Finding("foreign-key", int(index) + 2, note,
                                                 field_names=tuple(c.name for c in key),
                                                 field_cells=tuple("" if v is None else str(v) for v in cells),
                                                 reference_name=source_name)))
    return events
