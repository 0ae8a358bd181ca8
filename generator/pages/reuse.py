"""The previous build's pages, reused where nothing they are made from has changed, so a rebuild after a change
to one system renders that system's pages and the national ones instead of every page.

Pages fall into units: each system's pages (under ics/<folder>/, with their chart downloads under
downloads/ics/<folder>/), each indicator's page (indicators/<slug>.md, downloads/indicators/<slug>/), each
package's ZIP (downloads/data/<folder>.zip) and the national pages (everything else the renderers write). A
unit's key is a digest of everything its pages can read: the generator's own files, mkdocs.yml, the
environment naming the repository, where the build comes from (generator.provenance: commit, release, dates of
the data), how pages are addressed, the site plan, the reference package, England's package and, for a system
or a ZIP, its own package; for an indicator, that indicator's rows in every package (their cells, file and
line); for the national unit, every package. Each build records every unit's key and files in KEYS beside its
pages, and each package's digest of each indicator's rows in ROWS, so the next build hashes the rows of the
packages that changed alone. It copies the files of each unit whose key is unchanged and renders the rest. A
unit is reused only when nothing it could read has changed, and a test requires a rebuild to equal a clean
build.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd

from generator import paths
from generator.digests import file_sha256

NATIONAL = "national"
KEYS = ".render-units.json"
ROWS = ".render-rows.json"  # {package folder digest: {indicator_id: digest of its rows}}
# Written on every build (a few small files): never copied.
ALWAYS_WRITTEN = ("downloads/templates/",)
# What names the repository on every page's footer (common.repository_url).
ENVIRONMENT = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY")


def unit_of(relative: str) -> str | None:
    """The unit a generated file belongs to: 'ics/<folder>' for a system's, NATIONAL for the rest, None for
    files written on every build."""
    if relative.startswith(ALWAYS_WRITTEN) or relative in (KEYS, ROWS):
        return None
    parts = relative.split("/")
    if parts[0] == "ics" and len(parts) > 2:
        return "/".join(parts[:2])
    if parts[0] == "indicators" and len(parts) == 2 and parts[1] != "index.md":
        return f"indicators/{parts[1].removesuffix('.md')}"
    if parts[:2] in (["downloads", "ics"], ["downloads", "indicators"]) and len(parts) > 3:
        return "/".join(parts[1:3])
    if parts[:2] == ["downloads", "data"] and len(parts) == 3:
        return zip_unit(parts[2].removesuffix(".zip"))
    return NATIONAL


def zip_unit(folder_name: str) -> str:
    return f"data/{folder_name}"


def unit_keys(site, directory_urls: bool, previous: Path | None = None) -> tuple[dict[str, str], dict]:
    """Each unit's key, a digest of everything its pages are made from; and the digests of each package's rows
    by indicator (ROWS), read from the previous build's record where a package is unchanged."""
    from generator.pages.common import indicator_page

    dataset = site.dataset
    england = dataset.package(site.ref.england)
    origin = site.provenance
    plan = [(s.area_code, s.folder, s.short_name, s.groups, s.valid_from, s.valid_to) for s in site.plan.systems]
    shared = _digest([_generator_digest(), _files_digest([paths.MKDOCS_CONFIG]),
                      repr([os.environ.get(name, "") for name in ENVIRONMENT]), repr(directory_urls),
                      repr((origin.repository, origin.commit, origin.release, origin.uncommitted, origin.changed_on)),
                      repr((plan, site.plan.groups, site.plan.indicators, site.plan.boundary_days)),
                      _folder_digest(dataset.reference.folder), _folder_digest(paths.ROOT / "releases"),
                      _folder_digest(england.folder) if england is not None else ""])
    packages = {p.folder: _folder_digest(p.folder) for p in dataset.packages}
    keys = {s.folder: _digest([shared, packages[s.package.folder]]) for s in site.plan.systems}
    keys[NATIONAL] = _digest([shared, *(packages[folder] for folder in sorted(packages))])
    keys[zip_unit(dataset.reference.folder.name)] = _digest([shared])
    keys.update({zip_unit(p.folder.name): _digest([shared, packages[p.folder]]) for p in dataset.packages})
    rows = _rows_by_indicator(dataset.packages, packages, _read_json(previous, ROWS))
    ordered = sorted(dataset.packages, key=lambda p: p.folder.name)
    for indicator_id in site.plan.indicators:
        keys[unit_of(indicator_page(indicator_id))] = _digest([shared, *(rows[packages[p.folder]].get(indicator_id, "") for p in ordered)])
    return keys, rows


