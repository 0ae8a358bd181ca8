"""Page stage: render every generated page of the site as Markdown (with HTML blocks) into a folder.

Each module renders one page type; all share generator/pages/common.py and the Jinja templates in
generator/templates/. Output is deterministic: sorted inputs, fixed chart ids, no timestamps.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator import paths
from generator.load import Dataset
from generator.pages import framework, groups, home, ics, indicators

PAGE_TYPES = (home, ics, groups, indicators, framework)


def render_site(dataset: Dataset, out_dir: Path) -> None:
    env = Environment(loader=FileSystemLoader(paths.TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=False)
    for page_type in PAGE_TYPES:
        page_type.render(dataset, out_dir, env)
