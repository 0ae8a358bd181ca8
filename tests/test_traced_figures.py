"""Issue 11: every figure in every table and download names its data file and line, linked to that line at the
build's commit, and every page says when the data behind it last changed (generator.provenance through
common.Origin). The data is a git repository made here, with commits on fixed days, so links and dates are known."""
from __future__ import annotations

import csv
import html
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from generator import paths, provenance
from generator.load import load_dataset, read_csv_rows
from generator.pages import common, render_site

from git_repos import git

EXAMPLE, SYSTEM, ENGLAND = "X54000099", "E54000062", "E92000001"  # the Example, Black Country, England
EXAMPLE_PAGES, SYSTEM_PAGES = "ics/example-ics-fictional/", "ics/black-country/"
# Tables of counts of many rows (ratings at each level, local authorities by comparison): a count cites each row it
# counts, so its row's last figure (the count, or the row's total) is the number of rows it cites.
COUNTS = (re.compile(r"Maturity levels (ICSs have published|in the Example ICS)"),
          re.compile(r"local authorities in each system compared with England"))
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Traced:
    repo: Path  # the repository: its datapackages/ holds the data
    commit: str
    out: Path  # pages rendered from the committed data
    uncommitted: Path  # pages rendered with a file not yet committed


@pytest.fixture(scope="module")
def traced(tmp_path_factory) -> Traced:
    """The reference package, the Example, Black Country and England committed on 5 January 2026, then a change
    to Black Country's package alone on 9 February 2026; rendered, and rendered again with an uncommitted file."""
    if not common.repository_url():
        pytest.skip("no repository is named (mkdocs.yml extra.repository_url), so nothing can be linked")
    base = tmp_path_factory.mktemp("traced")
    repo, data = base / "repo", base / "repo" / "datapackages"
    for name in ("reference", EXAMPLE, SYSTEM, ENGLAND):
        shutil.copytree(paths.DATAPACKAGES / name, data / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "data", day="2026-01-05")
    (data / SYSTEM / "notes.txt").write_text("A note the team added.\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a note", day="2026-02-09")
    render_site(load_dataset(data), base / "out", processes=1)
    (data / EXAMPLE / "draft.txt").write_text("Not committed yet.\n", encoding="utf-8")
    render_site(load_dataset(data), base / "uncommitted", processes=1)
    return Traced(repo, git(repo, "rev-parse", "HEAD"), base / "out", base / "uncommitted")


def _pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md"))}


def _tables(page: str) -> list[str]:
    return re.findall(r"<table>.*?</table>", page, flags=re.S)


def _line_url(traced: Traced, path: str, line: int) -> str:
    return f"{common.repository_url()}/blob/{traced.commit}/{path}?plain=1#L{line}"


class _DataRows:
    """The cells of a data row, by file and starting line, each file read once."""

    def __init__(self, repo: Path):
        self.repo, self.files = repo, {}

    def __call__(self, path: str, line: int) -> dict:
        if path not in self.files:
            header, rows = read_csv_rows(self.repo / path)
            self.files[path] = {start: dict(zip(header, cells)) for start, cells in rows}
        assert line in self.files[path], f"{path}:{line} is not a data row"
        return self.files[path][line]


def _holds(record: dict, shown: list[float]) -> bool | None:
    """Whether a figure of the data row (its value, count or denominator; a place's share of the system, in %) is
    among the numbers shown, to the decimals shown; None when the row has none."""
    figures = [float(record[c]) for c in ("value", "count", "denominator") if record.get(c)]
    if record.get("share_of_lsoas"):
        figures.append(float(record["share_of_lsoas"]) * 100)
    if not figures:
        return None
    return any(abs(n - f) <= 0.51 or abs(n - f) <= 0.0051 * abs(f) for f in figures for n in shown)


