"""Loaded packages kept between builds, so a rebuild parses only the packages whose files changed: reading a
large observations table is most of a rebuild's loading, and unpickling it again is several times quicker.

An entry is a pickle of what `load.load_package` returns, under a sha256 of everything that result is made
from: the package's descriptor and every file it lists (their bytes), where the package and the repository
are (rows name their files by path), the schemas it is read with, the loader's own source, and the versions of
Python, pandas and numpy. An entry is written to a temporary file and renamed into place, so a reader never
sees half of one; one that cannot be read is parsed again. The cache is this machine's own (.cache/ is never
committed or published, and nothing else writes there), which is why its pickles are trusted; the least
recently used entries are removed beyond MAX_BYTES. `build --clean` does not use it.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import platform
from importlib import metadata
from pathlib import Path

from generator import paths
from generator.atomic import remove_left_over, write_whole
from generator.digests import file_sha256
from generator.load import Package, load_package, read_json

CACHE_DIR = paths.ROOT / ".cache" / "load"
FORMAT = 1  # of an entry; a change makes every older entry a miss
MAX_BYTES = 1_000_000_000
SOURCES = ("generator/load.py", "generator/load_cache.py", "generator/paths.py", "generator/digests.py")


def cached_package(folder: Path, *, ics: bool, root: Path) -> Package:
    """load_package's result for the folder, from the cache when nothing it is made from has changed."""
    key = _key(folder, ics, root)
    entry = CACHE_DIR / f"{key}.pickle"
    try:
        with open(entry, "rb") as handle:
            package = pickle.load(handle)
        if isinstance(package, Package):
            os.utime(entry)  # recently used: kept when the cache is pruned
            return package
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    package = load_package(folder, ics=ics, root=root)
    _store(entry, package)
    return package


def prune(keep_bytes: int = MAX_BYTES) -> None:
    """Remove the least recently used entries until the cache holds at most keep_bytes, and the temporary files
    a crash left over an hour ago."""
    remove_left_over(CACHE_DIR)
    try:
        entries = sorted((p.stat().st_mtime_ns, p.stat().st_size, p) for p in CACHE_DIR.glob("*.pickle"))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in entries:
        if total <= keep_bytes:
            break
        path.unlink(missing_ok=True)
        total -= size


def _key(folder: Path, ics: bool, root: Path) -> str:
    digest = hashlib.sha256(f"{_code_version()}\0{folder.resolve()}\0{root.resolve()}\0{ics}".encode())
    descriptor_path = folder / paths.DESCRIPTOR
    digest.update(file_sha256(descriptor_path).encode())
    for resource in read_json(descriptor_path).get("resources", []):
        digest.update(f"\0{resource['path']}\0{file_sha256(folder / resource['path'])}".encode())
    schemas = paths.reference_dir(root) / "schemas"
    for schema in sorted(schemas.glob("*.json")):
        digest.update(f"\0{schema.name}\0{file_sha256(schema)}".encode())
    return digest.hexdigest()


@functools.cache
def _code_version() -> str:
    digest = hashlib.sha256(f"{FORMAT} {platform.python_version()}".encode())
    for library in ("pandas", "numpy"):
        digest.update(f" {library} {metadata.version(library)}".encode())
    for source in SOURCES:
        digest.update(b"\0" + (paths.ROOT / source).read_bytes())
    return digest.hexdigest()


def _store(entry: Path, package: Package) -> None:
    """Write the entry whole or not at all; a cache that cannot be written only makes the next build slower."""
    with contextlib.suppress(OSError):
        write_whole(entry, pickle.dumps(package, protocol=pickle.HIGHEST_PROTOCOL))
