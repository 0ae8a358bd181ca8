"""Helpers every page type shares: addresses, reference lookups, the chart figure block, tables, CSVs.

Markup comes only from the partials in generator/templates/partials, through `generator.pages.safe`, so data
text is escaped wherever it lands (see that module).
"""
from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from markupsafe import Markup

from generator import charts, paths
from generator.links import is_safe_https_url
from generator.provenance import Provenance
from generator.load import records, row_sources  # noqa: F401 - pages read rows as common.records, cite them as common.row_sources
from generator.pages import safe


# ---- addresses --------------------------------------------------------------------------------------

SLUG_LIMIT = 160  # every real name and id fits (the longest, a chart id, is 134); file names stop at 255 bytes


def slug(text: str) -> str:
    """'Cheshire and Merseyside' -> 'cheshire-and-merseyside'; 'core20' -> 'core20'. A name too long for an
    address is cut short and ends with a hash of the whole name, so two long names still differ."""
    found = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(found) <= SLUG_LIMIT:
        return found
    return found[: SLUG_LIMIT - 9].rstrip("-") + "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def ics_folders(areas: Iterable[Mapping]) -> dict[str, str]:
    """The folder of each ICB's pages, ics/<its short name>/, so an address never changes. A system that takes
    the short name of an earlier one (the Hampshire and Isle of Wight of April 2026) gets the year it started:
    the earlier system keeps its address."""
    icbs = sorted((a for a in areas if a.get("area_type") == "icb"), key=lambda a: (a.get("valid_from", ""), a["area_code"]))
    folders: dict[str, str] = {}
    for area in icbs:
        name = slug(area["short_name"])
        if f"ics/{name}" in folders.values():
            name = f"{name}-{area.get('valid_from', '')[:4]}"
        folders[area["area_code"]] = f"ics/{name}"
    return folders


def ics_page(folder: str) -> str:
    return f"{folder}/index.md"


def ics_group_page(folder: str, group_id: str) -> str:
    return f"{folder}/{slug(group_id)}.md"


def boundary_note(since: str, systems: list) -> str:
    """Which map a comparison across systems uses (plan.SitePlan.comparable_systems): the systems in force now,
    or the earlier ones whose boundaries the figures were published for."""
    if not systems or not since:
        return ""
    from generator.wording import format_date
    ended = sorted(s.valid_to for s in systems if s.valid_to)
    if not ended:
        return f"Compared across the {len(systems)} integrated care systems in force since {format_date(since)}."
    return (f"Compared across the {len(systems)} integrated care systems in force from {format_date(since)} to "
            f"{format_date(ended[0])}, because these figures are published for their boundaries.")


def group_page(group_id: str) -> str:
    return f"groups/{slug(group_id)}.md"


def indicator_page(indicator_id: str) -> str:
    return f"indicators/{slug(indicator_id)}.md"


def link(from_page: str, to_page: str) -> str:
    """Relative Markdown link target between two pages of content/, so mkdocs --strict checks it."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


@dataclass
class Addresses:
    """How MkDocs addresses pages: directory URLs (groups/core20/) on the published site; file names
    (groups/core20.html) for a preview that opens from a folder, without a server (`build --offline`)."""

    directory_urls: bool = True

    def of(self, page: str) -> str:
        """The address of a page of content/, from the site's root."""
        if not self.directory_urls:
            return page[: -len(".md")] + ".html"
        return page[: -len("index.md")] if page.endswith("index.md") else page[: -len(".md")] + "/"

    def folder(self, page: str) -> str:
        """The folder a page's relative links start from."""
        address = self.of(page)
        return address if address.endswith("/") or not address else posixpath.dirname(address)


ADDRESSES = Addresses()  # set once per build by pages.render_site


def url(from_page: str, to_page: str) -> str:
    """Relative URL of a page as MkDocs publishes it, for links inside HTML blocks."""
    target, source = ADDRESSES.of(to_page), ADDRESSES.folder(from_page)
    if not ADDRESSES.directory_urls:
        return posixpath.relpath(target, source or ".")
    relative = posixpath.relpath(target or ".", source or ".")
    return "./" if relative == "." else relative + "/"