def test_each_table_row_links_the_line_of_the_file_that_holds_its_figure(traced):
    data_row, checked, tables, counted = _DataRows(traced.repo), 0, 0, 0
    for name, page in _pages(traced.out).items():
        for table in _tables(page):
            tables += common.SOURCE_COLUMN in table
            counts = any(c.search(html.unescape(re.search(r"<caption>(.*?)</caption>", table).group(1))) for c in COUNTS)
            for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table):
                cited = re.search(r'<td class="source">(.*?)</td>', row)
                if not cited or not cited.group(1):
                    continue
                shown = [float(n.replace(",", "")) for cell in re.findall(r"<td>(.*?)</td>", row)
                         for n in NUMBER.findall(html.unescape(cell))]
                links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', cited.group(1))
                text = html.unescape(re.sub(r"<[^>]+>", "", cited.group(1)))
                assert links and text == "; ".join(html.unescape(t) for _, t in links), f"{name}: {cited.group(1)}"
                if counts:
                    assert len(links) == shown[-1], f"{name}: {len(links)} rows cited for a count of {shown[-1]}"
                    counted += 1
                for url, text in links:
                    path, line = html.unescape(text).rsplit(":", 1)
                    assert html.unescape(url) == _line_url(traced, path, int(line)), f"{name}: {url} for {text}"
                    held = _holds(data_row(path, int(line)), shown) if shown and not counts else None
                    assert held is not False, f"{name}: {text} holds no figure shown in {row[:300]}"
                    checked += held is True
    assert tables > 100 and checked > 800 and counted > 10, (tables, checked, counted)  # 153 tables, 1,024 figures when written


def test_every_html_table_that_shows_figures_has_a_source_column(traced):
    without = []
    for name, page in _pages(traced.out).items():
        for table in _tables(page):
            caption = html.unescape(re.search(r"<caption>(.*?)</caption>", table).group(1))
            figures = any(re.search(r"\d", cell) for cell in re.findall(r"<td>(.*?)</td>", table))
            if figures and common.SOURCE_COLUMN not in table:
                without.append(f"{name}: {caption}")
    assert without == []
    named = {re.search(r"<caption>(.*?)</caption>", t).group(1) for p in _pages(traced.out).values() for t in _tables(p)
             if common.SOURCE_COLUMN in t}
    for caption in ("Median GP practice in the most and least deprived fifths, latest year",
                    "Indicators for the whole system, latest period", "Places in this system, latest figures",
                    "Other measures for this group, Black Country", "Figures corrected by the system&#39;s team",
                    "Residents of each place by ethnic group, Census 2021 (whole local authorities)"):
        assert caption in named, caption


def _csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_every_download_with_sources_links_each_of_them(traced):
    downloads = sorted((traced.out / "downloads").rglob("*.csv"))
    traced_files = 0
    for download in downloads:
        rows = _csv(download)
        if not rows or common.SOURCE_COLUMN not in rows[0]:
            continue
        traced_files += 1
        assert list(rows[0])[-2:] == [common.SOURCE_COLUMN, common.SOURCE_LINK_COLUMN], download
        for row in rows:
            sources = [s for s in row[common.SOURCE_COLUMN].split("; ") if s]
            expected = [_line_url(traced, *(lambda p, n: (p, int(n)))(*s.rsplit(":", 1))) for s in sources]
            assert row[common.SOURCE_LINK_COLUMN] == "; ".join(expected), download
    assert traced_files > 100


def test_ratings_actions_and_plus_groups_download_with_the_line_of_each(traced):
    pages, data_row = _pages(traced.out), _DataRows(traced.repo)
    page = pages[EXAMPLE_PAGES + "index.md"]
    for name in ("maturity", "actions", "plus-groups"):
        assert f'href="../../downloads/ics/example-ics-fictional/{name}.csv" download>' in page, name
    folder = traced.out / "downloads" / EXAMPLE_PAGES
    checks = {"maturity": ("ratings.csv", lambda row, record: row["Maturity level"].lower() == record["level"]),
              "actions": ("actions.csv", lambda row, record: (row["Action"], row["You said"]) == (record["action_id"],
                                                                                                 record["you_said"])),
              "plus-groups": ("plus_groups.csv", lambda row, record: row["Reason"] == record["reason"])}
    for name, (file, same) in checks.items():
        rows = [r for r in _csv(folder / f"{name}.csv") if r[common.SOURCE_COLUMN]]
        assert len(rows) >= 4, name
        for row in rows:
            path, line = row[common.SOURCE_COLUMN].rsplit(":", 1)
            assert path == f"datapackages/{EXAMPLE}/{file}" and row[common.SOURCE_LINK_COLUMN] == _line_url(traced, path, int(line))
            assert same(row, data_row(path, int(line))), f"{name}: {row}"
    # A group's page offers its own actions, those that name the group.
    group = _csv(folder / "black-communities" / "actions.csv")
    assert group and all("Black" in row["Community groups"] for row in group)


