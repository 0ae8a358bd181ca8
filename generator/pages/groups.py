"""Community group pages (national) and ICS x community group pages.

A group is measured by the breakdown categories listed in its `category_ids`. Within one breakdown
dimension the group's category is compared with the least deprived / other end of that dimension
(for deprivation) and, where the package has one, with everyone (the breakdown `Reference.everyone`).
"""
from __future__ import annotations

from collections import Counter

import pandas as pd
from markupsafe import Markup

from generator import charts, stats, wording
from generator.load import Package
from generator.pages import common, ethnicity, safe
from generator.pages.common import PageWriter
from generator.pages.assessment import actions_section, assessment_section, choice, published_ratings
from generator.pages.plan import CENSUS_INDICATORS, GROUPS_INDEX, SystemPage, group_categories
from generator.pages.site import Site
from generator.reference import Reference


def render(site: Site, out_dir) -> None:
    if site.first:
        _render_index(site, out_dir)
    groups = site.national(site.plan.groups)
    mentions = {s.area_code: _mentions(s.package) for s in site.plan.systems} if groups else {}
    england = site.dataset.package(site.ref.england)
    national = _AreaFigures(england, site.ref.everyone) if england is not None and groups else None
    for group_id in groups:
        _render_group(site, group_id, mentions, out_dir, national)
    for system in site.systems():
        figures = _AreaFigures(system.package, site.ref.everyone)  # once for all of the system's group pages
        for group_id in system.groups:
            _render_ics_group(site, system, group_id, out_dir, england, figures)


def _render_index(site: Site, out_dir) -> None:
    ref, page = site.ref, GROUPS_INDEX
    sections = []
    for group_type, title in (("core20", "The most deprived areas"), ("plus", "PLUS groups"),
                              ("inclusion_health", "Inclusion health groups"), ("children_and_young_people", "Children and young people")):
        groups = ref.groups[ref.groups.group_type == group_type]
        sections.append((title, [(common.url(page, common.group_page(g.group_id)), g["name"], g.description)
                                 for _, g in groups.iterrows()]))
    PageWriter(out_dir, page, common.national_origin(site)).write(safe.page(
        "groups_index", notice=common.generated_notice("datapackages/reference/community_groups.csv"),
        sections=sections), title="Community groups")


def _render_group(site: Site, group_id: str, mentions: dict, out_dir, national: _AreaFigures | None) -> None:
    ref = site.ref
    group = ref.groups.loc[group_id]
    page = common.group_page(group_id)
    writer = PageWriter(out_dir, page, common.national_origin(site))
    england = site.dataset.package(ref.england)
    blocks = _group_blocks(national, ref, group_id, writer, "England", england) if national is not None else []
    systems = [_system_entry(s, mentions[s.area_code], page, group_id) for s in site.plan.systems]
    writer.write(safe.page(
        "group", notice=common.generated_notice("datapackages/reference/community_groups.csv"),
        title=group["name"], group=group,
        measured=bool(group_categories(ref, group_id)), national=blocks,
        across=_across_icss(site, group_id, writer),
        chose=sorted((s for s in systems if s["chose"] and not s["illustrative"]), key=lambda s: s["name"]),
        ics_links=sorted((s for s in systems if s["url"] and not s["illustrative"]), key=lambda s: s["name"]),
        examples=sorted((s for s in systems if s["url"] and s["illustrative"]), key=lambda s: s["name"]),
        banner=common.illustrative_banner()), title=group["name"])


def _system_entry(system: SystemPage, mentions: tuple, page: str, group_id: str) -> dict:
    """What one system published about a group, for the group's national page: whether it chose the group,
    how many self-assessment ratings and actions name it (mentions, from `_mentions`), and its ICS x group
    page (when it has one)."""
    chose, ratings, actions = mentions
    return {"name": system.short_name, "illustrative": system.illustrative, "chose": group_id in chose,
            "ratings": ratings[group_id], "actions": actions[group_id],
            "url": common.url(page, system.group_page(group_id)) if group_id in system.groups else None}


def _mentions(package: Package) -> tuple[set[str], Counter, Counter]:
    """The groups a system chose, and how many of its published ratings and of its actions name each group:
    worked out once per system, not once per system and group."""
    def naming(table: pd.DataFrame) -> Counter:
        return Counter(g for groups in table.community_groups for g in set(groups.split(";")) if g)

    return (set(package.table("plus_groups").group_id), naming(published_ratings(package)),
            naming(package.table("actions")))


