"""The reference package's tables, indexed for the compute and page stages, with the lookups they share:
labels, formats and what the vocabulary means (which area is England, what a deprivation scale ranks).

Meaning lives in the data (areas.csv, dimensions.csv, categories.csv), never in ids or constants here.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from generator.load import Dataset
from generator.stats import format_interval, format_value
from generator.wording import join_names


class Record(dict):
    """A row of a reference table, its columns read by key or by attribute, as a pandas row's are (but with no
    `.name` of its own: `row.name` is the row's name column)."""

    def __getattr__(self, column: str):
        try:
            return self[column]
        except KeyError:
            raise AttributeError(column) from None


@dataclass(frozen=True)
class Reference:
    """Reference tables indexed for page building."""

    areas: pd.DataFrame
    indicators: pd.DataFrame
    categories: pd.DataFrame
    statuses: pd.DataFrame
    groups: pd.DataFrame
    dimensions: pd.DataFrame
    topic_titles: dict
    years_spanned: dict
    phases: pd.DataFrame
    subtopics: pd.DataFrame
    levels: pd.DataFrame
    area_changes: pd.DataFrame  # former area -> successor, with the share of residents that moved
    boundary_sets: pd.DataFrame  # the maps figures are drawn on, by id

    @classmethod
    def of(cls, dataset: Dataset) -> "Reference":
        ref = dataset.reference
        return cls(areas=ref.tables["areas"].set_index("area_code", drop=False),
                   indicators=ref.tables["indicators"].set_index("indicator_id", drop=False),
                   categories=ref.tables["categories"].set_index("category_id", drop=False),
                   statuses=ref.tables["observation_statuses"].set_index("status", drop=False),
                   groups=ref.tables["community_groups"].set_index("group_id", drop=False),
                   dimensions=ref.tables["dimensions"].set_index("dimension_id", drop=False),
                   topic_titles=_topic_titles(ref.tables["framework_phases"], ref.tables["framework_subtopics"]),
                   years_spanned=dict(zip(ref.tables["period_types"].period_type, ref.tables["period_types"].years_spanned.astype(int))),
                   phases=ref.tables["framework_phases"], subtopics=ref.tables["framework_subtopics"],
                   levels=ref.tables["maturity_levels"],
                   area_changes=ref.tables.get("area_changes", pd.DataFrame(columns=_AREA_CHANGE_COLUMNS)),
                   boundary_sets=ref.tables.get("boundary_sets", pd.DataFrame(columns=_BOUNDARY_SET_COLUMNS))
                   .set_index("boundary_set_id", drop=False))

    @functools.cached_property
    def england(self) -> str:
        """England's area code: the one area of type "country" in areas.csv."""
        return self.areas.index[self.areas.area_type == "country"][0]

    @functools.cached_property
    def everyone(self) -> str:
        """The breakdown of a figure that is not broken down: the one category of the dimension marked
        no_breakdown in dimensions.csv (the validator requires exactly one such dimension, of one category)."""
        marked = self.dimensions.index[self.dimensions.no_breakdown.eq(True).fillna(False)]
        return self.in_order(marked[0])[0]

    @functools.cached_property
    def practice_fifths(self) -> list[str]:
        """The categories of the deprivation scale that ranks GP practices (ranks "practices" in dimensions.csv),
        most deprived first; none when the reference has no such scale."""
        scales = [d for d in self.dimensions.dimension_id if self.ranks(d) == "practices"]
        return self.in_order(scales[0], known_only=True) if scales else []

    def successors(self, area_code: str) -> list[tuple[str, float]]:
        """The areas that took over a former area, with the share of its residents each took, largest first."""
        rows = self.area_changes[self.area_changes.area_code == area_code]
        return sorted(zip(rows.successor_code, rows.share_of_residents.astype(float)), key=lambda r: (-r[1], r[0]))

    def predecessors(self, area_code: str) -> list[tuple[str, float]]:
        """The former areas a new area was formed from, with the share of each one's residents it took."""
        rows = self.area_changes[self.area_changes.successor_code == area_code]
        return sorted(zip(rows.area_code, rows.share_of_residents.astype(float)), key=lambda r: r[0])

    def boundary_names(self, sources: list) -> dict[str, str]:
        """Source id -> 'ICBs since April 2026 and Local authorities since April 2023': the names of the boundary
        sets each source of a package says it uses."""
        names = self.boundary_sets["name"].to_dict() if len(self.boundary_sets) else {}
        return {s["id"]: join_names([names.get(b, b) for b in s["boundaries"]]) for s in sources
                if isinstance(s, dict) and isinstance(s.get("boundaries"), list) and s["boundaries"] and "id" in s}

    def dimension_name(self, dimension_id: str) -> str:
        return self._dimension_names.get(dimension_id, dimension_id)

    def ranks(self, dimension_id: str) -> str:
        """What a deprivation scale ranks, from dimensions.csv: "areas" or "practices"; "" for any other
        dimension."""
        value = self._dimension_ranks.get(dimension_id)
        return value if isinstance(value, str) else ""

    def is_deprivation(self, dimension_id: str) -> bool:
        """Deprivation scales (fifths and tenths of any kind): their ends are compared as a gap."""
        return bool(self.ranks(dimension_id))

    def is_whole(self, category_id: str) -> bool:
        """True for the category the others of its dimension add up to (dimensions.csv's adds_up_to), such
        as persons for sex: the figure for everyone, which needs no words to say whom it is for."""
        return category_id in self._wholes

    def noun(self, category_id: str) -> str:
        """The people a category names, for a sentence: 'women' from categories.csv's label 'Women'; ''
        for the whole (`is_whole`)."""
        if self.is_whole(category_id):
            return ""
        label = self.label(category_id)
        return label[:1].lower() + label[1:]

    def label(self, category_id: str) -> str:
        return self._labels.get(category_id, category_id)

    def indicator(self, indicator_id: str) -> Record:
        """An indicator's row of indicators.csv, its columns by key or attribute (KeyError for an unknown id)."""
        return self._indicator_rows[indicator_id]

    def dimension_of(self, category_id: str) -> str:
        """The dimension a category belongs to (KeyError for an unknown category)."""
        return self._category_dimensions[category_id]

    def in_order(self, dimension_id: str, known_only: bool = False) -> list[str]:
        """A dimension's categories in their reference order (categories.csv's sequence); known_only leaves out
        the one for people whose category is not recorded."""
        return self._ordered_categories[(dimension_id, known_only)] if (dimension_id, known_only) in self._ordered_categories else []

    @functools.cached_property
    def _ordered_categories(self) -> dict[tuple[str, bool], list[str]]:
        found: dict[tuple[str, bool], list[str]] = {}
        for row in self.categories.sort_values("sequence", kind="stable").itertuples(index=False):
            found.setdefault((row.dimension_id, False), []).append(row.category_id)
            if pd.notna(row.is_unknown) and not row.is_unknown:  # as the filter is_unknown != True reads it
                found.setdefault((row.dimension_id, True), []).append(row.category_id)
        return found

    # Pages look these up thousands of times: each reference table is read into a dict once.
    @functools.cached_property
    def _indicator_rows(self) -> dict[str, Record]:
        return {row["indicator_id"]: Record(row) for row in self.indicators.to_dict("records")}

    @functools.cached_property
    def _category_dimensions(self) -> dict[str, str]:
        return dict(zip(self.categories.category_id, self.categories.dimension_id))

    @functools.cached_property
    def _labels(self) -> dict[str, str]:
        return dict(zip(self.categories.category_id, self.categories.label))

    @functools.cached_property
    def _dimension_names(self) -> dict[str, str]:
        return dict(zip(self.dimensions.dimension_id, self.dimensions["name"]))

    @functools.cached_property
    def _dimension_ranks(self) -> dict[str, str]:
        return dict(zip(self.dimensions.dimension_id, self.dimensions.ranks))

    @functools.cached_property
    def _wholes(self) -> set[str]:
        """The categories that are the whole of their dimension (dimensions.csv's adds_up_to)."""
        adds_up_to = dict(zip(self.dimensions.dimension_id, self.dimensions.adds_up_to))
        return {c for c, d in zip(self.categories.category_id, self.categories.dimension_id) if adds_up_to.get(d) == c}

    @functools.cached_property
    def _number_formats(self) -> dict[str, tuple[int, str]]:
        """(decimals, unit) of each indicator: pages format thousands of numbers, so looked up once."""
        return {i: (int(d), u) for i, d, u in zip(self.indicators.indicator_id, self.indicators.decimals, self.indicators.unit)}

    @functools.cached_property
    def _status_marks(self) -> dict[str, tuple[str, str]]:
        return {s: (symbol, label) for s, symbol, label in zip(self.statuses.status, self.statuses.symbol, self.statuses.label)}

    def format(self, indicator_id: str, value) -> str:
        return format_value(value, *self._number_formats[indicator_id])

    def interval(self, indicator_id: str, lower, upper) -> str:
        if pd.isna(lower) or pd.isna(upper):
            return "not available"
        return format_interval(lower, upper, *self._number_formats[indicator_id])

    def cell(self, indicator_id: str, row: pd.Series) -> str:
        """A value for a table: the number, or the status symbol; provisional figures keep their mark."""
        status = self._status_marks.get(row.status)
        symbol = "" if status is None else status[0]
        if pd.isna(row.value):
            shown = f"{symbol} {status[1].lower()}".strip() if status is not None else "not available"
            note = getattr(row, "note", "")  # a row as a Series or a named tuple
            return f"{shown}: {note}" if isinstance(note, str) and note else shown
        shown = self.format(indicator_id, row.value)
        return f"{shown} {symbol}".strip()


_BOUNDARY_SET_COLUMNS = ["boundary_set_id", "name", "area_type", "valid_from", "valid_to"]
_AREA_CHANGE_COLUMNS = ["area_code", "successor_code", "changed_on", "neighbourhoods", "residents", "share_of_residents"]


def _topic_titles(phases: pd.DataFrame, subtopics: pd.DataFrame) -> dict[str, str]:
    """'1b' -> '1b Reviewing evidence (Check)'; '2' -> 'Phase 2: Challenge (whole phase)'."""
    names = dict(zip(phases.phase_number.astype(int), phases["name"]))
    titles = {str(n): f"Phase {n}: {name} (whole phase)" for n, name in names.items()}
    titles.update({s.subtopic_code: f"{s.subtopic_code} {s.title} ({names.get(int(s.phase_number), '')})"
                   for s in subtopics.itertuples()})
    return titles
