"""Page stage: render every generated page of the site as Markdown (with HTML blocks) into a folder.

Each module renders one page type from a `Site` (the data, the reference lookups and the site plan, each
made once); all share generator/pages/common.py, and all markup comes from the Jinja templates in
generator/templates/ through generator/pages/safe.py, which escapes data by default. Which pages exist is the
plan's to say (generator/pages/plan.py); the renderers write exactly those.
Output is deterministic: sorted inputs, fixed chart ids, no timestamps.
"""
from __future__ import annotations

from pathlib import Path

from generator.load import Dataset
from generator.pages import framework, groups, home, ics, indicators
from generator.pages.site import Site

PAGE_TYPES = (home, ics, groups, indicators, framework)


def render_site(dataset: Dataset, out_dir: Path, directory_urls: bool = True) -> None:
    """Every page into out_dir; with directory_urls False, links between pages name their .html files."""
    from generator.pages import common

    common.ADDRESSES.directory_urls = directory_urls
    site = Site.of(dataset)
    try:
        for page_type in PAGE_TYPES:
            page_type.render(site, out_dir)
    finally:
        common.ADDRESSES.directory_urls = True
    _check_against_plan(site, out_dir)


def _check_against_plan(site: Site, out_dir: Path) -> None:
    """A renderer that wrote a page the plan does not list, or missed one it does, is a fault in the
    generator: stop before anything is published (publish reports it without a traceback)."""
    written = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.md")}
    planned = set(site.plan.pages())
    if written != planned:
        raise RuntimeError(f"the pages written differ from the site plan: not planned {sorted(written - planned)[:5]}, "
                           f"not written {sorted(planned - written)[:5]}")
