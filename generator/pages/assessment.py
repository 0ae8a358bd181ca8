"""What a system says it is doing, as ICS pages and their community group pages show it: the PLUS groups it
chose, its published self-assessments (details, maturity grid, ratings with their narratives and evidence),
its "you said, we did" actions, and how to contact it. Free text keeps its paragraphs and lists
(`safe.rich_text`); a table that is not published says so in neutral words."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import charts, wording
from generator.load import Package
from generator.pages import common, safe
from generator.pages.common import PageWriter
from generator.pages.plan import FRAMEWORK, SystemPage
from generator.reference import Reference

SCOPES = {"strategic": "Strategy: how the system plans and decides", "operational": "Services: how care is run"}
FOOTPRINTS = {"system": "The whole system", "place": "One place in the system"}
STATUSES = {"published": "Published by the system", "draft": "A draft"}
SUBTOPIC_SUFFIX = "abcdefghijklmnopqrstuvwxyz"


def published_assessments(package: Package) -> pd.DataFrame:
    """The system's published self-assessments, newest first (drafts are never shown)."""
    return package.once(_published_assessments)


def published_ratings(package: Package) -> pd.DataFrame:
    return package.once(_published_ratings)


def _published_assessments(package: Package) -> pd.DataFrame:
    assessments = package.table("assessments")
    published = assessments[assessments.status == "published"]
    return published.sort_values(["assessed_on", "assessment_id"], ascending=[False, True])


def _published_ratings(package: Package) -> pd.DataFrame:
    ratings = package.table("ratings")
    return ratings[ratings.assessment_id.isin(set(published_assessments(package).assessment_id))]


def _names_group(table: pd.DataFrame, group_id: str | None) -> pd.DataFrame:
    if group_id is None or table.empty:
        return table
    return table[[group_id in groups.split(";") for groups in table.community_groups.tolist()]]


def maturity_figure(package: Package, ref: Reference, writer: PageWriter) -> Markup:
    """The latest published self-assessment's ratings as a grid of phases by sub-topics, darker for more
    mature; empty without ratings."""
    latest = published_assessments(package).head(1)
    ratings = published_ratings(package)
    ratings = ratings[ratings.assessment_id.isin(set(latest.assessment_id))]
    if ratings.empty:
        return safe.EMPTY
    phases = ref.phases.sort_values("phase_number")
    levels = ref.levels.sort_values("rank")
    level_names = dict(zip(levels.level, levels["name"]))
    row_of = {int(n): f"{int(n)} {name}" for n, name in zip(phases.phase_number, phases["name"])}
    rated = {str(r.subtopic_code): level_names.get(r.level, r.level) for r in common.records(ratings)}
    cited = dict(zip(ratings.subtopic_code.astype(str), common.row_sources(ratings)))  # each rating's row
    known = [str(c) for c in ref.subtopics.subtopic_code] + [str(n) for n in row_of]
    phase_of = lambda code: int(code.rstrip(SUBTOPIC_SUFFIX))  # noqa: E731
    codes = sorted(set(known) | set(rated), key=lambda c: (phase_of(c), c))
    column = lambda code: "Whole phase" if code.isdigit() else f"Sub-topic {code[-1]}"  # noqa: E731
    columns = ["Whole phase"] + sorted({column(c) for c in codes} - {"Whole phase"})
    cells = [(row_of[phase_of(c)], column(c), rated.get(c), f"{ref.topic_titles.get(c, c)}: {rated.get(c, 'not rated')}")
             for c in codes]
    fig = charts.maturity_grid(cells, list(row_of.values()), columns, list(levels["name"]))
    counts = [(name, sum(1 for c in cells if c[2] == name)) for name in levels["name"]]
    summary = (f"{wording.pluralise(len(rated), 'topic was', 'topics were')} rated: "
               + ", ".join(f"{n} {name}" for name, n in counts if n) + ". Darker squares are more mature; "
               + "empty squares were not rated.")
    if len(published_assessments(package)) > 1:
        summary += f" This is the latest self-assessment, agreed on {wording.format_date(latest.assessed_on.iloc[0])}."
    table = {"Phase": [c[0] for c in cells], "Topic": [ref.topic_titles.get(code, code) for code in codes],
             "Maturity level": [c[2] or "Not rated" for c in cells]}
    return writer.figure("maturity", fig, "Self-assessment maturity by phase and sub-topic", summary, table,
                         [cited.get(code, "") for code in codes])


def assessment_section(package: Package, ref: Reference, page: str, group_id: str | None = None,
                       figure: Markup = safe.EMPTY) -> Markup:
    """Each published self-assessment, newest first: its details (title, date agreed, who took part, scope,
    footprint, status), then its ratings with their narratives and dated evidence; `figure` (the maturity
    grid) after the first one's details. On a group's page, only ratings that name the group."""
    evidence = package.table("evidence")
    all_ratings = published_ratings(package)
    ratings = _names_group(all_ratings, group_id)
    levels = ref.levels.sort_values("rank")
    level_names = dict(zip(levels.level, levels["name"]))
    shown = []
    for a in common.records(published_assessments(package)):
        mine = ratings[ratings.assessment_id == a.assessment_id].sort_values("subtopic_code")
        if group_id is not None and mine.empty:
            continue
        shown.append({
            "title": a.title, "details": _details(a),
            "ratings": [{"topic": ref.topic_titles.get(r.subtopic_code, r.subtopic_code), "level": r.level,
                         "level_name": level_names.get(r.level, r.level), "narrative": safe.rich_text(r.narrative),
                         "evidence": _evidence(evidence, r.assessment_id, r.subtopic_code)} for r in common.records(mine)]})
    if shown:
        empty = ""
    elif all_ratings.empty:
        empty = "This system's self-assessment is not published in this site's format yet."
    else:
        empty = "None of the ratings in this system's published self-assessment is about this group."
    return safe.partial("assessment.html", assessments=shown, figure=figure, empty=empty,
                        levels=levels.to_dict("records"), contribute_url=common.url(page, "contribute.md"),
                        framework_url=common.url(page, FRAMEWORK), methods_url=common.url(page, "methods.md"))


