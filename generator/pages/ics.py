"""One page per ICS: key facts, deprivation, gaps between most and least deprived, indicators, places,
self-assessment and actions, each chart with its summary, table and CSV."""
from __future__ import annotations

import types

import pandas as pd
from markupsafe import Markup

from generator import charts, stats, wording
from generator.compute import Measures
from generator.load import Package
from generator.pages import assessment, common, corrections, ethnicity, packages, safe
from generator.pages.common import PageWriter
from generator.pages.plan import SystemPage
from generator.pages.site import Site
from generator.reference import Reference

CLINICAL_INTRO = ("GP practices are grouped into five equal fifths across England, from the most to the least deprived areas "
                  "their patients live in. For each measure we show the typical (median) practice in the most and least "
                  "deprived fifths in this system, for the latest year. The Core20 page for this system shows every fifth "
                  "in a chart.")
PLACE_COLUMNS = (  # (indicator, sex, column heading) shown for each place
    ("life_expectancy", "male", "Life expectancy, men"), ("life_expectancy", "female", "Life expectancy, women"),
    ("life_expectancy_gap_sii", "male", "Gap in men's life expectancy inside the place"),
    ("smoking_prevalence_adults", "persons", "Adults who smoke"),
)


def render(site: Site, out_dir) -> None:
    for system in site.systems():
        writer = PageWriter(out_dir, system.page, common.system_origin(site, system.package))
        context = _context(site, system, writer)
        writer.write(safe.page("ics", **context), title=context["title"])


def _context(site: Site, system: SystemPage, writer: PageWriter) -> dict:
    ref, package = site.ref, system.package
    area, england = ref.areas.loc[system.area_code], site.dataset.package(ref.england)
    figures = site.measures.figures([system.area_code])
    obs = package.table("observations")
    formed_from = _formed_from(site, system)
    clinical = _clinical(obs[obs.area_code == package.area_code], ref, formed_from, writer)
    smi = _smi(figures, site.measures, ref, writer, formed_from)
    indicator_table = _indicator_table(figures, site.measures, ref, writer)
    methods = common.url(writer.page, "methods.md")
    sections = [
        ("key-facts", "Key facts", safe.partial("bullets.html", items=_facts(package, area, ref), css_class="key-facts")),
        ("deprivation", "How deprived are its neighbourhoods?", _deprivation(package, ref, writer)),
        ("who-lives-here", "Who lives here", safe.join([ethnicity.who_lives_here(package, england, ref, writer),
                                                        ethnicity.group_links(ref, writer.page)])),
        ("ethnicity-and-deprivation", "Where ethnicity and deprivation meet",
         ethnicity.deprivation_by_group(package, package.area_code, england, ref, writer)),
        ("gaps", "Gaps between the most and least deprived", safe.join([
            CLINICAL_INTRO, _explain_gaps(methods) if isinstance(clinical[0], Markup) else "", *clinical])),
        ("smi", "Health checks for people with severe mental illness",
         safe.join([smi, _explain_interval(methods) if isinstance(smi, Markup) else ""])),
        ("indicators", "Indicators at a glance", safe.join([indicator_table, _explain_interval(methods) if (
            isinstance(indicator_table, Markup) and not isinstance(smi, Markup)) else ""])),
        ("places", "Places in this system", safe.join([
            _places(package, ref, writer), ethnicity.places_by_group(package, england, ref, writer),
            _places_life_expectancy(package, england, ref, writer)])),
        ("community-groups", "Community groups this system chose", assessment.plus_groups(system, ref, writer)),
        ("self-assessment", "Self-assessment: what the system says it is doing", assessment.assessment_section(
            package, ref, writer.page, figure=assessment.maturity_figure(package, ref, writer))),
        ("actions", "You said, we did", assessment.actions_section(package, ref, writer)),
        ("corrections", "Figures the system corrected", corrections.corrections_section(package, ref, writer)),
        ("sources", "Where the data comes from", _sources(package, ref, writer.page, site.downloads)),
        ("contact", "Questions and contact", safe.partial(
            "contact.html", system_name=area.short_name, system_contact=assessment.contact(package), issues_url=common.issues_url())),
    ]
    return {
        "notice": common.generated_notice(f"datapackages/{package.area_code}"),
        "title": f"{area.short_name} integrated care system" + (
            "" if system.current else f" (until {wording.format_date(system.valid_to)})"),
        "illustrative": package.illustrative, "banner": common.illustrative_banner(),
        "lineage": _lineage(site, system, writer.page),
        "lead": _lead(area, ref),
        # A section with nothing to say is left out (only corrections: every other one says what is missing).
        "sections": [{"id": i, "heading": h, "body": b} for i, h, b in sections if b or i != "corrections"],
    }


