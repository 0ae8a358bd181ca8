"""The sha256 of a file's bytes, worked out once per process while the file stays as it is.

A build keys three caches on the same files: the load cache (generator.load_cache), the validation cache
(generator.validate.cache) and its reuse of pages (generator.pages.reuse); the validator also checks each
imported file's fingerprint. Each asks here, so a data file is read and hashed once per build, not once per
cache. A file is known by its path and what the file system says of it (size, times, inode), which any write
changes, except that file times are kept to a clock tick: as git does with its index, a file changed shortly
before it was hashed (here within RECENT_NS) is hashed again each time, since a second change in the same tick
could leave everything the same but its bytes.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

RECENT_NS = 2_000_000_000
_KNOWN: dict[tuple, tuple[str, int]] = {}  # what the file system said of a file -> (its sha256, when hashed)


def file_sha256(path: str | Path) -> str:
    """The hex sha256 of the file's bytes."""
    found = os.stat(path)
    key = (os.path.abspath(path), found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)
    known = _KNOWN.get(key)
    if known is not None and known[1] - max(found.st_mtime_ns, found.st_ctime_ns) > RECENT_NS:
        return known[0]
    hashed_at = _now_ns()
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    _KNOWN[key] = (digest, hashed_at)
    return digest


def _now_ns() -> int:
    return time.time_ns()


def fingerprint(data: bytes) -> str:
    """What datapackage.json records of an imported file, so a hand edit to it can be told apart."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def file_fingerprint(path: Path) -> str:
    """`fingerprint` of a file's bytes, from its sha256 worked out once per process (`file_sha256`)."""
    return "sha256:" + file_sha256(path)
