"""The validation cache: a package is validated again only when its files, the reference package or the checks
change; otherwise its issues are read back from .cache/validation/, and the report is the same."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import cli
from generator.validate import cache, render_report, run, validate_paths

ICS = "X54000001"
OBS = f"{ICS}/observations.csv"


@pytest.fixture
def entries(tmp_path: Path, monkeypatch) -> Path:
    """The cache kept in a scratch folder, so each test starts with none."""
    folder = tmp_path / "validation-cache"
    monkeypatch.setattr(cache, "CACHE_DIR", folder)
    return folder


@pytest.fixture
def broken(validation_packages: Path) -> Path:
    """The tiny packages with problems in two of them, so that reports have something to compare."""
    _replace(validation_packages / OBS, "1500.2", "abc")
    _replace(validation_packages / "E92000001/observations.csv", ",81.0,", ",99.0,")
    return validation_packages


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _validated(report) -> list[str]:
    return sorted(folder.name for folder in report.validated)


def test_a_second_run_reads_every_package_from_the_cache_and_reports_the_same(broken, entries):
    first = validate_paths(None, root=broken)
    second = validate_paths(None, root=broken)
    assert _validated(first) == ["E92000001", ICS, "reference"] and second.validated == []
    assert len(first.issues) == 2 and second.issues == first.issues
    assert render_report(second, "json") == render_report(first, "json")
    assert len(list(entries.glob("*.json"))) == 3


def test_worker_processes_read_and_write_the_cache_too(broken, entries, monkeypatch):
    monkeypatch.setattr(run, "PARALLEL_FROM", 1)
    monkeypatch.setattr(run.os, "cpu_count", lambda: 2)
    first = validate_paths(None, root=broken)
    second = validate_paths(None, root=broken)
    assert len(first.validated) == 3 and second.validated == [] and second.issues == first.issues


def test_one_changed_byte_validates_only_its_package_again(broken, entries):
    validate_paths(None, root=broken)
    _replace(broken / "E92000001/observations.csv", ",99.0,", ",98.0,")
    again = validate_paths(None, root=broken)
    assert _validated(again) == ["E92000001"]
    assert again.issues == validate_paths(None, root=broken, cache=False).issues


def test_a_change_to_the_reference_package_validates_every_package_again(broken, entries):
    validate_paths(None, root=broken)
    schemas = sorted((broken / "reference" / "schemas").glob("*.json"))
    schemas[0].write_bytes(schemas[0].read_bytes() + b"\n")  # rules read the schemas, not only the listed tables
    again = validate_paths(None, root=broken)
    assert _validated(again) == ["E92000001", ICS, "reference"]


def test_a_change_to_the_checks_validates_every_package_again(broken, entries, monkeypatch):
    validate_paths(None, root=broken)
    monkeypatch.setattr(cache, "checks_version", lambda: "the checks of a later commit")
    assert len(validate_paths(None, root=broken).validated) == 3


def test_the_checks_version_is_the_source_of_the_checks(tmp_path, monkeypatch):
    source = tmp_path / "checks.py"
    source.write_text("LIMIT = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache.layout, "ROOT", tmp_path)
    monkeypatch.setattr(cache, "SOURCES", ("*.py",))
    before = cache.checks_version.__wrapped__()
    source.write_text("LIMIT = 2\n", encoding="utf-8")
    assert cache.checks_version.__wrapped__() != before


def test_a_csv_the_descriptor_does_not_list_is_part_of_the_package(broken, entries):
    """An unlisted CSV is reported (file-not-listed), so adding one is a change to the package."""
    validate_paths(None, root=broken)
    (broken / ICS / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    again = validate_paths(None, root=broken)
    assert _validated(again) == [ICS]
    assert "file-not-listed" in {issue.code for issue in again.issues}


def test_a_package_in_another_folder_is_validated_there(broken, entries, tmp_path):
    """Issues name files by path, so the same files elsewhere are not read back with the old paths."""
    validate_paths(None, root=broken)
    moved = tmp_path / "elsewhere"
    shutil.copytree(broken, moved)
    report = validate_paths(None, root=moved)
    assert len(report.validated) == 3
    assert {issue.file for issue in report.issues} == {str(moved / OBS), str(moved / "E92000001/observations.csv")}


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]", b'{"format": 1}', b'{"format": 1, "issues": [{"code": "type-error"}]}',
    b'{"format": 1, "issues": "none"}', b'{"format": 99, "issues": []}',
    b'{"format": 1, "issues": [{"code": 1, "file": "x", "line": 2, "field": null, "message": "m", "fix": "f", '
    b'"severity": "error", "suggestion": ""}]}',
])
def test_a_damaged_entry_is_ignored_and_written_again(broken, entries, damage):
    expected = validate_paths(None, root=broken)
    for entry in entries.glob("*.json"):
        entry.write_bytes(damage)
    again = validate_paths(None, root=broken)
    assert again.issues == expected.issues and len(again.validated) == 3
    assert all(json.loads(entry.read_text(encoding="utf-8"))["format"] == cache.FORMAT for entry in entries.glob("*.json"))


def test_a_cache_that_cannot_be_written_is_no_error(broken, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(cache, "CACHE_DIR", blocked / "validation")
    first = validate_paths(None, root=broken)
    assert first.issues == validate_paths(None, root=broken, cache=False).issues and len(first.validated) == 3


def test_results_are_the_same_with_and_without_the_cache(example_copy, entries):
    """On the Example ICS and the bundled reference, broken in several ways, cold, warm and uncached."""
    observations = example_copy / "X54000099" / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("published", "suppressed", 1)
    lines[5] = lines[5].replace(",persons,", ", persons,", 1)
    observations.write_text("\n".join([*lines, "", "x,y"]) + "\n", encoding="utf-8")
    uncached = validate_paths(None, root=example_copy, cache=False)
    cold, warm = (validate_paths(None, root=example_copy) for _ in range(2))
    assert len(uncached.issues) > 3
    assert cold.issues == warm.issues == uncached.issues and warm.validated == []


def test_no_cache_on_the_command_line_neither_reads_nor_writes_it(broken, entries, capsys):
    assert cli.main(["validate", "--no-cache", "--format", "json", str(broken)]) == 1
    assert not entries.exists()
    assert cli.main(["validate", "--format", "json", str(broken)]) == 1
    assert len(list(entries.glob("*.json"))) == 3
    outputs = capsys.readouterr().out.strip().split("\n]\n")
    assert outputs[0] + "\n]" == outputs[1].strip()


def test_old_entries_beyond_the_limit_are_removed(broken, entries, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    validate_paths(None, root=broken)
    assert len(list(entries.glob("*.json"))) == 2


def test_pruning_removes_the_temporary_files_a_crash_left_and_the_oldest_entries(entries, monkeypatch):
    import os

    entries.mkdir()
    old, new = entries / ".a.json.x1.tmp", entries / ".b.json.x2.tmp"
    old.write_bytes(b"half")
    new.write_bytes(b"being written")
    os.utime(old, (1, 1))
    for n, name in enumerate(["first", "second", "third"]):
        (entries / f"{name}.json").write_text("{}", encoding="utf-8")
        os.utime(entries / f"{name}.json", (n + 10, n + 10))
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    cache.prune()
    assert sorted(p.name for p in entries.iterdir()) == [".b.json.x2.tmp", "second.json", "third.json"]
