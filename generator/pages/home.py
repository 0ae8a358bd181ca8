"""The home page and the list of ICSs by region: find your system, find your group."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import charts
from generator.load import Dataset
from generator.pages import common
from generator.pages.common import PageWriter, Reference, text

HOME, ICS_INDEX = "index.md", "ics/index.md"


def render(dataset: Dataset, out_dir, env) -> None:
    ref = Reference.of(dataset)
    writer = PageWriter(out_dir, HOME)
    example = ref.areas[ref.areas.is_fictional.astype(bool) & (ref.areas.area_type == "icb")]
    example_url = common.url(HOME, common.ics_page(example.iloc[0])) if len(example) else common.url(HOME, ICS_INDEX)
    writer.write(env.get_template("home.md.j2").render(
        notice=common.generated_notice("datapackages/reference"), ics_lists=_ics_by_region(ref, HOME, "###"),
        map=_map(ref, writer), group_lists=_groups(ref), example_url=example_url))
    PageWriter(out_dir, ICS_INDEX).write(env.get_template("ics_index.md.j2").render(
        notice=common.generated_notice("datapackages/reference/areas.csv"), ics_lists=_ics_by_region(ref, ICS_INDEX, "##")))


def _ics_by_region(ref: Reference, page: str, level: str) -> Markup:
    icbs = ref.real_icbs()
    blocks = []
    for region_code, members in icbs.groupby("parent_code", sort=False):
        region = ref.areas.loc[region_code, "short_name"]
        items = "".join(f'<li><a href="{common.url(page, common.ics_page(a))}">{text(a.short_name)}</a></li>'
                        for _, a in members.sort_values("short_name").iterrows())
        blocks.append((region, f"{level} {common.heading(region)}\n\n<ul class=\"ics-list\">{items}</ul>\n"))
    return Markup("\n".join(block for _, block in sorted(blocks)))


def _map(ref: Reference, writer: PageWriter) -> Markup:
    """The 42 ICSs at their ONS label points, coloured by NHS region, as a chart with a table."""
    icbs = ref.real_icbs().copy()
    coords = icbs.area_code.map(_label_points(ref))
    icbs = icbs[coords.notna()]
    if icbs.empty:
        return Markup("")
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
    items = "".join(f'<li><a href="{common.url(HOME, common.group_page(g.group_id))}">{text(g["name"])}</a></li>'
                    for _, g in ref.groups.iterrows())
    return Markup(f'<ul class="group-list">{items}</ul>')