def _group_blocks(figures: _AreaFigures, ref: Reference, group_id: str, writer: PageWriter, place: str,
                  england: Package | None) -> list[Markup]:
    """One figure per indicator (and sex) measured for the group, per breakdown dimension, latest period.

    Indicators outside the Core20PLUS5 clinical areas are summarised in one table instead of a chart each,
    to keep pages light on a phone.
    """
    package, whole = figures.package, figures.whole
    blocks, others, sources = ethnicity.group_figures(package, england, ref, writer, group_id, place), [], []
    for dimension, category in _group_dimensions(ref, group_id, figures.breakdowns):
        in_dimension = ref.in_order(dimension)
        for (indicator_id, sex), series in figures.latest(in_dimension).items():
            if category not in series:
                continue
            if ref.indicator(indicator_id).clinical_area_id or package.area_code == ref.england or package.illustrative:
                blocks.append(_gradient_figure(ref, writer, indicator_id, sex, series, category, in_dimension, whole, place))
            else:
                sex_word = whole.variety.sex_words(ref, indicator_id, sex)
                row, source = _gap_row(ref, indicator_id, sex_word, series, category, in_dimension)
                others.append(row)
                sources.append(source)
    if others:
        blocks.append(safe.join([common.heading(3, "Other measures"),
                                 writer.table(pd.DataFrame(others), f"Other measures for this group, {place}", sources)]))
    return blocks


class _AreaFigures:
    """A package's figures for its own area by breakdown (not its places, nor England's regions; the Census
    figures are shown by ethnicity.group_figures), read once for all the pages about its groups."""

    def __init__(self, package: Package, everyone: str):
        obs = package.table("observations")
        self.package = package
        self.obs = obs[(obs.area_code == package.area_code) & ~obs.indicator_id.isin(CENSUS_INDICATORS)]
        self.breakdowns = set(self.obs.breakdown)
        self.whole = _Whole(self.obs, everyone)
        self._latest: dict[tuple[str, ...], dict] = {}

    def latest(self, categories: list[str]) -> dict[tuple[str, str], dict[str, tuple[tuple, str]]]:
        """(indicator, sex) -> breakdown -> (row, its 'file:line') of these categories, latest period."""
        key = tuple(categories)
        if key not in self._latest:
            self._latest[key] = _latest_by_measure(self.obs[self.obs.breakdown.isin(categories)])
        return self._latest[key]


class _Whole:
    """What the figures of one area's breakdowns are read against: its whole-area figure of the same measure
    and period ('everyone in ...'), and the words for whom a figure is (common.Variety)."""

    def __init__(self, obs: pd.DataFrame, everyone: str):
        totals = obs[obs.breakdown == everyone].drop_duplicates(["indicator_id", "sex", "period"])
        self.values = dict(zip(zip(totals.indicator_id, totals.sex, totals.period), totals.value))
        self.variety = common.Variety(obs)


def _latest_by_measure(rows: pd.DataFrame) -> dict[tuple[str, str], dict[str, tuple[tuple, str]]]:
    """(indicator, sex) -> breakdown -> (row, its 'file:line') in the measure's latest period."""
    found = {}
    for measure, latest in common.latest_by(rows, ["indicator_id", "sex"]).items():
        found[measure] = {}
        for row, source in latest:
            found[measure].setdefault(row.breakdown, (row, source))
    return found


def _group_dimensions(ref: Reference, group_id: str, present: set[str]) -> list[tuple[str, str]]:
    """(dimension, the group's first category in it) for each dimension with data; e.g. Core20 is decile 1
    of a decile dimension and quintile 1 of a quintile dimension."""
    found = {}
    for category in group_categories(ref, group_id):
        if category in present and category in ref.categories.index:
            found.setdefault(ref.dimension_of(category), category)
    return sorted(found.items())


def _gap_row(ref: Reference, indicator_id: str, sex_word: str, series: dict, category: str,
             in_dimension: list[str]) -> tuple[dict, str]:
    """A measure's row of "Other measures": the group's figure and the other end's, and the sources of both."""
    other = [c for c in in_dimension if c in series][-1]
    return ({"Measure": f"{ref.indicator(indicator_id).name}{sex_word}", "Period": series[category][0].period,
             ref.label(category): ref.cell(indicator_id, series[category][0]),
             "Other end": f"{ref.cell(indicator_id, series[other][0])} ({ref.label(other)})"},
            common.joined_sources([series[category][1]], [series[other][1]] if other != category else [""])[0])


