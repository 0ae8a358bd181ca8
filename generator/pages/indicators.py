"""One page per indicator in the catalogue: what it is, how it is worked out, every real ICS compared,
the England trend and the breakdowns that exist."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import charts, stats, wording
from generator.load import Dataset
from generator.pages import common, safe
from generator.pages.common import PageWriter
from generator.pages.plan import INDICATORS_INDEX
from generator.pages.site import Site
from generator.reference import Reference

NOT_AVAILABLE = "Not available"
COMPARISON_COLOURS = {stats.BETTER: charts.BLUE, stats.SIMILAR: charts.ORANGE, stats.WORSE: charts.VERMILION,
                      stats.LOWER: charts.SKY, stats.HIGHER: charts.PURPLE, stats.NOT_COMPARED: "#ffffff",
                      NOT_AVAILABLE: "#bdbdbd"}
POLARITY_WORDS = {"high_is_good": "A higher value is better.", "low_is_good": "A lower value is better.",
                  "no_judgement": "Neither a higher nor a lower value is better in itself: the figure describes the area."}
CI_WORDS = {"published": "as published by the source", "wilson": "worked out here from the counts with the Wilson score method",
            "byar": "worked out here from the counts with Byar's method (exact Poisson below 10 events)",
            "none": "not available for this indicator"}


def render(site: Site, out_dir) -> None:
    dataset, ref = site.dataset, site.ref
    indicators = site.indicators()
    if not indicators and not site.first:
        return
    rows_of = _rows_by_indicator([p for p in dataset.packages if not p.illustrative], indicators)
    origin = common.national_origin(site)
    if site.first:
        _render_index(ref, out_dir, origin)
    for indicator_id in indicators:
        ind = ref.indicator(indicator_id)
        rows = rows_of(indicator_id)
        england = rows[rows.area_code == ref.england] if len(rows) else rows  # (read by two sections)
        since, comparable = site.plan.comparable_systems(set(rows.area_code) if len(rows) else set())
        systems = sorted(s.area_code for s in comparable)
        writer = PageWriter(out_dir, common.indicator_page(indicator_id), origin)
        clinical = ind.clinical_area_id
        writer.write(safe.page(
            "indicator", notice=common.generated_notice("datapackages/reference/indicators.csv"),
            title=ind["name"], ind=ind, polarity=POLARITY_WORDS[ind.polarity],
            ci=CI_WORDS[ind.ci_method], clinical=_clinical_name(dataset, clinical) if clinical else "",
            boundaries=common.boundary_note(since, comparable),
            comparison=_compare_icss(rows, site.measures.figures(systems, indicator_id), ref, indicator_id, writer, systems),
            trend=_england_trend(england, ref, indicator_id, writer),
            breakdowns=_england_breakdowns(england, ref, indicator_id, writer),
            levels=_levels(rows, ref)), title=ind["name"])


def _rows_by_indicator(packages: list, indicators: list[str]):
    """A function giving an indicator's observations in every real package, each with its `package`, in package
    and file order. Only these indicators' rows are stacked (from each package's grouping of its rows by
    indicator), once, and grouped: a process renders its share of the indicators, a rebuild one of them."""
    parts = []
    for package in packages:
        if any(package.has_indicator(i) for i in indicators):
            parts.append(package.indicator_rows(*indicators).assign(package=package.area_code))
    if not parts:
        empty = packages[0].table("observations").iloc[0:0].assign(package="") if packages else pd.DataFrame()
        return lambda indicator_id: empty
    every = pd.concat(parts, ignore_index=True)
    positions = every.groupby("indicator_id", sort=False).indices
    return lambda indicator_id: every.iloc[positions[indicator_id] if indicator_id in positions else []]


def _clinical_name(dataset: Dataset, clinical_area_id: str) -> str:
    areas = dataset.reference.tables["clinical_areas"].set_index("clinical_area_id")
    return areas.loc[clinical_area_id, "name"] if clinical_area_id in areas.index else clinical_area_id


def _render_index(ref: Reference, out_dir, origin: common.Origin) -> None:
    page = INDICATORS_INDEX
    items = [(common.url(page, common.indicator_page(i)), ind["name"], ind.description)
             for i, ind in ref.indicators.sort_values("name").iterrows()]
    PageWriter(out_dir, page, origin).write(safe.page(
        "indicators_index", notice=common.generated_notice("datapackages/reference/indicators.csv"), items=items),
        title="Indicators")


def _compare_icss(rows: pd.DataFrame, figures: pd.DataFrame, ref: Reference, indicator_id: str, writer: PageWriter,
                  systems: list[str]) -> Markup | str:
    """Every real ICS for the latest period, ranked, with 95% CIs and the England line. The comparisons are
    generator.compute's, the same as on each system's page."""
    if figures.empty:
        return _compare_ics_gaps(rows, ref, indicator_id, writer, systems)
    ind = ref.indicator(indicator_id)
    latest = common.latest(figures)
    sex = _whole_first(ref, latest.sex)[0]  # everyone, where published
    latest = latest[latest.sex == sex]
    ages = latest.age.value_counts()
    latest = latest[latest.age == sorted(ages.index[ages == ages.max()])[0]]  # the band most systems publish
    known = latest.england_value.dropna()
    benchmark = known.iloc[0] if len(known) else None
    ranked = latest.assign(name=latest.area_code.map(ref.areas.short_name)).sort_values(["value", "name"], ascending=[False, True])
    labels = ranked.england_label.tolist()
    fig = charts.ranked_bars(ranked.name.tolist(), ranked.value.tolist(), ranked.lower_ci_95.tolist(), ranked.upper_ci_95.tolist(),
                             x_title=ind.unit, benchmark=benchmark, decimals=int(ind.decimals))
    counts = {label: labels.count(label) for label in sorted(set(labels))}
    summary = (f"In {latest.period.iloc[0]}, " + ", ".join(f"{n} {'system' if n == 1 else 'systems'} {label.lower()}"
                                                           for label, n in counts.items()) + " compared with England.")
    if set(counts) == {stats.NOT_COMPARED}:
        lowest, highest = ref.format(indicator_id, ranked.value.min()), ref.format(indicator_id, ranked.value.max())
        summary = f"In {latest.period.iloc[0]}, values range from {lowest} to {highest}."
    table = {"Integrated care system": ranked.name.tolist(),
             ind["name"]: [ref.cell(indicator_id, r) for r in common.records(ranked)],
             "95% confidence interval": [ref.interval(indicator_id, r.lower_ci_95, r.upper_ci_95)
                                         for r in common.records(ranked)],
             "Compared with England": labels}
    caption = f"{ind['name']} by integrated care system, {latest.period.iloc[0]}"
    return safe.join([writer.figure("ics-compared", fig, caption, summary, table, common.row_sources(ranked)),
                      _comparison_map(ranked, labels, ref, writer, caption)])


def _comparison_map(ranked: pd.DataFrame, labels: list[str], ref: Reference, writer: PageWriter, caption: str) -> Markup:
    """The same comparison on a map: each system a square at its label point, coloured and named by its label."""
    points: dict[str, tuple[list, list, list]] = {}
    sources: dict[str, list[str]] = {}
    for row, label, source in zip(common.records(ranked), labels, common.row_sources(ranked)):
        area = ref.areas.loc[row.area_code]
        if pd.isna(area.label_longitude) or pd.isna(area.label_latitude):
            continue
        names, longitudes, latitudes = points.setdefault(label, ([], [], []))
        sources.setdefault(label, []).append(source)
        names.append(row.name)
        longitudes.append(float(area.label_longitude))
        latitudes.append(float(area.label_latitude))
    if not points:
        return safe.EMPTY
    order = [label for label in COMPARISON_COLOURS if label in points]  # Better, Similar, Worse... in that order
    fig = charts.category_map({label: points[label] for label in order}, COMPARISON_COLOURS)
    summary = "Each square marks the middle of one system; its colour and its entry in the table give the comparison with England."
    table = {"Integrated care system": [n for label in order for n in points[label][0]],
             "Compared with England": [label for label in order for _ in points[label][0]]}
    return writer.figure("ics-map", fig, f"Map: {caption[0].lower()}{caption[1:]}, compared with England", summary, table,
                         [source for label in order for source in sources[label]])


def _whole_first(ref: Reference, sexes) -> list[str]:
    """The distinct sexes given, everyone (the whole of sex in the reference) first, then by id."""
    return sorted(set(sexes), key=lambda sex: (not ref.is_whole(sex), sex))


def _compare_ics_gaps(rows: pd.DataFrame, ref: Reference, indicator_id: str, writer: PageWriter,
                      systems: list[str]) -> Markup | str:
    """Where systems have no whole-system figure but do have the most and least deprived fifths of practices,
    rank them by the gap between the two (latest period), against England's gap."""
    fifths = ref.practice_fifths
    icb_codes = set(systems)
    by_fifth = rows[rows.area_code.isin(icb_codes) & rows.breakdown.isin(fifths)] if len(rows) and fifths else rows.iloc[0:0]
    if by_fifth.empty:
        return _compare_places(rows, ref, indicator_id, writer, systems)
    ind = ref.indicator(indicator_id)
    most, least = fifths[0], fifths[-1]
    latest = common.latest(by_fifth)
    period = latest.period.iloc[0]
    wide = latest.pivot_table(index="area_code", columns="breakdown", values="value", aggfunc="first")
    if most not in wide.columns or least not in wide.columns:
        return "This indicator is not published for whole integrated care systems, so they cannot be ranked here."
    # Every real system gets a row: one without a figure for either end is listed as not available, not dropped.
    wide = wide.reindex(sorted(icb_codes))
    wide = wide.assign(gap=wide[most] - wide[least], name=wide.index.map(ref.areas.short_name))
    missing = wide[wide.gap.isna()].sort_values("name")
    wide = wide.dropna(subset=["gap"]).sort_values(["gap", "name"], ascending=[False, True])
    if wide.empty:
        return ("No system has figures for both the most and the least deprived fifth of practices.")
    england = rows[(rows.area_code == ref.england) & (rows.period == period) & rows.breakdown.isin([most, least])]
    england = england.set_index("breakdown").value
    benchmark = england[most] - england[least] if {most, least} <= set(england.index) else None
    decimals, unit = int(ind.decimals), ind.unit
    fig = charts.ranked_bars(wide.name.tolist(), wide.gap.tolist(), x_title=f"Most minus least deprived fifth ({unit})",
                             benchmark=benchmark, benchmark_name="England's gap", decimals=decimals)
    signed = lambda gap: wording.describe_signed_gap(gap, decimals, unit)  # noqa: E731
    summary = (f"In {period}, the most deprived fifth of practices, compared with the least deprived, ranges from "
               f"{signed(wide.gap.iloc[-1])} in {wide.name.iloc[-1]} to {signed(wide.gap.iloc[0])} in {wide.name.iloc[0]}"
               + (f"; across England it is {signed(benchmark)}." if benchmark is not None else ".")
               + (f" {wording.pluralise(len(missing), 'system has', 'systems have')} no figure for one of the two "
                  "fifths; the table says why." if len(missing) else ""))
    published = latest.drop_duplicates(["area_code", "breakdown"])
    keys = list(zip(published.area_code, published.breakdown))
    rows, sources = dict(zip(keys, common.records(published))), dict(zip(keys, common.row_sources(published)))

    def shown(area_code: str, fifth: str) -> str:  # the value, or its status and the source's note
        key = (area_code, fifth)
        return ref.cell(indicator_id, rows[key]) if key in rows else "not available"

    def source(area_code: str) -> str:
        return "; ".join(sources[(area_code, fifth)] for fifth in (most, least) if (area_code, fifth) in sources)

    both = pd.concat([wide, missing])
    table = {"Integrated care system": both.name.tolist(),
             "Most deprived fifth": [shown(code, most) for code in both.index],
             "Least deprived fifth": [shown(code, least) for code in both.index],
             "Most deprived compared with least deprived": [signed(v) if pd.notna(v) else "not available"
                                                            for v in both.gap]}
    intro = safe.paragraph(
        "No figure is published for whole systems, but each system's typical (median) practice is published for each "
        "fifth of practices by deprivation. Systems are ranked by the gap between their most and least deprived fifth. "
        "These are medians without confidence intervals, so the gaps are not tested for chance.")
    return intro + writer.figure("ics-gaps", fig, f"{ind['name']}: gap between the most and least deprived fifth of "
                                 f"practices, by integrated care system, {period}", summary, table,
                                 [source(code) for code in both.index])


