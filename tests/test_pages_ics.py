"""The ICS pages of the bundled build (generator/pages/ics.py, with its assessment and lineage blocks): every
real system has a page whose charts each carry a summary and a table, says when no self-assessment is published,
plots life expectancy in each place, compares with its region's figures (the sums of the region's systems),
links former and new systems to each other with the share of residents, and the Example's ratings show as a
maturity grid."""
import html
import posixpath
import re

from generator import paths
from generator.load import load_dataset
from generator.reference import Reference

from built_pages import ENGLAND, SOURCE_CELL, _figure, _ics_page, _pages


def test_every_real_ics_has_a_page_with_chart_summary_and_table(built):
    content, _ = built
    dataset = load_dataset()
    pages = _pages(content)
    real = [p for p in dataset.packages if p.area_code != ENGLAND and not p.illustrative]
    assert len(real) == 42 + 7  # the ICBs of 2024 (13 of them ended in March 2026) and the 7 formed in April 2026
    areas = dataset.reference.tables["areas"].set_index("area_code")
    for package in real:
        page = pages[_ics_page(package.area_code)]
        assert areas.loc[package.area_code, "short_name"] in page
        figures = re.findall(r'<figure class="chart".*?</figure>', page, flags=re.S)
        assert figures, f"{package.area_code}: no chart"
        for figure in figures:
            assert "<figcaption>" in figure and 'class="chart-summary">' in figure and "<table>" in figure
            assert re.search(r'<p class="chart-summary">[^<]{20,}</p>', figure), "summary sentence missing"


def test_real_ics_pages_say_no_assessment_is_published_yet(built):
    content, _ = built
    page = _pages(content)["ics/black-country/index.md"]
    assert "This system&#39;s self-assessment is not published in this site&#39;s format yet." in page
    assert 'href="../../contribute/"' in page


def test_ics_page_plots_life_expectancy_in_each_place_with_the_range_in_words(built):
    import csv
    content, _ = built
    dataset = load_dataset()
    areas = dataset.reference.tables["areas"].set_index("area_code")
    code = "E54000057"  # Greater Manchester: ten places, all wholly inside it
    with open(paths.DATAPACKAGES / code / "places.csv", encoding="utf-8", newline="") as handle:
        places = {r["area_code"] for r in csv.DictReader(handle)}
    with open(paths.DATAPACKAGES / code / "observations.csv", encoding="utf-8", newline="") as handle:
        men = [r for r in csv.DictReader(handle) if r["indicator_id"] == "life_expectancy" and r["sex"] == "male"
               and r["area_code"] in places]
    latest = max(r["period"] for r in men)
    values = sorted((float(r["value"]), areas.loc[r["area_code"], "name"]) for r in men if r["period"] == latest)
    page = _pages(content)[_ics_page(code)]
    figure = _figure(page, "places-life-expectancy")
    assert figure.count('<th scope="row">') == len(places) == 10
    (low, low_name), (high, high_name) = values[0], values[-1]
    assert (f"In {latest}, men's life expectancy ranges from {low:.1f} years in {low_name} to {high:.1f} years "
            f"in {high_name}, a gap of {high - low:.1f} years.") in html.unescape(figure)


def test_example_ics_page_shows_its_ratings_as_a_maturity_grid(built):
    """Every published rating of the Example ICS is in the grid's table at its level; unrated topics say so."""
    import pandas as pd

    content, _ = built
    dataset = load_dataset()
    example = next(p for p in dataset.packages if p.illustrative)
    page = _pages(content)[_ics_page(example.area_code)]
    figure = _figure(page, "maturity")
    rows = re.findall(r'<tr><th scope="row">[^<]+</th><td>([^<]+)</td><td>([^<]+)</td>' + SOURCE_CELL + '</tr>', figure)
    levels = dict(zip(dataset.reference.tables["maturity_levels"].level, dataset.reference.tables["maturity_levels"].name))
    ratings = pd.read_csv(paths.DATAPACKAGES / example.area_code / "ratings.csv", dtype=str)
    shown = {topic.split(" ")[0] if not topic.startswith("Phase") else topic.split(" ")[1].rstrip(":"): level
             for topic, level in rows}
    for rating in ratings.itertuples():
        assert shown[rating.subtopic_code] == levels[rating.level], rating.subtopic_code
    assert len(rows) > len(ratings) and "Not rated" in {level for _, level in rows}