def file_url(from_page: str, path: str) -> str:
    """Relative URL of a file of content/ (a download), from a page, for links inside HTML blocks."""
    return posixpath.relpath(path, ADDRESSES.folder(from_page) or ".")


@functools.cache
def repository_url() -> str:
    """The project's public repository: the one GitHub Actions is building (GITHUB_SERVER_URL and
    GITHUB_REPOSITORY), so a published site links the repository it was published from; elsewhere
    `extra.repository_url` in mkdocs.yml ('' if not set). Not Material's `repo_url`, which would have every
    page ask GitHub's API for the repository's stars: a request to another host, which the site makes none of."""
    server, repository = os.environ.get("GITHUB_SERVER_URL", ""), os.environ.get("GITHUB_REPOSITORY", "")
    if re.fullmatch(r"https://[A-Za-z0-9.-]+", server) and re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", repository):
        return f"{server}/{repository}"
    config = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8")) or {}
    return str((config.get("extra") or {}).get("repository_url") or "").rstrip("/")


def issues_url() -> str:
    """Where anyone can ask a question or report a mistake: the repository's list of issues ('' if unknown)."""
    return f"{repository_url()}/issues" if repository_url() else ""


# ---- blocks ---------------------------------------------------------------------------------------------

def illustrative_banner() -> Markup:
    return safe.partial("banner.html")


def heading(level: int, words: str) -> Markup:
    """A Markdown heading of data text (escaped for Markdown and HTML)."""
    return safe.partial("heading.md", level=level, text=words)


# ---- tables and figures --------------------------------------------------------------------------------

Table = pd.DataFrame | dict  # a table a page shows: a DataFrame, or its columns as {name: cells}


def html_table(table: Table, caption: str) -> Markup:
    """An accessible HTML table of exactly these cells, in a scrollable, labelled container."""
    return _html_table(*_cells(table), caption)


def _html_table(columns: list, rows: list[tuple], caption: str) -> Markup:
    return safe.partial("table.html", caption=caption, columns=columns, rows=rows)


def _traced_table(columns: list, rows: list[tuple], cells: list[SourceCell], caption: str) -> Markup:
    """The table with each row's sources in a last column (its file:line, linked: table.html)."""
    return _html_table([*columns, SOURCE_COLUMN], [(*row, cell) for row, cell in zip(rows, cells)], caption)


def _cells(table: Table) -> tuple[list, list[tuple]]:
    """A table's column names and its rows of cells, as Python values (as itertuples gives them, for a fraction
    of the cost on the small tables every chart has). Pages give the tables they make cell by cell as columns
    ({name: list of cells}), which costs nothing to read, where making a DataFrame of them costs more than
    the rest of the figure."""
    if isinstance(table, dict):
        if len({len(cells) for cells in table.values()}) > 1:
            raise ValueError(f"the columns of a table differ in length: {[len(c) for c in table.values()]}")
        return list(table), list(zip(*table.values()))
    columns = list(table.columns)
    return columns, list(zip(*(table.iloc[:, i].tolist() for i in range(len(columns))))) if columns else []


SOURCE_COLUMN = "Source (file:line)"
SOURCE_LINK_COLUMN = "Source link"  # in downloads: the permanent link to each source line ('' when unknown)


def joined_sources(*columns: list[str]) -> list[str]:
    """Row-wise '; '-joined sources of several aligned lists, for a table row built from several data rows."""
    return ["; ".join(s for s in row if s) for row in zip(*columns)]


