"""A published history made from the bundled data, for tests/test_history.py and the browser tests: a new
repository holding the project's files as they are, released as v1.0; then a rating of the Example ICS goes
up a level, recorded as the correction v1.1; `history` runs after each release."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator import history, paths, release

from git_repos import git

SITE_URL = "https://example.org/history/"
CHANGED_FILE = "datapackages/X54000099/ratings.csv"  # the Example ICS's own table (imported files are protected)
CHANGED_PAGE = "ics/example-ics-fictional/index.md"
WRONG = "The Example ICS's rating for 1b was a level too low."


def project_copy(target: Path) -> Path:
    """The project's files as they are now (committed or not, ignored ones left out), as a new repository."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=paths.ROOT, check=True,
                            capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, listed):
        source = paths.ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q", "-b", "main")
    return target


def add_release(repo: Path, version: str, kind: str, summary: str, day: str, **correction) -> None:
    release.record_release(version, kind, summary, correction.get("corrects"), correction.get("wrong"),
                           correction.get("pages"), day, folder=repo / "releases", root=repo,
                           known_pages=set(correction.get("pages") or []))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"Release {version}", day=day)
    git(repo, "tag", "-a", f"v{version}", "-m", f"Release {version}", day=day)


def change_first_rating(repo: Path) -> tuple[str, str]:
    """The first rating of the Example ICS goes up a level: (old, new)."""
    path = repo / CHANGED_FILE
    text = path.read_text(encoding="utf-8")
    line = text.split("\n")[1]
    assert line.startswith("sa_2025,1b,developing,")
    path.write_text(text.replace(line, line.replace(",developing,", ",maturing,", 1), 1), encoding="utf-8")
    return "developing", "maturing"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def publish_two_releases(repo_dir: Path, site: Path) -> dict:
    """The repository and its history after v1.0, then after v1.1, with v1.0's files as first published."""
    repo = project_copy(repo_dir)
    add_release(repo, "1.0", "edition", "The first edition.", "2026-01-05")
    first = history.build_history(site, SITE_URL, root=repo)
    v10 = files(site / "v1.0")
    old, new = change_first_rating(repo)
    add_release(repo, "1.1", "correction", "Puts right a rating of the Example ICS.", "2026-02-09", corrects="1.0",
             wrong=WRONG, pages=[CHANGED_PAGE])
    second = history.build_history(site, SITE_URL, root=repo)
    return {"repo": repo, "site": site, "first": first, "second": second, "v10": v10, "old": old, "new": new}
