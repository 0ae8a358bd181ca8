"""Checks of the release records (releases/releases.csv and the corrections log), which the history and its
banners are built from: every field in its form, numbers in sequence, and every correction saying what it
corrects and, in the log, what was wrong and where."""
from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path

from generator.release import CORRECTING, KINDS, VERSION, next_versions
from generator.validate.issues import Issue, _issue

RELEASES, CORRECTIONS = "releases.csv", "corrections.csv"


def release_issues(folder: Path) -> list[Issue]:
    """Every problem in the release records in `folder` (none when it holds no records)."""
    if not (folder / RELEASES).is_file():
        return []
    releases = _rows(folder / RELEASES)
    log = _rows(folder / CORRECTIONS) if (folder / CORRECTIONS).is_file() else []
    file, log_file = f"{folder.name}/{RELEASES}", f"{folder.name}/{CORRECTIONS}"  # as the repository names them
    return [*_record_issues(releases, file), *_correction_issues(releases, log, file, log_file)]


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]


def _record_issues(releases, file: str) -> Iterator[Issue]:
    latest, last_day = None, ""
    for line, row in releases:
        version, kind, day = row.get("version", ""), row.get("kind", ""), row.get("released_on", "")
        problem = _field_problem(version, kind, day, row.get("summary", ""), last_day)
        if problem:
            yield _issue("release-record-invalid", file, line, problem[0], detail=problem[1], action=problem[2])
            continue
        expected = next_versions(latest).get(kind, "")
        if version != expected:
            yield _issue("release-out-of-sequence", file, line, "version", value=version, kind=kind,
                         before=latest or "no release", expected=expected)
        latest, last_day = version, day


def _field_problem(version: str, kind: str, day: str, summary: str, last_day: str) -> tuple[str, str, str] | None:
    """(field, what is wrong, what to do) for the first field out of its form, or None."""
    if not VERSION.fullmatch(version):
        return "version", f'"{version}" is not a release number', "Write MAJOR.MINOR, for example 1.0 or 2.3."
    if kind not in KINDS:
        return "kind", f'"{kind}" is not a kind of release', f"Use one of {', '.join(KINDS)}."
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return "released_on", f'"{day}" is not a date', "Write the date as YYYY-MM-DD."
    if day < last_day:
        return "released_on", f"release {version} is dated {day}, before the release above it", "Correct the date."
    if not summary:
        return "summary", f"release {version} has no summary", "Say in plain English what changed and why."
    return None


def _correction_issues(releases, log, file: str, log_file: str) -> Iterator[Issue]:
    known = [row.get("version", "") for _, row in releases]
    logged = {row.get("release", ""): line for line, row in log}
    for line, row in releases:
        version, kind, corrects = row.get("version", ""), row.get("kind", ""), row.get("corrects", "")
        earlier = known[: known.index(version)] if version in known else []
        if kind in CORRECTING and not corrects:
            yield _issue("release-correction-incomplete", file, line, "corrects", value=version,
                         detail=f"a {kind} must name the earliest release that has the mistake",
                         action="Put that release's number in `corrects`, for example 1.0.")
        elif kind in CORRECTING and corrects not in earlier:
            yield _issue("release-correction-incomplete", file, line, "corrects", value=version,
                         detail=f'it corrects "{corrects}", which is not a release before it',
                         action=f"Name one of the releases before it: {', '.join(earlier) or 'there are none'}.")
        elif kind not in CORRECTING and corrects:
            yield _issue("release-correction-incomplete", file, line, "corrects", value=version,
                         detail=f"only a correction or a withdrawal names `corrects`; this is a {kind}",
                         action="Leave `corrects` empty, or change the kind.")
        if kind == "correction" and version not in logged:
            yield _issue("release-correction-incomplete", file, line, "version", value=version,
                         detail="the corrections log (corrections.csv) has no line for it",
                         action="Add its line to corrections.csv: what was wrong, what changed and the pages affected.")
    kinds = {row.get("version", ""): row.get("kind", "") for _, row in releases}
    for line, row in log:
        release = row.get("release", "")
        if kinds.get(release) != "correction":
            yield _issue("release-correction-incomplete", log_file, line, "release", value=release,
                         detail="the corrections log names it, but it is not a correction in releases.csv",
                         action="Correct the release number in corrections.csv, or the release's kind.")
        elif not (row.get("what_was_wrong") and row.get("pages")):
            yield _issue("release-correction-incomplete", log_file, line, "what_was_wrong", value=release,
                         detail="its line in the corrections log must say what was wrong and which pages showed it",
                         action="Fill in `what_was_wrong` and `pages` (paths of content/, separated by semicolons).")