@dataclass(frozen=True)
class Link:
    """One data row a figure was read from: its 'file:line', and a permanent link to that line at the build's
    commit: https, or '' when unknown (Origin makes only those, and table.html links only an https address)."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class SourceCell:
    """A table cell naming the data rows behind its row's figures. table.html shows each as its 'file:line',
    a link where it has one, through the templates (so the text is escaped and only https is linked)."""

    links: tuple[Link, ...] = ()

    def __str__(self) -> str:
        return "; ".join(link.text for link in self.links)

    @property
    def url(self) -> str:
        return "; ".join(link.url for link in self.links if link.url)


@dataclass(frozen=True)
class Origin:
    """Where a page's figures come from: the build's provenance (generator.provenance) and the package folders
    its data is read from, which say when that data last changed."""

    provenance: Provenance
    folders: tuple[Path, ...] = ()

    def cells(self, sources: list[str], commit: str = "") -> list[SourceCell]:
        """A SourceCell of each '; '-joined 'file:line' source, linked at the build's commit or at `commit`."""
        return [SourceCell(tuple(self._link(piece, commit) for piece in source.split("; ") if piece))
                for source in sources]

    def _link(self, source: str, commit: str) -> Link:
        path, _, line = source.rpartition(":")
        url = self.provenance.line_url(path, int(line), commit) if path and line.isdigit() else ""
        return Link(source, url if is_safe_https_url(url) else "")

    def changed(self) -> Markup:
        """The sentence that ends a page: when its data last changed and the commit it was built from; that it
        includes changes not yet committed; or nothing, outside git (no date rather than a guess)."""
        origin = self.provenance
        day = "" if origin.uncommitted else origin.data_changed(self.folders)
        if not (origin.uncommitted or day):
            return safe.EMPTY
        from generator.wording import format_date
        return safe.partial("data_changed.html", uncommitted=origin.uncommitted, date=format_date(day) if day else "",
                            commit=origin.short_commit, commit_url=origin.commit_url())


def national_origin(site) -> Origin:
    """A national page's (groups, indicators, home, framework): every package under the data root."""
    return Origin(site.provenance, (site.dataset.reference.folder.parent,))


def system_origin(site, package) -> Origin:
    """A system's page's: its own package, the reference package and England's."""
    england = site.dataset.package(site.ref.england)
    return Origin(site.provenance, (package.folder, site.dataset.reference.folder,
                                    *((england.folder,) if england is not None else ())))


@dataclass
class PageWriter:
    """Collects a page's chart downloads and writes the page and its files under the output folder; `origin`
    links each figure's source and dates the page's data."""

    out_dir: Path
    page: str  # path of the page inside content/, e.g. "ics/black-country/index.md"
    origin: Origin
    charts: int = 0

    def figure(self, name: str, fig, caption: str, summary: str, table: Table, sources: list[str]) -> Markup:
        """A chart with its caption, one-sentence summary, the same data as a table, and a CSV of it.

        `sources`, one per table row, name the data file and line each figure was read from; the table and the
        CSV carry them in an extra column (the CSV with the permanent link to each line in another), so anyone
        can check a published number against the data package."""
        self.charts += 1
        chart_id = f"chart-{slug(self.page.removesuffix('.md'))}-{slug(name)}"
        cells = self.origin.cells(sources)
        columns, rows = _cells(table)
        csv_url = self._download(name, columns, rows, sources, cells)
        shown = _traced_table(columns, rows, cells, caption)
        return safe.partial("figure.html", chart_id=chart_id, caption=caption, summary=summary,
                            spec=charts.figure_json(fig), table=shown, csv_url=csv_url, rows=len(rows))

    def table(self, table: Table, caption: str, sources: list[str]) -> Markup:
        """An HTML table of figures read from data rows, each row ending with the file and line of its rows."""
        columns, rows = _cells(table)
        _check_sources(self.page, caption, rows, sources)
        return _traced_table(columns, rows, self.origin.cells(sources), caption)

    def download(self, name: str, table: Table, sources: list[str] | None = None) -> str:
        """Writes `table` as the page's CSV download NAME.csv, with the source of each row (file:line and its
        permanent link) when given; its URL from the page."""
        return self._download(name, *_cells(table), sources, self.origin.cells(sources) if sources is not None else None)

    def _download(self, name: str, columns: list, rows: list[tuple], sources: list[str] | None,
                  cells: list[SourceCell] | None) -> str:
        if sources is not None:
            _check_sources(self.page, name, rows, sources)
            columns = [*columns, SOURCE_COLUMN, SOURCE_LINK_COLUMN]
            rows = [(*row, source, cell.url) for row, source, cell in zip(rows, sources, cells)]
        path = posixpath.join(self._files_dir(), f"{slug(name)}.csv")
        self._write(path, safe.csv_text(columns, rows))
        return posixpath.relpath(path, self._url_dir())

    def write(self, markdown: str, title: str) -> None:
        """The page, headed by front matter with its title (see `safe.front_matter`) and ended by when its data
        last changed (`Origin.changed`), so no page can leave it out."""
        changed = self.origin.changed()
        self._write(self.page, safe.front_matter(title) + markdown.rstrip() + (f"\n\n{changed}" if changed else "") + "\n")

    def _files_dir(self) -> str:
        return posixpath.join("downloads", self.page.removesuffix(".md").removesuffix("/index"))

    def _url_dir(self) -> str:
        return ADDRESSES.folder(self.page) or "."

    def _write(self, relative: str, content: str) -> None:
        path = self.out_dir / relative
        try:
            path.write_text(content, encoding="utf-8")
        except FileNotFoundError:  # the first file in its folder (most are not: no need to make it every time)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")


