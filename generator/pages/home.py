"""The home page and the list of ICSs by region: find your system, find your group."""
from __future__ import annotations

from markupsafe import Markup

from generator import charts, wording
from generator.pages import common, safe
from generator.pages.assessment import published_assessments
from generator.pages.common import PageWriter
from generator.pages.plan import FORMER_SYSTEMS, HOME, ICS_INDEX, SitePlan
from generator.pages.site import Site
from generator.reference import Reference

HOME_TITLE = "Health inequalities in England's integrated care systems"


def render(site: Site, out_dir) -> None:
    if not site.first:
        return
    ref, plan = site.ref, site.plan
    origin = common.national_origin(site)
    writer = PageWriter(out_dir, HOME, origin)
    examples = plan.examples()
    example_url = common.url(HOME, examples[0].page if examples else ICS_INDEX)
    writer.write(safe.page(
        "home", notice=common.generated_notice("datapackages/reference"), ics_lists=_ics_by_region(plan, HOME, 3),
        map=_map(ref, plan, writer), group_lists=_groups(ref, plan), example_url=example_url,
        methods_url=common.url(HOME, "methods.md"), has_former=bool(plan.former_systems()),
        example_note=_published_note(plan),
        ics_index_url=common.url(HOME, ICS_INDEX)), title=HOME_TITLE)
    PageWriter(out_dir, ICS_INDEX, origin).write(safe.page(
        "ics_index", notice=common.generated_notice("datapackages/reference/areas.csv"), lead=_current_lead(plan),
        ics_lists=_ics_by_region(plan, ICS_INDEX, 2), former_heading=FORMER_SYSTEMS,
        former=_former_list(ref, plan, ICS_INDEX)), title="Find your integrated care system")


def _published_note(plan: SitePlan) -> str:
    """How many real systems' self-assessments are published here, counted from the data, for the note that
    introduces the invented Example ICS."""
    published = [s for s in plan.real_systems() if not published_assessments(s.package).empty]
    if not published:
        return ("No integrated care system's self-assessment is published in this site's format yet. To show how "
                "the site will look when one is, we made up a system.")
    return (f"{wording.pluralise(len(published), 'system has', 'systems have')} published a self-assessment in this "
            "site's format. To show everything a system can publish, we also made up a system.")


def _current_lead(plan: SitePlan) -> str:
    current = plan.current_systems()
    if not current:
        return "No integrated care system has data here yet."
    since = max(s.valid_from for s in current)
    return (f"England has {len(current)} integrated care systems since {wording.format_date(since)}. "
            "They are grouped here by NHS England region.")


def _ics_by_region(plan: SitePlan, page: str, level: int) -> Markup:
    """A heading per NHS England region, in name order, each with a list of links to its current systems."""
    regions = [(region, [(common.url(page, s.page), s.short_name, None) for s in systems])
               for region, systems in plan.by_region()]
    return safe.partial("region_lists.md", level=level, regions=regions)


def _former_list(ref: Reference, plan: SitePlan, page: str) -> Markup:
    """Each former system, when it ended and what took it over."""
    items = []
    for system in plan.former_systems():
        successors = wording.join_names([ref.areas.short_name.get(c, c) for c, _ in ref.successors(system.area_code)])
        note = f"until {wording.format_date(system.valid_to)}" + (f", now part of {successors}" if successors else "")
        items.append((common.url(page, system.page), system.short_name, note))
    return safe.partial("link_list.html", items=items, css_class="ics-list former-systems") if items else safe.EMPTY


def _map(ref: Reference, plan: SitePlan, writer: PageWriter) -> Markup:
    """The current ICSs at their label points, coloured by NHS region with a key naming each region, as a chart
    with a table. A system formed in 2026 has no ONS label point here: its point is its predecessors', weighted by
    the residents who moved."""
    icbs = ref.areas.loc[[s.area_code for s in plan.current_systems()]]
    coords = icbs.area_code.map(_label_points(ref))
    icbs, coords = icbs[coords.notna()], coords[coords.notna()]
    if icbs.empty:
        return safe.EMPTY
    region_name = icbs.parent_code.map(ref.areas.short_name)
    regions = sorted(region_name.unique())
    by_region = {}
    for region in regions:
        mine = region_name == region
        by_region[region] = (icbs.short_name[mine].tolist(), [x for x, _ in coords[mine]], [y for _, y in coords[mine]])
    fig = charts.category_map(by_region, dict(zip(regions, [*charts.SERIES_COLOURS, *[charts.GREY] * len(regions)])))
    table = {"Integrated care system": icbs.short_name.tolist(), "NHS England region": region_name.tolist()}
    placed_codes = set(icbs.area_code)
    formed = [s.short_name for s in plan.current_systems() if s.area_code in placed_codes and ref.predecessors(s.area_code)]
    placed = (f" For the systems formed in 2026 ({wording.join_names(formed)}) the square is placed between the middles of "
              "the systems they were formed from, weighted by the residents each gave, so it is only roughly central."
              if formed else "")
    return writer.figure("map", fig, f"Map of England's {len(icbs)} integrated care systems, coloured by NHS England region",
                         "Each square marks the middle of one integrated care system; the key under the map names each "
                         "region's colour, and the table lists the systems by region." + placed,
                         table, common.row_sources(icbs))


def _label_points(ref: Reference) -> dict:
    placed = ref.areas.dropna(subset=["label_longitude", "label_latitude"])
    return {code: (row.label_longitude, row.label_latitude) for code, row in placed.iterrows()}


def _groups(ref: Reference, plan: SitePlan) -> Markup:
    items = [(common.url(HOME, common.group_page(g)), ref.groups.loc[g, "name"], None) for g in plan.groups]
    return safe.partial("link_list.html", items=items, css_class="group-list")
