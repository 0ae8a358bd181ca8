"""Whole-column helpers: a column's distinct values, the groups of rows sharing cells, and cells as numbers.

Rules read whole columns rather than rows: each distinct value (or combination of cells) is worked out once
in Python, and numpy puts the result on every row that has it. Values stay the text the csv module read, so
a rule sees exactly what a row-by-row rule would.
"""
from __future__ import annotations

import operator
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

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
    def of(cls, cells: np.ndarray | Sequence[str]) -> Factorized:
        """A column of cells (Python strings, in an array or a sequence), factorised."""
        codes, values = factorize(cells)
        return cls(codes, np.asarray(values, dtype=object))

    def mapped(self, function: Callable[[str], object], dtype: type = object) -> np.ndarray:
        """function of each row's cell, called once per distinct value."""
        return np.array([function(value) for value in self.values], dtype=dtype)[self.codes]

    def numbers(self) -> np.ndarray:
        """Each row's cell as `finite_number` reads it (Python's float), NaN where it gives None."""
        return self.remembered("numbers", finite_numbers)

    def filled(self) -> np.ndarray:
        """Whether each row's cell (a text) has something other than blanks in it."""
        return self.remembered("filled", lambda texts: np.fromiter(map(bool, map(str.strip, texts)), dtype=bool,
                                                                   count=len(texts)))

    def remembered(self, name: str, of_values: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """of_values (a function of the distinct values, one result each) on each row's cell, worked out once and
        kept for every rule that asks again."""
        return self.of_each_value(name, of_values)[self.codes]

    def of_each_value(self, name: str, of_values: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """of_values on the distinct values, in their order, worked out once (see `remembered`)."""
        if name not in self.per_value:
            self.per_value[name] = of_values(self.values)
        return self.per_value[name]

    def at(self, rows: np.ndarray) -> Factorized:
        """The same column over some of its rows (the values stay, so codes keep their meaning)."""
        return Factorized(self.codes[rows], self.values, self.per_value)


# Below this many values a dict in Python factorises faster than pandas; above it pandas' hash table in C is
# three to ten times as fast, but importing pandas takes 0.25 s, as long as a dict takes for 3 million values.
PANDAS_FROM = 500
IMPORT_PANDAS_FROM = 3_000_000


def factorize(values: np.ndarray | Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each value's code, numbered in the order values first appear, and the distinct values in that order, as
    `pandas.factorize` gives them for strings, integers and floats (NaN has code -1 and is not a value). A
    sequence (of strings) is read as it is, with no array made of it."""
    if not isinstance(values, np.ndarray):
        if not _by_pandas(len(values)):
            return _numbered(values, object)
        values = np.array(values, dtype=object)
    if values.dtype.kind == "f" and np.isnan(values).any():
        present = ~np.isnan(values)
        codes = np.full(len(values), -1, dtype=np.int64)
        codes[present], distinct = factorize(values[present])
        return codes, distinct
    if _by_pandas(len(values)):
        import pandas as pd

        return pd.factorize(values)
    if values.dtype.kind in "iuf":
        return _numbered_by_sorting(values)
    return _numbered(values.tolist(), values.dtype)


def _by_pandas(length: int) -> bool:
    return length >= PANDAS_FROM and ("pandas" in sys.modules or length >= IMPORT_PANDAS_FROM)


def _numbered(values: Sequence, dtype: np.dtype | type) -> tuple[np.ndarray, np.ndarray]:
    """`factorize` by dicts, each filled by a loop in C: the distinct values in order, then each one's code
    (looked up by one itemgetter, which gives a tuple of them for two values or more)."""
    distinct = list(dict.fromkeys(values))
    code_of = dict(zip(distinct, range(len(distinct))))
    codes = operator.itemgetter(*values)(code_of) if len(values) > 1 else [code_of[value] for value in values]
    return np.fromiter(codes, dtype=np.int64, count=len(values)), np.array(distinct, dtype=dtype)


def _numbered_by_sorting(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`factorize` of numbers (no NaN) in whole-array steps: a stable sort keeps each value's first appearance,
    which becomes its code's rank (and, of 0.0 and -0.0, the one seen first is the value, as in pandas)."""
    distinct, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[order] = np.arange(len(distinct))
    return rank[inverse.reshape(-1)], distinct[order]


def finite_numbers(texts: np.ndarray) -> np.ndarray:
    """`finite_number` of each text, NaN where it gives None, in one step: numpy reads each text with Python's
    float(), as `finite_number` does. A text float() refuses sends the whole column through `finite_number`."""
    numbers = np.full(len(texts), np.nan)
    present = texts != ""
    try:
        numbers[present] = texts[present].astype(float)
    except (TypeError, ValueError):
        return np.array([nan_for_none(finite_number(text)) for text in texts], dtype=float)
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers


def nan_for_none(number: float | None) -> float:
    """A missing number as NaN, which every comparison numpy makes with it finds false, as Python's None checks do."""
    return np.nan if number is None else number


def combined_codes(codes: Sequence[np.ndarray], length: int) -> np.ndarray:
    """One code per distinct combination of the given codes (each at least -1), numbered in the order
    combinations first appear."""
    combined, span = np.zeros(length, dtype=np.int64), 1
    for column in codes:
        radix = int(column.max(initial=-1)) + 2
        if span * radix > _table_limit(length):  # renumbered first, so the product stays small
            combined = _renumbered(combined, span)
            span = int(combined.max(initial=-1)) + 1
        combined, span = combined * radix + column + 1, span * radix
    return _renumbered(combined, span)


def _table_limit(length: int) -> int:
    """The largest span of integers renumbered through a table indexed by them (a few times the values')."""
    return 4 * length + 4096


def _renumbered(values: np.ndarray, span: int) -> np.ndarray:
    """Integers in [0, span) renumbered 0, 1, 2... in the order they first appear, in whole-array steps: numbers
    that already are need no change (the usual case: one column's codes), and a small span goes through a
    table of each number's first position."""
    if not len(values):
        return values
    running = np.maximum.accumulate(values)
    if running[0] == 0 and not (np.diff(running) > 1).any():  # each new number is one more than any before
        return values
    if span > _table_limit(len(values)):
        return factorize(values)[0]
    first = np.full(span, len(values), dtype=np.int64)
    np.minimum.at(first, values, np.arange(len(values)))
    present = np.flatnonzero(first < len(values))
    rank = np.empty(span, dtype=np.int64)
    rank[present[np.argsort(first[present])]] = np.arange(len(present))
    return rank[values]


def first_positions(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes numbered in order of first appearance (as `factorize`)."""
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
