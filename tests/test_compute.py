"""The compute stage works out each comparison once, so every page that shows a figure gives it the same
comparison with England: a system's page and the indicator's page, read back from the pages written."""
from __future__ import annotations

import html.parser
from pathlib import Path

import pandas as pd

from generator import stats
from generator.compute import compute
from generator.load import load_dataset
from generator.pages import common, render_site
from generator.pages.plan import SitePlan
from generator.reference import Reference

SYSTEM_TABLE = "Indicators for the whole system, latest period"


class _Tables(html.parser.HTMLParser):
    """Every <table> of a page as (caption, rows of {column: cell text})."""

    def __init__(self):
        super().__init__()
        self.tables, self._cells, self._text, self._in_cell = [], [], "", False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(["", []])
        elif tag == "tr":
            self._cells = []
        elif tag in ("th", "td", "caption"):
            self._text, self._in_cell = "", True

    def handle_data(self, data):
        if self._in_cell:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[-1][0], self._in_cell = self._text, False
        elif tag in ("th", "td"):
            self._cells.append(self._text)
            self._in_cell = False
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append(self._cells)


def tables(path: Path) -> dict[str, list[dict[str, str]]]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return {caption: [dict(zip(rows[0], row)) for row in rows[1:]] for caption, rows in parser.tables}


def comparisons_shown(content: Path, dataset) -> tuple[dict, dict]:
    """(system, indicator name, period) -> "Compared with England", as each system's page shows it and as
    each indicator's page shows it."""
    ref = Reference.of(dataset)
    plan = SitePlan.of(dataset, ref)
    on_system_pages, on_indicator_pages = {}, {}
    for system in plan.real_systems():
        for row in tables(content / system.page).get(SYSTEM_TABLE, []):
            on_system_pages[(system.short_name, row["Indicator"], row["Period"])] = row["Compared with England"]
    for indicator_id in plan.indicators:
        name = ref.indicators.loc[indicator_id, "name"]
        for caption, rows in tables(content / common.indicator_page(indicator_id)).items():
            prefix = f"{name} by integrated care system, "
            if caption.startswith(prefix):
                period = caption.removeprefix(prefix)
                for row in rows:
                    on_indicator_pages[(row["Integrated care system"], name, period)] = row["Compared with England"]
    return on_system_pages, on_indicator_pages


def test_every_figure_shown_on_two_pages_gets_the_same_comparison_on_both(site_build):
    on_system_pages, on_indicator_pages = comparisons_shown(site_build.content, load_dataset())
    shared = set(on_system_pages) & set(on_indicator_pages)
    # two indicators today: Core20 across the 36 systems of today, health checks across the 42 of 2024
    assert len(shared) >= 36 + 42, f"only {len(shared)} figures are on both kinds of page"
    differ = {key: (on_system_pages[key], on_indicator_pages[key]) for key in shared
              if on_system_pages[key] != on_indicator_pages[key]}
    assert not differ, f"pages disagree (system page, indicator page): {dict(list(differ.items())[:5])}"
    assert {stats.BETTER, stats.WORSE, stats.SIMILAR} <= {on_system_pages[key] for key in shared}


def test_england_is_matched_on_age_too_so_another_age_band_changes_no_comparison(validation_packages, tmp_path):
    """England's package has figures for several age bands of one indicator: each system's figure is
    compared with England's for its own band, on every page. The indicator page used to take England's
    first row of the period whatever its age."""
    dataset = load_dataset(validation_packages)
    system = next(p for p in dataset.packages if p.area_code == "X54000001")
    system.descriptor["illustrative"] = False  # the indicator pages compare real systems only
    england = dataset.package("E92000001")
    observations = england.tables["observations"]
    own_band = observations[observations.indicator_id == "life_expectancy"].iloc[[0]]
    other_band = own_band.assign(age="age_65_plus", value=80.0, _line=99)  # inside the system's interval
    england.tables["observations"] = pd.concat([other_band, observations], ignore_index=True)

    render_site(dataset, tmp_path)
    on_system_pages, on_indicator_pages = comparisons_shown(tmp_path, dataset)
    key = ("Fixture ICS", "Life expectancy at birth", "2020-22")
    mine = system.tables["observations"].query("indicator_id == 'life_expectancy' and breakdown == 'total'").iloc[0]
    expected = stats.compare_to_benchmark(mine.value, mine.lower_ci_95, mine.upper_ci_95, own_band.value.iloc[0],
                                          "high_is_good")
    assert expected == stats.WORSE
    assert on_system_pages[key] == on_indicator_pages[key] == expected


def test_a_system_without_the_figure_in_england_is_not_compared(validation_packages):
    dataset = load_dataset(validation_packages)
    england = dataset.package("E92000001")
    england.tables["observations"] = england.tables["observations"].iloc[0:0]
    ref = Reference.of(dataset)
    measures = compute(dataset, ref, list(SitePlan.of(dataset, ref).systems))
    figures = measures.figures(["X54000001"], "life_expectancy")
    assert len(figures) == 1 and figures.england_value.isna().all()
    assert figures.england_label.tolist() == [stats.NOT_COMPARED]


def test_a_figure_with_counts_but_no_interval_gets_its_indicators_interval_on_every_page(validation_packages):
    from generator.pages.site import Site

    dataset = load_dataset(validation_packages)
    system = dataset.package("X54000001")
    observations = system.tables["observations"]
    smoking = observations.index[(observations.indicator_id == "smoking_prevalence") & observations["count"].notna()][0]
    observations.loc[smoking, ["lower_ci_95", "upper_ci_95"]] = None  # ci_method wilson: worked out here
    count, denominator = observations.loc[smoking, ["count", "denominator"]]
    site = Site.of(dataset)
    filled = site.dataset.package("X54000001").table("observations").loc[smoking]
    assert (filled.lower_ci_95, filled.upper_ci_95) == tuple(stats.wilson_ci(count, denominator))
    assert filled.ci_method_used == "Wilson score method"
    assert pd.isna(system.tables["observations"].loc[smoking, "lower_ci_95"]), "the loaded data is left as it was"
