"""One CSV file as the csv module reads it: its rows, each with the line it starts on, and the same cells as
whole columns.

Rules read whole columns: each column is factorised once into its distinct values, so that a rule works out
each value (or combination of cells) once and puts its findings on the lines of every row that has it.
A row keeps the physical line it starts on, which is not its position when a quoted cell holds a line break.
"""
from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from generator.validate.vectors import Factorized, Groups


def read_rows(text: str, field_limit: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (starting line, cells) of each row, as `generator.load.read_csv_rows` reads the file.

    Rows are read in one pass of the csv module; only when some row spans several lines (a quoted line break)
    is the file read again row by row to count where each starts. The csv module's field limit is
    process-wide, so it is put back.
    """
    previous = csv.field_size_limit(field_limit)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
        if len(records) == physical_lines(text):  # every record is one line: row i starts on line i + 2
            return (records[0] if records else []), list(zip(range(2, len(records) + 1), records[1:]))
        return _rows_with_lines(text)
    finally:
        csv.field_size_limit(previous)


def physical_lines(text: str) -> int:
    """Lines as the csv module counts them: \\r\\n, \\n and a lone \\r each end one; a last line may have no end."""
    ends = text.count("\n") + text.count("\r") - text.count("\r\n")
    return ends + (1 if text and not text.endswith(("\n", "\r")) else 0)


def _rows_with_lines(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows, start = [], reader.line_num + 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return header, rows


@dataclass
class _Table:
    """One CSV file as the csv module reads it: header, and each row with the line it starts on."""

    name: str
    file: str
    source: str  # the path as datapackage.json gives it, relative to the package folder
    header: list[str]
    rows: list[tuple[int, list[str]]]
    _factorized: dict[int, Factorized] = field(default_factory=dict, init=False, repr=False, compare=False)

    def line_of(self, row_number: int | None) -> int | None:
        """Physical line of a frictionless row number (the header is row 1)."""
        if row_number is None:
            return None
        index = row_number - 2
        return self.rows[index][0] if 0 <= index < len(self.rows) else None

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line, cells by column) of each row with something in it."""
        header, rows = self.header, self.rows
        for index in self.live.tolist():
            line, cells = rows[index]
            yield line, dict(zip(header, cells))

    @functools.cached_property
    def lines(self) -> np.ndarray:
        """The line each row starts on."""
        return np.fromiter((line for line, _ in self.rows), dtype=np.int64, count=len(self.rows))

    @functools.cached_property
    def widths(self) -> np.ndarray:
        """How many cells each row has."""
        return np.fromiter((len(cells) for _, cells in self.rows), dtype=np.int64, count=len(self.rows))

    @functools.cached_property
    def by_position(self) -> list[np.ndarray]:
        """Each header position's cells by row index, "" where a row is too short."""
        width = len(self.header)
        cells = [cells for _, cells in self.rows]
        if np.any(self.widths != width):
            cells = [row if len(row) == width else (row + [""] * width)[:width] for row in cells]
        columns = list(zip(*cells)) if cells else [() for _ in self.header]
        return [np.array(column, dtype=object) for column in columns]

    @functools.cached_property
    def positions(self) -> dict[str, int]:
        """Each column name's position (the last, for a name given twice, as `records` reads it)."""
        return {label: position for position, label in enumerate(self.header)}

    def factorized(self, name: str) -> Factorized:
        """A column's distinct values and each row's code, over every row; a column the header lacks is all ""."""
        position = self.positions.get(name)
        if position is None:
            return Factorized(np.zeros(len(self.rows), dtype=np.int64), np.array([""], dtype=object))
        return self.at_position(position)

    def at_position(self, position: int) -> Factorized:
        """The column at a header position, factorised once ("" where a row is too short: see `widths`)."""
        if position not in self._factorized:
            self._factorized[position] = Factorized.of(self.by_position[position])
        return self._factorized[position]

    def column(self, name: str) -> np.ndarray:
        """A column's cells by row index, "" where a row is too short or the header lacks the column."""
        position = self.positions.get(name)
        return self.by_position[position] if position is not None else np.full(len(self.rows), "", dtype=object)

    @functools.cached_property
    def live(self) -> np.ndarray:
        """Indexes of the rows with something in them: an empty row is reported once, not by every rule."""
        blank = np.ones(len(self.rows), dtype=bool)
        for position in range(len(self.header)):
            blank &= self.at_position(position).mapped(lambda value: not value.strip(), bool)
        for index in np.flatnonzero(blank & (self.widths > len(self.header))).tolist():
            blank[index] = not "".join(self.rows[index][1]).strip()
        return np.flatnonzero(~blank)

    def distinct(self, *names: str, where: np.ndarray | None = None) -> Groups:
        """Each combination of the named columns' cells in the rows with something in them (those of them where
        `where`, a mask over them, is true), with the lines it is on, in order: a rule that depends on those
        cells alone works each combination out once."""
        live = self.live if where is None else self.live[where]
        columns = [self.factorized(name) for name in names]
        return Groups.of([Factorized(column.codes[live], column.values) for column in columns], self.lines[live])

    @functools.cached_property
    def empty_columns_at_end(self) -> int:
        """How many columns at the right end have no name and no cell with anything in it: what a spreadsheet
        leaves as trailing commas. They are ignored, so the rows are still checked in the same round."""
        count = 0
        for position in range(len(self.header) - 1, 0, -1):
            if self.header[position].strip() or any(len(cells) > position and cells[position].strip() for _, cells in self.rows):
                break
            count += 1
        return count
