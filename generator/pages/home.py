"""The home page and the list of ICSs by region: find your system, find your group."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import charts
from generator.load import Dataset
from generator.pages import common, safe
from generator.pages.common import PageWriter, Reference

HOME, ICS_INDEX = "index.md", "ics/index.md"
HOME_TITLE = "Health inequalities in England's integrated care systems"


def render(dataset: Dataset, out_dir) -> None:
    ref = Reference.of(dataset)
    writer = PageWriter(out_dir, HOME)
    example = ref.areas[ref.areas.is_fictional.astype(bool) & (ref.areas.area_type == "icb")]
    example_url = common.url(HOME, common.ics_page(example.iloc[0])) if len(example) else common.url(HOME, ICS_INDEX)
    writer.write(safe.page(
        "home", notice=common.generated_notice("datapackages/reference"), ics_lists=_ics_by_region(ref, HOME, 3),
        map=_map(ref, writer), group_lists=_groups(ref), example_url=example_url,
        methods_url=common.url(HOME, "methods.md")), title=HOME_TITLE)
    PageWriter(out_dir, ICS_INDEX).write(safe.page(
        "ics_index", notice=common.generated_notice("datapackages/reference/areas.csv"),
        ics_lists=_ics_by_region(ref, ICS_INDEX, 2)), title="Find your integrated care system")


def _ics_by_region(ref: Reference, page: str, level: int) -> Markup:
    """A heading per NHS England region, in name order, each with a list of links to its systems."""
    regions = []
    for region_code, members in ref.real_icbs().groupby("parent_code", sort=False):
        links = [(common.url(page, common.ics_page(a)), a.short_name, None)
                 for _, a in members.sort_values("short_name").iterrows()]
        regions.append((ref.areas.loc[region_code, "short_name"], links))
    return safe.partial("region_lists.md", level=level, regions=sorted(regions))


def _map(ref: Reference, writer: PageWriter) -> Markup:
    """The 42 ICSs at their ONS label points, coloured by NHS region, as a chart with a table."""
    icbs = ref.real_icbs().copy()
    coords = icbs.area_code.map(_label_points(ref))
    icbs = icbs[coords.notna()]
    if icbs.empty:
        return safe.EMPTY
    regions = sorted(icbs.parent_code.unique())
    colour = {r: charts.SERIES_COLOURS[i % len(charts.SERIES_COLOURS)] if i < 6 else charts.GREY for i, r in enumerate(regions)}
    region_name = icbs.parent_code.map(ref.areas.short_name)
    points = icbs.area_code.map(_label_points(ref))
    fig = charts.tile_map(icbs.short_name.tolist(), [p[0] for p in points], [p[1] for p in points],
                          [colour[r] for r in icbs.parent_code], [f"{n} ({r})" for n, r in zip(icbs.short_name, region_name)])
    table = pd.DataFrame({"Integrated care system": icbs.short_name.tolist(), "NHS England region": region_name.tolist()})
    return writer.figure("map", fig, "Map of England's 42 integrated care systems, coloured by NHS England region",
                         "Each square marks the middle of one integrated care system. The table lists them by region.", table)


def _label_points(ref: Reference) -> dict:
    placed = ref.areas.dropna(subset=["label_longitude", "label_latitude"])
    return {code: (row.label_longitude, row.label_latitude) for code, row in placed.iterrows()}


def _groups(ref: Reference) -> Markup:
    items = [(common.url(HOME, common.group_page(g.group_id)), g["name"], None) for _, g in ref.groups.iterrows()]
    return safe.partial("link_list.html", items=items, css_class="group-list")
