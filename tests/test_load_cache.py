"""The load cache (generator.load_cache): a package read from it equals the package parsed again; any change to
its files, or a damaged entry, parses it again; the least recently used entries go beyond the size kept."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import load_cache, paths
from generator.load import load_dataset, load_package

EXAMPLE = "X54000099"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(load_cache, "CACHE_DIR", folder)
    return folder


@pytest.fixture
def data(tmp_path) -> Path:
    root = tmp_path / "datapackages"
    for name in ("reference", EXAMPLE):
        shutil.copytree(paths.DATAPACKAGES / name, root / name)
    return root


def _same(a, b) -> bool:
    return (a.folder == b.folder and a.descriptor == b.descriptor and list(a.tables) == list(b.tables)
            and all(a.tables[name].equals(b.tables[name]) and list(a.tables[name].dtypes) == list(b.tables[name].dtypes)
                    for name in a.tables))


def test_a_cached_dataset_equals_one_parsed_again(cache_dir, data):
    parsed = load_dataset(data)
    first = load_dataset(data, cache=True)  # parsed, and stored
    assert len(list(cache_dir.glob("*.pickle"))) == 2
    again = load_dataset(data, cache=True)  # read back
    for package in (first.reference, again.reference, *first.packages, *again.packages):
        match = parsed.reference if package.folder.name == "reference" else parsed.packages[0]
        assert _same(package, match)


def test_a_changed_file_is_parsed_again(cache_dir, data):
    folder = data / EXAMPLE
    before = load_cache.cached_package(folder, ics=True, root=data)
    ratings = folder / "ratings.csv"
    ratings.write_text(ratings.read_text(encoding="utf-8").replace(",developing,", ",maturing,", 1), encoding="utf-8")
    after = load_cache.cached_package(folder, ics=True, root=data)
    assert not _same(before, after)
    assert _same(after, load_package(folder, ics=True, root=data))
    assert len(list(cache_dir.glob("*.pickle"))) == 2


def test_a_damaged_entry_is_parsed_again_and_replaced(cache_dir, data):
    folder = data / EXAMPLE
    load_cache.cached_package(folder, ics=True, root=data)
    (entry,) = cache_dir.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert _same(load_cache.cached_package(folder, ics=True, root=data), load_package(folder, ics=True, root=data))
    assert entry.read_bytes() != b"not a pickle"


def test_the_least_recently_used_entries_go_first(cache_dir, data):
    load_dataset(data, cache=True)
    entries = sorted(cache_dir.glob("*.pickle"), key=lambda p: p.stat().st_size)
    small, large = entries
    os.utime(large, ns=(1, 1))  # used long ago
    load_cache.prune(keep_bytes=small.stat().st_size)
    assert list(cache_dir.glob("*.pickle")) == [small]


def test_temporary_files_a_crash_left_are_removed_after_an_hour(cache_dir):
    cache_dir.mkdir()
    old, new = cache_dir / ".a.pickle.x1.tmp", cache_dir / ".b.pickle.x2.tmp"
    old.write_bytes(b"half")
    new.write_bytes(b"being written")
    os.utime(old, (1, 1))
    load_cache.prune()
    assert not old.exists() and new.exists()
