"""The self-assessment framework page: its phases and sub-topics (and which are not public yet), its levels,
and the maturity levels systems have published."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import charts, wording
from generator.load import Package
from generator.pages.assessment import published_ratings
from generator.pages import common, safe
from generator.pages.common import PageWriter
from generator.pages.plan import FRAMEWORK as PAGE
from generator.pages.site import Site


def render(site: Site, out_dir) -> None:
    if not site.first:
        return
    dataset = site.dataset
    ref = dataset.reference.tables
    phases, subtopics, levels = ref["framework_phases"], ref["framework_subtopics"], ref["maturity_levels"]
    writer = PageWriter(out_dir, PAGE, common.national_origin(site))
    real = [p for p in dataset.packages if not p.illustrative]
    examples = site.plan.examples()
    example = [s.package for s in examples]
    writer.write(safe.page(
        "framework",
        notice=common.generated_notice("datapackages/reference"),
        phases=[{"number": int(p.phase_number), "name": p["name"], "summary": p.summary,
                 "subtopics": subtopics[subtopics.phase_number == p.phase_number].sort_values("subtopic_code").to_dict("records"),
                 "gaps": _gaps(int(p.phase_number), subtopics[subtopics.phase_number == p.phase_number].subtopic_code)}
                for _, p in phases.sort_values("phase_number").iterrows()],
        known=_known(phases, subtopics), reference_file="datapackages/reference/framework_subtopics.csv",
        contribute_url=common.url(PAGE, "contribute.md"),
        levels=levels.sort_values("rank").to_dict("records"),
        distribution=_distribution(real, levels, writer, "published", "Maturity levels ICSs have published"),
        example=_distribution(example, levels, writer, "example", "Maturity levels in the Example ICS (invented)") if example else "",
        banner=common.illustrative_banner(),
        example_links=[(common.url(PAGE, s.page), s.package.descriptor.get("title", s.area_code), None)
                       for s in examples]), title="The self-assessment framework")


def _known(phases: pd.DataFrame, subtopics: pd.DataFrame) -> str:
    """How much of the framework the reference list holds: 'It lists 8 sub-topics, in 4 of the 7 phases.
    Phases 2, 3 and 6 have none listed yet.'"""
    with_some = sorted({int(n) for n in subtopics.phase_number})
    without = [str(int(n)) for n in sorted(phases.phase_number) if int(n) not in with_some]
    text = (f"Our list has {wording.pluralise(len(subtopics), 'sub-topic', 'sub-topics')}, in {len(with_some)} of the "
            f"{len(phases)} phases.")
    if without:
        text += (f" Phase {without[0]} has none listed yet." if len(without) == 1 else
                 f" Phases {wording.join_names(without)} have none listed yet.")
    return text


def _gaps(phase: int, codes: pd.Series) -> str:
    """Which of a phase's sub-topics are not in the reference list yet, from the letters it does list: with
    1b and 1d listed, 1a and 1c are missing, and there may be more after 1d."""
    if codes.empty:
        return ("None of this phase's sub-topics is in our list yet. Until they are, systems can rate the phase as a "
                "whole.")
    letters = sorted(str(c)[-1] for c in codes)
    missing = [f"{phase}{chr(c)}" for c in range(ord("a"), ord(letters[-1])) if chr(c) not in letters]
    last = f"{phase}{letters[-1]}"
    if missing:
        return (f"Only some are in our list: {wording.join_names(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing, and there may be more after {last}.")
    return f"There may be more sub-topics after {last} that are not in our list yet."


def _distribution(packages: list[Package], levels: pd.DataFrame, writer: PageWriter, name: str, caption: str) -> Markup | str:
    ratings = pd.concat([published_ratings(p) for p in packages], ignore_index=True) if packages else pd.DataFrame()
    if ratings.empty:
        return ("No integrated care system's self-assessment is published in this site's format yet. "
                "When one is, this section will show how many ratings are at each level.")
    ordered = levels.sort_values("rank")
    counts = [int((ratings.level == lvl).sum()) for lvl in ordered.level]
    fig = charts.bar_with_ci(ordered["name"].tolist(), counts, y_title="Number of ratings", decimals=0)
    top = ordered["name"].iloc[counts.index(max(counts))]
    summary = f"Of {len(ratings)} published ratings, the most common level is {top} ({max(counts)})."
    table = {"Maturity level": ordered["name"].tolist(), "Number of ratings": counts}
    # A count cites every rating it counts.
    sources = ["; ".join(common.row_sources(ratings[ratings.level == level])) for level in ordered.level]
    return writer.figure(name, fig, caption, summary, table, sources)
