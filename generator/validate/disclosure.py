"""Secondary disclosure control: suppressed counts that the published figures still give away.

Rule: a count of people from suppress_counts_from to suppress_counts_to (reference datapackage.json, 1 to 7)
is never published; the validator refuses one (`count-not-suppressed`). Hiding the cell is not enough when
the cells around it give it back, so this module also refuses:
- a suppressed part of a group whose total and every other part publish counts, since the part is the total
  minus the others (`suppressed-count-recoverable`);
- a suppressed total whose parts all publish counts, since it is their sum (`suppressed-total-recoverable`);
- a row with an empty count but a value and a denominator that give a count in the range
  (`count-implied-by-rate`).

Method: groups (partitions) come from the reference data, never from category ids written here:
- the categories of a dimension add up to the category its `adds_up_to` names in dimensions.csv (all
  fifths, tenths or ethnic groups, with their unknown categories, to `total`; male and female to `persons`);
- the categories of one dimension that share a parent_category_id add up to that parent (two tenths to
  their fifth, the 19 ethnic groups to the 5).
A group is checked within one indicator, area, period and every other category column, so figures of
different periods, areas, sexes or ages are never added together. A count is known when it is published,
or when a rate gives it: count = value * denominator / multiplier (indicators.csv), for value types where
value = count / denominator * multiplier. Indicators with counts_people false are exempt, as in primary
suppression.

References: Hundepool A et al. (2024) Handbook on Statistical Disclosure Control, 2nd edition, chapter 5
"Frequency tables" (primary and secondary cell suppression; https://sdctools.github.io/HandbookSDC/);
the tools it describes for finding an optimal pattern: tau-ARGUS, sdcTable (Meindl), GaussSuppression
(Statistics Norway).

Speed: the tests run over whole columns (numpy) to find the few rows and groups that could give a count
away; the rules below, written for one row or group, then run on those alone, so the messages are theirs.

Caveats: this audits one group at a time; it does not solve the linear system of every group at once, so a
count worked out through two levels (tenths to fifths to the total) or across two tables can be missed.
It suggests a cell to suppress, not an optimal pattern, and one more suppression can expose another group
(suppressing a fifth whose two tenths are published), so check again after fixing. Implied counts come
from rounded rates and are rounded to the nearest whole number, so one just outside the range can still
be inside it. A denominator of a suppressed row gives away no count, so it is never refused.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple, Protocol, TypeVar

import numpy as np

from generator.validate.issues import finite_number
from generator.validate.table import _Table
from generator.validate.vectors import Factorized, combined_codes, first_positions

SUPPRESSED = "suppressed"
# Category columns of observations.csv: a dimension named like one of them lives in it (sex, age);
# every other dimension, including total, lives in breakdown.
CATEGORY_COLUMNS = ("sex", "age", "breakdown")
KEY_COLUMNS = ("indicator_id", "area_code", "period", *CATEGORY_COLUMNS)
# Value types where value = count / denominator * multiplier exactly (up to rounding). A standardised
# rate, a median of practices or a number of years gives no count this way.
RATE_VALUE_TYPES = ("proportion", "crude_rate")

IssueT = TypeVar("IssueT")
MakeIssue = Callable[..., IssueT]  # make_issue(code, file, line, field, **values), as validate's _issue


class Records(Protocol):
    def records(self) -> Iterable[tuple[int, dict[str, str]]]: ...


class ObservationTable(Records, Protocol):
    file: str


class ReferenceTables(Protocol):
    """What the validator's reference package already offers: its tables by name, and the range."""

    tables: Mapping[str, Records]

    def disclosure_range(self) -> tuple[int, int] | None: ...


@dataclass(frozen=True)
class Partition:
    """Categories (parts) of one observations column that add up to another category (whole)."""

    column: str
    whole: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    low: int
    high: int
    partitions: tuple[Partition, ...]
    multipliers: Mapping[str, float]  # indicators with a rate value type
    exempt: frozenset[str]  # indicators whose counts are not of people


class _Cell(NamedTuple):
    line: int
    category: str
    status: str
    count: float | None  # published, or implied by the rate


