"""Page stage: render every generated page of the site as Markdown (with HTML blocks) into a folder.

Each module renders one page type from a `Site` (the data, the reference lookups and the site plan, each
made once); all share generator/pages/common.py, and all markup comes from the Jinja templates in
generator/templates/ through generator/pages/safe.py, which escapes data by default. Which pages exist is the
plan's to say (generator/pages/plan.py); the renderers write exactly those.
Output is deterministic: sorted inputs, fixed chart ids, no timestamps. Pages are shared out between one
process per core (each writes its own files), so the same pages come out whatever the number of cores. Given
the previous build's output, the pages whose inputs have not changed are copied from it instead of rendered
(`reuse`); tables are read in bulk (`load.Package.observation_records`, `common.latest_by`, `common.records`),
not filtered once per figure.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.load import Dataset, read_json
from generator.paths import TEAM_RESOURCES
from generator.provenance import Provenance
from generator.pages import framework, groups, home, ics, indicators, packages, releases, reuse
from generator.pages.site import Site

PAGE_TYPES = (home, ics, groups, indicators, framework, releases)


_FORKED: tuple[Site, Path] | None = None  # what forked workers inherit, so nothing large is pickled


def render_site(dataset: Dataset, out_dir: Path, directory_urls: bool = True, processes: int | None = None,
                previous: Path | None = None, origin: Provenance | None = None) -> frozenset[str]:
    """Every page into out_dir, with the record the next build reuses pages by (`Rendered.record`); the units
    of pages copied from `previous`. Arguments as `render_pages`'."""
    rendered = render_pages(dataset, out_dir, directory_urls, processes, previous, origin)
    rendered.record()
    return rendered.reused


@dataclasses.dataclass
class Rendered:
    """Pages rendered, whose record for the next build (`reuse.record`) is still to be written."""

    site: Site
    out_dir: Path
    directory_urls: bool
    previous: Path | None
    keys: tuple[dict[str, str], dict] | None  # worked out already when pages were reused from `previous`

    @property
    def reused(self) -> frozenset[str]:
        return self.site.reused

    def record(self) -> None:
        """Write the record. With no previous build nothing waits for it, so a build can do it while MkDocs runs."""
        keys, rows = self.keys or reuse.unit_keys(self.site, self.directory_urls)
        reuse.record(self.out_dir, keys, self.previous, rows)


def render_pages(dataset: Dataset, out_dir: Path, directory_urls: bool = True, processes: int | None = None,
                 previous: Path | None = None, origin: Provenance | None = None) -> Rendered:
    """Every page into out_dir; with directory_urls False, links between pages name their .html files.
    processes: how many to share the pages between (default: one per core this process may use).
    previous: the output of an earlier build, whose pages are copied where nothing they are made from has
    changed (`reuse`). origin: the build's provenance, if read already."""
    from generator.pages import common

    global _FORKED
    common.ADDRESSES.directory_urls = directory_urls
    site = Site.of(dataset, origin)
    keys = reuse.unit_keys(site, directory_urls, previous) if previous is not None else None
    reused = reuse.reuse(previous, out_dir, keys[0]) if keys else frozenset()
    downloads = packages.Downloads(out_dir, dataset.reference.folder, site.edition(), reused)
    site = dataclasses.replace(site, reused=reused, downloads=downloads)
    downloads.write_unshown(dataset, {s.package.folder for s in site.plan.systems if s.folder not in reused})
    parts = processes or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    try:
        if parts <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            _render_part(site, out_dir)
        else:
            _FORKED = (site, out_dir)
            with ProcessPoolExecutor(parts, mp_context=multiprocessing.get_context("fork")) as pool:
                for done in [pool.submit(_render_forked, part, parts) for part in range(parts)]:
                    done.result()  # a worker's error is raised here, as it would be in one process
    finally:
        _FORKED = None
        common.ADDRESSES.directory_urls = True
    _check_against_plan(site, out_dir)
    write_templates(dataset, out_dir / TEMPLATES)
    return Rendered(site, out_dir, directory_urls, previous, keys)


TEMPLATES = "downloads/templates"  # the contribute page links each blank table here


def write_templates(dataset: Dataset, folder: Path) -> None:
    """A blank CSV file (the header row alone) of each table a team writes, from the canonical schemas, for
    a team starting one in GitHub's web editor or a spreadsheet."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TEAM_RESOURCES:
        schema = read_json(dataset.reference.folder / "schemas" / f"ics-{name}.json")
        (folder / f"{name}.csv").write_text(",".join(f["name"] for f in schema["fields"]) + "\n", encoding="utf-8")


def _render_part(site: Site, out_dir: Path) -> None:
    for page_type in PAGE_TYPES:
        page_type.render(site, out_dir)


def _render_forked(part: int, parts: int) -> None:
    site, out_dir = _FORKED
    _render_part(dataclasses.replace(site, part=part, parts=parts), out_dir)


def _check_against_plan(site: Site, out_dir: Path) -> None:
    """A renderer that wrote a page the plan does not list, or missed one it does, is a fault in the
    generator: stop before anything is published (publish reports it without a traceback)."""
    written = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.md")}
    planned = set(site.plan.pages())
    if written != planned:
        raise RuntimeError(f"the pages written differ from the site plan: not planned {sorted(written - planned)[:5]}, "
                           f"not written {sorted(planned - written)[:5]}")