def _compare_places(rows: pd.DataFrame, ref: Reference, indicator_id: str, writer: PageWriter,
                    systems: list[str]) -> Markup | str:
    """Where only the local authorities in each system are published (Fingertips), count each system's places
    by the source's own comparison with England, latest period, one figure per sex."""
    icb_codes = set(systems)
    places = rows[rows.package.isin(icb_codes) & (rows.area_code != rows.package) & (rows.breakdown == ref.everyone)] \
        if len(rows) else rows
    if places.empty:
        return "This indicator is not published for whole integrated care systems, so they cannot be ranked here."
    intro = safe.paragraph(
        "This indicator is published for local authorities, not for whole systems. For each system we count its "
        "local authorities that the source found better than, similar to or worse than England. An authority that "
        "lies in two systems is counted in both.")
    name = ref.indicator(indicator_id).name
    figures = {sex: _places_figure(places[places.sex == sex], ref, indicator_id, writer, sex, sorted(icb_codes))
               for sex in _whole_first(ref, places.sex)}
    blocks = [figure if figure is not None else safe.paragraph(
        f"{name}{common.for_sex(ref, sex)}: the source does not compare local authorities with England for this "
        f"indicator, so there is nothing to count here. Each system's page lists its places' figures.")
        for sex, figure in figures.items()]
    drawn = any(figure is not None for figure in figures.values())
    return safe.join(([intro] if drawn else []) + blocks)