def disclosure_issues(table: ObservationTable, reference: ReferenceTables,
                      make_issue: MakeIssue) -> Iterator[IssueT]:
    """Every secondary-disclosure problem of an observations table, made with make_issue.

    `table` needs `file` and `records()` (line, row of raw strings), or is the validator's table, read by
    column; `reference` needs `tables` with categories, dimensions and indicators (each with `records()`) and
    `disclosure_range()`, as the validator's reference package has. Nothing is checked without a disclosure range.
    """
    rules = rules_for(reference)
    if rules is None:
        return
    frame = _Frame.of(table)
    frame = frame.only(~(frame.has_indicator & frame.mapped("indicator_id", lambda i: i in rules.exempt, bool)))
    known = _known_counts(frame, rules)
    for index in np.flatnonzero(_rate_suspects(frame, rules)).tolist():
        yield from _rate_issues(table.file, int(frame.lines[index]), frame.row(index), rules, make_issue)
    yield from _partition_issues(table.file, frame, rules, known, make_issue)


@dataclass
class _Frame:
    """The cells the rules read, as factorised columns over the rows with something in them, with each row's
    line and whether it has an indicator_id cell at all (a row without one is checked, as `row.get` gives None)."""

    columns: dict[str, Factorized]
    lines: np.ndarray
    has_indicator: np.ndarray

    @classmethod
    def of(cls, table: ObservationTable) -> _Frame:
        """The validator's table read by column; any other from its records (as in the tests)."""
        if isinstance(table, _Table):
            live, position = table.live, table.positions.get("indicator_id")
            has_indicator = table.widths[live] > position if position is not None else np.zeros(len(live), dtype=bool)
            return cls({c: table.factorized(c).at(live) for c in _READ}, table.lines[live], has_indicator)
        records = list(table.records())
        return cls({c: Factorized.of(np.array([row.get(c, "") for _, row in records], dtype=object)) for c in _READ},
                   np.array([line for line, _ in records], dtype=np.int64),
                   np.array(["indicator_id" in row for _, row in records], dtype=bool))

    def only(self, rows: np.ndarray) -> _Frame:
        """The same cells of some of the rows."""
        return _Frame({c: cells.at(rows) for c, cells in self.columns.items()}, self.lines[rows], self.has_indicator[rows])

    def mapped(self, column: str, function: Callable[[str], object], dtype: type) -> np.ndarray:
        return self.columns[column].mapped(function, dtype)

    def cell(self, column: str, index: int) -> str:
        factorized = self.columns[column]
        return factorized.values[factorized.codes[index]]

    def row(self, index: int) -> dict[str, str]:
        """One row's cells, as the rules written for a row read them."""
        return {c: self.cell(c, index) for c in self.columns}


_READ = (*KEY_COLUMNS, "value", "denominator", "count", "status")


def _known_counts(frame: _Frame, rules: Rules) -> np.ndarray:
    """Each row's count as `_cell` knows it: published, or implied by its rate; NaN when neither."""
    count = frame.columns["count"].numbers()
    return np.where(np.isnan(count), _implied_counts(frame, rules), count)


def _implied_counts(frame: _Frame, rules: Rules) -> np.ndarray:
    """`_implied_count` of every row at once: the same floating-point operations, in the same order."""
    multiplier = frame.mapped("indicator_id", lambda i: rules.multipliers.get(i, np.nan), float)
    value, denominator = frame.columns["value"].numbers(), frame.columns["denominator"].numbers()
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return np.floor(value * denominator / multiplier + 0.5)


def _rate_suspects(frame: _Frame, rules: Rules) -> np.ndarray:
    """Rows `_rate_issues` reports: no count written, not suppressed, and a rate implying a count in the range."""
    empty = ~frame.columns["count"].filled()
    implied = _implied_counts(frame, rules)
    suppressed = frame.mapped("status", lambda status: status == SUPPRESSED, bool)
    return empty & ~suppressed & (rules.low <= implied) & (implied <= rules.high)


@lru_cache(maxsize=8)  # one reference per run; the validator's reference is hashed by identity
def rules_for(reference: ReferenceTables) -> Rules | None:
    limits = reference.disclosure_range()
    if limits is None:
        return None
    records = {name: [row for _, row in reference.tables[name].records()] if name in reference.tables else []
               for name in ("categories", "dimensions", "indicators")}
    return rules_from_records(limits, records["categories"], records["dimensions"], records["indicators"])


