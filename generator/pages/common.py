"""Helpers every page type shares: addresses, escaping, the chart figure block, tables, banners.

Free text from data packages (names, narratives, evidence titles) only ever reaches a page through
`text()` (HTML-escaped, inside HTML blocks, where Markdown does not apply) or `heading()` (Markdown
specials escaped), so it is shown as written and can never become markup.
"""
from __future__ import annotations

import csv
import html
import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from generator import charts
from generator.load import Dataset
from generator.stats import format_interval, format_value

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


# ---- addresses --------------------------------------------------------------------------------------

def slug(text: str) -> str:
    """'Cheshire and Merseyside' -> 'cheshire-and-merseyside'; 'core20' -> 'core20'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def ics_page(area: pd.Series | dict) -> str:
    return f"ics/{slug(area['short_name'])}/index.md"


def ics_group_page(area: pd.Series | dict, group_id: str) -> str:
    return f"ics/{slug(area['short_name'])}/{slug(group_id)}.md"


def group_page(group_id: str) -> str:
    return f"groups/{slug(group_id)}.md"


def indicator_page(indicator_id: str) -> str:
    return f"indicators/{slug(indicator_id)}.md"


def link(from_page: str, to_page: str) -> str:
    """Relative Markdown link target between two pages of content/, so mkdocs --strict checks it."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def url(from_page: str, to_page: str) -> str:
    """Relative URL of a page as MkDocs publishes it (directory URLs), for links inside HTML blocks."""
    target = to_page[: -len("index.md")] if to_page.endswith("index.md") else to_page[: -len(".md")] + "/"
    source = from_page[: -len("index.md")] if from_page.endswith("index.md") else from_page[: -len(".md")] + "/"
    relative = posixpath.relpath(target or ".", source or ".")
    return "./" if relative == "." else relative + "/"


# ---- text ---------------------------------------------------------------------------------------------

def text(value) -> Markup:
    """Free text from data, escaped for an HTML block."""
    return Markup(html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)))