def _places_figure(part: pd.DataFrame, ref: Reference, indicator_id: str, writer: PageWriter, sex: str,
                   icb_codes: list[str]) -> Markup | None:
    """The stacked count of each system's places by comparison; None where the source compares none of them."""
    ind = ref.indicator(indicator_id)
    period = max(part.period)
    latest = part[part.period == period].drop_duplicates(["package", "area_code"])
    label = latest.published_comparison.where(latest.published_comparison.fillna("").astype(str).str.strip() != "",
                                              stats.NOT_COMPARED)
    latest = latest.assign(label=label)
    # A place published in earlier periods but not in the latest one is counted as not available, not dropped.
    known = part.drop_duplicates(["package", "area_code"], keep="last")[["package", "area_code", "_file", "_line"]]
    gone = known.merge(latest[["package", "area_code"]], how="left", indicator=True).query("_merge == 'left_only'")
    latest = pd.concat([latest, gone.drop(columns="_merge").assign(label=NOT_AVAILABLE)], ignore_index=True)
    categories = [c for c in COMPARISON_COLOURS if c in set(latest.label)] + sorted(set(latest.label) - set(COMPARISON_COLOURS))
    table = (latest.groupby(["package", "label"]).size().unstack(fill_value=0)
             .reindex(index=icb_codes, columns=categories, fill_value=0))
    table = table.assign(name=table.index.map(ref.areas.short_name), places=table[categories].sum(axis=1))
    if not set(categories) - {stats.NOT_COMPARED, NOT_AVAILABLE}:
        return None
    worst = stats.WORSE if stats.WORSE in categories else categories[0]
    table = table.assign(share=table[worst] / table.places.where(table.places > 0)).sort_values(
        ["share", "name"], ascending=[False, True], na_position="last")
    sex_word = common.for_sex(ref, sex)
    fig = charts.stacked_counts(table.name.tolist(), {c: table[c].tolist() for c in categories}, COMPARISON_COLOURS,
                                x_title="Number of local authorities")
    counted = [f"{int(table[c].sum())} {c.lower()}" for c in categories]
    when = f"In {period}" + (f", {sex_word.strip()}" if sex_word else "")
    summary = f"{when}, counting the local authorities of every system: " + (
        f"{', '.join(counted[:-1])} and {counted[-1]}." if len(counted) > 1 else f"{counted[0]}.")
    if stats.WORSE in categories and (table[stats.WORSE] > 0).any():
        top = table[table.share == table.share.max()].name.tolist()
        # System names contain "and", so several are not run together in one sentence; the table lists them.
        where = f"in {top[0]}" if len(top) == 1 else f"shared by {len(top)} systems, listed first in the table"
        summary += f" The largest share worse than England ({table.share.max():.0%}) is {where}."
    frame = {"Integrated care system": table.name.tolist(),
             **{c: table[c].astype(int).tolist() for c in categories},
             "Local authorities": table.places.astype(int).tolist()}
    caption = f"{ind['name']}{sex_word}: local authorities in each system compared with England, {period}"
    # Each system's counts cite the rows they count: its places' latest rows (a place gone since, its last one).
    cited = latest.assign(source=common.row_sources(latest)).groupby("package").source.agg("; ".join)
    return writer.figure(f"places-compared-{sex}", fig, caption, summary, frame, [cited.get(c, "") for c in table.index])


