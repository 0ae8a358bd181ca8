"""Finding a system: the menu (generator/pages/nav.py) lists every system under its region, the former systems
and the Example apart, in mkdocs.yml's order; and the "Find your integrated care system" page of the bundled
build (generator/pages/home.py) lists today's 36 systems, and the former ones apart."""
import html
import json
import re

from generator import paths
from generator.load import load_dataset

from built_pages import _ics_page, _pages


def test_navigation_lists_every_system_under_its_region_and_the_example_apart():
    import yaml

    from generator.pages.nav import site_nav

    dataset = load_dataset()
    areas = dataset.reference.tables["areas"].set_index("area_code")
    base = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))["nav"]
    nav = site_nav(dataset, base)
    section = next(entry for entry in nav if "ics/index.md" in str(entry))
    (_, children), = section.items()
    assert children[0] == {"All systems": "ics/index.md"}
    placed = {next(iter(page.values())): region for child in children[1:] for region, pages in child.items() for page in pages}
    icbs = areas[areas.area_type == "icb"]
    assert len(placed) == len(icbs) == 42 + 7 + 1  # 2024's, 2026's new ones, the Example
    for code, icb in icbs.iterrows():
        expected = ("Example (invented data)" if icb.is_fictional else "Former systems" if icb.valid_to
                    else areas.loc[icb.parent_code, "short_name"])
        assert placed[_ics_page(code)] == expected, icb.short_name
    assert sum(region not in ("Former systems", "Example (invented data)") for region in placed.values()) == 36
    assert list(children[-2]) == ["Former systems"] and len(children[-2]["Former systems"]) == 13
    assert list(children[-1]) == ["Example (invented data)"], "the Example comes last, after the regions"
    titles = [title for entry in nav for title in entry]
    assert titles == [title for entry in base for title in entry], "the menu keeps mkdocs.yml's order"


def test_find_your_ics_lists_todays_36_systems_and_the_former_ones_apart(built):
    content, _ = built
    page = _pages(content)["ics/index.md"]
    current, former = page.split("## Former systems")
    assert "England has 36 integrated care systems since 1 April 2026." in current
    assert current.count("<li><a href=") == 36 and "Frimley" not in current
    assert former.count("<li><a href=") == 13
    assert "Frimley</a>: until 31 March 2026, now part of Thames Valley, Hampshire and Isle of Wight and Surrey and Sussex" in former
    home = _pages(content)["index.md"]
    assert "Map of England&#39;s 36 integrated care systems" in home or "Map of England's 36 integrated care systems" in home


def test_the_home_map_names_each_regions_colour_and_places_each_system_in_its_region(built):
    """The map is coloured by region, so its key must say which colour is which: one named series per region,
    holding exactly that region's systems, each square outlined so that pale colours stand out from the page."""
    content, _ = built
    home = _pages(content)["index.md"]
    found = re.search(r'<template class="chart-data" id="chart-index-map-data">(.*?)</template>', home, re.S)
    assert found, "the home page has no map"
    figure = json.loads(html.unescape(found.group(1)))
    series = figure["data"]
    dataset = load_dataset()
    areas = dataset.reference.tables["areas"].set_index("area_code")
    current = areas[(areas.area_type == "icb") & (areas.valid_to == "") & ~areas.is_fictional]
    expected = {areas.loc[region, "short_name"]: sorted(systems.short_name)
                for region, systems in current.groupby("parent_code")}
    assert {trace["name"]: sorted(text.split(": ")[0] for text in trace["text"]) for trace in series} == expected
    assert len({trace["marker"]["color"] for trace in series}) == len(expected) == 7
    assert sum(map(len, expected.values())) == 36
    assert all(trace["marker"]["line"]["color"] == "#1a1a1a" for trace in series)
    assert figure["layout"]["showlegend"] is True