def _explain_gaps(methods: str) -> Markup:
    return safe.partial("explain.html", text=(
        "Put the practices in a fifth in order: the median practice is the one in the middle. Half have a higher "
        "figure and half a lower one. A gap between two percentages is in percentage points. From 60% to 70% is 10 "
        "percentage points."), links=[(f"{methods}#median", "the median practice"),
                                                  (f"{methods}#percentage-points", "percentage points")])


def _explain_interval(methods: str) -> Markup:
    return safe.partial("explain.html", text=(
        "A 95% confidence interval is the range the true figure is likely to be in. A wide range means the figure "
        "is less certain, often because few people were counted."),
        links=[(f"{methods}#confidence-intervals", "confidence intervals")])


def _lead(area: pd.Series, ref: Reference) -> str:
    region = ref.areas.loc[area.parent_code, "short_name"] if area.parent_code in ref.areas.index else None
    where = f" in the {region} region of NHS England" if region else ""
    if area.valid_to:  # a former system: what it did, and what its page still shows
        return (f"Until {wording.format_date(area.valid_to)}, {area['name']} planned health services for the people "
                f"who lived here{where}. This page shows what public data says about health inequalities on its "
                "boundaries.")
    return (f"{area['name']} plans health services for the people who live here{where}. This page shows what "
            "public data says about health inequalities here, and what the system says it is doing about them.")


def _facts(package: Package, area: pd.Series, ref: Reference) -> list[str]:
    facts = []
    core20 = package.indicator_rows("core20_neighbourhoods")
    core20 = core20[core20.breakdown == ref.everyone]
    if not core20.empty:
        row = core20.iloc[-1]
        facts.append(f"{ref.format('core20_neighbourhoods', row.value)} of its neighbourhoods are among the most "
                     f"deprived 20% in England (the Core20 group). Across England it is 20%.")
    places = package.table("places")
    if len(places):
        facts.append(f"It covers {wording.pluralise(len(places), 'local authority', 'local authorities')}.")
    facts.append(f"Its ONS code is {area.area_code} and its NHS code is {area.ods_code}." if area.ods_code else
                 f"Its ONS code is {area.area_code}.")
    return facts


def _deprivation(package: Package, ref: Reference, writer: PageWriter) -> Markup | str:
    deciles = package.indicator_rows("neighbourhoods_by_deprivation").copy()
    if deciles.empty:
        return "No deprivation profile is available for this system."
    deciles["order"] = deciles.breakdown.map(lambda c: int(ref.categories.loc[c, "sequence"]))
    deciles = deciles.sort_values("order")
    labels = [ref.label(c) for c in deciles.breakdown]
    fig = charts.bar_with_ci(labels, deciles.value.tolist(), y_title="% of neighbourhoods", benchmark=10,
                             benchmark_name="England: 10% in each tenth")
    most = deciles.iloc[0].value
    summary = (f"{ref.format('neighbourhoods_by_deprivation', most)} of neighbourhoods here are in England's most "
               f"deprived tenth, against 10% across England.")
    table = {"Deprivation tenth (IMD 2025)": labels,
             "Neighbourhoods": deciles["count"].astype("Int64").astype(str).tolist(),
             "Share of neighbourhoods": [ref.format("neighbourhoods_by_deprivation", v) for v in deciles.value]}
    return writer.figure("deprivation", fig, "Share of neighbourhoods in each national deprivation tenth, IMD 2025",
                         summary, table, common.row_sources(deciles))


def _clinical(obs: pd.DataFrame, ref: Reference, formed_from: str, writer: PageWriter) -> list[Markup | str]:
    """The gap between the most and least deprived fifth of practices, latest year, for each measure."""
    rows, sources = [], []
    fifths = ref.practice_fifths
    for (indicator_id,), latest in common.latest_by(obs[obs.breakdown.isin(fifths)], ["indicator_id"]).items():
        ind = ref.indicator(indicator_id)
        by_fifth = {row.breakdown: (row, source) for row, source in latest}
        ends = [by_fifth.get(fifth, (_NO_FIGURE, "")) for fifth in (fifths[0], fifths[-1])]
        (most, most_source), (least, least_source) = ends
        sources.append("; ".join(s for s in (most_source, least_source) if s))
        gap = stats.compute_gap(most.value, least.value, ind.polarity)
        rows.append({"Measure": ind["name"], "Year": latest[0][0].period,
                     "Most deprived fifth": ref.cell(indicator_id, most),
                     "Least deprived fifth": ref.cell(indicator_id, least),
                     "Most deprived compared with least deprived": _gap_words(gap, ind)})
    if not rows and formed_from:
        return [f"These figures are published only for the integrated care systems of 2024, by GP practice, so there are "
                f"none for this system's boundaries and none are estimated. See the pages of {formed_from}."]
    if not rows:
        return ["No measures by GP practice deprivation are available for this system."]
    return [writer.table(pd.DataFrame(rows), "Median GP practice in the most and least deprived fifths, latest year", sources)]


