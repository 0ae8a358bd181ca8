"""One page per indicator in the catalogue: what it is, how it is worked out, every real ICS compared,
the England trend and the breakdowns that exist."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import charts, stats, wording
from generator.load import Dataset
from generator.pages import common
from generator.pages.common import PageWriter, Reference, text

ENGLAND = "E92000001"
POLARITY_WORDS = {"high_is_good": "A higher value is better.", "low_is_good": "A lower value is better.",
                  "no_judgement": "Neither a higher nor a lower value is better in itself: the figure describes the area."}
CI_WORDS = {"published": "as published by the source", "wilson": "worked out here from the counts with the Wilson score method",
            "byar": "worked out here from the counts with Byar's method (exact Poisson below 10 events)",
            "none": "not available for this indicator"}


def render(dataset: Dataset, out_dir, env) -> None:
    ref = Reference.of(dataset)
    observations = dataset.combined("observations")
    real = {p.area_code for p in dataset.packages if not p.illustrative}
    observations = observations[observations.package.isin(real)] if len(observations) else observations
    _render_index(ref, out_dir, env)
    for indicator_id, ind in ref.indicators.iterrows():
        rows = observations[observations.indicator_id == indicator_id] if len(observations) else observations
        writer = PageWriter(out_dir, common.indicator_page(indicator_id))
        clinical = ind.clinical_area_id
        writer.write(env.get_template("indicator.md.j2").render(
            notice=common.generated_notice("datapackages/reference/indicators.csv"),
            title=Markup(common.heading(ind["name"])), ind=ind, polarity=POLARITY_WORDS[ind.polarity],
            ci=CI_WORDS[ind.ci_method], clinical=_clinical_name(dataset, clinical) if clinical else "",
            comparison=_compare_icss(rows, ref, indicator_id, writer),
            trend=_england_trend(rows, ref, indicator_id, writer),
            levels=_levels(rows, ref)))


def _clinical_name(dataset: Dataset, clinical_area_id: str) -> str:
    areas = dataset.reference.tables["clinical_areas"].set_index("clinical_area_id")
    return areas.loc[clinical_area_id, "name"] if clinical_area_id in areas.index else clinical_area_id


def _render_index(ref: Reference, out_dir, env) -> None:
    page = "indicators/index.md"
    rows = "".join(f'<li><a href="{common.url(page, common.indicator_page(i))}">{text(ind["name"])}</a>: {text(ind.description)}</li>'
                   for i, ind in ref.indicators.sort_values("name").iterrows())
    PageWriter(out_dir, page).write(env.get_template("indicators_index.md.j2").render(
        notice=common.generated_notice("datapackages/reference/indicators.csv"), items=Markup(rows)))


def _compare_icss(rows: pd.DataFrame, ref: Reference, indicator_id: str, writer: PageWriter) -> Markup:
    """Every real ICS for the latest period, ranked, with 95% CIs and the England line."""
    icb_codes = set(ref.real_icbs().index)
    whole = rows[rows.area_code.isin(icb_codes) & (rows.breakdown == "total")] if len(rows) else rows
    if whole.empty:
        return text("This indicator is not published for whole integrated care systems, so they cannot be ranked here.")
    ind = ref.indicators.loc[indicator_id]
    latest = common.latest(whole)
    sex = "persons" if "persons" in set(latest.sex) else sorted(latest.sex)[0]
    latest = latest[latest.sex == sex]
    england = rows[(rows.area_code == ENGLAND) & (rows.breakdown == "total") & (rows.period == latest.period.iloc[0]) & (rows.sex == sex)]
    benchmark = england.value.iloc[0] if len(england) else None
    ranked = latest.assign(name=latest.area_code.map(ref.areas.short_name)).sort_values(["value", "name"], ascending=[False, True])
    labels = [stats.compare_to_benchmark(r.value, r.lower_ci_95, r.upper_ci_95, benchmark, ind.polarity)
              if ind.comparator == "england" else stats.NOT_COMPARED for r in ranked.itertuples()]
    fig = charts.ranked_bars(ranked.name.tolist(), ranked.value.tolist(), ranked.lower_ci_95.tolist(), ranked.upper_ci_95.tolist(),
                             x_title=ind.unit, benchmark=benchmark)
    counts = {label: labels.count(label) for label in sorted(set(labels))}
    summary = (f"In {latest.period.iloc[0]}, " + ", ".join(f"{n} {'system' if n == 1 else 'systems'} {label.lower()}"
                                                           for label, n in counts.items()) + " compared with England.")
    if set(counts) == {stats.NOT_COMPARED}:
        summary = f"In {latest.period.iloc[0]}, values range from {ref.format(indicator_id, ranked.value.min())} to {ref.format(indicator_id, ranked.value.max())}."
    table = pd.DataFrame({"Integrated care system": ranked.name.tolist(),
                          ind["name"]: [ref.cell(indicator_id, r) for _, r in ranked.iterrows()],
                          "95% confidence interval": [ref.interval(indicator_id, r.lower_ci_95, r.upper_ci_95) for _, r in ranked.iterrows()],
                          "Compared with England": labels})
    return writer.figure("ics-compared", fig, f"{ind['name']} by integrated care system, {latest.period.iloc[0]}", summary, table)


def _england_trend(rows: pd.DataFrame, ref: Reference, indicator_id: str, writer: PageWriter) -> Markup:
    england = rows[(rows.area_code == ENGLAND) & (rows.breakdown == "total")] if len(rows) else rows
    if england.empty:
        return text("There is no England series for this indicator in the data.")
    ind = ref.indicators.loc[indicator_id]
    series = {}
    for sex, part in england.sort_values("period").groupby("sex", sort=True):
        series[{"male": "Men", "female": "Women", "persons": "Everyone"}[sex]] = (
            part.period.tolist(), part.value.tolist(), part.lower_ci_95.tolist(), part.upper_ci_95.tolist())
    fig = charts.trend_lines(series, y_title=ind.unit)
    first = england.sort_values("period").iloc[0]
    last = england.sort_values("period").iloc[-1]
    summary = (f"For England, the figure was {ref.format(indicator_id, first.value)} in {first.period} "
               f"and {ref.format(indicator_id, last.value)} in {last.period}.")
    table = england.sort_values(["sex", "period"])
    table = pd.DataFrame({"Period": table.period.tolist(), "Sex": table.sex.str.capitalize().tolist(),
                          "England": [ref.cell(indicator_id, r) for _, r in table.iterrows()]})
    return writer.figure("england-trend", fig, f"{ind['name']}, England, over time", summary, table)


def _levels(rows: pd.DataFrame, ref: Reference) -> Markup:
    """What the data covers: which areas and which breakdowns."""
    if rows.empty:
        return text("No figures for this indicator are in the bundled data yet.")
    kinds = rows.area_code.map(ref.areas.area_type).value_counts()
    words = {"country": "England", "icb": "integrated care systems", "local_authority": "local authorities (places)"}
    dims = sorted({ref.dimension_name(ref.categories.loc[b, "dimension_id"]) for b in set(rows.breakdown) if b != "total"
                   and b in ref.categories.index})
    covered = ", ".join(words.get(k, k) for k in kinds.index)
    periods = sorted(set(rows.period))
    sentence = f"Figures cover {covered}, from {periods[0]} to {periods[-1]}."
    if dims:
        sentence += f" They are broken down by: {', '.join(d[0].lower() + d[1:] for d in dims)}."
    return text(sentence)
