"""One CSV file as the csv module reads it: its rows, each with the line it starts on, and the same cells as
whole columns.

Rules read whole columns: each column is factorised once into its distinct values, so that a rule works out
each value (or combination of cells) once and puts its findings on the lines of every row that has it.
A row keeps the physical line it starts on, which is not its position when a quoted cell holds a line break.
A large plain file is read straight into columns (`csvread.read_columns`); its rows, as lists of cells, are
made only if something asks for them, such as the message for a broken row.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np

from generator.validate.csvread import Columns
from generator.validate.vectors import Factorized, Groups, combined_codes, first_positions


class _Table:
    """One CSV file as the csv module reads it: header, and each row with the line it starts on."""

    def __init__(self, name: str, file: str, source: str, header: list[str],
                 rows: list[tuple[int, list[str]]] | None = None, columns: Columns | None = None) -> None:
        self.name, self.file, self.header = name, file, header
        self.source = source  # the path as datapackage.json gives it, relative to the package folder
        if rows is not None:
            self.__dict__["rows"] = rows  # the cached `rows`
        self._columns = columns
        self._factorized: dict[int, Factorized] = dict(enumerate(columns.positions)) if columns else {}
        self._firsts: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._groups: dict[tuple[str, ...], Groups] = {}

    def __repr__(self) -> str:
        return f"_Table({self.name!r}, {self.file!r}, {self.count} rows)"

    @functools.cached_property
    def rows(self) -> list[tuple[int, list[str]]]:
        """(line, cells) of each row; for a table read by column, made from its columns when first asked for."""
        cells = zip(*[position.values[position.codes] for position in self._columns.positions])
        return [(line, list(row[:width])) for line, width, row in zip(self.lines.tolist(), self.widths.tolist(), cells)]

    @property
    def count(self) -> int:
        """How many rows (after the header), blank ones included."""
        return len(self.lines)

    @property
    def longest_cell(self) -> int | None:
        """The longest cell's length (the header's included), when the table was read by column."""
        return self._columns.longest_cell if self._columns is not None else None

    def row(self, index: int) -> list[str]:
        """One row's cells."""
        if "rows" in self.__dict__ or self._columns is None:
            return self.rows[index][1]
        return [self.at_position(p).values[self.at_position(p).codes[index]] for p in range(int(self.widths[index]))]

    def line_of(self, row_number: int | None) -> int | None:
        """Physical line of a frictionless row number (the header is row 1)."""
        if row_number is None:
            return None
        index = row_number - 2
        return int(self.lines[index]) if 0 <= index < self.count else None

    def records(self, where: np.ndarray | None = None) -> Iterator[tuple[int, dict[str, str]]]:
        """(line, cells by column) of each row with something in it (of those where `where`, a mask over them,
        is true)."""
        header = self.header
        for index in (self.live if where is None else self.live[where]).tolist():
            yield int(self.lines[index]), dict(zip(header, self.row(index)))

    @functools.cached_property
    def lines(self) -> np.ndarray:
        """The line each row starts on."""
        if self._columns is not None:
            return self._columns.lines
        return np.fromiter((line for line, _ in self.rows), dtype=np.int64, count=len(self.rows))

    @functools.cached_property
    def widths(self) -> np.ndarray:
        """How many cells each row has."""
        if self._columns is not None:
            return self._columns.widths
        return np.fromiter((len(cells) for _, cells in self.rows), dtype=np.int64, count=len(self.rows))

    @functools.cached_property
    def positions(self) -> dict[str, int]:
        """Each column name's position (the last, for a name given twice, as `records` reads it)."""
        return {label: position for position, label in enumerate(self.header)}

    def factorized(self, name: str) -> Factorized:
        """A column's distinct values and each row's code, over every row; a column the header lacks is all ""."""
        position = self.positions.get(name)
        if position is None:
            return Factorized(np.zeros(self.count, dtype=np.int64), np.array([""], dtype=object))
        return self.at_position(position)

    def at_position(self, position: int) -> Factorized:
        """The column at a header position, factorised once ("" where a row is too short: see `widths`)."""
        if position not in self._factorized:
            self._factorized[position] = Factorized.of(self._cells_at(position))
        return self._factorized[position]

    def _cells_at(self, position: int) -> tuple[str, ...]:
        """A position's cells, for a table read by row (one read by column has them factorised already)."""
        return self._by_position[position]

    @functools.cached_property
    def _by_position(self) -> list[tuple[str, ...]]:
        """Each header position's cells by row index, "" where a row is too short (for a table read by row)."""
        width = len(self.header)
        cells = [cells for _, cells in self.rows]
        if np.any(self.widths != width):
            cells = [row if len(row) == width else (row + [""] * width)[:width] for row in cells]
        return list(zip(*cells)) if cells else [() for _ in self.header]

    @functools.cached_property
    def live(self) -> np.ndarray:
        """Indexes of the rows with something in them: an empty row is reported once, not by every rule."""
        blank = np.ones(self.count, dtype=bool)
        for position in range(len(self.header)):
            blank &= ~self.at_position(position).filled()
        for index in np.flatnonzero(blank & (self.widths > len(self.header))).tolist():
            blank[index] = not "".join(self.row(index)).strip()
        return np.flatnonzero(~blank)

    def distinct(self, *names: str, where: np.ndarray | None = None) -> Groups:
        """Each combination of the named columns' cells in the rows with something in them (those of them where
        `where`, a mask over them, is true), with the lines it is on, in order: a rule that depends on those
        cells alone works each combination out once."""
        if where is not None:
            live = self.live[where]
            return Groups.of([self.factorized(name).at(live) for name in names], self.lines[live])
        if names not in self._groups:  # several rules read the same column
            self._groups[names] = Groups.of([self.factorized(name).at(self.live) for name in names], self.lines[self.live])
        return self._groups[names]

    def first_with_same(self, names: tuple[str, ...], index: int) -> int | None:
        """The first row (blank or not) with the same cells as row index in the named columns, if before it."""
        if names not in self._firsts:
            codes = combined_codes([self.factorized(name).codes for name in names], self.count)
            self._firsts[names] = codes, first_positions(codes)
        codes, firsts = self._firsts[names]
        first = int(firsts[codes[index]])
        return first if first < index else None

    @functools.cached_property
    def empty_columns_at_end(self) -> int:
        """How many columns at the right end have no name and no cell with anything in it: what a spreadsheet
        leaves as trailing commas. They are ignored, so the rows are still checked in the same round."""
        count = 0
        for position in range(len(self.header) - 1, 0, -1):
            if self.header[position].strip() or np.any(self.at_position(position).filled() & (self.widths > position)):
                break
            count += 1
        return count