# A fifth of practices with no row in the latest period.
_NO_FIGURE = types.SimpleNamespace(value=float("nan"), status="not_available")


def _gap_words(gap: stats.Gap | None, ind: pd.Series) -> str:
    if gap is None:
        return "not available"
    size = stats.format_difference(abs(gap.absolute), int(ind.decimals), ind.unit)
    if size == stats.format_difference(0, int(ind.decimals), ind.unit):
        return "about the same"
    return f"{size} {'higher' if gap.absolute > 0 else 'lower'}"


def _smi(figures: pd.DataFrame, measures: Measures, ref: Reference, writer: PageWriter, formed_from: str) -> Markup | str:
    """Health checks for people with severe mental illness by quarter, against England, and the recent trend
    (both from generator.compute)."""
    indicator_id = "smi_health_checks"
    here = figures[figures.indicator_id == indicator_id]
    if here.empty and formed_from:
        return ("The checks are counted for whole sub-ICB locations. Part of this system came from a location that was "
                f"divided when it was formed, so there is no exact figure for it and none is estimated. See the pages of {formed_from}.")
    if here.empty:
        return "No figures on health checks for people with severe mental illness are available for this system."
    first_series = here[["sex", "age"]].iloc[0]  # the one line: figures come sorted by sex, age, period
    here = here[(here.sex == first_series.sex) & (here.age == first_series.age)]
    ind = ref.indicator(indicator_id)
    series = {"This system": (here.period.tolist(), here.value.tolist(), here.lower_ci_95.tolist(), here.upper_ci_95.tolist())}
    if here.england_value.notna().any():
        series["England"] = (here.period.tolist(), here.england_value.tolist(), None, None)
    fig = charts.trend_lines(series, y_title="% who had all six checks")
    last = here.iloc[-1]
    benchmark = last.england_value if pd.notna(last.england_value) else None
    summary = wording.describe_comparison(last.value, benchmark, last.england_label, decimals=int(ind.decimals), unit=ind.unit,
                                          subject="the share of people with severe mental illness who had all six checks")
    trend = measures.trend(last.area_code, indicator_id, last.sex, last.age)
    if trend != stats.CANNOT_CALCULATE:
        recent = here.period.tail(stats.TREND_POINTS)
        summary += " " + wording.describe_trend(trend, points=len(recent), period_word="quarter",
                                                first_period=recent.iloc[0], last_period=recent.iloc[-1])
    rows = common.records(here)
    table = {"Quarter": here.period.tolist(),
             "This system": [ref.cell(indicator_id, r) for r in rows],
             "95% confidence interval": [ref.interval(indicator_id, r.lower_ci_95, r.upper_ci_95) for r in rows],
             "England": [ref.format(indicator_id, v) if pd.notna(v) else "not available" for v in here.england_value]}
    sources = common.joined_sources(common.row_sources(here), [s if isinstance(s, str) else "" for s in here.england_source])
    return writer.figure(indicator_id, fig, f"{ind['name']}, by quarter", summary, table, sources)


def _indicator_table(figures: pd.DataFrame, measures: Measures, ref: Reference, writer: PageWriter) -> Markup | str:
    """Each indicator measured for the system as a whole: latest value, CI, England and its NHS England region
    with the comparison against each, and the recent trend (all from generator.compute); its sources are the
    system's row and England's and the region's."""
    rows, sources, variety, series = [], [], common.Variety(figures), {}
    for figure, source in zip(common.records(figures), common.row_sources(figures)):  # in KEY order: by period
        series.setdefault((figure.area_code, figure.indicator_id, figure.sex, figure.age), []).append((figure, source))
    for (area_code, indicator_id, sex, age), in_series in sorted(series.items()):
        ind = ref.indicator(indicator_id)
        last, source = in_series[-1]
        sources.append("; ".join(s for s in (source, last.england_source, last.region_source) if isinstance(s, str) and s))
        row = {"Indicator": f"{ind['name']}{variety.words(ref, indicator_id, sex, age)}", "Period": last.period,
               "Value": ref.cell(indicator_id, last),
               "95% confidence interval": ref.interval(indicator_id, last.lower_ci_95, last.upper_ci_95)}
        for name, benchmark in (("England", "england"), ("Region", "region")):
            value = getattr(last, f"{benchmark}_value")
            row[name] = ref.format(indicator_id, value) if pd.notna(value) else "not available"
            row[f"Compared with {name.lower() if name == 'Region' else name}"] = getattr(last, f"{benchmark}_label")
        row["Recent trend"] = measures.trend(area_code, indicator_id, sex, age)
        rows.append(row)
    if not rows:
        return "No indicators are measured for the system as a whole yet."
    return writer.table(pd.DataFrame(rows), "Indicators for the whole system, latest period", sources)


