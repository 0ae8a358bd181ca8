"""The site's releases and what this build changes since the last one, read once per build for the releases
pages: the release records (releases/), the release before this build (the newest v* tag in its history), the
commits since then that changed the data or the records, and every row added, removed or changed since then
(generator.diff), as one tidy table.

A build of a release (generator.provenance) compares itself with the release before it; any other build is a
preview, and compares what it would publish with the newest release it comes after.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator import diff, release
from generator.provenance import Provenance, git_output

# One row per changed cell, or per row added or removed: the long form the page and its download show.
COLUMNS = ("package", "resource", "indicator_id", "change", "row", "column", "before", "after", "file", "line",
           "commit")
COMMITS_WATCHED = ("datapackages", "releases")


@dataclass(frozen=True)
class Commit:
    hash: str
    day: str
    subject: str


@dataclass(frozen=True)
class ReleaseHistory:
    records: list[release.Release]  # oldest first, as releases/releases.csv holds them at this commit
    corrections: list[dict[str, str]]
    current: release.Release | None  # the release this build is; None for a preview
    previous: str = ""  # the release before it ('' when there is none)
    previous_commit: str = ""
    commits: list[Commit] = field(default_factory=list)  # newest first
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))


def read_history(repo: Path, data_root: Path, origin: Provenance) -> ReleaseHistory:
    """The releases and this build's changes, for the repository at `repo` (its releases/ folder and git)."""
    folder = repo / "releases"
    records, corrections = release.read_releases(folder), release.read_corrections(folder)
    current = next((r for r in records if r.version == origin.release), None) if origin.release else None
    if not origin.commit:
        return ReleaseHistory(records, corrections, current)
    previous = _previous_release(repo, origin.release)
    if not previous:
        return ReleaseHistory(records, corrections, current)
    tag = f"v{previous}"
    previous_commit = git_output(["rev-parse", f"{tag}^{{commit}}"], repo)
    commits = [Commit(*line.split("\t", 2)) for line in
               git_output(["log", "--format=%H%x09%cs%x09%s", f"{tag}..HEAD", "--", *COMMITS_WATCHED], repo).splitlines()
               if line.count("\t") >= 2]
    found = diff.diff(tag, str(data_root))
    return ReleaseHistory(records, corrections, current, previous, previous_commit, commits,
                          tidy(found, origin.commit, previous_commit))


def _previous_release(repo: Path, current: str) -> str:
    """The newest release tag in this commit's history, other than the commit's own."""
    versions = [v for t in git_output(["tag", "--merged", "HEAD", "--list", "v*"], repo).split()
                if (v := release.tag_version(t)) and v != current]
    if current:
        versions = [v for v in versions if release.parse_version(v) < release.parse_version(current)]
    return max(versions, key=release.parse_version, default="")


def tidy(found: diff.DataDiff, commit: str, previous_commit: str) -> pd.DataFrame:
    """Every change as one row: a changed row gives a row per cell it changes; an added row points at its line in
    this commit, a removed one at its line in the previous release."""
    rows = []
    for change in found.resources:
        for item in change.changed:
            words = _key_words(item["key"])
            for column, (old, new) in item["changes"].items():
                rows.append((change.package, change.resource, item["key"].get("indicator_id", ""), "changed", words,
                             column, old, new, change.file, item["line"], commit))
        for kind, items, at in (("added", change.added, commit), ("removed", change.removed, previous_commit)):
            for item in items:
                key = {k: item["row"][k] for k in change.key if k in item["row"]} or item["row"]
                rows.append((change.package, change.resource, item["row"].get("indicator_id", ""), kind,
                             _key_words(key), "", "", "", change.file, item["line"], at))
    for kind, packages in (("package added", found.packages_added), ("package removed", found.packages_removed)):
        rows += [(code, "", "", kind, "", "", "", "", f"datapackages/{code}", 0, "") for code in packages]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["package", "resource", "indicator_id", "line", "column"], kind="stable",
                             ignore_index=True)


def _key_words(key: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in key.items() if k != "indicator_id" and str(v) != "")