def rules_from_records(limits: tuple[int, int], categories: list[dict], dimensions: list[dict],
                       indicators: list[dict]) -> Rules:
    """The rules from plain rows of the reference categories.csv, dimensions.csv and indicators.csv."""
    # .get throughout: a broken reference header is reported by the validator, and must not crash this.
    multipliers = {row.get("indicator_id", ""): float(row["multiplier"]) for row in indicators
                   if row.get("value_type") in RATE_VALUE_TYPES and finite_number(row.get("multiplier"))}
    exempt = frozenset(row.get("indicator_id", "") for row in indicators
                       if row.get("counts_people", "").strip() == "false")
    return Rules(limits[0], limits[1], _partitions(categories, dimensions), multipliers, exempt)


def _partitions(categories: list[dict], dimensions: list[dict]) -> tuple[Partition, ...]:
    dimension_of = {row.get("category_id", ""): row.get("dimension_id", "") for row in categories}
    # Every category of a dimension adds up to its adds_up_to.
    groups = [(row.get("adds_up_to", "").strip(), [c for c, d in dimension_of.items() if d == row.get("dimension_id")])
              for row in dimensions]
    children: dict[tuple[str, str], list[str]] = {}
    for row in categories:  # the categories of one dimension sharing a parent add up to it
        if row.get("parent_category_id", "").strip():
            key = (row["parent_category_id"].strip(), row.get("dimension_id", ""))
            children.setdefault(key, []).append(row.get("category_id", ""))
    groups += [(parent, members) for (parent, _), members in children.items()]
    found = []
    for whole, members in groups:
        parts = tuple(c for c in members if c != whole)
        column = _column(dimension_of.get(whole, ""))
        if whole in dimension_of and parts and all(_column(dimension_of[c]) == column for c in parts):
            found.append(Partition(column, whole, parts))
    return tuple(dict.fromkeys(found))  # a group given both ways is checked once


def _column(dimension: str) -> str:
    return dimension if dimension in CATEGORY_COLUMNS else "breakdown"


# --- Counts given away by a rate ----------------------------------------------------------------------------

def _implied_count(row: dict, rules: Rules) -> float | None:
    multiplier = rules.multipliers.get(row.get("indicator_id", ""))
    value, denominator = finite_number(row.get("value")), finite_number(row.get("denominator"))
    if multiplier is None or value is None or denominator is None:
        return None
    return math.floor(value * denominator / multiplier + 0.5)


def _rate_issues(file: str, line: int, row: dict, rules: Rules, make_issue: MakeIssue) -> Iterator[IssueT]:
    if row.get("count", "").strip() or row.get("status") == SUPPRESSED:
        return  # a published count, or a figure in a suppressed row, is primary suppression's business
    implied = _implied_count(row, rules)
    if implied is not None and rules.low <= implied <= rules.high:
        yield make_issue("count-implied-by-rate", file, line, "denominator", value=row["value"],
                         detail=row["denominator"], number=int(implied), low=rules.low, high=rules.high,
                         suppressed=SUPPRESSED)


# --- Counts given away by a total and its other parts ---------------------------------------------------------

def _cell(line: int, row: dict, column: str, rules: Rules) -> _Cell:
    count = finite_number(row.get("count"))
    known = _implied_count(row, rules) if count is None else count
    return _Cell(line, row.get(column, ""), row.get("status", ""), known)


def _is_suppressed(cell: _Cell) -> bool:
    return cell.status == SUPPRESSED and cell.count is None


def _partition_issues(file: str, frame: _Frame, rules: Rules, known: np.ndarray,
                      make_issue: MakeIssue) -> Iterator[IssueT]:
    """Each group whose total and parts give a suppressed count away, found over whole columns, then described
    by `_group_issues` from the cells of its rows."""
    suppressed = frame.mapped("status", lambda status: status == SUPPRESSED, bool) & np.isnan(known)
    for column in CATEGORY_COLUMNS:
        partitions = [partition for partition in rules.partitions if partition.column == column]
        if not partitions:
            continue
        others = [c for c in KEY_COLUMNS if c != column]
        key = combined_codes([frame.columns[c].codes for c in others], len(frame.lines))
        category = frame.columns[column]
        first = np.zeros(len(key), dtype=bool)  # the first of duplicates wins
        first[first_positions(combined_codes([key, category.codes], len(key)))] = True
        counts = _Counts(key, category, first, ~np.isnan(known), suppressed)
        for partition in partitions:
            for rows in counts.exposed(partition):
                cells = {frame.cell(column, i): _cell(int(frame.lines[i]), frame.row(i), column, rules) for i in rows}
                described = tuple(frame.cell(c, rows[0]) for c in others)
                yield from _group_issues(file, described, cells, partition, make_issue)


