"""Whole-column helpers: a column's distinct values, the groups of rows sharing cells, and cells as numbers.

Rules read whole columns rather than rows: each distinct value (or combination of cells) is worked out once
in Python, and numpy puts the result on every row that has it. Values stay the text the csv module read, so
a rule sees exactly what a row-by-row rule would.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from generator.validate.issues import finite_number


@dataclass(frozen=True)
class Factorized:
    """A column as codes: `values[codes[i]]` is row i's cell (values in the order they first appear, or sorted).

    What several rules read of each value (as a number, whether it is blank) is worked out once per value and
    shared by the same column over fewer rows (`at`)."""

    codes: np.ndarray
    values: np.ndarray
    per_value: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, cells: np.ndarray) -> Factorized:
        """A column of cells (Python strings) factorised by pandas: one hash of each cell, in C."""
        codes, values = pd.factorize(cells)
        return cls(codes, np.asarray(values, dtype=object))

    def mapped(self, function: Callable[[str], object], dtype: type = object) -> np.ndarray:
        """function of each row's cell, called once per distinct value."""
        return np.array([function(value) for value in self.values], dtype=dtype)[self.codes]

    def numbers(self) -> np.ndarray:
        """Each row's cell as `finite_number` reads it (Python's float), NaN where it gives None."""
        return self._remembered("numbers", lambda text: nan_for_none(finite_number(text)), float)

    def filled(self) -> np.ndarray:
        """Whether each row's cell has something other than blanks in it."""
        return self._remembered("filled", lambda text: bool(text.strip()), bool)

    def _remembered(self, name: str, function: Callable[[str], object], dtype: type) -> np.ndarray:
        """function of each row's cell, kept per value for every rule that asks again."""
        if name not in self.per_value:
            self.per_value[name] = np.array([function(value) for value in self.values], dtype=dtype)
        return self.per_value[name][self.codes]

    def at(self, rows: np.ndarray) -> Factorized:
        """The same column over some of its rows (the values stay, so codes keep their meaning)."""
        return Factorized(self.codes[rows], self.values, self.per_value)


def nan_for_none(number: float | None) -> float:
    """A missing number as NaN, which every comparison numpy makes with it finds false, as Python's None checks do."""
    return np.nan if number is None else number


def combined_codes(codes: Sequence[np.ndarray], length: int) -> np.ndarray:
    """One code per distinct combination of the given codes, numbered in the order combinations first appear."""
    combined = np.zeros(length, dtype=np.int64)
    for column in codes:
        combined = combined * (int(column.max(initial=-1)) + 2) + column + 1
        combined = pd.factorize(combined)[0]  # renumbered, so the product stays small
    return combined


def first_positions(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes numbered in order of first appearance (as `pd.factorize`)."""
    if not len(codes):
        return np.array([], dtype=np.int64)
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    return np.flatnonzero(new)


@dataclass
class Groups:
    """Rows grouped by the cells of some columns: each distinct combination (`keys`, in the order it first
    appears) with the lines of its rows, in file order; all of a group's lines are found only when asked for."""

    keys: list[tuple[str, ...]]
    codes: np.ndarray  # each row's group
    lines_of_rows: np.ndarray
    firsts: np.ndarray  # each group's first row
    _order: np.ndarray | None = field(default=None, repr=False)
    _starts: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def of(cls, columns: Sequence[Factorized], lines: np.ndarray) -> Groups:
        """The groups of rows with the same cells in these columns (over the same rows as lines)."""
        codes = combined_codes([column.codes for column in columns], len(lines))
        firsts = first_positions(codes)
        keys = list(zip(*[column.values[column.codes[firsts]] for column in columns])) if columns else []
        return cls(keys, codes, lines, firsts)

    def __len__(self) -> int:
        return len(self.keys)

    def first_line(self, group: int) -> int:
        """The line of a group's first row: a rule is worked out there first."""
        return int(self.lines_of_rows[self.firsts[group]])

    def lines(self, group: int) -> list[int]:
        """Every line of a group's rows, in file order: where its findings are reported."""
        order, starts = self._sorted()
        return self.lines_of_rows[order[starts[group]:starts[group + 1]]].tolist()

    def items(self) -> Iterator[tuple[tuple[str, ...], list[int]]]:
        """(cells, lines) of each group, as a dict of them would give."""
        return ((key, self.lines(group)) for group, key in enumerate(self.keys))

    def _sorted(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows sorted by group (stably, so each group's rows stay in file order), and where each group starts."""
        if self._order is None:
            self._order = np.argsort(self.codes, kind="stable")
            self._starts = np.concatenate([[0], np.cumsum(np.bincount(self.codes, minlength=len(self.keys)))])
        return self._order, self._starts