def heading(value: str) -> str:
    """Free text for a Markdown heading or link label, with Markdown's special characters escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(value), quote=False))


def illustrative_banner() -> Markup:
    return Markup(
        '<div class="admonition warning illustrative-banner" role="note">'
        '<p class="admonition-title">Invented figures</p>'
        "<p>Everything about the Example ICS is invented to show how the site works. "
        "It is not about any real place, and none of its figures are real.</p></div>")


# ---- reference lookups --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reference:
    """Reference tables indexed for page building."""

    areas: pd.DataFrame
    indicators: pd.DataFrame
    categories: pd.DataFrame
    statuses: pd.DataFrame
    groups: pd.DataFrame
    dimensions: pd.DataFrame
    topic_titles: dict
    years_spanned: dict
    phases: pd.DataFrame
    subtopics: pd.DataFrame
    levels: pd.DataFrame

    @classmethod
    def of(cls, dataset: Dataset) -> "Reference":
        ref = dataset.reference
        return cls(areas=ref.tables["areas"].set_index("area_code", drop=False),
                   indicators=ref.tables["indicators"].set_index("indicator_id", drop=False),
                   categories=ref.tables["categories"].set_index("category_id", drop=False),
                   statuses=ref.tables["observation_statuses"].set_index("status", drop=False),
                   groups=ref.tables["community_groups"].set_index("group_id", drop=False),
                   dimensions=ref.tables["dimensions"].set_index("dimension_id", drop=False),
                   topic_titles=_topic_titles(ref.tables["framework_phases"], ref.tables["framework_subtopics"]),
                   years_spanned=dict(zip(ref.tables["period_types"].period_type, ref.tables["period_types"].years_spanned.astype(int))),
                   phases=ref.tables["framework_phases"], subtopics=ref.tables["framework_subtopics"],
                   levels=ref.tables["maturity_levels"])

    def real_icbs(self) -> pd.DataFrame:
        icbs = self.areas[(self.areas.area_type == "icb") & ~self.areas.is_fictional.astype(bool)]
        return icbs.sort_values("short_name")

    def dimension_name(self, dimension_id: str) -> str:
        return self.dimensions.loc[dimension_id, "name"] if dimension_id in self.dimensions.index else dimension_id

    def is_deprivation(self, dimension_id: str) -> bool:
        """Deprivation scales (IMD fifths and tenths of any kind): their ends are compared as a gap."""
        return "imd" in str(dimension_id)

    def label(self, category_id: str) -> str:
        return self.categories.loc[category_id, "label"] if category_id in self.categories.index else category_id

    def format(self, indicator_id: str, value) -> str:
        ind = self.indicators.loc[indicator_id]
        return format_value(value, int(ind.decimals), ind.unit)

    def interval(self, indicator_id: str, lower, upper) -> str:
        if pd.isna(lower) or pd.isna(upper):
            return "not available"
        ind = self.indicators.loc[indicator_id]
        return format_interval(lower, upper, int(ind.decimals), ind.unit)

    def cell(self, indicator_id: str, row: pd.Series) -> str:
        """A value for a table: the number, or the status symbol; provisional figures keep their mark."""
        status = self.statuses.loc[row.status] if row.status in self.statuses.index else None
        symbol = "" if status is None else status.symbol
        if pd.isna(row.value):
            shown = f"{symbol} {status.label.lower()}".strip() if status is not None else "not available"
            note = row.get("note", "") if hasattr(row, "get") else ""
            return f"{shown}: {note}" if isinstance(note, str) and note else shown
        shown = self.format(indicator_id, row.value)
        return f"{shown} {symbol}".strip()


def _topic_titles(phases: pd.DataFrame, subtopics: pd.DataFrame) -> dict[str, str]:
    """'1b' -> '1b Reviewing evidence (Check)'; '2' -> 'Phase 2: Challenge (whole phase)'."""
    names = dict(zip(phases.phase_number.astype(int), phases["name"]))
    titles = {str(n): f"Phase {n}: {name} (whole phase)" for n, name in names.items()}
    titles.update({s.subtopic_code: f"{s.subtopic_code} {s.title} ({names.get(int(s.phase_number), '')})"
                   for s in subtopics.itertuples()})
    return titles


# ---- tables and figures --------------------------------------------------------------------------------

def html_table(frame: pd.DataFrame, caption: str) -> Markup:
    """An accessible HTML table of exactly these cells, in a scrollable, labelled container."""
    head = "".join(f'<th scope="col">{text(c)}</th>' for c in frame.columns)
    rows = "".join("<tr>" + "".join(
        (f'<th scope="row">{text(v)}</th>' if i == 0 else f"<td>{text(v)}</td>") for i, v in enumerate(r)) + "</tr>"
                   for r in frame.itertuples(index=False))
    # data-search-exclude: the cells of tables (and whole figures, below) would treble Material's search
    # index, which every first visit downloads, without helping anyone find a page: headings, names and
    # sentences stay searchable.
    return Markup(f'<div class="table-wrap" tabindex="0" role="region" aria-label="{text(caption)}" data-search-exclude>'
                  f"<table><caption>{text(caption)}</caption><thead><tr>{head}</tr></thead>"
                  f"<tbody>{rows}</tbody></table></div>")


def csv_text(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


SOURCE_COLUMN = "Source (file:line)"


def row_sources(frame: pd.DataFrame) -> list[str]:
    """'datapackages/E54000037/observations.csv:12' for each row (loaded rows keep `_file` and `_line`);
    empty where a row has no data behind it (for example a period England has no figure for)."""
    if "_file" not in frame:
        return [""] * len(frame)
    return [f"{file}:{int(line)}" if isinstance(file, str) and file and pd.notna(line) else ""
            for file, line in zip(frame["_file"], frame["_line"])]


def joined_sources(*columns: list[str]) -> list[str]:
    """Row-wise '; '-joined sources of several aligned lists, for a table row built from several data rows."""
    return ["; ".join(s for s in row if s) for row in zip(*columns)]


@dataclass
class PageWriter:
    """Collects a page's chart downloads and writes the page and its files under the output folder."""

    out_dir: Path
    page: str  # path of the page inside content/, e.g. "ics/black-country/index.md"
    charts: int = 0

    def figure(self, name: str, fig, caption: str, summary: str, table: pd.DataFrame,
               sources: list[str] | None = None) -> Markup:
        """A chart with its caption, one-sentence summary, the same data as a table, and a CSV of it.

        `sources`, one per table row, name the data file and line each figure was read from; the CSV carries
        them in an extra column, so anyone can check a published number against the data package."""
        self.charts += 1
        chart_id = f"chart-{slug(self.page.removesuffix('.md'))}-{slug(name)}"
        csv_name = f"{slug(name)}.csv"
        download = table
        if sources is not None:
            if len(sources) != len(table):
                raise ValueError(f"{self.page} {name}: {len(sources)} sources for {len(table)} table rows")
            download = table.assign(**{SOURCE_COLUMN: sources})
        self._write(posixpath.join(self._files_dir(), csv_name), csv_text(download))
        csv_url = posixpath.relpath(posixpath.join(self._files_dir(), csv_name), self._url_dir())
        return Markup(
            f'<figure class="chart" id="{chart_id}" data-search-exclude>'
            f"<figcaption>{text(caption)}</figcaption>"
            f'<p class="chart-summary">{text(summary)}</p>'
            f'<div class="chart-plot" id="{chart_id}-plot" data-figure="{chart_id}-data"></div>'
            f'<script type="application/json" id="{chart_id}-data">{charts.figure_json(fig)}</script>'
            f'<details class="chart-table"><summary>Show the data as a table</summary>{html_table(table, caption)}</details>'
            f'<p class="chart-download"><a href="{csv_url}" download>Download this data (CSV, {len(table)} rows'
            f'{", with the file and line of each figure" if sources is not None else ""})</a></p>'
            "</figure>")

    def write(self, markdown: str) -> None:
        self._write(self.page, markdown.rstrip() + "\n")

    def _files_dir(self) -> str:
        return posixpath.join("downloads", self.page.removesuffix(".md").removesuffix("/index"))

    def _url_dir(self) -> str:
        return self.page[: -len("index.md")] if self.page.endswith("index.md") else self.page[: -len(".md")] + "/"

    def _write(self, relative: str, content: str) -> None:
        path = self.out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def generated_notice(source: str) -> Markup:
    return Markup(f"<!-- Generated from {html.escape(source)} by python -m generator build. "
                  "Edit the data package, not this page. -->\n")


def latest(frame: pd.DataFrame, column: str = "period") -> pd.DataFrame:
    """Rows of the latest period (periods of one indicator sort correctly as text)."""
    if frame.empty:
        return frame
    return frame[frame[column] == max(frame[column])]


def sex_words(observations: pd.DataFrame, indicator_id: str, sex: str, joiner: str = ", ") -> str:
    """", men" or " for women" when the indicator is published for more than one sex; a single-sex
    indicator (cervical screening, life expectancy of women) already says so in its name."""
    if observations.loc[observations.indicator_id == indicator_id, "sex"].nunique() < 2:
        return ""
    return {"male": f"{joiner}men", "female": f"{joiner}women"}.get(sex, "")
