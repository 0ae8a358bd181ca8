"""`python -m generator release VERSION --kind KIND --summary TEXT [--corrects VERSION]`: record a release.

A release of the site is an annotated git tag vMAJOR.MINOR with a record in releases/releases.csv (a
Frictionless data package): its date, its kind, a public summary of what changed and why and, for a
correction or a withdrawal, the earliest release it affects; a correction also gets a line in the
corrections log, releases/corrections.csv (what was wrong, what changed, the pages it touched). The numbering
follows Ethnicity facts and figures and the ONS: a new edition (a new period or method) raises MAJOR, and a
revision, correction or withdrawal raises MINOR.

The command writes the record into the working tree, to be reviewed, committed and tagged; it refuses a
version that exists, one out of sequence, and a correction that does not say what it corrects. It needs the
git history and tags (a shallow clone cannot see them).
"""
from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

from generator import paths

RELEASES = paths.ROOT / "releases"
KINDS = ("edition", "revision", "correction", "withdrawal")
CORRECTING = ("correction", "withdrawal")  # kinds that name the earliest release they affect
VERSION = re.compile(r"(?P<major>[1-9]\d*)\.(?P<minor>0|[1-9]\d*)")
RELEASE_COLUMNS = ("version", "released_on", "kind", "summary", "corrects")
CORRECTION_COLUMNS = ("release", "found_on", "what_was_wrong", "what_changed", "pages")


class ReleaseError(Exception):
    """The release cannot be recorded as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Release:
    version: str
    released_on: str
    kind: str
    summary: str
    corrects: str = ""

    @property
    def tag(self) -> str:
        return f"v{self.version}"


def parse_version(text: str) -> tuple[int, int]:
    """'1.10' -> (1, 10); ReleaseError for anything but MAJOR.MINOR (MAJOR from 1, no leading zeros)."""
    found = VERSION.fullmatch(text.strip().removeprefix("v"))
    if not found:
        raise ReleaseError(f'"{text}" is not a version: write MAJOR.MINOR, for example 1.0 or 2.3.')
    return int(found["major"]), int(found["minor"])


def tag_version(tag: str) -> str | None:
    """The release a git tag names: 'v1.10' -> '1.10'; None for any other tag."""
    return tag[1:] if tag.startswith("v") and VERSION.fullmatch(tag[1:]) else None


def next_versions(latest: str | None) -> dict[str, str]:
    """The version each kind of release takes after `latest` (the first release is edition 1.0)."""
    if latest is None:
        return {"edition": "1.0"}
    major, minor = parse_version(latest)
    return {"edition": f"{major + 1}.0", **{kind: f"{major}.{minor + 1}" for kind in KINDS if kind != "edition"}}


def read_releases(folder: Path = RELEASES) -> list[Release]:
    """The release records, oldest first; none when the folder has no releases.csv."""
    if not (folder / "releases.csv").is_file():
        return []
    with open(folder / "releases.csv", encoding="utf-8", newline="") as handle:
        return [Release(**{c: row.get(c) or "" for c in RELEASE_COLUMNS}) for row in csv.DictReader(handle)]


def page_address(page: str) -> str:
    """A page of content/ as its address inside a release: 'ics/x/index.md' -> 'ics/x/', 'methods.md' -> 'methods/'."""
    page = page.strip().lstrip("/")
    if page == "index.md" or page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page.removesuffix(".md") + "/"


def affects(correcting: Release, record: Release) -> bool:
    """Whether a correction or withdrawal puts right what `record` published: every release from the one it names
    up to, not including, itself."""
    return (correcting.kind in CORRECTING and bool(correcting.corrects)
            and parse_version(correcting.corrects) <= parse_version(record.version) < parse_version(correcting.version))


def read_corrections(folder: Path = RELEASES) -> list[dict[str, str]]:
    """The corrections log, one dict a line, as releases/corrections.csv holds it (none when there is no log)."""
    if not (folder / "corrections.csv").is_file():
        return []
    with open(folder / "corrections.csv", encoding="utf-8", newline="") as handle:
        return [{c: row.get(c) or "" for c in CORRECTION_COLUMNS} for row in csv.DictReader(handle)]


def plan_release(version: str, kind: str, summary: str, corrects: str | None, released: list[Release],
                 tags: set[str], on: datetime.date) -> Release:
    """The record of a new release, checked against the ones before it and the repository's tags."""
    if kind not in KINDS:
        raise ReleaseError(f'"{kind}" is not a kind of release: use one of {", ".join(KINDS)}.')
    number = parse_version(version)
    version = f"{number[0]}.{number[1]}"
    if not summary.strip():
        raise ReleaseError("Give a --summary: in plain English, what changed in this release and why.")
    if any(r.version == version for r in released) or f"v{version}" in tags:
        raise ReleaseError(f"Release {version} exists already (in releases/releases.csv or as the tag v{version}). "
                           "A published release never changes: record a new one.")
    latest = max((r.version for r in released), key=parse_version, default=None)
    expected = next_versions(latest)
    if expected.get(kind) != version:
        after = f"after {latest}" if latest else "as the first release"
        raise ReleaseError(f"A {kind} {after} is {expected.get(kind, 'not possible')}, not {version}: a new edition "
                           "raises MAJOR (2.0 after 1.3), a revision, correction or withdrawal raises MINOR (1.4 after 1.3).")
    corrected = _corrected(kind, corrects, released)
    return Release(version, on.isoformat(), kind, " ".join(summary.split()), corrected)