def _check_sources(page: str, name: str, rows: list, sources: list[str]) -> None:
    if len(sources) != len(rows):
        raise ValueError(f"{page} {name}: {len(sources)} sources for {len(rows)} table rows")


def generated_notice(source: str) -> Markup:
    return safe.partial("notice.html", source=source) + "\n"


def latest(frame: pd.DataFrame, column: str = "period") -> pd.DataFrame:
    """Rows of the latest period (periods of one indicator sort correctly as text)."""
    if frame.empty:
        return frame
    values = frame[column].to_numpy()
    return frame[values == max(values)]


def latest_by(frame: pd.DataFrame, keys: list[str], column: str = "period") -> dict[tuple, list[tuple[tuple, str]]]:
    """For each combination of the key columns, in sorted order: its rows of its latest period, in file order,
    as (named tuple, 'file:line'), worked out for every combination at once."""
    if frame.empty:
        return {}
    # Each row's combination and the rank of its period (in sorted order), compared as whole arrays: a grouped
    # maximum of text calls Python for every row.
    group = frame.groupby(keys, sort=False).ngroup().to_numpy()
    rank = pd.factorize(frame[column], sort=True)[0]
    counted = (group >= 0) & (rank >= 0)  # (a missing key or period is in no combination)
    newest = np.full(group.max() + 1, -1)
    np.maximum.at(newest, group[counted], rank[counted])
    frame = frame[counted & (rank == newest[group])]
    found: dict[tuple, list[tuple[tuple, str]]] = {}
    for key, row, source in zip(frame[keys].itertuples(index=False, name=None), records(frame), row_sources(frame)):
        found.setdefault(key, []).append((row, source))
    return dict(sorted(found.items()))


def for_sex(ref, sex: str, joiner: str = " for ") -> str:
    """" for women", or "" for everyone: whom a figure is for, in categories.csv's words."""
    noun = ref.noun(sex)
    return f"{joiner}{noun}" if noun else ""


def _aged(label: str) -> str:
    return f", aged {label}" if label[:1].isdigit() else f", {label[:1].lower()}{label[1:]}"


class Variety:
    """Which indicators a table gives for more than one sex or age band, worked out once: the words that tell
    its figures apart (", men", ", aged 18 to 64"); a single-sex indicator (cervical screening) already says
    so in its name."""

    def __init__(self, figures: pd.DataFrame):
        counts = figures.groupby("indicator_id")[["sex", "age"]].nunique()
        self._sexes, self._ages = set(counts.index[counts.sex >= 2]), set(counts.index[counts.age >= 2])

    def sex_words(self, ref, indicator_id: str, sex: str, joiner: str = ", ") -> str:
        return for_sex(ref, sex, joiner) if indicator_id in self._sexes else ""

    def words(self, ref, indicator_id: str, sex: str, age: str) -> str:
        return self.sex_words(ref, indicator_id, sex) + (_aged(ref.label(age)) if indicator_id in self._ages else "")
