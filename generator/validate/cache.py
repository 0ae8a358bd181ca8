"""The validation cache: a package whose files, reference package and checks have not changed since it was last
validated gets the same issues again, read from .cache/validation/ instead of worked out.

An entry's key is a sha256 of everything a package's issues depend on:
- every file and folder in the package folder, with its bytes (a file over the size the validator refuses,
  only its size; a symbolic link, only where it points), so a listed file, datapackage.json and an unlisted
  CSV are all in it;
- where the folder is (issues name files by path) and whether it is the reference package;
- the reference package, the same way (its lists, schemas and limits are what the rules read);
- the checks themselves (`checks_version`): the source of generator/validate and generator/messages, of the
  generator modules they use, and the versions of Python, frictionless, pandas and numpy.
An entry is one JSON file, written to a temporary file and renamed into place, so a reader never sees half of
one; an entry that cannot be read, or is not a list of issues, is ignored and written again.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
import stat
from pathlib import Path

from generator import paths as layout
from generator.atomic import remove_left_over, write_whole
from generator.digests import file_sha256
from generator.validate import files
from generator.validate.issues import Issue

CACHE_DIR = layout.ROOT / ".cache" / "validation"
FORMAT = 1  # of an entry; a change makes every older entry a miss
MAX_ENTRIES = 2_000  # the oldest used beyond this are removed after a run
# The validator's own source, and the generator modules whose results its checks report.
SOURCES = ("generator/validate/*.py", "generator/messages/*.py", "generator/stats/*.py", "generator/load.py",
           "generator/links.py", "generator/lineage.py", "generator/paths.py", "generator/digests.py")
LIBRARIES = ("frictionless", "pandas", "numpy", "rfc3986")
_ISSUE_FIELDS = {"code": (str,), "file": (str,), "line": (int, type(None)), "field": (str, type(None)),
                 "message": (str,), "fix": (str,), "severity": (str,), "suggestion": (str,)}


@functools.cache
def checks_version() -> str:
    """What the checks are: a change to their source or to the libraries they use invalidates every entry."""
    digest = hashlib.sha256(f"{FORMAT} {platform.python_version()}".encode())
    for library in LIBRARIES:
        digest.update(f"{library} {_version(library)}".encode())
    for source in sorted({path for pattern in SOURCES for path in layout.ROOT.glob(pattern)}):
        digest.update(source.relative_to(layout.ROOT).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _version(library: str) -> str:
    """A library's installed version: its results are part of what the checks find."""
    from importlib import metadata  # slow to import (email, zipfile): only when the cache is used

    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "not installed as a distribution"


def folder_digest(folder: Path) -> str:
    """A sha256 of the folder's place and of everything in it, links not followed."""
    digest = hashlib.sha256(os.path.abspath(folder).encode())
    _add_entry(digest, Path(os.path.abspath(folder)), "")
    return digest.hexdigest()


def _add_entry(digest: hashlib._Hash, path: Path, name: str) -> None:
    """One entry of the folder into the digest, as the validator would meet it: a link or an oversized file is
    refused without being read, so only what it is (and its size) counts."""
    try:
        found = path.lstat()
    except OSError:
        digest.update(f"\0missing {name}".encode())
        return
    if stat.S_ISLNK(found.st_mode):
        digest.update(f"\0link {name} -> {os.readlink(path)}".encode())
    elif stat.S_ISDIR(found.st_mode):
        digest.update(f"\0folder {name}".encode())
        for child in sorted(os.listdir(path)):
            _add_entry(digest, path / child, f"{name}/{child}")
    elif stat.S_ISREG(found.st_mode) and found.st_size <= files.MAX_FILE_BYTES:
        digest.update(f"\0file {name} {found.st_size} {file_sha256(path)}".encode())
    else:  # too large to be read by the validator, or not a regular file: it is refused by its size or kind
        digest.update(f"\0other {name} {stat.S_IFMT(found.st_mode)} {found.st_size}".encode())


def package_key(folder: Path, reference_digest: str, is_reference: bool) -> str | None:
    """The entry's key for a package, or None when its folder cannot be read (it is then always validated)."""
    try:
        return hashlib.sha256(f"{checks_version()} {reference_digest} {is_reference} "
                              f"{folder_digest(folder)}".encode()).hexdigest()
    except OSError:
        return None


def load(key: str) -> list[Issue] | None:
    """The issues stored under key, or None when there is no usable entry."""
    path = CACHE_DIR / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        issues = [_issue(found) for found in entry["issues"]] if entry.get("format") == FORMAT else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if issues is not None:
        _touch(path)
    return issues


def _issue(found: dict) -> Issue:
    """An issue from its stored fields, refusing anything else: a damaged entry is a miss, not a wrong report."""
    if set(found) != set(_ISSUE_FIELDS) or not all(type(found[k]) in kinds for k, kinds in _ISSUE_FIELDS.items()):
        raise ValueError("not an issue")
    return Issue(**found)


def _touch(path: Path) -> None:
    """Mark an entry as used, so `prune` keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


def store(key: str, issues: list[Issue]) -> None:
    """Write the entry atomically; a cache that cannot be written is left as it is."""
    entry = {"format": FORMAT, "issues": [{name: getattr(issue, name) for name in _ISSUE_FIELDS} for issue in issues]}
    with contextlib.suppress(OSError):
        write_whole(CACHE_DIR / f"{key}.json", json.dumps(entry, ensure_ascii=False).encode("utf-8"))


def prune() -> None:
    """Remove the entries used longest ago beyond MAX_ENTRIES, and temporary files a crash left an hour ago."""
    remove_left_over(CACHE_DIR)
    try:
        kept = [p for _, p in sorted((p.stat().st_mtime, p) for p in CACHE_DIR.glob("*.json"))]
    except OSError:
        return
    for path in kept[:max(len(kept) - MAX_ENTRIES, 0)]:
        with contextlib.suppress(OSError):
            path.unlink()
