"""Rules for the reference package's vocabulary of breakdowns (dimensions.csv) that the pages rely on: which
dimension is no breakdown at all, so that every page finds the figure for everyone in the same place."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.validate.issues import Issue, _issue
from generator.validate.table import _Table

if TYPE_CHECKING:
    from generator.validate.rules import _Context


def _check_no_breakdown(table: _Table, context: _Context) -> Iterator[Issue]:
    """Exactly one dimension is marked no_breakdown, and it has exactly one category."""
    marked = [(line, row.get("dimension_id", "")) for line, row in table.records() if row.get("no_breakdown") == "true"]
    if len(marked) != 1:
        found = ("none is" if not marked else
                 f"{len(marked)} are (" + ", ".join(f"{d} on line {line}" for line, d in marked) + ")")
        yield _issue("no-breakdown-not-one", table.file, marked[1][0] if marked else None, "no_breakdown", found=found)
        return
    (line, dimension), categories = marked[0], context.package.reference.tables.get("categories")
    if categories is None:
        return  # categories.csv could not be read: that has its own message
    members = sorted(row.get("category_id", "") for _, row in categories.records() if row.get("dimension_id") == dimension)
    if len(members) != 1:
        yield _issue("no-breakdown-categories", table.file, line, "no_breakdown", value=dimension,
                     categories_file=categories.file, count=len(members), members=", ".join(members) or "none")
