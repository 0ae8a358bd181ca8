"""Who lives here (Census 2021 ethnic group) and where ethnicity and deprivation meet, for system pages and
ethnic group pages. Each figure is a chart with its summary, table and CSV, like every other.

The two indicators are counted by the importer (`importer/census.py`): residents by ethnic group, and the
share of each group's residents who live in England's most deprived 20% of neighbourhoods. The second is
an area-based measure, and every block that shows it says so in plain words.
"""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import charts, wording
from generator.load import Package
from generator.pages import common, safe
from generator.pages.common import PageWriter
from generator.pages.plan import IN_CORE20, POPULATION, group_categories
from generator.reference import Reference

ETHNIC_DIMENSIONS = ("ethnicity_5", "ethnicity_19")
AREA_BASED = ("This counts people who live in the most deprived neighbourhoods, not people who are deprived: many "
              "people on low incomes live elsewhere, and not everyone in these neighbourhoods is on a low income.")


class _Rows:
    """One area's rows of a Census indicator, by breakdown category (the first row of each), each read once."""

    def __init__(self, package: Package | None, indicator_id: str, area_code: str):
        self._rows, self._sources = {}, {}
        for row, source in package.observation_records(indicator_id, area_code) if package is not None else ():
            if row.breakdown not in self._rows:
                self._rows[row.breakdown], self._sources[row.breakdown] = row, source
        self.categories = self._rows.keys()

    def residents(self) -> tuple[float | None, str]:
        """The first residents' count (denominator) the rows give, and its row's source."""
        return next(((row.denominator, self._sources[c]) for c, row in self._rows.items() if pd.notna(row.denominator)),
                    (None, ""))

    def __contains__(self, category: str) -> bool:
        return category in self._rows

    def get(self, category: str):
        """The category's row (a named tuple), or None."""
        return self._rows.get(category)

    def value(self, category: str) -> float | None:
        return _num(self.get(category))

    def source(self, category: str) -> str:
        """'file:line' of the category's row, or '' when there is none."""
        return self._sources.get(category, "")


def _ordered(ref: Reference, dimension: str, present) -> list[str]:
    """A dimension's categories in their reference order, known ones only, that the rows have."""
    return [c for c in ref.in_order(dimension, known_only=True) if c in present]


def _people(row, column: str = "count") -> str:
    if row is None or pd.isna(getattr(row, column)):
        return "[c] hidden" if row is not None and row.status == "suppressed" else "not available"
    return f"{int(getattr(row, column)):,}"


def _share(ref: Reference, indicator_id: str, row) -> str:
    return "not available" if row is None else ref.cell(indicator_id, row)


def _num(row) -> float | None:
    return None if row is None or pd.isna(row.value) else float(row.value)


def who_lives_here(package: Package, england: Package | None, ref: Reference, writer: PageWriter) -> Markup | str:
    """The area's residents by the five ethnic groups against England (chart), with the 19 detailed groups in the table."""
    here, nation = _Rows(package, POPULATION, package.area_code), _Rows(england, POPULATION, ref.england)
    five = _ordered(ref, "ethnicity_5", here.categories)
    if not five:
        return "No Census 2021 figures on ethnic group are available for this system."
    labels = [ref.label(c) for c in five]
    fig = charts.dot_plot(labels, {"Here": [here.value(c) for c in five], "England": [nation.value(c) for c in five]},
                          x_title="% of residents (Census 2021)")
    parts = [f"{ref.label(c)} {_share(ref, POPULATION, here.get(c))} (England {_share(ref, POPULATION, nation.get(c))})"
             for c in five]
    summary = f"In Census 2021, residents here by ethnic group were: {'; '.join(parts)}."
    parents = dict(zip(ref.categories.category_id, ref.categories.parent_category_id))
    table, order = [], []
    for category in five:
        order.append(category)
        table.append((ref.label(category), "All"))
        for child in (c for c in ref.in_order("ethnicity_19") if parents.get(c) == category):
            if child in here:
                order.append(child)
                table.append((ref.label(category), ref.label(child)))
    frame = {"Ethnic group": [t[0] for t in table], "Detailed group": [t[1] for t in table],
             "Residents": [_people(here.get(c)) for c in order],
             "Share of residents": [_share(ref, POPULATION, here.get(c)) for c in order],
             "Share in England": [_share(ref, POPULATION, nation.get(c)) for c in order]}
    sources = common.joined_sources([here.source(c) for c in order], [nation.source(c) for c in order])
    return writer.figure("ethnic-group", fig, "Residents by ethnic group, Census 2021", summary, frame, sources)


