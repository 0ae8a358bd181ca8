"""Comparisons with a benchmark (Fingertips' overlapping-interval rule) and gaps between two groups."""
from __future__ import annotations

from dataclasses import dataclass

from generator.stats.base import BETTER, HIGHER, LOWER, NOT_COMPARED, SIMILAR, WORSE, StatsInputError, _check_polarity, is_missing


def _compare(value, lower, upper, comparator, polarity: str) -> str:
    _check_polarity(polarity)
    if any(is_missing(x) for x in (value, lower, upper, comparator)):
        return NOT_COMPARED
    if lower > upper:
        raise StatsInputError(f"lower limit ({lower}) is above upper limit ({upper})")
    if lower <= comparator <= upper:
        return SIMILAR
    is_higher = value > comparator
    if polarity == "no_judgement":
        return HIGHER if is_higher else LOWER
    return BETTER if is_higher == (polarity == "high_is_good") else WORSE


def compare_to_benchmark(value, lower, upper, benchmark, polarity: str) -> str:
    """Compare an area's value with a benchmark (England, the region) the way Fingertips does.

    Rule: if the benchmark value lies inside the area's 95% confidence interval (limits included) the
    result is "Similar"; otherwise "Better"/"Worse" by polarity, or "Higher"/"Lower" for no_judgement.
    Missing value, limits or benchmark give "Not compared".

    Method: Fingertips comparator method 1, "single overlapping CIs for one CI level"
    (fingertips-open, Analysis/SingleOverlappingCIsComparer.cs). Caveat: this is not a formal test of the
    difference; it ignores the benchmark's own uncertainty, which is small for England.

    >>> compare_to_benchmark(76.1, 75.2, 77.0, 79.3, "high_is_good")
    'Worse'
    >>> compare_to_benchmark(76.1, 75.2, 77.0, 76.5, "high_is_good")
    'Similar'
    >>> compare_to_benchmark(12.3, 11.0, 13.6, 10.0, "no_judgement")
    'Higher'
    """
    return _compare(value, lower, upper, benchmark, polarity)


def compare_group_to_whole(group_value, group_lower, group_upper, whole_value, polarity: str) -> str:
    """Compare one group (a deprivation fifth, an ethnic group) with everyone in the area.

    Same rule as ``compare_to_benchmark``: the whole-area value inside the group's 95% interval means
    "Similar". Caveat: the group is part of the whole, so a large group is compared partly with itself
    and differences are understated; Fingertips uses the same rule on its Inequalities tab.

    >>> compare_group_to_whole(9.1, 8.5, 9.7, 6.2, "low_is_good")
    'Worse'
    """
    return _compare(group_value, group_lower, group_upper, whole_value, polarity)


@dataclass(frozen=True)
class Gap:
    """Difference between the most and least deprived groups (most deprived minus least deprived)."""

    absolute: float
    ratio: float | None
    most_deprived_fares: str | None  # "worse", "better", "the same", or None for no_judgement


def compute_gap(most_deprived, least_deprived, polarity: str = "no_judgement") -> Gap | None:
    """Absolute and relative gap between the most and least deprived groups.

    Formula: absolute = most deprived - least deprived (positive when the most deprived value is higher);
    ratio = most deprived / least deprived (None when the least deprived value is 0).
    For percentages the absolute gap is in percentage points.

    Method: the simple "range" ONS reports next to the SII (decile 1 minus decile 10). Caveat: uses only
    the two extreme groups, so unlike the SII it ignores group sizes and the groups in between.

    >>> gap = compute_gap(9.1, 4.0, "low_is_good")
    >>> round(gap.absolute, 1), round(gap.ratio, 2), gap.most_deprived_fares
    (5.1, 2.27, 'worse')
    """
    _check_polarity(polarity)
    if is_missing(most_deprived) or is_missing(least_deprived):
        return None
    absolute = most_deprived - least_deprived
    ratio = most_deprived / least_deprived if least_deprived != 0 else None
    fares = None
    if polarity != "no_judgement":
        if absolute == 0:
            fares = "the same"
        else:
            fares = "better" if (absolute > 0) == (polarity == "high_is_good") else "worse"
    return Gap(absolute=absolute, ratio=ratio, most_deprived_fares=fares)
