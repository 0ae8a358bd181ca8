"""Compute stage: the measures pages show, each worked out once per build by one rule, as tidy tables.

Pages look figures up here and format them, so two pages that show the same figure cannot disagree about
it. Today's tables:

- `comparisons`: every whole-area figure of every system (all periods), with England's and its NHS England
  region's figure for the same indicator, sex, age and period, and Fingertips' comparison with each.
  Matching age matters: an indicator published for several age bands is compared band by band.
- `trends`: the recent trend of each system's whole-area series (one indicator, sex and age).

First, `with_confidence_intervals` gives every figure that has a count and a denominator but no published
limits the 95% interval its indicator's ci_method names (Wilson, Byar), as the indicator pages promise.

Runs after validation and loading (generator.validate, generator.load), before the page stage.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from generator import stats
from generator.load import Dataset, Package, row_sources
from generator.reference import Reference

if TYPE_CHECKING:
    from generator.pages.plan import SystemPage

SERIES = ["area_code", "indicator_id", "sex", "age"]  # one line on a chart
KEY = [*SERIES, "period"]  # one figure
BENCHMARKS = ("england", "region")  # each gives columns {name}_value, {name}_source and {name}_label


@dataclass(frozen=True)
class Measures:
    comparisons: pd.DataFrame  # the systems' whole-area observation rows in KEY order, plus the benchmarks
    trends: pd.Series  # recent trend label, indexed by SERIES

    def figures(self, area_codes, indicator_id: str | None = None) -> pd.DataFrame:
        """The whole-area figures of these systems, of one indicator or all, with their comparisons, in KEY
        order (KEY as columns)."""
        chosen = self.comparisons.area_code.isin(set(area_codes)).to_numpy()
        if indicator_id is not None:
            chosen = chosen & self.comparisons.indicator_id.eq(indicator_id).to_numpy()
        return self.comparisons[chosen].reset_index(drop=True)

    def trend(self, area_code: str, indicator_id: str, sex: str, age: str) -> str:
        return self.trends.get((area_code, indicator_id, sex, age), stats.CANNOT_CALCULATE)


def with_confidence_intervals(dataset: Dataset, ref: Reference) -> Dataset:
    """The dataset with every package's observations through stats.fill_confidence_intervals."""
    def filled(package: Package) -> Package:
        if "observations" not in package.tables:
            return package
        observations = stats.fill_confidence_intervals(package.tables["observations"], ref.indicators.reset_index(drop=True))
        return Package(package.folder, package.descriptor, {**package.tables, "observations": observations})
    return Dataset(reference=dataset.reference, packages=[filled(p) for p in dataset.packages])


def compute(dataset: Dataset, ref: Reference, systems: list[SystemPage]) -> Measures:
    """The measures of these systems (the site plan's, which have pages)."""
    comparisons = _comparisons(dataset, ref, systems)
    return Measures(comparisons=comparisons, trends=_trends(comparisons, ref))


def _whole_area_rows(systems: list[SystemPage], ref: Reference) -> pd.DataFrame:
    frames = []
    for system in systems:
        obs = system.package.table("observations")
        frames.append(obs[(obs.area_code == system.area_code) & (obs.breakdown == ref.everyone)].assign(
            package=system.area_code, region_code=system.region_code))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*KEY, "region_code"])


def _benchmark_rows(dataset: Dataset, ref: Reference) -> pd.DataFrame:
    """England's package's whole-area figures (England and its regions): one per area and KEY."""
    england = dataset.package(ref.england)
    if england is None:
        return pd.DataFrame(columns=[*KEY, "value", "_file", "_line"])
    obs = england.table("observations")
    return obs[obs.breakdown == ref.everyone].drop_duplicates(KEY)


def _comparisons(dataset: Dataset, ref: Reference, systems: list[SystemPage]) -> pd.DataFrame:
    rows = _whole_area_rows(systems, ref)
    national = _benchmark_rows(dataset, ref)
    sources = national.assign(value=national.value.astype("float64"), source=row_sources(national))[[*KEY, "value", "source"]]
    for name in BENCHMARKS:
        found = sources.rename(columns={"area_code": "benchmark_code", "value": f"{name}_value",
                                        "source": f"{name}_source"})
        rows = rows.assign(benchmark_code=ref.england if name == "england" else rows.region_code)
        rows = rows.merge(found, how="left", on=["benchmark_code", *KEY[1:]], validate="many_to_one")
        rows[f"{name}_label"] = _labels(rows, f"{name}_value", ref)
    return rows.drop(columns="benchmark_code").sort_values(KEY, kind="stable").reset_index(drop=True)


def _labels(rows: pd.DataFrame, benchmark_column: str, ref: Reference) -> list[str]:
    """Fingertips' comparison of each figure with a benchmark; an indicator that is not compared with
    England (indicators.csv's comparator) is not compared with any benchmark."""
    indicators = ref.indicators
    compared = rows.indicator_id.map(indicators.comparator).eq("england")
    polarity = rows.indicator_id.map(indicators.polarity)
    return [stats.compare_to_benchmark(value, lower, upper, benchmark, pole) if ok and pd.notna(benchmark)
            else stats.NOT_COMPARED
            for value, lower, upper, benchmark, pole, ok in zip(rows.value, rows.lower_ci_95, rows.upper_ci_95,
                                                               rows[benchmark_column], polarity, compared)]


def _trends(rows: pd.DataFrame, ref: Reference) -> pd.Series:
    """Fingertips' recent-trend label over each series' latest five periods, where Fingertips would
    work one out (stats.can_assess_trend). rows are in KEY order, so each series' periods are in order."""
    recent = rows.groupby(SERIES, sort=False).tail(stats.TREND_POINTS)
    keys = list(zip(*(recent[column].tolist() for column in SERIES)))
    value, lower, upper, count, denominator = (recent[column].tolist() for column in
                                               ("value", "lower_ci_95", "upper_ci_95", "count", "denominator"))
    labels = {}
    for key, positions in itertools.groupby(range(len(keys)), key=keys.__getitem__):
        ind = ref.indicator(key[1])
        possible, _why = stats.can_assess_trend(ind.value_type, ref.years_spanned.get(ind.period_type, 1))
        if not possible:
            labels[key] = stats.CANNOT_CALCULATE
            continue
        at = list(positions)
        labels[key] = stats.assess_recent_trend(
            [value[i] for i in at], ind.polarity, lower=[lower[i] for i in at], upper=[upper[i] for i in at],
            counts=[count[i] for i in at], denominators=[denominator[i] for i in at], value_type=ind.value_type).label
    index = pd.MultiIndex.from_tuples(list(labels), names=SERIES) if labels else None
    return pd.Series(list(labels.values()), index=index, dtype=object)