def group_links(ref: Reference, page: str) -> Markup:
    """Links to each ethnic group's page, where the group is compared across systems."""
    items = [(common.url(page, common.group_page(g)), ref.groups.loc[g, "name"], None) for g in ref.groups.index
             if any(ref.dimension_of(c) in ETHNIC_DIMENSIONS
                    for c in group_categories(ref, g) if c in ref.categories.index)]
    if not items:
        return safe.EMPTY
    return safe.join([safe.paragraph("Compare each group across all systems:"),
                      safe.partial("link_list.html", items=items, css_class="group-list")], "")


def places_by_group(package: Package, england: Package | None, ref: Reference, writer: PageWriter) -> Markup | str:
    """Each place's residents by the five ethnic groups, as shares, in one table, with England last; each row's
    sources are the rows of its five groups."""
    rows = []
    for place in common.records(package.table("places").sort_values("area_code")):
        name = ref.areas.loc[place.area_code, "name"] if place.area_code in ref.areas.index else place.area_code
        rows += _place_row(name, _Rows(package, POPULATION, place.area_code), ref)
    if not rows:
        return safe.EMPTY
    rows += _place_row("England", _Rows(england, POPULATION, ref.england), ref)
    return writer.table(pd.DataFrame([row for row, _ in rows]), "Residents of each place by ethnic group, Census 2021 "
                        "(whole local authorities)", [source for _, source in rows])


def _place_row(name: str, here: _Rows, ref: Reference) -> list[tuple[dict, str]]:
    five = _ordered(ref, "ethnicity_5", here.categories)
    if not five:
        return []
    residents, counted = here.residents()
    cited = [counted] + [here.source(c) for c in five if here.source(c) != counted]
    return [({"Place": name, "Residents": f"{int(residents):,}" if residents is not None else "not available",
              **{ref.label(c): _share(ref, POPULATION, here.get(c)) for c in five}}, "; ".join(s for s in cited if s))]


def _named_categories(ref: Reference) -> list[str]:
    """The ethnic categories the community groups name (community_groups.csv), in reference order."""
    named = {c for g in ref.groups.index for c in group_categories(ref, g)}
    return [c for d in ETHNIC_DIMENSIONS for c in _ordered(ref, d, named)]


def deprivation_by_group(package: Package, area_code: str, england: Package | None, ref: Reference, writer: PageWriter,
                         categories: list[str] | None = None, name: str = "ethnic-group-core20",
                         place: str = "this system") -> Markup | str:
    """The share of everyone and of each ethnic group living in England's most deprived 20% of neighbourhoods,
    here and in England. The chart shows the groups the site names; the table every group."""
    here, nation = _Rows(package, IN_CORE20, area_code), _Rows(england, IN_CORE20, ref.england)
    if ref.everyone not in here:
        return "No figures on where ethnicity and deprivation meet are available for this system."
    shown = [ref.everyone, *[c for c in (categories or _named_categories(ref)) if c in here]]
    labels = [ref.label(c) for c in shown]
    is_england = area_code == ref.england
    series = {wording.capitalise(place): [here.value(c) for c in shown]}
    if not is_england:
        series["England"] = [nation.value(c) for c in shown]
    fig = charts.dot_plot(labels, series, x_title="% of residents in the most deprived 20% of neighbourhoods")
    everyone = _share(ref, IN_CORE20, here.get(ref.everyone))
    known = [(v, c) for c in shown[1:] if (v := here.value(c)) is not None]
    summary = f"In {place}, {everyone} of all residents live in the most deprived 20% of neighbourhoods in England."
    if len(known) > 1:
        _, highest = max(known)
        summary += (f" Of the groups shown, the share is highest for {ref.label(highest)} "
                    f"({_share(ref, IN_CORE20, here.get(highest))}).")
    summary += " " + AREA_BASED
    order = shown if categories else [ref.everyone, *[c for d in ETHNIC_DIMENSIONS for c in _ordered(ref, d, here.categories)]]
    frame = {"Group": [ref.label(c) for c in order],
             "Residents": [_people(here.get(c), "denominator") for c in order],
             "In the most deprived 20%": [_people(here.get(c)) for c in order],
             "Share": [_share(ref, IN_CORE20, here.get(c)) for c in order],
             **({} if is_england else {"Share in England": [_share(ref, IN_CORE20, nation.get(c)) for c in order]})}
    sources = [here.source(c) for c in order]
    if not is_england:
        sources = common.joined_sources(sources, [nation.source(c) for c in order])
    return writer.figure(name, fig, "Residents living in the most deprived 20% of neighbourhoods, by ethnic group, "
                         "Census 2021 and IMD 2025", summary, frame, sources)


