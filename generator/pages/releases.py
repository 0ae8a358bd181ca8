"""The releases pages: every release with what changed and why (in the style of the ONS's "previous versions"),
the corrections log, and what this release changed since the one before it, row by row, grouped by system and
indicator, with the commits in between. A preview (a build that is not a release) shows what the next release
would change. Each release keeps these pages as they were when it was published; the newest release's are the
whole story (generator.history sends /releases/ and /corrections/ there)."""
from __future__ import annotations

import pandas as pd

from generator import paths, wording
from generator.changes import ReleaseHistory
from generator.load import ics_table_title
from generator.pages import common, safe
from generator.pages.common import Link, PageWriter, SourceCell
from generator.pages.plan import CHANGES, CORRECTIONS, RELEASES_INDEX
from generator.pages.site import Site
from generator.release import affects, page_address, parse_version

SHOWN_ROWS = 1_000  # changed cells shown on the page per system; the download has every one
KIND_WORDS = {"edition": "New edition", "revision": "Revision", "correction": "Correction", "withdrawal": "Withdrawal"}


def render(site: Site, out_dir) -> None:
    if not site.first:
        return
    history = site.release_history
    origin = common.national_origin(site)
    _releases_page(site, history, PageWriter(out_dir, RELEASES_INDEX, origin))
    _corrections_page(site, history, PageWriter(out_dir, CORRECTIONS, origin))
    _changes_page(site, history, PageWriter(out_dir, CHANGES, origin))


def changes_title(history: ReleaseHistory) -> str:
    return f"What changed in release {history.current.version}" if history.current else "What the next release changes"


def _current_date(history: ReleaseHistory) -> str:
    return wording.format_date(history.current.released_on) if history.current else ""


def _tag_link(site: Site, version: str) -> SourceCell:
    repository = site.provenance.repository
    return SourceCell((Link(f"v{version}", f"{repository}/tree/v{version}" if repository else ""),))


def _releases_page(site: Site, history: ReleaseHistory, writer: PageWriter) -> None:
    newest_first = list(reversed(history.records))
    table = pd.DataFrame({
        "Release": [r.version for r in newest_first],
        "Date": [wording.format_date(r.released_on) for r in newest_first],
        "Kind": [KIND_WORDS.get(r.kind, r.kind) for r in newest_first],
        "What changed and why": [r.summary for r in newest_first],
        "Corrects": [f"Release {r.corrects} onwards" if r.corrects else "" for r in newest_first],
        "Files as published": [_tag_link(site, r.version) for r in newest_first],
    })
    writer.write(safe.page("releases", current=history.current, current_date=_current_date(history),
                           table=common.html_table(table, "Every release of the site, newest first") if len(table) else "",
                           changes_url=common.url(RELEASES_INDEX, CHANGES), changes_title=changes_title(history),
                           corrections_url=common.url(RELEASES_INDEX, CORRECTIONS)), title="Releases")


def _corrections_page(site: Site, history: ReleaseHistory, writer: PageWriter) -> None:
    releases = {r.version: r for r in history.records}
    log = sorted(history.corrections, key=lambda c: parse_version(c["release"]), reverse=True)
    table = pd.DataFrame({
        "Corrected in": [c["release"] for c in log],
        "Date found": [wording.format_date(c["found_on"]) for c in log],
        "What was wrong": [c["what_was_wrong"] for c in log],
        "What changed": [c["what_changed"] for c in log],
        "Releases with the mistake": [_affected(releases.get(c["release"]), history) for c in log],
        "Pages affected": [", ".join(page_address(p) or "home page" for p in c["pages"].split(";") if p) for c in log],
    })
    writer.write(safe.page("corrections", entries=len(log),
                           table=common.html_table(table, "Corrections, newest first") if len(log) else "",
                           releases_url=common.url(CORRECTIONS, RELEASES_INDEX)), title="Corrections")


def _affected(corrected, history: ReleaseHistory) -> str:
    """The releases a correction puts right: from the one it names to the one before it."""
    if corrected is None or not corrected.corrects:
        return ""
    hit = [r.version for r in history.records if affects(corrected, r)]
    return wording.join_names(hit) if hit else corrected.corrects


