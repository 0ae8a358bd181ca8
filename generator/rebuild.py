"""A rebuild that asks MkDocs to build only the pages that changed (its dirty build) when that gives the same
site as a clean build, and a clean build otherwise.

MkDocs' dirty build renders a page only when its Markdown is newer than its HTML, and leaves every other file
of the site as it was; the pages stage keeps the time of every file whose bytes did not change
(`pages.reuse`). That gives the clean build's site when nothing else can differ: the same configuration (the
menu included), theme overrides, MkDocs and Material versions, build date and set of files. This module
records those beside the site after each build (`STATE`), and does the two things a dirty build leaves out:
it starts from a copy of the published site, so a failure leaves that untouched, and it merges the search
index, which a dirty build writes for the rebuilt pages only, with the previous one, page by page in the
clean build's order. Where it cannot do either, the build is a clean one.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
from importlib import metadata
from pathlib import Path

from generator import paths

SEARCH_INDEX = "search/search_index.json"
OVERRIDES = paths.ROOT / "site_overrides"


def state_file(site_dir: Path) -> Path:
    """Where the state of the site in site_dir is kept: beside it, hidden, so it is never published."""
    return site_dir.parent / f".{site_dir.name}-build.json"


def state_of(config: str, docs: Path, build_date: str) -> dict:
    """What must be the same for a dirty build to equal a clean one."""
    overrides = sorted(p for p in OVERRIDES.rglob("*") if p.is_file()) if OVERRIDES.is_dir() else []
    theme = hashlib.sha256()
    for path in overrides:
        theme.update(f"{path.relative_to(OVERRIDES).as_posix()}\0".encode() + path.read_bytes())
    files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    return {"config": hashlib.sha256(config.encode("utf-8")).hexdigest(), "theme": theme.hexdigest(),
            "versions": [metadata.version("mkdocs"), metadata.version("mkdocs-material")], "build_date": build_date,
            "files": hashlib.sha256("\n".join(files).encode("utf-8")).hexdigest()}


def can_rebuild(site_dir: Path, state: dict) -> bool:
    """Whether site_dir holds a complete build made with this state."""
    try:
        saved = json.loads(state_file(site_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved == state and (site_dir / "index.html").is_file() and (site_dir / SEARCH_INDEX).is_file()


def forget(site_dir: Path) -> None:
    """Before site_dir is replaced: its state no longer describes it."""
    state_file(site_dir).unlink(missing_ok=True)


def remember(site_dir: Path, state: dict) -> None:
    """After site_dir has been replaced by a build made with this state."""
    state_file(site_dir).write_text(json.dumps(state, sort_keys=True) + "\n", encoding="utf-8")


class CopyAhead:
    """The published site copied, with every file's time, into a new folder beside it while the pages are being
    made (a thread: copying is mostly the system's work), so that a dirty build can start from it without
    waiting. `take` hands the copy over; `discard` removes it if it was not taken or not used."""

    def __init__(self, site_dir: Path):
        self.folder = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
        self._failed = False
        self._thread = threading.Thread(target=self._copy, args=(site_dir,), name="copy-ahead", daemon=True)
        self._thread.start()

    def _copy(self, site_dir: Path) -> None:
        try:
            shutil.copytree(site_dir, self.folder, dirs_exist_ok=True)
        except OSError:
            self._failed = True

    def take(self) -> Path | None:
        """The complete copy, or None if it could not be made (then a clean build is made instead)."""
        self._thread.join()
        return None if self._failed else self.folder

    def discard(self) -> None:
        self._thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def copy_ahead(site_dir: Path) -> CopyAhead | None:
    """Start copying site_dir when a dirty build may start from it (a site built before, with its state)."""
    if not (state_file(site_dir).is_file() and (site_dir / "index.html").is_file()):
        return None
    try:
        return CopyAhead(site_dir)
    except OSError:
        return None


def pages_to_render(new_site: Path, docs: Path) -> set[str]:
    """The addresses of the pages MkDocs will render again in new_site, a copy of the published site: those
    whose Markdown is newer than their HTML (its own rule)."""
    rebuilt = set()
    for page in docs.rglob("*.md"):
        address = _address(page.relative_to(docs).as_posix())
        html = new_site / address / "index.html"
        if not html.is_file() or html.stat().st_mtime < page.stat().st_mtime:
            rebuilt.add(address)
    return rebuilt


def merge_search_index(site_dir: Path, new_site: Path, rebuilt: set[str]) -> bool:
    """Put the rebuilt pages' search entries in place of their old ones, where each page's entries stood, so
    the index equals a clean build's. False when that cannot be done (a rebuilt page that had no entries
    before, or an unreadable index): the caller then builds clean."""
    try:
        before = json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))
        after = json.loads((new_site / SEARCH_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    fresh: dict[str, list[dict]] = {}
    for entry in after["docs"]:
        fresh.setdefault(_page_of(entry["location"]), []).append(entry)
    merged, placed = [], set()
    for entry in before["docs"]:
        page = _page_of(entry["location"])
        if page not in rebuilt:
            merged.append(entry)
        elif page not in placed:
            merged += fresh.get(page, [])
            placed.add(page)
    if set(fresh) - placed:
        return False
    data = {"config": after["config"], "docs": merged}
    # As Material's search plugin writes it.
    (new_site / SEARCH_INDEX).write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")
    return True


def _address(page: str) -> str:
    """'ics/x/index.md' -> 'ics/x/', 'groups/core20.md' -> 'groups/core20/', 'index.md' -> '' (directory URLs)."""
    stem = page[: -len(".md")]
    folder, _, name = stem.rpartition("/")
    if name == "index":
        return f"{folder}/" if folder else ""
    return f"{stem}/"


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]