def _england_breakdowns(rows: pd.DataFrame, ref: Reference, indicator_id: str, writer: PageWriter) -> Markup | str:
    """England's latest figures by each breakdown in the data (rows: England's of the indicator), with the gap
    between the ends of a deprivation scale and, where the groups are groups of people, the slope and relative
    indices of inequality."""
    england = rows[(rows.breakdown != ref.everyone) & rows.breakdown.isin(ref.categories.index)] if len(rows) else rows
    if england.empty:
        return "The data has no breakdown of this indicator for England."
    england = england.assign(dimension=england.breakdown.map(ref.categories.dimension_id),
                             order=england.breakdown.map(ref.categories.sequence).astype(float))
    blocks = []
    for (dimension, sex), part in england.groupby(["dimension", "sex"], sort=True):
        part = common.latest(part)
        part = part[part.age == sorted(set(part.age))[0]].sort_values("order")
        blocks.append(_breakdown_figure(rows, ref, indicator_id, writer, dimension, sex, part))
    return safe.join(blocks)


def _breakdown_figure(rows, ref: Reference, indicator_id: str, writer: PageWriter, dimension: str, sex: str,
                      part: pd.DataFrame) -> Markup:
    ind = ref.indicator(indicator_id)
    decimals, unit = int(ind.decimals), ind.unit
    period = part.period.iloc[0]
    labels = [ref.label(c) for c in part.breakdown]
    total = rows[(rows.breakdown == ref.everyone) & (rows.sex == sex) & (rows.period == period)]  # England's
    benchmark = total.value.iloc[0] if len(total) else None
    fig = charts.bar_with_ci(labels, part.value.tolist(), part.lower_ci_95.tolist(), part.upper_ci_95.tolist(),
                             y_title=unit, benchmark=benchmark, benchmark_name="England, everyone", decimals=decimals)
    dimension_name = ref.dimension_name(dimension)
    deprivation = ref.is_deprivation(dimension)
    if deprivation:
        summary = wording.describe_gap(part.value.iloc[0], part.value.iloc[-1], decimals=decimals, unit=unit,
                                       group_word=wording.quantile_word(len(part)),
                                       of_what=ref.ranks(dimension))
    else:
        known = part.dropna(subset=["value"])
        high, low = known.loc[known.value.idxmax()], known.loc[known.value.idxmin()]
        summary = (f"The figure is highest for {ref.label(high.breakdown)} ({ref.format(indicator_id, high.value)}) "
                   f"and lowest for {ref.label(low.breakdown)} ({ref.format(indicator_id, low.value)}).")
    caption = f"{ind['name']}{common.for_sex(ref, sex)}, England, by {wording.lower_first(dimension_name)}, {period}"
    table = {dimension_name: labels,
             ind["name"]: [ref.cell(indicator_id, r) for r in common.records(part)],
             "95% confidence interval": [ref.interval(indicator_id, r.lower_ci_95, r.upper_ci_95)
                                         for r in common.records(part)]}
    heading = common.heading(3, "By " + wording.lower_first(dimension_name) + common.for_sex(ref, sex))
    figure = writer.figure(f"england-{dimension}-{sex}", fig, caption, summary, table, common.row_sources(part))
    inequality = inequality_indices(part, ind, ref.ranks(dimension), ref.noun(sex)) if deprivation else ""
    return safe.join([heading, figure, inequality])