def _rows_by_indicator(packages: list, digests: dict, known: dict) -> dict[str, dict[str, str]]:
    """For each package (by its folder digest), a digest of each indicator's observation rows: every cell, with
    its file and line. An unchanged package's are taken from `known`, the previous build's."""
    found = {}
    for package in packages:
        digest = digests[package.folder]
        previous = known.get(digest)
        if isinstance(previous, dict):
            found[digest] = previous
            continue
        observations = package.table("observations")
        hashed = pd.util.hash_pandas_object(observations, index=False).to_numpy() if len(observations) else None
        found[digest] = {indicator_id: hashlib.sha256(hashed[positions].tobytes()).hexdigest()
                         for indicator_id, positions in package.indicator_positions.items()}
    return found


def reuse(previous: Path | None, out_dir: Path, keys: dict[str, str]) -> frozenset[str]:
    """Copy into out_dir the files of every unit the previous build in `previous` recorded with the same key
    (keeping their times, so MkDocs sees them unchanged); the units copied. A missing or unreadable record,
    or a unit with a missing file, is simply rendered again."""
    recorded = _read_json(previous, KEYS)
    reused, made = set(), set()
    for unit, entry in recorded.items():
        files = entry.get("files") if isinstance(entry, dict) else None
        if keys.get(unit) != entry.get("key") or not isinstance(files, list):
            continue
        sources = [previous / name for name in files if isinstance(name, str) and unit_of(name) == unit]
        if len(sources) != len(files) or not all(p.is_file() for p in sources):
            continue
        for name, source in zip(files, sources):
            target = out_dir / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            link_or_copy(source, target)
        reused.add(unit)
    return frozenset(reused)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A second name for a finished file (a hard link: no bytes copied, its time kept), or a copy where the two
    folders are on different file systems. Only for files nothing writes to again: generated files are always
    written anew, never changed in place."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def record(out_dir: Path, keys: dict[str, str], previous: Path | None, rows: dict | None = None) -> None:
    """Write KEYS, listing each unit's key and files, and ROWS; a file whose bytes equal the previous build's
    keeps that file's time, so only what really changed looks new to MkDocs."""
    files: dict[str, list[str]] = {unit: [] for unit in keys}
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(out_dir).as_posix()
        before = previous / relative if previous is not None else None
        if before is not None and before.is_file() and _same_bytes(before, path):
            shutil.copystat(before, path)
        unit = unit_of(relative)
        if unit is not None:
            files.setdefault(unit, []).append(relative)
    entries = {unit: {"key": keys.get(unit, ""), "files": names} for unit, names in sorted(files.items())}
    (out_dir / KEYS).write_text(json.dumps(entries, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (out_dir / ROWS).write_text(json.dumps(rows or {}, sort_keys=True) + "\n", encoding="utf-8")


def _read_json(previous: Path | None, name: str) -> dict:
    """A record of the previous build, or nothing where it is missing or damaged."""
    if previous is None or not (previous / name).is_file():
        return {}
    try:
        found = json.loads((previous / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


# Parts of the generator that pages never read: a change to them (a new validation rule, say) renders nothing
# again. Nothing under generator/pages, nor what it imports, may import them (tests/test_render_reuse.py).
NOT_READ_BY_PAGES = ("validate", "messages", "importer", "workbook")


def _generator_digest() -> str:
    """The generator's own files that pages are made with: a change to any of them renders every page again."""
    root = Path(__file__).resolve().parent.parent
    return _files_digest(sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".json")
                                and p.relative_to(root).parts[0] not in NOT_READ_BY_PAGES), relative_to=root)


def _folder_digest(folder: Path) -> str:
    return _files_digest(sorted(p for p in folder.rglob("*") if p.is_file()), relative_to=folder)


def _files_digest(files: list[Path], relative_to: Path | None = None) -> str:
    digest = hashlib.sha256()
    for path in files:
        name = path.relative_to(relative_to).as_posix() if relative_to else path.name
        digest.update(f"{name}\0{file_sha256(path)}\0".encode())
    return digest.hexdigest()


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
