"""generator.digests: a file is hashed once while it stays as it is, and again whenever it may have changed,
even to bytes of the same length under the same modification time."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator import digests


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    found: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: found.append(self) or real(self))
    return found


def test_an_unchanged_file_is_read_once(tmp_path, reads, monkeypatch):
    path = tmp_path / "observations.csv"
    path.write_bytes(b"a,b\n1,2\n")
    monkeypatch.setattr(digests, "_now_ns", lambda: path.stat().st_ctime_ns + 10 * digests.RECENT_NS)  # hashed long after
    first = digests.file_sha256(path)
    assert first == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert digests.file_sha256(str(path)) == first and reads == [path]  # the same file, by either name


def test_a_file_changed_to_the_same_length_and_time_is_read_again(tmp_path, reads):
    path = tmp_path / "observations.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert digests.file_sha256(path) == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    before = path.stat()
    path.write_bytes(b"a,b\n1,3\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if in the same clock tick
    assert digests.file_sha256(path) == hashlib.sha256(b"a,b\n1,3\n").hexdigest() and len(reads) == 2


def test_a_files_fingerprint_is_the_fingerprint_of_its_bytes(tmp_path):

    path = tmp_path / "observations.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert digests.file_fingerprint(path) == digests.fingerprint(b"a,b\n1,2\n")
