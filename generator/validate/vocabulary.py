"""Rules for the meanings the pages read from the reference package, each of which must be there exactly once:
which area is England (areas.csv's one area of type country) and which dimension breaks nothing down
(dimensions.csv's no_breakdown), so that a reference without them stops at validation, not in the build."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.validate.issues import Issue, _issue
from generator.validate.table import _Table

if TYPE_CHECKING:
    from generator.validate.rules import _Context


def _check_one_country(table: _Table, context: _Context) -> Iterator[Issue]:
    countries = [(line, row.get("area_code", "")) for line, row in table.records() if row.get("area_type") == "country"]
    if len(countries) != 1:
        yield _issue("country-not-one", table.file, _second_line(countries), "area_type", found=_found(countries))


def _check_no_breakdown(table: _Table, context: _Context) -> Iterator[Issue]:
    """Exactly one dimension is marked no_breakdown, and it has exactly one category."""
    marked = [(line, row.get("dimension_id", "")) for line, row in table.records() if row.get("no_breakdown") == "true"]
    if len(marked) != 1:
        yield _issue("no-breakdown-not-one", table.file, _second_line(marked), "no_breakdown", found=_found(marked))
        return
    (line, dimension), categories = marked[0], context.package.reference.tables.get("categories")
    if categories is None:
        return  # categories.csv could not be read: that has its own message
    members = sorted(row.get("category_id", "") for _, row in categories.records() if row.get("dimension_id") == dimension)
    if len(members) != 1:
        yield _issue("no-breakdown-categories", table.file, line, "no_breakdown", value=dimension,
                     categories_file=categories.file, count=len(members), members=", ".join(members) or "none")


def _second_line(found: list[tuple[int, str]]) -> int | None:
    """Where a second one is, the line to point at; with none, no line can be."""
    return found[1][0] if len(found) > 1 else None


def _found(found: list[tuple[int, str]]) -> str:
    """'none is', or '2 are (total on line 2, sex on line 3)'."""
    return "none is" if not found else f"{len(found)} are (" + ", ".join(f"{v} on line {line}" for line, v in found) + ")"
