"""What each sheet of the workbook holds, read from the data: the canonical Table Schemas give the columns
(in order) and the reference package gives the values a column may take.

Which column names which shared list is the validator's own declaration (`LOOKUP_COLUMNS`), so the
dropdowns and the checks cannot drift apart; a new maturity level or community group in the reference
package needs no code change here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator import paths
from generator.load import read_json
from generator.paths import TEAM_RESOURCES
from generator.validate.reference import _Reference
from generator.validate.rules import LIST_COLUMNS, LOOKUP_COLUMNS


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # the Table Schema type: string, date, number, integer, boolean
    title: str
    description: str
    required: bool
    choices: tuple[str, ...] | None = None  # a dropdown's values, in a sensible order
    multiple: bool = False  # a semicolon list: its allowed values are only listed in the note
    picks_from: tuple[str, str] | None = None  # (sheet, column) of a single-column foreign key


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def sheets(root: Path = paths.DATAPACKAGES) -> list[Sheet]:
    """One Sheet per team-owned table, in TEAM_RESOURCES order."""
    reference = _Reference.load(paths.reference_dir(root), set())
    vocabularies = _vocabularies(reference)
    return [_sheet(name, read_json(paths.schema_path(f"ics-{name}", root)), vocabularies) for name in TEAM_RESOURCES]


def _sheet(name: str, schema: dict, vocabularies: dict[str, tuple[str, ...]]) -> Sheet:
    lookups = {column: lookup for column, _, lookup in LOOKUP_COLUMNS.get(name, [])}
    keys = {key["fields"][0]: (key["reference"]["resource"], key["reference"]["fields"][0])
            for key in schema.get("foreignKeys", []) if len(key["fields"]) == 1}
    columns = []
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        choices = tuple(constraints["enum"]) if "enum" in constraints else vocabularies.get(lookups.get(field["name"], ""))
        multiple = field["name"] in LIST_COLUMNS
        picks_from = keys.get(field["name"]) if keys.get(field["name"], ("",))[0] in TEAM_RESOURCES else None
        columns.append(Column(field["name"], field.get("type", "string"), field.get("title", field["name"]),
                              field.get("description", ""), bool(constraints.get("required")), choices, multiple, picks_from))
    return Sheet(name, tuple(columns))


def _vocabularies(reference: _Reference) -> dict[str, tuple[str, ...]]:
    """Each shared list the validator checks against, ordered as its reference table lists it."""
    return {name: _ordered(lookup.values, _first_column_order(reference, lookup.file))
            for name, lookup in reference.lookups().items()}


def _first_column_order(reference: _Reference, file: str) -> list[str]:
    table = next((t for t in reference.tables.values() if t.file == file), None)
    return [cells[0] for _, cells in table.rows if cells] if table else []


def _ordered(values: set[str], listed: list[str]) -> tuple[str, ...]:
    """Codes that start with a number (framework sub-topics with their phases: 1, 1b, 1d, 2 ...) in
    number order; others (levels by rank, statuses in sequence) in the order their table lists them."""
    if values and all(v[:1].isdigit() for v in values):
        return tuple(sorted(values, key=_natural))
    position = {value: index for index, value in reversed(list(enumerate(listed)))}
    return tuple(sorted(values, key=lambda v: (position.get(v, len(position)), v)))


def _natural(value: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", value))