@dataclass
class _Counts:
    """The rows of one category column, with their group key (every other key column), to count each group's
    known and suppressed parts."""

    key: np.ndarray
    category: Factorized
    first: np.ndarray
    known: np.ndarray
    suppressed: np.ndarray

    @cached_property
    def code_of(self) -> dict[str, int]:
        """Each category's code, for every partition of the column."""
        return {value: code for code, value in enumerate(self.category.values)}

    def exposed(self, partition: Partition) -> Iterator[list[int]]:
        """The rows (the whole first, then its parts) of each group where the partition's counts may give a
        suppressed one away: `_group_issues`'s conditions, counted over every group at once."""
        code_of = self.code_of
        if partition.whole not in code_of or any(part not in code_of for part in partition.parts):
            return
        weight = np.zeros(len(self.category.values))
        for part in partition.parts:  # a part listed twice counts twice, as in _group_issues
            weight[code_of[part]] += 1
        wholes = np.flatnonzero(self.first & (self.category.codes == code_of[partition.whole]))
        parts = np.flatnonzero(self.first & (weight[self.category.codes] > 0))
        groups, inverse = np.unique(self.key[parts], return_inverse=True)
        if not len(groups):
            return
        found = np.minimum(np.searchsorted(groups, self.key[wholes]), len(groups) - 1)
        present, hidden, known = (np.bincount(inverse, weights=w, minlength=len(groups))[found] for w in
                                  (np.ones(len(parts)), (weight[self.category.codes] * self.suppressed)[parts],
                                   (weight[self.category.codes] * self.known)[parts]))
        size = len(partition.parts)
        exposed = (groups[found] == self.key[wholes]) & (present == len(set(partition.parts))) & (
            (self.known[wholes] & (hidden == 1) & (known == size - 1)) | (self.suppressed[wholes] & (known == size)))
        order = np.argsort(inverse, kind="stable")
        starts = np.concatenate([[0], np.cumsum(np.bincount(inverse, minlength=len(groups)))])
        for whole, group in zip(wholes[exposed].tolist(), found[exposed].tolist()):
            yield [whole, *parts[order[starts[group]:starts[group + 1]]].tolist()]


def _group_issues(file: str, key: tuple, cells: dict[str, _Cell], partition: Partition,
                  make_issue: MakeIssue) -> Iterator[IssueT]:
    whole = cells[partition.whole]
    parts = [cells.get(category) for category in partition.parts]
    if any(part is None for part in parts):
        return  # a part with no row: the difference mixes it with the hidden one
    hidden = [part for part in parts if _is_suppressed(part)]
    known = [part for part in parts if part.count is not None]
    described = _describe(key, partition)
    if whole.count is not None and len(hidden) == 1 and len(known) == len(parts) - 1:
        yield make_issue("suppressed-count-recoverable", file, hidden[0].line, "status", key=described,
                         other_line=_lines([whole, *known]),
                         suggestion=f"{_smallest(known)}, or the total on line {whole.line}")
    elif _is_suppressed(whole) and len(known) == len(parts):
        yield make_issue("suppressed-total-recoverable", file, whole.line, "status", key=described,
                         other_line=_lines(known), suggestion=_smallest(known))


def _describe(key: tuple, partition: Partition) -> str:
    """The group in words: its fixed key columns, then what adds up to what."""
    fixed = ", ".join(value for value in key if value)
    return f"{fixed}: {' + '.join(partition.parts)} = {partition.whole}"


def _smallest(known: list[_Cell]) -> str:
    cell = min(known, key=lambda c: (c.count, c.line))
    return f"line {cell.line} ({cell.category}, count {cell.count:g}), the smallest published part"


def _lines(cells: list[_Cell]) -> str:
    numbers = sorted(cell.line for cell in cells)
    shown = [str(n) for n in numbers]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
