"""Census 2021 ethnic group (table TS021) for every system, place and England, and where ethnicity and
deprivation meet: the share of each group's residents who live in England's most deprived 20% of
neighbourhoods (IMD 2025 deciles 1 and 2).

Counts are sums of neighbourhood (LSOA) counts; nothing is modelled. Which ONS column is which category
comes from the reference categories (labels and parents), not from a list here. Counts of people from 1 to
7 are hidden, and then as few other counts as it takes so that no hidden count is the difference between a
whole and its other parts (`hidden_cells`), because the validator refuses a count that can be worked out.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.importer.areas import CENSUS_ETHNICITY, CENSUS_TOTAL, ENGLAND, EVERYONE, Boundaries
from generator.importer.raw import ImportProblem, RawData

PERIOD = "2021"
PREFIX = "Ethnic group: "
SUPPRESS_FROM, SUPPRESS_TO = 1, 7  # the reference package's disclosure control
POPULATION, IN_CORE20 = "residents_by_ethnic_group", "residents_in_core20"
HIDDEN_NOTE = "Hidden to protect privacy: fewer than 8 people, or a count that would give one away."


def ethnic_columns(census: pd.DataFrame, categories: pd.DataFrame) -> dict[str, str]:
    """ONS column -> category id: 'Ethnic group: White' is the 5-group category labelled 'White', and
    'Ethnic group: White: Roma' the 19-group category 'Roma' whose parent is it."""
    five = categories[categories.dimension_id == "ethnicity_5"]
    nineteen = categories[categories.dimension_id == "ethnicity_19"]
    label_of = dict(zip(five.category_id, five.label))
    wanted = {f"{PREFIX}{row.label}": row.category_id for row in five.itertuples() if row.is_unknown != "true"}
    wanted.update({f"{PREFIX}{label_of[row.parent_category_id]}: {row.label}": row.category_id
                   for row in nineteen.itertuples()})
    missing = sorted(set(wanted) - set(census.columns))
    if missing:
        raise ImportProblem(f"{CENSUS_ETHNICITY} has no column {missing[0]!r} for an ethnic group in categories.csv.")
    return wanted


def groups_of(categories: pd.DataFrame, columns: Mapping[str, str]) -> dict[str, list[str]]:
    """Each whole with the parts that add up to it: everyone (EVERYONE) with the 5 groups, each group with its detail."""
    used = set(columns.values())
    parents = categories.set_index("category_id").parent_category_id
    groups: dict[str, list[str]] = {}
    for category in sorted(used):
        groups.setdefault(parents[category] if parents[category] in used else EVERYONE, []).append(category)
    return groups


def hidden_cells(counts: Mapping[str, int], groups: Mapping[str, list[str]], hidden: set[str] | None = None) -> set[str]:
    """The cells of one table to hide: every count from 1 to 7 (and any already hidden), then, while a group
    (a whole and its parts) has exactly one hidden cell, also its smallest other part, preferring one above 7."""
    hidden = set(hidden or ()) | {c for c, n in counts.items() if SUPPRESS_FROM <= n <= SUPPRESS_TO}
    changed = True
    while changed:
        changed = False
        for whole, parts in groups.items():
            cells = [whole, *parts]
            if sum(c in hidden for c in cells) != 1:
                continue
            shown = sorted((c for c in parts if c not in hidden), key=lambda c: (counts[c] <= SUPPRESS_TO, counts[c], c))
            if shown:
                hidden.add(shown[0])
                changed = True
    return hidden


def ethnicity_observations(raw: RawData, boundaries: Boundaries, categories: pd.DataFrame,
                           places: pd.DataFrame) -> pd.DataFrame:
    """Residents by ethnic group, and the share of each group living in Core20 neighbourhoods, for every ICB
    package (its own boundaries), its places and England."""
    census = raw[CENSUS_ETHNICITY]
    columns = ethnic_columns(census, categories)
    groups = groups_of(categories, columns)
    counts = census.rename(columns={"geography code": "lsoa21_code", CENSUS_TOTAL: EVERYONE, **columns})
    counts = counts[["lsoa21_code", EVERYONE, *columns.values()]]
    counts = counts.set_index("lsoa21_code").astype(int)
    lsoas = boundaries.lsoas.merge(raw["imd2025_lsoa21.csv"], on="lsoa21_code", validate="one_to_one").set_index("lsoa21_code")
    core20 = lsoas.imd_decile.isin(["1", "2"])
    rows = []
    for icb_column, codes in (("icb24_code", sorted(set(lsoas.icb24_code))), ("icb26_code", boundaries.new)):
        for code in codes:
            members = lsoas.index[lsoas[icb_column] == code]
            rows += _area_rows(code, code, counts.loc[members], core20[members], groups)
    by_place = lsoas.groupby("lad24_code").groups
    for place in places.itertuples():
        members = by_place[place.area_code]
        rows += _area_rows(place.icb_code, place.area_code, counts.loc[members], None, groups)
    rows += _area_rows(ENGLAND, ENGLAND, counts.loc[lsoas.index], core20, groups)
    return pd.DataFrame(rows)


def _area_rows(package: str, area_code: str, counts: pd.DataFrame, core20: pd.Series | None,
               groups: Mapping[str, list[str]]) -> list[dict]:
    """One area's rows: its residents by group, and (for systems and England) the share of each group in Core20."""
    population = counts.sum().astype(int).to_dict()
    hidden = hidden_cells(population, groups)
    rows = [_row(package, area_code, POPULATION, category, population[category], population[EVERYONE],
                 category in hidden, "census2021_ts021") for category in population if category != EVERYONE]
    if core20 is not None:
        deprived = counts[core20.reindex(counts.index).to_numpy()].sum().astype(int).to_dict()
        hidden_here = hidden_cells(deprived, groups, hidden)
        rows += [_row(package, area_code, IN_CORE20, category, deprived[category], population[category],
                      category in hidden_here, "census2021_imd2025") for category in deprived]
    return rows


def _row(package: str, area_code: str, indicator: str, category: str, count: int, denominator: int, hidden: bool,
         source_id: str) -> dict:
    row = {"package": package, "indicator_id": indicator, "area_code": area_code, "period": PERIOD, "sex": "persons",
           "age": "all_ages", "breakdown": category, "source_id": source_id}
    if hidden:
        return {**row, "status": "suppressed", "note": HIDDEN_NOTE}
    value = repr(round(100 * count / denominator, 4)) if denominator else ""
    return {**row, "count": str(count), "denominator": str(denominator), "value": value,
            "status": "published" if denominator else "not_available",
            "note": "" if denominator else "No residents in this group here, so no share can be worked out."}