def test_region_figures_are_the_sums_of_their_systems_and_ics_pages_show_them(built):
    import pandas as pd

    content, _ = built
    dataset = load_dataset()
    areas = dataset.reference.tables["areas"].set_index("area_code")
    national = dataset.package(ENGLAND).table("observations")
    regions = national[national.area_code.map(areas.area_type) == "nhs_region"]
    assert set(regions.indicator_id) == {"smi_health_checks", "core20_neighbourhoods"}
    assert regions.area_code.nunique() == 7
    systems = pd.concat([p.table("observations") for p in dataset.packages
                         if areas.loc[p.area_code, "area_type"] == "icb" and not p.illustrative])
    systems = systems[systems.area_code.isin(areas.index) & (systems.breakdown == "total")]
    systems = systems.assign(region=systems.area_code.map(areas.parent_code))
    # Regions did not change in April 2026: their sums are the same over the systems of 2024 and, where every
    # system of today has the figure (Core20), over those of today.
    for day in ("2026-03-31", "2026-04-01"):
        in_force = set(areas.index[(areas.area_type == "icb") & (areas.valid_from <= day)
                                   & ((areas.valid_to == "") | (areas.valid_to >= day))])
        for row in regions.itertuples():
            if day == "2026-04-01" and row.indicator_id != "core20_neighbourhoods":
                continue
            members = systems[(systems.region == row.area_code) & (systems.indicator_id == row.indicator_id)
                              & (systems.period == row.period) & systems.area_code.isin(in_force)]
            assert len(members) == ((areas.parent_code == row.area_code) & areas.index.isin(in_force)).sum()
            assert (row.count, row.denominator) == (members["count"].sum(), members.denominator.sum()), (day, row)
    page = _pages(content)["ics/black-country/index.md"]
    midlands = regions[(regions.area_code == areas.loc["E54000062", "parent_code"]) & (regions.indicator_id == "smi_health_checks")]
    latest = midlands.sort_values("period").iloc[-1]
    assert '<th scope="col">Region</th>' in page and f"<td>{latest.value:.1f}%</td>" in page


def test_former_and_new_systems_link_to_each_other_with_the_share_of_residents(built):
    content, _ = built
    pages = _pages(content)
    ref = Reference.of(load_dataset())
    frimley = pages[_ics_page("E54000034")]
    lineage = re.search(r'<div class="admonition warning lineage".*?</div>', frimley, flags=re.S).group(0)
    assert "On 1 April 2026 Frimley integrated care system became part of:" in lineage
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>: (\d+)% of its residents', lineage)
    assert [(name, int(share)) for _, name, share in links] == [("Thames Valley", 57), ("Hampshire and Isle of Wight", 23),
                                                                ("Surrey and Sussex", 20)]
    for href, _, _ in links:  # each successor's page exists where the link points
        assert posixpath.normpath(posixpath.join("ics/frimley", href)) + "/index.md" in pages
    assert "title: Frimley integrated care system (until 31 March 2026)\n" in frimley
    for code, rows in ref.area_changes.groupby("successor_code"):
        page = pages[_ics_page(code)]
        formed = re.search(r'<div class="admonition info lineage".*?</div>', page, flags=re.S).group(0)
        assert "was formed on 1 April 2026 from:" in formed
        assert formed.count("<li><a href=") == len(rows), code
        if code in ("E54000069", "E54000070"):
            assert "no exact figure for it and none is estimated" in page
