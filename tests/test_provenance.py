"""Where a build comes from is read from git: the commit, the release its tag names, and the committer date of
the last change to each package folder, never the clock."""
from __future__ import annotations

from pathlib import Path

from generator import provenance

from git_repos import git

REPOSITORY = "https://github.com/example/site"


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for folder in ("datapackages/reference", "datapackages/alpha", "datapackages/beta"):
        (repo / folder).mkdir(parents=True)
        (repo / folder / "data.csv").write_text("a\n1\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first", day="2026-01-05")
    (repo / "datapackages/alpha/data.csv").write_text("a\n2\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second", day="2026-02-09")
    return repo


def test_dates_are_the_last_commit_to_touch_each_folder(tmp_path):
    repo = _repository(tmp_path)
    found = provenance.of(repo / "datapackages", REPOSITORY)
    data = repo / "datapackages"
    assert found.data_changed([data / "alpha"]) == "2026-02-09"
    assert found.data_changed([data / "beta"]) == "2026-01-05"
    assert found.data_changed([data / "beta", data / "reference"]) == "2026-01-05"
    assert found.data_changed([data / "beta", data / "alpha"]) == "2026-02-09"
    assert found.data_changed([tmp_path]) == ""  # not in the repository: no date rather than a guess


def test_a_tagged_commit_is_a_release_and_links_lines_at_its_commit(tmp_path):
    repo = _repository(tmp_path)
    assert provenance.of(repo / "datapackages", REPOSITORY).release == ""
    git(repo, "tag", "-a", "v1.0", "-m", "first release")
    git(repo, "tag", "not-a-release")
    found = provenance.of(repo / "datapackages", REPOSITORY)
    commit = git(repo, "rev-parse", "HEAD")
    assert (found.release, found.commit, found.uncommitted) == ("1.0", commit, False)
    assert found.line_url("datapackages/alpha/data.csv", 2) == (
        f"{REPOSITORY}/blob/{commit}/datapackages/alpha/data.csv?plain=1#L2")
    assert found.commit_url() == f"{REPOSITORY}/commit/{commit}"


def test_uncommitted_data_is_not_the_release_and_links_no_line(tmp_path):
    repo = _repository(tmp_path)
    git(repo, "tag", "-a", "v1.0", "-m", "first release")
    (repo / "datapackages/beta/data.csv").write_text("a\n3\n", encoding="utf-8")
    found = provenance.of(repo / "datapackages", REPOSITORY)
    assert found.uncommitted and found.release == ""
    assert found.line_url("datapackages/beta/data.csv", 2) == ""  # the line at the commit may not be this one


def test_outside_git_everything_is_unknown(tmp_path):
    (tmp_path / "datapackages").mkdir()
    found = provenance.of(tmp_path / "datapackages", REPOSITORY)
    assert (found.commit, found.release, found.changed_on) == ("", "", {})
    assert found.line_url("datapackages/x.csv", 3) == "" and found.commit_url() == ""
