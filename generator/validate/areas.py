"""Rules for tables of places and areas: a package's places.csv, and the reference package's areas, area
changes and period types. These tables are small (hundreds of rows), so their rules read rows."""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.lineage import area_in_force
from generator.validate.issues import Issue, _issue, finite_number
from generator.validate.table import _Table

if TYPE_CHECKING:
    from generator.validate.rules import _Context

SHARE_ROUNDING = 0.00005  # the most each share, rounded to 4 decimals, can be off by


def _check_places(table: _Table, context: _Context) -> Iterator[Issue]:
    areas = context.package.reference.areas()
    if areas is None:
        return
    for line, row in table.records():
        code = row.get("area_code", "")
        if code and code not in areas:
            yield _issue("area-unknown", table.file, line, "area_code", value=code,
                         reference_file=context.package.reference.file("areas"))
        elif code and areas[code].get("area_type") != "local_authority":
            yield _issue("place-not-local-authority", table.file, line, "area_code", value=code,
                         kind=areas[code].get("area_type", ""))


def _check_period_types(table: _Table, context: _Context) -> Iterator[Issue]:
    for line, row in table.records():
        try:
            re.compile(row.get("pattern", ""))
        except re.error as exc:
            yield _issue("period-pattern-invalid", table.file, line, "pattern", value=row["pattern"], error=str(exc))


def _check_area_dates(table: _Table, context: _Context) -> Iterator[Issue]:
    """An area ends after it starts, and an area that ended names what took it over (area_changes.csv)."""
    changes = context.package.reference.tables.get("area_changes")
    changed = {row.get("area_code", "") for _, row in changes.records()} if changes is not None else None
    for line, row in table.records():
        start, end = _date(row.get("valid_from", "")), _date(row.get("valid_to", ""))
        if start and end and end < start:
            yield _issue("area-dates-out-of-order", table.file, line, "valid_to", value=row.get("area_code", ""),
                         valid_from=row["valid_from"], valid_to=row["valid_to"])
        elif end and changed is not None and row.get("area_code") not in changed:
            yield _issue("area-ended-without-successor", table.file, line, "valid_to", value=row.get("area_code", ""),
                         valid_to=row["valid_to"])


def _check_area_changes(table: _Table, context: _Context) -> Iterator[Issue]:
    """Each former area ended the day before the change, each successor was in force on it, and the shares
    of one former area add up to 1 (to the 4 decimals each is rounded to)."""
    areas = context.package.reference.areas() or {}
    shares: dict[str, list[tuple[int, float]]] = {}
    for line, row in table.records():
        code, successor, changed_on = row.get("area_code", ""), row.get("successor_code", ""), _date(row.get("changed_on", ""))
        if changed_on and code in areas:
            expected = (changed_on - datetime.timedelta(days=1)).isoformat()
            if areas[code].get("valid_to", "") != expected:
                yield _issue("area-change-not-ended", table.file, line, "area_code", value=code, expected=expected,
                             changed_on=row["changed_on"], valid_to=areas[code].get("valid_to", ""))
        if changed_on and successor in areas:
            if not area_in_force(areas[successor].get("valid_from", ""), areas[successor].get("valid_to", ""),
                                 changed_on.isoformat()):
                yield _issue("successor-not-in-force", table.file, line, "successor_code", value=successor,
                             valid_from=areas[successor].get("valid_from", ""),
                             valid_to=areas[successor].get("valid_to", "") or "today", changed_on=row["changed_on"])
        share = finite_number(row.get("share_of_residents", ""))
        if share is not None:
            shares.setdefault(code, []).append((line, share))
    for code, found in shares.items():
        total = sum(share for _, share in found)
        if abs(total - 1) > SHARE_ROUNDING * len(found):
            yield _issue("area-change-shares", table.file, found[0][0], "share_of_residents", value=code,
                         total=f"{total:.4f}", lines=", ".join(str(line) for line, _ in found))


def _date(text: str) -> datetime.date | None:
    """A date cell, or None when empty or malformed (the Table Schema check reports those)."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None