def _changes_page(site: Site, history: ReleaseHistory, writer: PageWriter) -> None:
    changes = history.changes
    counts = changes.change.value_counts()
    sections = [_system_section(site, code, rows, writer) for code, rows in changes.groupby("package", sort=True)]
    download = writer.download("changes", _download_table(site, changes), list(_sources(changes))) if len(changes) else ""
    commits = pd.DataFrame({
        "Date": [wording.format_date(c.day) for c in history.commits],
        "Commit": [SourceCell((Link(c.hash[:10], f"{site.provenance.repository}/commit/{c.hash}"
                                    if site.provenance.repository else ""),)) for c in history.commits],
        "What it did": [c.subject for c in history.commits],
    })
    writer.write(safe.page(
        "changes", title=changes_title(history), current=history.current, current_date=_current_date(history),
        previous=history.previous,
        previous_date=next((wording.format_date(r.released_on) for r in history.records if r.version == history.previous), ""),
        counted=_counted(counts), cells=len(changes), sections=safe.join(sections), download=download,
        commits=common.html_table(commits, "Commits that changed the data or the release records") if len(commits) else "",
        releases_url=common.url(CHANGES, RELEASES_INDEX)), title=changes_title(history))


COUNTED = (("package added", "data package", "added"), ("package removed", "data package", "removed"),
           ("added", "row", "added"), ("removed", "row", "removed"), ("changed", "value", "changed"))


def _counted(counts: pd.Series) -> str:
    """Each kind of change there is, in plain words.

    >>> _counted(pd.Series({"changed": 1, "added": 2, "removed": 0}))
    '2 rows added and 1 value changed'
    """
    return wording.join_names([f"{wording.pluralise(int(counts[kind]), noun)} {verb}"
                               for kind, noun, verb in COUNTED if counts.get(kind, 0)])


def _sources(changes: pd.DataFrame):
    for file, line in zip(changes.file, changes.line):
        yield f"{file}:{int(line)}" if line else ""


def _download_table(site: Site, changes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Area": [_area_name(site, c) for c in changes.package], "Area code": list(changes.package),
                         "Table": list(changes.resource), "Indicator": list(changes.indicator_id),
                         "Change": list(changes.change), "Row": list(changes.row), "Column": list(changes.column),
                         "Before": list(changes.before), "After": list(changes.after)})


def _area_name(site: Site, code: str) -> str:
    return "Shared reference tables" if code == paths.REFERENCE_NAME else site.ref.areas.short_name.get(code, code)


def _table_title(site: Site, package: str, resource: str) -> str:
    """A table's plain name: the reference package lists its own tables' titles; an ICS table's is its schema's."""
    if package != paths.REFERENCE_NAME:
        return ics_table_title(resource)
    listed = {r["name"]: r.get("title") for r in site.dataset.reference.descriptor.get("resources", [])}
    return listed.get(resource) or resource


def _system_section(site: Site, code: str, rows: pd.DataFrame, writer: PageWriter):
    """One system's (or the reference tables') changes, a table per indicator or table."""
    shown = rows.head(SHOWN_ROWS)
    parts = [common.heading(2, _area_name(site, code))]
    if len(rows) > len(shown):
        parts.append(f"The first {len(shown):,} of {len(rows):,} changes; the download below has every one.")
    for (resource, indicator), group in shown.groupby(["resource", "indicator_id"], sort=True):
        name = (site.ref.indicator(indicator).name if indicator in site.ref.indicators.index
                else indicator or _table_title(site, code, resource))
        parts.append(common.heading(3, name))
        sources = [writer.origin.cells([source], commit)[0] for source, commit in zip(_sources(group), group.commit)]
        table = pd.DataFrame({"Change": [c.capitalize() for c in group.change], "Row": list(group.row),
                              "Column": list(group.column), "Before": list(group.before), "After": list(group.after),
                              common.SOURCE_COLUMN: sources})
        parts.append(common.html_table(table, f"Changes to {name}"))
    return safe.join(parts)

