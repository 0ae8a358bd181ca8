"""Numbers as the pages print them: rounded half up, with the indicator's unit."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from generator.stats.base import StatsInputError, is_missing


def format_number(value, decimals: int) -> str:
    """A number rounded half away from zero, with thousands separators ("-" for a negative).

    Python's round() rounds halves to even and floats like 2.675 sit just below the half, so the value is
    rounded from its shortest decimal form, as a reader (and Excel) would expect.

    >>> format_number(1234.55, 1), format_number(0.125, 2), format_number(-0.04, 1)
    ('1,234.6', '0.13', '0.0')
    """
    if is_missing(value):
        raise StatsInputError("cannot format a missing value")
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.0"
    return f"{rounded:,.{decimals}f}"


def _with_unit(number: str, unit: str | None) -> str:
    if not unit:
        return number
    if unit == "%":
        return f"{number}%"
    if unit == "years" and number == "1":
        return "1 year"
    return f"{number} {unit}"


def format_value(value, decimals: int, unit: str | None = None) -> str:
    """A value with its unit as shown on pages: "76.1 years", "12.3%", "250.4 per 100,000".

    >>> format_value(76.14, 1, "years"), format_value(12.25, 1, "%"), format_value(250.4, 1, "per 100,000")
    ('76.1 years', '12.3%', '250.4 per 100,000')
    """
    return _with_unit(format_number(value, decimals), unit)


def format_difference(difference, decimals: int, unit: str | None = None) -> str:
    """The size of a gap (sign dropped) in the unit readers expect: percentage points for percentages.

    >>> format_difference(-5.12, 1, "%"), format_difference(9.7, 1, "years")
    ('5.1 percentage points', '9.7 years')
    """
    number = format_number(abs(difference), decimals)
    if unit == "%":
        return f"{number} percentage {'point' if number == '1' else 'points'}"
    return _with_unit(number, unit)


def format_interval(lower, upper, decimals: int, unit: str | None = None) -> str:
    """A confidence interval as "74.2 to 78.0 years" or "10.1% to 14.5%".

    >>> format_interval(74.21, 78.0, 1, "years"), format_interval(10.1, 14.5, 1, "%")
    ('74.2 to 78.0 years', '10.1% to 14.5%')
    """
    low, high = format_number(lower, decimals), format_number(upper, decimals)
    if unit == "%":
        return f"{low}% to {high}%"
    return _with_unit(f"{low} to {high}", unit)