def group_figures(package: Package, england: Package | None, ref: Reference, writer: PageWriter,
                  group_id: str, place: str) -> list[Markup]:
    """On a group's page (national, or one system's): how many of the area's residents the group's Census
    categories count, and the share of them living in the most deprived 20% of neighbourhoods."""
    population = _Rows(package, POPULATION, package.area_code)
    categories = [c for c in group_categories(ref, group_id) if c in population]
    if not categories:
        return []
    counted = [f"{_people(population.get(c))} residents were {ref.label(c)} ({_share(ref, POPULATION, population.get(c))} "
               "of all residents)" for c in categories]
    sentence = safe.paragraph(f"In Census 2021, in {place}, {wording.join_names(counted)}.")
    core20 = deprivation_by_group(package, package.area_code, england, ref, writer, categories=categories,
                                  name=f"{group_id}-core20", place=place)
    return [safe.join([sentence, core20]) if isinstance(core20, Markup) else sentence]


def across_systems(site, group_id: str, writer: PageWriter) -> Markup | str:
    """For an ethnic group: its number and share of residents in every system, and the share of its residents
    in the most deprived 20% beside everyone's, ranked; one pair of figures per category the group names."""
    ref = site.ref
    categories = [c for c in group_categories(ref, group_id)
                  if c in ref.categories.index and ref.dimension_of(c) in ETHNIC_DIMENSIONS]
    measured = {s.area_code: s for s in site.plan.real_systems()
                if s.package.has_indicator(POPULATION)}
    if not categories or not measured:
        return safe.EMPTY
    since, systems = site.plan.comparable_systems(set(measured))
    blocks = [safe.paragraph(common.boundary_note(since, systems))]
    for category in categories:
        blocks += [_ranked_shares(ref, systems, category, writer), _ranked_core20(ref, systems, category, writer)]
    return safe.join(blocks)


def _ranked(systems, indicator_id: str, category: str, everyone: str) -> tuple[list[tuple], list[tuple]]:
    """(name, the category's row, everyone's row, the category's source, everyone's source) for every system,
    largest share first and those without a figure last; and the same without them, for the chart."""
    found = []
    for system in systems:
        rows = _Rows(system.package, indicator_id, system.area_code)
        found.append((system.short_name, rows.get(category), rows.get(everyone), rows.source(category), rows.source(everyone)))
    found.sort(key=lambda r: (-(_num(r[1]) if _num(r[1]) is not None else -1), r[0]))
    return found, [r for r in found if _num(r[1]) is not None]


def _ranked_shares(ref: Reference, systems, category: str, writer: PageWriter) -> Markup:
    label = ref.label(category)
    found, shown = _ranked(systems, POPULATION, category, ref.everyone)
    fig = charts.ranked_bars([r[0] for r in shown], [_num(r[1]) for r in shown], x_title=f"% of residents: {label}")
    summary = (f"The share of residents who are {label} ranges from {_share(ref, POPULATION, shown[-1][1])} in {shown[-1][0]} "
               f"to {_share(ref, POPULATION, shown[0][1])} in {shown[0][0]} (Census 2021)." if shown else "No figures.")
    frame = {"Integrated care system": [r[0] for r in found], "Residents": [_people(r[1]) for r in found],
             "Share of residents": [_share(ref, POPULATION, r[1]) for r in found]}
    sources = [r[3] for r in found]
    return writer.figure(f"{category}-share-by-ics", fig, f"{label}: residents in each integrated care system, Census 2021",
                         summary, frame, sources)


def _ranked_core20(ref: Reference, systems, category: str, writer: PageWriter) -> Markup:
    label = ref.label(category)
    found, shown = _ranked(systems, IN_CORE20, category, ref.everyone)
    fig = charts.dot_plot([r[0] for r in shown], {label: [_num(r[1]) for r in shown], ref.label(ref.everyone): [_num(r[2]) for r in shown]},
                          x_title="% of residents in the most deprived 20% of neighbourhoods")
    above = sum(1 for r in shown if _num(r[2]) is not None and _num(r[1]) > _num(r[2]))
    summary = (f"In {above} of the {len(shown)} systems with a figure, a larger share of {label} residents than of all "
               f"residents live in the most deprived 20% of neighbourhoods in England. {AREA_BASED}")
    frame = {"Integrated care system": [r[0] for r in found],
             f"{label}: share in the most deprived 20%": [_share(ref, IN_CORE20, r[1]) for r in found],
             "Everyone: share in the most deprived 20%": [_share(ref, IN_CORE20, r[2]) for r in found]}
    sources = common.joined_sources([r[3] for r in found], [r[4] for r in found])
    return writer.figure(f"{category}-core20-by-ics", fig,
                         f"{label}: residents living in the most deprived 20% of neighbourhoods, by system, Census 2021 and IMD 2025",
                         summary, frame, sources)