def _places(package: Package, ref: Reference, writer: PageWriter) -> Markup | str:
    """Each place with its share of the system and its latest figures; its sources are its row of places.csv
    and the row of each figure."""
    places = package.table("places")
    if places.empty:
        return "This package lists no places (local authorities)."
    rows, sources = [], []
    obs = package.indicator_rows(*dict.fromkeys(c[0] for c in PLACE_COLUMNS))
    obs = obs[obs.area_code.isin(set(places.area_code))]
    latest = {key: rows[0] for key, rows in common.latest_by(obs, ["area_code", "indicator_id", "sex"]).items()}
    places = places.sort_values("area_code")
    for place, place_source in zip(common.records(places), common.row_sources(places)):
        row = {"Place": ref.areas.loc[place.area_code, "name"] if place.area_code in ref.areas.index else place.area_code,
               "Share of its neighbourhoods in this system": f"{float(place.share_of_lsoas) * 100:.0f}%"}
        cited = [place_source]
        for indicator_id, sex, heading in PLACE_COLUMNS:
            r, source = latest.get((place.area_code, indicator_id, sex), (None, ""))
            if r is None:
                row[heading] = "not available"
                continue
            cited.append(source)
            comparison = f" ({r.published_comparison.lower()} than England)" if r.published_comparison in ("Better", "Worse") else (
                " (similar to England)" if r.published_comparison == "Similar" else "")
            row[heading] = f"{ref.cell(indicator_id, r)}, {r.period}{comparison}"
        rows.append(row)
        sources.append("; ".join(s for s in cited if s))
    note = ("These places and their figures are invented, like everything about this system." if package.illustrative else
            "Figures are for whole local authorities, copied from OHID Fingertips with its own comparison with England. "
            "An authority that spans two systems is shown in both.")
    names = wording.join_names([row["Place"] for row in rows])  # in prose too, so search finds the places
    return safe.join([safe.paragraph(f"This system covers {names}. {note}"),
                      writer.table(pd.DataFrame(rows), "Places in this system, latest figures", sources)], "")