def _gradient_figure(ref, writer, indicator_id, sex, series, category, in_dimension, whole: _Whole, place) -> Markup:
    ind = ref.indicator(indicator_id)
    ordered = [c for c in in_dimension if c in series]
    rows = [series[c][0] for c in ordered]
    values, lower, upper = ([getattr(r, name) for r in rows] for name in ("value", "lower_ci_95", "upper_ci_95"))
    labels = [ref.label(c) for c in ordered]
    period = rows[0].period
    benchmark = whole.values.get((indicator_id, sex, period))
    fig = charts.bar_with_ci(labels, values, lower, upper, y_title=ind.unit, benchmark=benchmark,
                             benchmark_name=f"Everyone in {place}", decimals=int(ind.decimals))
    group_row = series[category][0]
    dimension = ref.dimension_of(category)
    if ref.is_deprivation(dimension):  # the gap between the two ends
        summary = wording.describe_gap(values[0], values[-1], decimals=int(ind.decimals), unit=ind.unit,
                                       group_word=wording.quantile_word(len(rows)), of_what=ref.ranks(dimension))
    else:
        label = stats.compare_group_to_whole(group_row.value, group_row.lower_ci_95, group_row.upper_ci_95, benchmark, ind.polarity)
        summary = wording.describe_group_vs_whole(ref.label(category), group_row.value, benchmark, label,
                                                  decimals=int(ind.decimals), unit=ind.unit, whole_name=f"everyone in {place}")
    sex_word = whole.variety.sex_words(ref, indicator_id, sex, " for ")
    dimension_name = ref.dimension_name(dimension)
    caption = f"{ind['name']}{sex_word}, {place}, by {wording.lower_first(dimension_name)}, {period}"
    table = {dimension_name: labels, ind["name"]: [ref.cell(indicator_id, r) for r in rows],
             "95% confidence interval": [ref.interval(indicator_id, lo, up) for lo, up in zip(lower, upper)]}
    figure = writer.figure(f"{indicator_id}-{sex}-{dimension}", fig, caption, summary, table, [series[c][1] for c in ordered])
    if ref.ranks(dimension) == "areas":  # groups of people: PHE's SII and RII too
        from generator.pages.indicators import inequality_indices
        part = pd.DataFrame({"value": values, "lower_ci_95": lower, "upper_ci_95": upper,
                             "denominator": [r.denominator for r in rows]})
        figure = safe.join([figure, inequality_indices(part, ind, "areas", ref.noun(sex))])
    return safe.join([common.heading(3, ind["name"] + sex_word), figure])


def _across_icss(site: Site, group_id: str, writer: PageWriter) -> Markup | str:
    """The group's measure in every real ICS: for Core20, the share of neighbourhoods in it."""
    if group_id != "core20":
        return ethnicity.across_systems(site, group_id, writer) or "No public data measures this group in every integrated care system yet."
    ref, rows = site.ref, []
    measured = {s.area_code for s in site.plan.real_systems() if s.package.has_indicator("core20_neighbourhoods")}
    since, comparable = site.plan.comparable_systems(measured)
    for system in comparable:
        obs = system.package.indicator_rows("core20_neighbourhoods")
        core20 = obs[obs.breakdown == ref.everyone]
        if len(core20):
            rows.append((system.short_name, float(core20.value.iloc[0]), common.row_sources(core20.iloc[:1])[0]))
    if not rows:
        return "No figures are available."
    rows.sort(key=lambda r: (-r[1], r[0]))
    fig = charts.ranked_bars([r[0] for r in rows], [r[1] for r in rows], x_title="% of neighbourhoods in the most deprived 20%",
                             benchmark=20, benchmark_name="England: 20%")
    summary = (f"The share ranges from {ref.format('core20_neighbourhoods', rows[-1][1])} in {rows[-1][0]} "
               f"to {ref.format('core20_neighbourhoods', rows[0][1])} in {rows[0][0]}.")
    table = {"Integrated care system": [r[0] for r in rows],
             "Neighbourhoods in the most deprived 20%": [ref.format("core20_neighbourhoods", r[1]) for r in rows]}
    return safe.join([safe.paragraph(common.boundary_note(since, comparable)), writer.figure(
        "core20-share-by-ics", fig, "Share of neighbourhoods in the most deprived 20% of England, by ICS, IMD 2025",
        summary, table, [r[2] for r in rows])])


def _no_figures(ref: Reference, group_id: str) -> str:
    """Why a system's page about a group has no figures: no indicator in the catalogue measures the group at
    all, or none of the ones that do has figures in this system's data."""
    if not group_categories(ref, group_id):
        return ("No indicator in this site's catalogue measures this group yet, so there are no figures for it here. "
                "NHS records often do not say whether someone belongs to it.")
    return "This system's data has no figures for this group yet."


def _render_ics_group(site: Site, system: SystemPage, group_id: str, out_dir, england: Package | None,
                      figures: _AreaFigures) -> None:
    ref, package, area = site.ref, system.package, site.ref.areas.loc[system.area_code]
    group = ref.groups.loc[group_id]
    page = system.group_page(group_id)
    writer = PageWriter(out_dir, page, common.system_origin(site, package))
    chosen = package.table("plus_groups")
    chosen = chosen[chosen.group_id == group_id]
    title = f"{group['name']} in {area.short_name}"
    writer.write(safe.page(
        "ics_group", notice=common.generated_notice(f"datapackages/{package.area_code}"), title=title, group=group,
        illustrative=package.illustrative, banner=common.illustrative_banner(),
        ics_url=common.url(page, system.page), group_url=common.url(page, common.group_page(group_id)),
        ics_name=area.short_name, choice=choice(common.records(chosen)[0]) if len(chosen) else None,
        blocks=_group_blocks(figures, ref, group_id, writer, area.short_name, england),
        no_figures=_no_figures(ref, group_id),
        assessment=assessment_section(package, ref, page, group_id),
        actions=actions_section(package, ref, writer, group_id)),
        title=title)
