"""The indicator pages of the bundled build (generator/pages/indicators.py): England's deprivation gradient with
its slope index, worked out here independently; systems ranked by their gap where no whole-system figure exists;
each system's places counted by the source's comparison with England; and the map of each system's comparison,
which says what the ranked chart says."""
import re

from generator import paths
from generator.load import load_dataset
from generator.pages import common

from built_pages import ENGLAND, SOURCE_CELL, _figure, _pages


def test_indicator_page_shows_englands_deprivation_gradient_with_its_slope_index(built):
    """The life expectancy page's SII for men is the population-weighted regression slope of the bundled
    ONS tenths (equal populations), worked out here independently with numpy."""
    import numpy as np
    import pandas as pd

    content, _ = built
    page = _pages(content)[common.indicator_page("life_expectancy")]
    obs = pd.read_csv(paths.DATAPACKAGES / ENGLAND / "observations.csv")
    tenths = obs[(obs.indicator_id == "life_expectancy") & (obs.sex == "male") & obs.breakdown.str.startswith("ons_imd_d")]
    tenths = tenths[tenths.period == tenths.period.max()]
    tenths = tenths.assign(order=tenths.breakdown.str.extract(r"(\d+)$")[0].astype(int)).sort_values("order")
    assert len(tenths) == 10
    ranks = (np.arange(10) + 0.5) / 10  # midpoints of equal shares, most deprived first
    slope = np.polyfit(ranks, tenths.value.to_numpy(), 1)[0]
    figure = _figure(page, "england-ons-imd-decile-male")
    assert "<table>" in figure and figure.count("<tr>") == 11  # header + 10 tenths
    assert f"men in the most deprived areas is {slope:.1f} years lower than in the least deprived" in page
    assert "relative index of inequality" in page


def test_indicator_page_ranks_systems_by_their_gap_when_no_whole_system_figure_exists(built):
    content, _ = built
    page = _pages(content)[common.indicator_page("hypertension_prevalence")]
    figure = _figure(page, "ics-gaps")
    assert figure.count("<tr>") == 43  # header + the 42 systems of 2024 its figures are published for, not the Example
    assert "in force from 1 April 2023 to 31 March 2026, because these figures are published for their boundaries" in page
    assert "Example" not in figure
    assert re.search(r"percentage points (higher|lower) in ", figure)


def test_indicator_page_counts_each_systems_places_by_the_sources_comparison(built):
    """Life expectancy is published for local authorities only: the page counts, per system, the authorities
    Fingertips found better, similar or worse than England, which we recount here from the CSV files."""
    import csv
    content, _ = built
    page = _pages(content)[common.indicator_page("life_expectancy")]
    figure = _figure(page, "places-compared-female")
    areas = load_dataset().reference.tables["areas"].set_index("area_code")
    header = re.findall(r'<th scope="col">([^<]+)</th>', figure)
    assert header[-1] == common.SOURCE_COLUMN  # each system's counts cite the rows they count
    header = header[:-1]
    assert header[0] == "Integrated care system" and header[-1] == "Local authorities"
    shown = {row[0]: dict(zip(header[1:], map(int, row[1:])))
             for row in (re.findall(r"<t[hd][^>]*>([^<]+)</t[hd]>", tr) for tr in re.findall(r"<tr><th scope=\"row\">.*?</tr>", figure))}
    assert len(shown) == 36 and "Example ICS (fictional)" not in shown  # places are counted in today's systems
    assert "Compared across the 36 integrated care systems in force since 1 April 2026." in page
    code = "E54000037"
    with open(paths.DATAPACKAGES / code / "observations.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["indicator_id"] == "life_expectancy" and r["sex"] == "female"
                and r["breakdown"] == "total" and r["area_code"] != code]
    latest = max(r["period"] for r in rows)
    expected: dict[str, int] = {}
    for r in rows:
        if r["period"] == latest:
            label = r["published_comparison"] or "Not compared"
            expected[label] = expected.get(label, 0) + 1
    devon = shown[areas.loc[code, "short_name"]]
    assert {k: v for k, v in devon.items() if k != "Local authorities" and v} == expected
    assert devon["Local authorities"] == sum(expected.values())
    assert f"In {latest}, for women, counting the local authorities of every system: " in figure


def test_indicator_page_maps_each_systems_comparison_with_england(built):
    content, _ = built
    page = _pages(content)[common.indicator_page("smi_health_checks")]
    figure = _figure(page, "ics-map")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td>(' + SOURCE_CELL + ')</tr>', figure)
    assert len(rows) == 42
    assert {label for _, label, _ in rows} <= {"Better", "Similar", "Worse", "Not compared"}
    ranked = re.findall(r'<tr><th scope="row">([^<]+)</th><td>[^<]*</td><td>[^<]*</td><td>([^<]+)</td>(' + SOURCE_CELL
                        + ')</tr>', _figure(page, "ics-compared"))
    # The map says the same as the ranked chart, and cites the same row for each system.
    assert {name: (label, source) for name, label, source in ranked} == {
        name: (label, source) for name, label, source in rows}