def inequality_indices(part: pd.DataFrame, ind: pd.Series, ranks: str, for_whom: str) -> str:
    """Slope and relative index of inequality (PHE's method) across a deprivation scale of people (ranks:
    what the scale ranks, Reference.ranks; for_whom: 'women', or '' for everyone, Reference.noun).

    Populations: the denominators where every group has one; otherwise equal shares, because national
    deprivation fifths and tenths are built from equal numbers of similar-sized neighbourhoods. Fifths of GP
    practices are not groups of people, and their medians cannot be weighted, so they get no index."""
    if not ind.counts_people:
        return ""  # a share of neighbourhoods describes the area, not people's health: no slope to fit
    if ranks == "practices" or ind.value_type == "median_of_practices":
        return ("No slope index of inequality is given here: the figures are for typical GP practices, and a "
                "typical practice cannot be weighted by the number of people it stands for.")
    decimals, unit = int(ind.decimals), ind.unit
    counted = part.denominator.notna().all() and (part.denominator > 0).all()
    populations = part.denominator.tolist() if counted else [1.0] * len(part)
    has_limits = part.lower_ci_95.notna().all() and part.upper_ci_95.notna().all()
    value_type = "proportion" if ind.value_type == "proportion" else "rate" if "rate" in ind.value_type else "normal"
    try:
        result = stats.slope_index_of_inequality(
            part.value.tolist(), populations, part.lower_ci_95.tolist() if has_limits else None,
            part.upper_ci_95.tolist() if has_limits else None, value_type=value_type)
    except stats.StatsInputError as error:
        return f"No slope index of inequality could be worked out: {error}."
    sentence = wording.describe_sii(result.sii, decimals=decimals, unit=unit, subject=ind["name"], for_whom=for_whom,
                                    lower=result.sii_lower, upper=result.sii_upper, reason=result.reason)
    if result.sii is None:
        return sentence
    weights = ("each group weighted by its number of people" if counted
               else "each group taken to hold the same number of people, as national deprivation groups are built to")
    rii = (f" The relative index of inequality is {result.rii:.2f}: the fitted figure at the least deprived end is "
           f"{result.rii:.2f} times the figure at the most deprived end." if result.rii is not None else "")
    return (f"{sentence}{rii} (Slope index of inequality {stats.format_difference(result.sii, decimals, unit)}, "
            f"PHE method, {weights}.)")


