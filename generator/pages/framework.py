"""The self-assessment framework page, and the assessment and action sections ICS pages share."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import charts, wording
from generator.load import Package
from generator.pages import common, safe
from generator.pages.common import PageWriter
from generator.pages.plan import FRAMEWORK as PAGE
from generator.pages.site import Site
from generator.reference import Reference


def render(site: Site, out_dir) -> None:
    if not site.first:
        return
    dataset = site.dataset
    ref = dataset.reference.tables
    phases, subtopics, levels = ref["framework_phases"], ref["framework_subtopics"], ref["maturity_levels"]
    writer = PageWriter(out_dir, PAGE)
    real = [p for p in dataset.packages if not p.illustrative]
    examples = site.plan.examples()
    example = [s.package for s in examples]
    writer.write(safe.page(
        "framework",
        notice=common.generated_notice("datapackages/reference"),
        phases=[{"number": int(p.phase_number), "name": p["name"], "summary": p.summary,
                 "subtopics": subtopics[subtopics.phase_number == p.phase_number].to_dict("records")}
                for _, p in phases.sort_values("phase_number").iterrows()],
        levels=levels.sort_values("rank").to_dict("records"),
        distribution=_distribution(real, levels, writer, "published", "Maturity levels ICSs have published"),
        example=_distribution(example, levels, writer, "example", "Maturity levels in the Example ICS (invented)") if example else "",
        banner=common.illustrative_banner(),
        example_links=[(common.url(PAGE, s.page), s.package.descriptor.get("title", s.area_code), None)
                       for s in examples]), title="The self-assessment framework")


def published_ratings(package: Package) -> pd.DataFrame:
    assessments = package.table("assessments")
    published = set(assessments[assessments.status == "published"].assessment_id)
    ratings = package.table("ratings")
    return ratings[ratings.assessment_id.isin(published)]


def _distribution(packages: list[Package], levels: pd.DataFrame, writer: PageWriter, name: str, caption: str) -> Markup | str:
    ratings = pd.concat([published_ratings(p) for p in packages], ignore_index=True) if packages else pd.DataFrame()
    if ratings.empty:
        return ("No integrated care system has published a self-assessment in a form we can show yet. "
                "When systems do, this section will show how many rated themselves at each level.")
    ordered = levels.sort_values("rank")
    counts = [int((ratings.level == lvl).sum()) for lvl in ordered.level]
    fig = charts.bar_with_ci(ordered["name"].tolist(), counts, y_title="Number of ratings", decimals=0)
    top = ordered["name"].iloc[counts.index(max(counts))]
    summary = f"Of {len(ratings)} published ratings, the most common level is {top} ({max(counts)})."
    table = pd.DataFrame({"Maturity level": ordered["name"].tolist(), "Number of ratings": counts})
    return writer.figure(name, fig, caption, summary, table)


def maturity_figure(package: Package, ref: Reference, writer: PageWriter) -> Markup:
    """The published ratings as a grid of phases by sub-topics, darker for more mature; empty without ratings."""
    ratings = published_ratings(package)
    if ratings.empty:
        return safe.EMPTY
    phases = ref.phases.sort_values("phase_number")
    levels = ref.levels.sort_values("rank")
    level_names = dict(zip(levels.level, levels["name"]))
    row_of = {int(n): f"{int(n)} {name}" for n, name in zip(phases.phase_number, phases["name"])}
    rated = {str(r.subtopic_code): level_names.get(r.level, r.level) for r in ratings.itertuples()}
    known = [str(c) for c in ref.subtopics.subtopic_code] + [str(n) for n in row_of]
    codes = sorted(set(known) | set(rated), key=lambda c: (int(c.rstrip("abcdefghijklmnopqrstuvwxyz")), c))
    column = lambda code: "Whole phase" if code.isdigit() else f"Sub-topic {code[-1]}"  # noqa: E731
    columns = ["Whole phase"] + sorted({column(c) for c in codes} - {"Whole phase"})
    cells = [(row_of[int(c.rstrip("abcdefghijklmnopqrstuvwxyz"))], column(c), rated.get(c),
              f"{ref.topic_titles.get(c, c)}: {rated.get(c, 'not rated')}") for c in codes]
    fig = charts.maturity_grid(cells, list(row_of.values()), columns, list(levels["name"]))
    counts = [(name, sum(1 for c in cells if c[2] == name)) for name in levels["name"]]
    summary = (f"{wording.pluralise(len(rated), 'topic was', 'topics were')} rated: "
               + ", ".join(f"{n} {name}" for name, n in counts if n) + ". Darker squares are more mature; "
               + "empty squares were not rated.")
    table = pd.DataFrame({"Phase": [c[0] for c in cells], "Topic": [ref.topic_titles.get(code, code) for code in codes],
                          "Maturity level": [c[2] or "Not rated" for c in cells]})
    return writer.figure("maturity", fig, "Self-assessment maturity by phase and sub-topic", summary, table)


def assessment_section(package: Package, ref: Reference, page: str, group_id: str | None = None) -> Markup:
    """Published ratings by phase and sub-topic, with narratives and evidence; or a plain 'not yet'."""
    ratings = published_ratings(package)
    if group_id is not None:
        ratings = ratings[ratings.community_groups.str.split(";").apply(lambda g: group_id in g)]
    evidence = package.table("evidence")
    shown = [{"topic": ref.topic_titles.get(row.subtopic_code, row.subtopic_code), "level": row.level,
              "narrative": row.narrative,
              "evidence": evidence[(evidence.assessment_id == row.assessment_id)
                                   & (evidence.subtopic_code == row.subtopic_code)].to_dict("records")}
             for row in ratings.sort_values(["subtopic_code", "assessment_id"]).itertuples()] if len(ratings) else []
    return safe.partial("ratings.html", ratings=shown, contribute_url=common.url(page, "contribute.md"))


def actions_section(package: Package, ref: Reference, group_id: str | None = None) -> Markup | str:
    actions = package.table("actions")
    if group_id is not None:
        actions = actions[actions.community_groups.str.split(";").apply(lambda g: group_id in g)]
    if actions.empty:
        return "No actions have been published yet."
    rows = [{"You said": a.you_said, "We will": a.we_will, "We did": a.we_did or "Nothing to report yet",
             "Status": wording.describe_action_status(a.status, due_on=a.due_on, updated_on=a.updated_on),
             "Owner": a.owner} for a in actions.sort_values(["due_on", "action_id"]).itertuples()]
    return common.html_table(pd.DataFrame(rows), "You said, we did: actions and progress")
