"""Rules for corrections.csv, a team's declared route to correct an imported figure.

Imported files are the importer's: an edit to observations.csv would be undone by the next import (and
is refused as `imported-file-edited`). A team instead copies the row into corrections.csv, changes what is
wrong and says why; `generator.load.apply_corrections` puts it in place of the imported row. The figure
rules of observations (arithmetic, intervals, small counts) run on the corrected rows as they do on the
imported ones; this module checks what is particular to a correction: that it replaces a row that
exists, that it does not hide or reveal a figure (which would need the whole group's suppression checked
again), and that it changes something.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from generator.validate.files import _Table
from generator.validate.issues import Issue, _issue, _shown

# Whether each is published decides what the figures around it give away (generator.validate.disclosure).
DISCLOSING = ("value", "count", "denominator")


def correction_issues(corrections: _Table, observations: _Table | None, key: list[str],
                      statuses_with_value: dict[str, bool] | None) -> Iterator[Issue]:
    """Every correction that matches no imported row, hides or reveals a figure, or changes nothing."""
    if observations is None:  # observations.csv missing or unreadable: reported there
        return
    corrected = list(corrections.records())
    imported = {_key(row, key): (line, row) for line, row in observations.records(_may_match(observations, corrected, key))}
    compared = [c for c in observations.header if c in corrections.header]
    for line, row in corrected:
        match = imported.get(_key(row, key))
        if match is None:
            described = ", ".join(f'{c} "{_shown(row.get(c, ""), 40)}"' for c in key)
            yield _issue("correction-unmatched", corrections.file, line, key[0], key=described,
                         observations=observations.file)
            continue
        other_line, original = match
        before, after = _published(original, statuses_with_value), _published(row, statuses_with_value)
        if before != after:
            yield _issue("correction-changes-suppression", corrections.file, line, _first_difference(before, after),
                         observations=observations.file, other_line=other_line, before=_describe(before, "has"),
                         after=_describe(after, "has"), status_rule=_status_rule(before))
        elif all(row.get(c, "").strip() == original.get(c, "").strip() for c in compared):
            yield _issue("correction-changes-nothing", corrections.file, line, observations=observations.file,
                         other_line=other_line)


def _may_match(observations: _Table, corrected: list[tuple[int, dict[str, str]]], key: list[str]) -> np.ndarray:
    """The rows of observations (with something in them) whose every key cell is one some correction has: only
    those can match one, so a national table is not read row by row."""
    rows = np.ones(len(observations.live), dtype=bool)
    for position, column in enumerate(key):
        wanted = {_key(row, key)[position] for _, row in corrected}
        rows &= observations.factorized(column).at(observations.live).mapped(lambda cell: cell.strip() in wanted, bool)
    return rows


def _key(row: dict[str, str], key: list[str]) -> tuple[str, ...]:
    return tuple(row.get(c, "").strip() for c in key)


def _published(row: dict[str, str], statuses_with_value: dict[str, bool] | None) -> dict[str, bool]:
    shown = {column: bool(row.get(column, "").strip()) for column in DISCLOSING}
    if statuses_with_value is not None:
        shown["status"] = statuses_with_value.get(row.get("status", "").strip(), False)
    return shown


def _first_difference(before: dict[str, bool], after: dict[str, bool]) -> str:
    return next(column for column in before if before[column] != after[column])


def _describe(shown: dict[str, bool], verb: str) -> str:
    """'has a value and a count, and no denominator; its status shows a value'."""
    filled = [c for c in DISCLOSING if shown[c]]
    empty = [c for c in DISCLOSING if not shown[c]]
    parts = []
    if filled:
        parts.append("a " + " and a ".join(filled))
    if empty:
        parts.append("no " + " and no ".join(empty))
    text = f"{verb} {', and '.join(parts)}"
    if "status" in shown:
        text += "; its status " + ("shows a figure" if shown["status"] else "hides the figure")
    return text


def _status_rule(before: dict[str, bool]) -> str:
    if "status" not in before:
        return "is the same as before"
    return "shows a figure, as that row's does" if before["status"] else "hides the figure, as that row's does"