def _corrected(kind: str, corrects: str | None, released: list[Release]) -> str:
    if kind not in CORRECTING:
        if corrects:
            raise ReleaseError(f"Only a correction or a withdrawal names --corrects; this is a {kind}.")
        return ""
    if not corrects:
        raise ReleaseError(f"A {kind} must say which release it corrects: add --corrects with the earliest release "
                           "that has the mistake, for example --corrects 1.0.")
    number = parse_version(corrects)
    version = f"{number[0]}.{number[1]}"
    if not any(r.version == version for r in released):
        known = ", ".join(r.version for r in released) or "none yet"
        raise ReleaseError(f"--corrects {corrects}: there is no release {version} (releases: {known}).")
    return version


def write_release(release: Release, folder: Path = RELEASES, correction: dict[str, str] | None = None) -> None:
    """Add the release (and, for a correction, its line of the corrections log) to the files in `folder`."""
    _append(folder / "releases.csv", [getattr(release, c) for c in RELEASE_COLUMNS])
    if correction is not None:
        _append(folder / "corrections.csv", [correction.get(c, "") for c in CORRECTION_COLUMNS])


def _append(path: Path, row: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(row)
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line.getvalue(), encoding="utf-8")


def repository_tags(root: Path = paths.ROOT) -> set[str]:
    """The repository's tags; ReleaseError in a shallow clone, whose tags and history are incomplete."""
    shallow = run_git(["rev-parse", "--is-shallow-repository"], root)
    if shallow == "true":
        raise ReleaseError("This is a shallow clone: its tags and history are incomplete. Fetch them first: "
                           "git fetch --unshallow --tags")
    return set(run_git(["tag", "--list", "v*"], root).split())


def run_git(arguments: list[str], root: Path) -> str:
    """git's output; ReleaseError, saying why, when git is missing or fails."""
    import subprocess  # not imported with the module: the validator reads release records without git

    try:
        found = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise ReleaseError(f"git could not be run ({error}); releases are read from the repository's git tags.") from error
    if found.returncode:
        raise ReleaseError(f"git {' '.join(arguments)} failed: {found.stderr.strip() or found.stdout.strip()}")
    return found.stdout.strip()


def record_release(version: str, kind: str, summary: str, corrects: str | None = None, wrong: str | None = None,
                   pages: list[str] | None = None, day: str | None = None, folder: Path = RELEASES,
                   root: Path = paths.ROOT, known_pages: set[str] | None = None) -> Release:
    """Check and write a new release (and its correction) into `folder`; the release written."""
    on = _day(day)
    release = plan_release(version, kind, summary, corrects, read_releases(folder), repository_tags(root), on)
    correction = None
    if kind == "correction":
        correction = _correction(release, wrong, pages or [], known_pages if known_pages is not None else _site_pages())
    elif wrong or pages:
        raise ReleaseError("--wrong and --page describe a correction for the corrections log; this is a " + kind + ".")
    write_release(release, folder, correction)
    return release


def _day(day: str | None) -> datetime.date:
    if day is None:
        return datetime.datetime.now(datetime.timezone.utc).date()  # the day it is recorded, written once
    try:
        return datetime.date.fromisoformat(day)
    except ValueError as error:
        raise ReleaseError(f'--date "{day}" is not a date: write it as YYYY-MM-DD.') from error


def _correction(release: Release, wrong: str | None, pages: list[str], known: set[str]) -> dict[str, str]:
    """The corrections log's line for a correction release."""
    if not wrong or not wrong.strip():
        raise ReleaseError("A correction goes in the corrections log: add --wrong saying, in plain English, what was wrong.")
    if not pages:
        raise ReleaseError("Add --page for each page that showed the mistake, as a path of content/, "
                           "for example --page ics/black-country/index.md.")
    unknown = [p for p in pages if p not in known]
    if unknown:
        raise ReleaseError(f"No page {unknown[0]} is built from today's data; give paths of content/ as the build "
                           "writes them, for example ics/black-country/index.md.")
    return {"release": release.version, "found_on": release.released_on, "what_was_wrong": " ".join(wrong.split()),
            "what_changed": release.summary, "pages": ";".join(sorted(set(pages)))}


def _site_pages() -> set[str]:
    """Every page the site plan makes from the repository's data, and the hand-written ones."""
    from generator.load import load_dataset
    from generator.pages.plan import SitePlan
    from generator.reference import Reference

    dataset = load_dataset()
    handwritten = {p.relative_to(paths.CONTENT).as_posix() for p in paths.CONTENT.rglob("*.md")}
    return set(SitePlan.of(dataset, Reference.of(dataset)).pages()) | handwritten