def test_every_page_ends_with_when_its_data_last_changed(traced):
    commit = f'<a href="{common.repository_url()}/commit/{traced.commit}">commit {traced.commit[:10]}</a>'
    pages = _pages(traced.out)
    assert len(pages) > 60  # every page of the four packages: home, indexes, groups, indicators, both systems'
    for name, page in pages.items():
        # A system's pages read its own package, the reference and England's; national pages every package.
        day = "5 January 2026" if name.startswith(EXAMPLE_PAGES) else "9 February 2026"
        assert page.rstrip().endswith(f"The data behind this page last changed on {day}. This page was built from "
                                      f"{commit}.</p>"), name
    assert any(n.startswith(SYSTEM_PAGES) for n in pages) and any(n.startswith(EXAMPLE_PAGES) for n in pages)


def test_uncommitted_data_is_said_and_links_no_line(traced):
    pages = _pages(traced.uncommitted)
    for name, page in pages.items():
        assert page.rstrip().endswith("includes changes to the data that are not yet committed, so it has no date or "
                                      "commit to cite yet.</p>"), name
        assert "/blob/" not in page, f"{name}: a line at the commit may not be the line read"
    sources = [row[common.SOURCE_COLUMN] for row in _csv(traced.uncommitted / "downloads" / EXAMPLE_PAGES / "actions.csv")]
    links = [row[common.SOURCE_LINK_COLUMN] for row in _csv(traced.uncommitted / "downloads" / EXAMPLE_PAGES / "actions.csv")]
    assert all(sources) and not any(links)


def test_outside_git_pages_cite_lines_without_links_or_dates(example_copy, tmp_path):
    render_site(load_dataset(example_copy), tmp_path / "out", processes=1)
    page = (tmp_path / "out" / EXAMPLE_PAGES / "index.md").read_text(encoding="utf-8")
    assert "data-changed" not in page and "/blob/" not in page
    assert f'<td class="source">datapackages/{EXAMPLE}/corrections.csv:2; datapackages/{EXAMPLE}/observations.csv:97</td>' in page


def test_a_source_cell_is_escaped_and_links_only_https():
    hostile = '<script>x</script>:1'
    cell = common.SourceCell((common.Link(hostile, "javascript:alert(1)"), common.Link("a.csv:2", "https://e.org/a?b=1&c=2"),
                              common.Link("b.csv:3", "http://e.org/")))
    table = str(common.html_table(pd.DataFrame({"Row": ["r"], common.SOURCE_COLUMN: [cell]}), "Caption"))
    assert "<script>" not in table and "&lt;script&gt;x&lt;/script&gt;:1" in table and "javascript" not in table
    assert '<a href="https://e.org/a?b=1&amp;c=2">a.csv:2</a>; b.csv:3</td>' in table
    assert str(cell) == f"{hostile}; a.csv:2; b.csv:3"
    # An origin links a line only at an https address: a repository named otherwise links nothing.
    origin = common.Origin(provenance.Provenance(repository="javascript:alert(1)//", commit="a" * 40))
    assert origin.cells(["datapackages/x/observations.csv:3"]) == [common.SourceCell((common.Link(
        "datapackages/x/observations.csv:3"),))]
    origin = common.Origin(provenance.Provenance(repository="https://github.com/o/r", commit="a" * 40))
    assert [c.url for c in origin.cells(["d/x.csv:3; d/y.csv:4", "", "not a source"])] == [
        f"https://github.com/o/r/blob/{'a' * 40}/d/x.csv?plain=1#L3; https://github.com/o/r/blob/{'a' * 40}/d/y.csv?plain=1#L4",
        "", ""]