def _england_trend(rows: pd.DataFrame, ref: Reference, indicator_id: str, writer: PageWriter) -> Markup | str:
    """England's whole-country series (rows: England's of the indicator)."""
    england = rows[rows.breakdown == ref.everyone] if len(rows) else rows
    if england.empty:
        return "There is no England series for this indicator in the data."
    ind = ref.indicator(indicator_id)
    series = {}
    for sex, part in england.sort_values("period").groupby("sex", sort=True):
        series[ref.label(sex)] = (
            part.period.tolist(), part.value.tolist(), part.lower_ci_95.tolist(), part.upper_ci_95.tolist())
    fig = charts.trend_lines(series, y_title=ind.unit, decimals=int(ind.decimals))
    changes = []
    for name, (periods, values, _lower, _upper) in series.items():
        known = [(p, v) for p, v in zip(periods, values) if pd.notna(v)]
        if known:
            who = "" if len(series) == 1 else f" for {name.lower()}"
            changes.append(f"{ref.format(indicator_id, known[0][1])} in {known[0][0]} and "
                           f"{ref.format(indicator_id, known[-1][1])} in {known[-1][0]}{who}")
    summary = f"For England, the figure was {'; and '.join(changes)}." if changes else "England has no figures yet."
    ordered = england.sort_values(["sex", "period"])
    table = {"Period": ordered.period.tolist(), "Sex": [ref.label(sex) for sex in ordered.sex],
             "England": [ref.cell(indicator_id, r) for r in common.records(ordered)]}
    return writer.figure("england-trend", fig, f"{ind['name']}, England, over time", summary, table,
                         common.row_sources(ordered))


def _levels(rows: pd.DataFrame, ref: Reference) -> str:
    """What the data covers: which areas and which breakdowns."""
    if rows.empty:
        return "No figures for this indicator are in the bundled data yet."
    kinds = rows.area_code.map(ref.areas.area_type).value_counts()
    words = {"country": "England", "icb": "integrated care systems", "local_authority": "local authorities (places)"}
    dims = sorted({ref.dimension_name(ref.dimension_of(b)) for b in set(rows.breakdown) if b != ref.everyone
                   and b in ref.categories.index})
    covered = ", ".join(words.get(k, k) for k in kinds.index)
    periods = sorted(set(rows.period))
    sentence = f"Figures cover {covered}, from {periods[0]} to {periods[-1]}."
    if dims:
        sentence += f" They are broken down by: {', '.join(d[0].lower() + d[1:] for d in dims)}."
    return sentence
