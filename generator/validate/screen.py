"""Which observation rows the figure rules could find something in, worked out over whole columns at once.

The figure rules (`figures._check_figures` and `figures._check_arithmetic`) are written for one row. At
national scale nearly every row has figures of its own, so running them on every row takes seconds; this
screen runs the same tests with numpy over every row at once, and the rules then run, unchanged, only on the
rows it picks, so every message is still theirs. The screen must never pass over a row a rule would report:
each test mirrors one in the rules, reads cells as they do (`finite_number`, Python's float) and does the
same arithmetic in the same order, so the floating-point results are the same.
"""
from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from generator.validate.issues import finite_number
from generator.validate.table import _Table
from generator.validate.vectors import Factorized, combined_codes, first_positions, nan_for_none

FIGURE_COLUMNS = ("value", "lower_ci_95", "upper_ci_95", "count")
# Value types whose value is the count over the denominator, times the indicator's multiplier.
COUNTED_VALUE_TYPES = ("proportion", "crude_rate")
INTERVAL_METHODS = ("wilson", "byar")  # the methods the generator works intervals out by (generator.stats)


@functools.lru_cache(maxsize=65536)
def interval(method: str, count: float, denominator: float, multiplier: float) -> tuple[float, float] | None:
    """The interval the generator's own method gives, once per distinct input: each takes scipy tens of
    microseconds. generator.stats (and so scipy) is imported only when an interval is first checked."""
    from generator import stats

    function = stats.wilson_ci if method == "wilson" else stats.byar_ci
    return function(count, denominator, multiplier=multiplier)


def rounding(text: str) -> float:
    """The most a figure written with these decimals can be off by through rounding (and float error)."""
    return _tolerance(decimals(text))


def _tolerance(decimals: int) -> float:
    return 0.5 * 10 ** -decimals + 1e-9


def decimals(text: str) -> int:
    """How many decimals a figure is written with: what it was rounded to."""
    return len(text.strip().partition(".")[2])


def roundings(texts: np.ndarray) -> np.ndarray:
    """`rounding` of each text, with the same operations: the decimals counted in C, the rounding worked out
    once for each number of decimals."""
    counts = np.fromiter(map(len, map(operator.itemgetter(2), map(operator.methodcaller("partition", "."),
                                                                  map(str.strip, texts)))), dtype=np.int64, count=len(texts))
    distinct, codes = np.unique(counts, return_inverse=True)
    return np.array([_tolerance(int(count)) for count in distinct], dtype=float)[codes.reshape(-1)]


@dataclass
class _Live:
    """The table's columns over its rows with something in them: each function of a cell is worked out once
    per distinct value."""

    table: _Table

    def mapped(self, column: str, function: Callable[[str], object], dtype: type = object) -> np.ndarray:
        return self.table.factorized(column).at(self.table.live).mapped(function, dtype)

    def number(self, column: str) -> np.ndarray:
        return self.table.factorized(column).at(self.table.live).numbers()

    def filled(self, column: str) -> np.ndarray:
        return self.table.factorized(column).at(self.table.live).filled()

    def rounding(self, column: str) -> np.ndarray:
        return self.table.factorized(column).at(self.table.live).remembered("rounding", roundings)


def figure_suspects(table: _Table, statuses: dict[str, bool], exempt: set[str], disclosure: tuple[int, int] | None,
                    arithmetic: dict[str, dict[str, str]]) -> np.ndarray:
    """A mask over the live rows: True where `_check_figures` or `_check_arithmetic` could report something."""
    live = _Live(table)
    checked = live.mapped("status", lambda status: status in statuses, bool)
    has_value = live.mapped("status", lambda status: statuses.get(status, False), bool)
    suspect = checked & ~has_value & np.logical_or.reduce([live.filled(c) for c in FIGURE_COLUMNS])
    value, lower, upper, count = (live.number(c) for c in ("value", "lower_ci_95", "upper_ci_95", "count"))
    with np.errstate(invalid="ignore"):
        figures = ~live.filled("value") | (lower > upper) | (value < lower) | (value > upper)
        if disclosure:
            counts_people = live.mapped("indicator_id", lambda indicator: indicator not in exempt, bool)
            figures |= counts_people & (disclosure[0] <= count) & (count <= disclosure[1])
    suspect |= checked & has_value & figures
    return suspect | (checked & _arithmetic_suspects(live, arithmetic))


def _arithmetic_suspects(live: _Live, arithmetic: dict[str, dict[str, str]]) -> np.ndarray:
    """Rows whose value or interval may disagree with their count and denominator (`_check_arithmetic`)."""
    def setting(function: Callable[[dict[str, str]], object], dtype: type) -> np.ndarray:
        """An indicator's setting (indicators.csv) on each of its rows."""
        return live.mapped("indicator_id", lambda indicator: function(arithmetic.get(indicator, {})), dtype)

    multiplier = setting(lambda s: nan_for_none(finite_number(s.get("multiplier"))), float)
    counted = setting(lambda s: s.get("value_type") in COUNTED_VALUE_TYPES, bool)
    method = setting(lambda s: s.get("ci_method", "") if s.get("ci_method", "") in INTERVAL_METHODS else "", object)
    count, denominator, value = live.number("count"), live.number("denominator"), live.number("value")
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        usable = ((count == np.floor(count)) & (0 <= count) & (count <= denominator) & (denominator > 0)
                  & np.isfinite(multiplier))
        expected = count / denominator * multiplier
        suspect = usable & counted & (np.abs(value - expected) > live.rounding("value"))
        limits = [live.number(c) for c in ("lower_ci_95", "upper_ci_95")]
        wanted = usable & (method != "") & np.isfinite(limits[0]) & np.isfinite(limits[1])
        right = _intervals(wanted, method, count, denominator, multiplier)
        for given, worked_out, column in zip(limits, right, ("lower_ci_95", "upper_ci_95")):
            suspect |= wanted & (np.abs(given - worked_out) > live.rounding(column))
    return suspect


def _intervals(wanted: np.ndarray, method: np.ndarray, count: np.ndarray, denominator: np.ndarray,
               multiplier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The interval the generator's own method gives each wanted row, worked out once per distinct
    (method, count, denominator, multiplier); NaN elsewhere."""
    rows = np.flatnonzero(wanted)
    lower, upper = np.full(len(wanted), np.nan), np.full(len(wanted), np.nan)
    if not len(rows):
        return lower, upper
    inputs = (method[rows], count[rows], denominator[rows], multiplier[rows])
    codes = combined_codes([Factorized.of(column).codes for column in inputs], len(rows))
    worked_out = np.array([interval(str(m), float(c), float(d), float(x)) or (np.nan, np.nan)
                           for m, c, d, x in zip(*(column[first_positions(codes)] for column in inputs))], dtype=float)
    lower[rows], upper[rows] = worked_out[codes, 0], worked_out[codes, 1]
    return lower, upper
