"""`python -m generator release`: release records, numbered by kind, refused when out of sequence or incomplete."""
from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from generator import paths
from generator.release import (Release, ReleaseError, next_versions, parse_version, plan_release, read_releases,
                               record_release)

DAY = datetime.date(2027, 1, 15)
ONE = [Release("1.0", "2026-12-01", "edition", "First edition.")]


def git(folder: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository holding an empty copy of releases/, with one commit."""
    folder = tmp_path / "repo"
    shutil.copytree(paths.ROOT / "releases", folder / "releases")
    git(folder, "init", "-q")
    git(folder, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(folder, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start")
    return folder


def record(repository: Path, *arguments, **options) -> Release:
    return record_release(*arguments, folder=repository / "releases", root=repository,
                          known_pages={"ics/black-country/index.md", "index.md"}, **options)


def test_versions_are_major_dot_minor_and_each_kind_takes_its_next_number():
    assert parse_version("1.10") == (1, 10) and parse_version("v2.0") == (2, 0)
    for wrong in ("1", "1.0.1", "0.1", "01.2", "1.02", "one"):
        with pytest.raises(ReleaseError, match="MAJOR.MINOR"):
            parse_version(wrong)
    assert next_versions(None) == {"edition": "1.0"}
    assert next_versions("1.9") == {"edition": "2.0", "revision": "1.10", "correction": "1.10", "withdrawal": "1.10"}


@pytest.mark.parametrize("version, kind, corrects, message", [
    ("1.0", "revision", None, "exists already"),
    ("2.1", "edition", None, "is 2.0, not 2.1"),
    ("1.2", "revision", None, "is 1.1, not 1.2"),
    ("1.1", "correction", None, "must say which release it corrects"),
    ("1.1", "correction", "0.9", "MAJOR.MINOR"),
    ("1.1", "correction", "1.5", "there is no release 1.5"),
    ("1.1", "revision", "1.0", "Only a correction or a withdrawal"),
    ("1.1", "patch", None, "not a kind of release"),
])
def test_a_release_out_of_sequence_or_incomplete_is_refused(version, kind, corrects, message):
    with pytest.raises(ReleaseError, match=message):
        plan_release(version, kind, "Summary.", corrects, ONE, set(), DAY)


def test_a_release_needs_a_summary_and_a_version_not_yet_tagged():
    with pytest.raises(ReleaseError, match="--summary"):
        plan_release("1.1", "revision", "  ", None, ONE, set(), DAY)
    with pytest.raises(ReleaseError, match="tag v1.1"):
        plan_release("1.1", "revision", "Summary.", None, ONE, {"v1.1"}, DAY)


def test_releases_and_corrections_are_written_as_valid_records(repository):
    first = record(repository, "1.0", "edition", "First edition:  the 2025 figures.", day="2027-01-01")
    assert first == Release("1.0", "2027-01-01", "edition", "First edition: the 2025 figures.")
    record(repository, "1.1", "correction", "Black Country's stroke figure corrected.", "1.0",
           wrong="The stroke figure for the most deprived fifth was copied from the wrong year.",
           pages=["ics/black-country/index.md"], day="2027-01-15")
    assert [r.version for r in read_releases(repository / "releases")] == ["1.0", "1.1"]
    log = (repository / "releases" / "corrections.csv").read_text(encoding="utf-8").splitlines()
    assert log[1] == ("1.1,2027-01-15,The stroke figure for the most deprived fifth was copied from the wrong year.,"
                      "Black Country's stroke figure corrected.,ics/black-country/index.md")
    report = frictionless.validate(str(repository / "releases" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_a_correction_must_say_what_was_wrong_and_where(repository):
    record(repository, "1.0", "edition", "First edition.", day="2027-01-01")
    with pytest.raises(ReleaseError, match="--wrong"):
        record(repository, "1.1", "correction", "Fixed.", "1.0", pages=["index.md"])
    with pytest.raises(ReleaseError, match="--page"):
        record(repository, "1.1", "correction", "Fixed.", "1.0", wrong="A figure.")
    with pytest.raises(ReleaseError, match="No page ics/nowhere/index.md"):
        record(repository, "1.1", "correction", "Fixed.", "1.0", wrong="A figure.", pages=["ics/nowhere/index.md"])
    assert [r.version for r in read_releases(repository / "releases")] == ["1.0"]  # nothing half-written


def test_a_tagged_version_and_a_shallow_clone_are_refused(repository, tmp_path):
    git(repository, "tag", "v1.0")
    with pytest.raises(ReleaseError, match="exists already"):
        record(repository, "1.0", "edition", "First edition.")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "more")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repository.as_uri(), str(shallow)], check=True)
    with pytest.raises(ReleaseError, match="shallow clone"):
        record(shallow, "1.0", "edition", "First edition.")


def test_the_command_says_what_is_wrong_without_a_traceback_and_writes_nothing():
    before = (paths.ROOT / "releases" / "releases.csv").read_bytes()
    found = subprocess.run([sys.executable, "-m", "generator", "release", "2.5", "--kind", "edition", "--summary", "x"],
                           cwd=paths.ROOT, capture_output=True, text=True)
    assert found.returncode == 2
    assert "is 1.0, not 2.5" in found.stderr or "shallow clone" in found.stderr
    assert "Traceback" not in found.stderr
    assert (paths.ROOT / "releases" / "releases.csv").read_bytes() == before


def _records(folder: Path, releases: str, corrections: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "releases.csv").write_text("version,released_on,kind,summary,corrects\n" + releases, encoding="utf-8")
    (folder / "corrections.csv").write_text("release,found_on,what_was_wrong,what_changed,pages\n" + corrections,
                                            encoding="utf-8")
    return folder


def test_the_validator_accepts_records_the_command_writes(repository):
    from generator.validate.releases import release_issues

    record(repository, "1.0", "edition", "First.", day="2026-01-05")
    record(repository, "1.1", "correction", "Fixed.", corrects="1.0", wrong="A figure was wrong.",
           pages=["index.md"], day="2026-02-01")
    assert release_issues(repository / "releases") == []
    assert release_issues(repository / "nowhere") == []  # no records yet: nothing to check


@pytest.mark.parametrize(("releases", "corrections", "expected"), [
    ("1.0,2026-01-05,edition,First.,\n1.2,2026-02-01,revision,Skips one.,\n", "",
     [("release-out-of-sequence", 3, "version", "after 1.0 the next revision is release 1.1")]),
    ("1.0,2026-01-05,edition,First.,\n2.1,2026-02-01,edition,New period.,\n", "",
     [("release-out-of-sequence", 3, "version", "after 1.0 the next edition is release 2.0")]),
    ("1.0,5 Jan 2026,edition,First.,\n", "", [("release-record-invalid", 2, "released_on", '"5 Jan 2026" is not a date')]),
    ("1.0,2026-01-05,edition,,\n", "", [("release-record-invalid", 2, "summary", "has no summary")]),
    ("1.0,2026-01-05,fix,First.,\n", "", [("release-record-invalid", 2, "kind", '"fix" is not a kind')]),
    ("1.0,2026-01-05,edition,First.,\n1.1,2026-02-01,correction,Fixed.,\n",
     "1.1,2026-02-01,A figure was wrong.,Fixed.,index.md\n",
     [("release-correction-incomplete", 3, "corrects", "must name the earliest release")]),
    ("1.0,2026-01-05,edition,First.,\n1.1,2026-02-01,correction,Fixed.,1.1\n",
     "1.1,2026-02-01,A figure was wrong.,Fixed.,index.md\n",
     [("release-correction-incomplete", 3, "corrects", 'corrects "1.1", which is not a release before it')]),
    ("1.0,2026-01-05,edition,First.,\n1.1,2026-02-01,correction,Fixed.,1.0\n", "",
     [("release-correction-incomplete", 3, "version", "corrections log (corrections.csv) has no line")]),
    ("1.0,2026-01-05,edition,First.,\n1.1,2026-02-01,revision,More.,\n", "1.1,2026-02-01,Wrong.,More.,index.md\n",
     [("release-correction-incomplete", 2, "release", "not a correction in releases.csv")]),
])
def test_the_validator_names_the_line_field_and_problem_of_a_bad_record(tmp_path, releases, corrections, expected):
    from generator.validate.releases import release_issues

    found = release_issues(_records(tmp_path / "releases", releases, corrections))
    assert [(i.code, i.line, i.field) for i in found] == [e[:3] for e in expected]
    assert all(e[3] in i.message for i, e in zip(found, expected)), [i.message for i in found]
    assert all(i.fix for i in found)


def test_validating_the_repository_checks_its_release_records(tmp_path):
    """`python -m generator validate` over a repository reports a bad record in releases/ as an error."""
    from generator.validate import validate_paths

    root = tmp_path / "datapackages"
    shutil.copytree(paths.reference_dir(), root / paths.REFERENCE_NAME)
    _records(tmp_path / "releases", "1.0,2026-01-05,edition,First.,\n1.2,2026-02-01,revision,Skips one.,\n")
    report = validate_paths(None, root=root, cache=False)
    assert [(i.code, i.file, i.line) for i in report.issues] == [("release-out-of-sequence", "releases/releases.csv", 3)]
    assert not report.valid
