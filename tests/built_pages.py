"""Helpers shared by the tests of the built site (tests/test_build.py and tests/test_pages_*.py): the pages of
conftest's `built` fixture read back by their path, the page of an ICS, and one chart's figure on a page."""
import re
from pathlib import Path

from generator.load import load_dataset
from generator.pages import common

ENGLAND = "E92000001"
SOURCE_CELL = r'<td class="source">.*?</td>'  # the file and line of a chart table's row, last


def _ics_page(code: str) -> str:
    """The page of an ICS, from the reference areas (common.ics_folders decides the folder)."""
    return common.ics_page(common.ics_folders(load_dataset().reference.tables["areas"].to_dict("records"))[code])


def _pages(content: Path) -> dict[str, str]:
    return {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8") for p in content.rglob("*.md")}


def _figure(page: str, chart_suffix: str) -> str:
    found = re.search(rf'<figure class="chart" id="chart-[^"]*-{re.escape(chart_suffix)}".*?</figure>', page, flags=re.S)
    assert found, f"no figure ending in {chart_suffix!r}"
    return found.group(0)
