"""Page stage: render every generated page of the site as Markdown (with HTML blocks) into a folder.

Each module renders one page type; all share generator/pages/common.py, and all markup comes from the
Jinja templates in generator/templates/ through generator/pages/safe.py, which escapes data by default.
Output is deterministic: sorted inputs, fixed chart ids, no timestamps.
"""
from __future__ import annotations

from pathlib import Path

from generator.load import Dataset
from generator.pages import framework, groups, home, ics, indicators

PAGE_TYPES = (home, ics, groups, indicators, framework)


def render_site(dataset: Dataset, out_dir: Path, directory_urls: bool = True) -> None:
    """Every page into out_dir; with directory_urls False, links between pages name their .html files."""
    from generator.pages import common

    common.ADDRESSES.directory_urls = directory_urls
    try:
        for page_type in PAGE_TYPES:
            page_type.render(dataset, out_dir)
    finally:
        common.ADDRESSES.directory_urls = True