def _places_life_expectancy(package: Package, england: Package | None, ref: Reference, writer: PageWriter) -> Markup:
    """Life expectancy of men and women in each place, latest period, against England: the widest gap
    most readers look for first."""
    indicator_id = "life_expectancy"
    places = set(package.table("places").area_code)
    obs = package.indicator_rows(indicator_id)
    here = obs[obs.area_code.isin(places) & (obs.breakdown == ref.everyone) & obs.sex.isin(["female", "male"])]
    if here.empty or indicator_id not in ref.indicators.index:
        return safe.EMPTY
    period = max(here.period)
    latest = here[here.period == period]
    first: dict[tuple[str, str], tuple[tuple, str]] = {}  # (place, sex) -> its first row and source
    values: dict[tuple[str, str], float] = {}  # (place, sex) -> its first figure (a row may have none)
    for row, source in zip(common.records(latest), common.row_sources(latest)):
        first.setdefault((row.area_code, row.sex), (row, source))
        if pd.notna(row.value):
            values.setdefault((row.area_code, row.sex), row.value)
    nan = float("nan")
    names = {c: ref.areas.loc[c, "name"] if c in ref.areas.index else c for c in places}
    # Lowest men's figure first, places without one last; then by name.
    order = sorted(sorted(places), key=lambda c: (pd.isna(values.get((c, "male"), nan)), values.get((c, "male"), 0), names[c]))
    women_values, men_values = ([values.get((c, sex), nan) for c in order] for sex in ("female", "male"))
    national = england.indicator_rows(indicator_id) if england is not None else obs.iloc[0:0]
    national = national[(national.area_code == ref.england) & (national.breakdown == ref.everyone) & (national.period == period)]
    by_sex = national.set_index("sex").value  # England's figure for women and for men
    women, men = ref.label("female"), ref.label("male")
    benchmarks = {women: by_sex.get("female"), men: by_sex.get("male")}
    fig = charts.dot_plot([names[c] for c in order], {women: women_values, men: men_values},
                          x_title="Life expectancy at birth (years)", benchmarks=benchmarks)
    known = [(names[c], value) for c, value in zip(order, men_values) if pd.notna(value)]
    summary = ""
    if len(known) > 1:
        (low_name, low), (high_name, high) = known[0], known[-1]
        summary = (f"In {period}, men's life expectancy ranges from {ref.format(indicator_id, low)} in {low_name} "
                   f"to {ref.format(indicator_id, high)} in {high_name}, a gap of "
                   f"{stats.format_difference(high - low, int(ref.indicator(indicator_id).decimals), 'years')}.")
    elif len(known) == 1:
        summary = f"In {period}, men's life expectancy in {known[0][0]} is {ref.format(indicator_id, known[0][1])}."
    if pd.notna(benchmarks[men]):
        summary += f" Across England it is {ref.format(indicator_id, benchmarks[men])}."

    def cell_and_source(code: str, sex: str) -> tuple[str, str]:
        if (code, sex) not in first:
            return "not available", ""
        row, source = first[(code, sex)]
        return ref.cell(indicator_id, row), source

    by_women = [cell_and_source(c, "female") for c in order]
    by_men = [cell_and_source(c, "male") for c in order]
    table = {"Place": [names[c] for c in order], women: [w[0] for w in by_women], men: [m[0] for m in by_men]}
    return writer.figure(
        "places-life-expectancy", fig, f"Life expectancy at birth in each place, {period}", summary or "No figures.", table,
        common.joined_sources([w[1] for w in by_women], [m[1] for m in by_men]))


def _lineage(site: Site, system: SystemPage, page: str) -> Markup:
    """What took over a former system (with the share of residents each took), or what a new one was formed
    from, linked both ways (reference area_changes.csv)."""
    ref, pages = site.ref, {s.area_code: s.page for s in site.plan.systems}
    name = f"{system.short_name} integrated care system"

    def item(code: str, share: float, whole: str) -> tuple:
        label = ref.areas.short_name.get(code, code)
        note = whole if share >= 1 else f"{share:.0%} of its residents (Census 2021)"
        return (common.url(page, pages[code]) if code in pages else None, label, note)

    successors, predecessors = ref.successors(system.area_code), ref.predecessors(system.area_code)
    if successors:
        changed = wording.format_date(ref.areas.loc[successors[0][0], "valid_from"])
        return safe.partial("lineage.html", kind="warning", heading="This system no longer exists",
                            intro=f"On {changed} {name} became part of:",
                            items=[item(code, share, "all of it") for code, share in successors],
                            outro=f"This page shows it as it was until {wording.format_date(system.valid_to)}, with "
                                  "the figures published for its boundaries.")
    if predecessors:
        return safe.partial("lineage.html", kind="info", heading="A new system",
                            intro=f"{name} was formed on {wording.format_date(system.valid_from)} from:",
                            items=[item(code, share, "all of it") for code, share in predecessors],
                            outro="The shares are of each earlier system's residents. Figures here are counted on this "
                                  "system's own boundaries wherever the source allows it exactly; none is estimated "
                                  "from the earlier systems' figures.")
    return safe.EMPTY


def _formed_from(site: Site, system: SystemPage) -> str:
    """'Norfolk and Waveney and Suffolk and North East Essex': the systems a new one was formed from, or ''."""
    return wording.join_names([site.ref.areas.short_name.get(c, c) for c, _ in site.ref.predecessors(system.area_code)])


def _sources(package: Package, ref: Reference, page: str, downloads: packages.Downloads | None) -> Markup:
    files = ", ".join(f"datapackages/{package.area_code}/{r['path']}" for r in package.descriptor.get("resources", []))
    sources = package.descriptor.get("sources", [])
    zipped = downloads.download(package) if downloads is not None else None
    download = {"url": common.file_url(page, zipped[0]), "size": wording.file_size(zipped[1])} if zipped else None
    return safe.partial("sources.html", sources=sources, files=files, boundaries=ref.boundary_names(sources),
                        version=package.descriptor.get("version", ""), attribution=package.descriptor.get("attribution", ""),
                        download=download, about_data=common.url(page, "about-data.md") + "#download-the-data")