def _details(a) -> list[tuple[str, Markup | str]]:
    """The published fields of one self-assessment, as (label, text) pairs."""
    return [("Agreed on", wording.format_date(a.assessed_on)), ("Who took part", safe.rich_text(a.participants)),
            ("What it looked at", SCOPES.get(a.scope, a.scope)), ("Area it covers", FOOTPRINTS.get(a.footprint, a.footprint)),
            ("Status", STATUSES.get(a.status, a.status))]


def _evidence(evidence: pd.DataFrame, assessment_id: str, code: str) -> list[dict]:
    rows = evidence[(evidence.assessment_id == assessment_id) & (evidence.subtopic_code == code)]
    return [{"url": e.url, "title": e.title, "kind": str(e.evidence_type).replace("_", " "),
             "published_on": wording.format_date(e.published_on) if safe.plain(e.published_on) else ""}
            for e in common.records(rows)]


def actions_section(package: Package, ref: Reference, writer: PageWriter, group_id: str | None = None) -> Markup:
    """Each "you said, we did" action: what people said, what the system will do and has done (paragraphs
    and lists kept), its progress in words, and who is responsible; and all of them as a CSV download, each
    with its file and line."""
    every = package.table("actions")
    actions = _names_group(every, group_id).sort_values(["due_on", "action_id"])
    rows = common.records(actions)
    statuses = [wording.describe_action_status(a.status, due_on=a.due_on, updated_on=a.updated_on) for a in rows]
    items = [{"you_said": safe.rich_text(a.you_said), "we_will": safe.rich_text(a.we_will),
              "we_did": safe.rich_text(a.we_did) if safe.plain(a.we_did) else "Nothing to report yet.",
              "status": status, "owner": a.owner} for a, status in zip(rows, statuses)]
    empty = ("This system's actions are not published in this site's format yet." if every.empty else
             "None of this system's published actions is about this group.")
    table = {"Action": [a.action_id for a in rows], "Topic": [ref.topic_titles.get(a.subtopic_code, a.subtopic_code)
                                                           for a in rows],
             "You said": [a.you_said for a in rows], "We will": [a.we_will for a in rows],
             "We did": [a.we_did for a in rows], "Progress": statuses, "Who is responsible": [a.owner for a in rows],
             "Community groups": [_group_names(ref, a.community_groups) for a in rows]}
    download = writer.download("actions", table, common.row_sources(actions)) if rows else ""
    return safe.partial("actions.html", actions=items, empty=empty, download=download)


def _group_names(ref: Reference, ids: str) -> str:
    """'Black communities; Core20' for 'black_communities;core20' (community_groups.csv's names)."""
    return "; ".join(ref.groups["name"].get(g, g) for g in safe.plain(ids).split(";") if g)


def plus_groups(system: SystemPage, ref: Reference, writer: PageWriter) -> Markup:
    """The PLUS groups a system chose, each with its reason, the date it chose it and where it said so, and all
    of them as a CSV download, each with its file and line; then its pages about community groups."""
    page, table = writer.page, system.package.table("plus_groups").sort_values("group_id")
    rows = common.records(table)
    names = [ref.groups.loc[row.group_id, "name"] if row.group_id in ref.groups.index else row.group_id for row in rows]
    chosen = [{"url": common.url(page, common.group_page(row.group_id)), "name": name, **choice(row)}
              for row, name in zip(rows, names)]
    linked = [(common.url(page, system.group_page(g)), ref.groups.loc[g, "name"], None) for g in system.groups]
    download = writer.download("plus-groups", {
        "Group": names, "Reason": [row.reason for row in rows], "Chosen on": [row.chosen_on for row in rows],
        "Where the system published this choice": [row.source_url for row in rows]},
        common.row_sources(table)) if rows else ""
    return safe.partial("plus_groups.html", chosen=chosen, linked=linked, download=download)


def choice(row) -> dict:
    """A row of plus_groups.csv as shown: the reason (paragraphs kept), the date chosen, the source link."""
    return {"reason": safe.rich_text(row.reason),
            "chosen_on": wording.format_date(row.chosen_on) if safe.plain(row.chosen_on) else "",
            "source_url": safe.plain(row.source_url)}


def contact(package: Package) -> dict | None:
    """The system's own contact from its datapackage.json ({"title": ..., "path": "https://..."} or
    {"title": ..., "email": ...}), or None. Only an https path becomes a link (the template checks)."""
    found = package.descriptor.get("contact")
    if not isinstance(found, dict):
        return None
    title, path, email = (safe.plain(found.get(k)).strip() for k in ("title", "path", "email"))
    if not (path or email):
        return None
    return {"title": title or path or email, "path": path, "email": email}
