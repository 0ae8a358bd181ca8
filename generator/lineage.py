"""When an area was in force: the one rule the validator and the site plan share."""
from __future__ import annotations


def area_in_force(valid_from: str, valid_to: str, day: str) -> bool:
    """Whether an area with these dates (ISO text, valid_to empty while it lasts) existed on `day`. ISO dates
    compare correctly as text; the validator checks they are real dates.

    >>> area_in_force("2022-07-01", "2026-03-31", "2026-04-01")
    False
    >>> area_in_force("2026-04-01", "", "2026-04-01")
    True
    """
    return (not valid_from or valid_from <= day) and (not valid_to or day <= valid_to)
