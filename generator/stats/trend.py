"""Fingertips' recent trend: a weighted slope over the latest five periods, tested at 99.8%."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from generator.stats.base import (
    CANNOT_CALCULATE,
    DECREASING,
    DECREASING_BETTER,
    DECREASING_WORSE,
    INCREASING,
    INCREASING_BETTER,
    INCREASING_WORSE,
    NO_CHANGE,
    TREND_CHI_SQUARE_THRESHOLD,
    TREND_POINTS,
    TREND_VALUE_TYPES,
    StatsInputError,
    _check_polarity,
    is_missing,
)
from generator.stats.intervals import standard_error_from_ci


@dataclass(frozen=True)
class TrendResult:
    """A Fingertips recent-trend label with the reason, the test used and the points it used."""

    label: str
    reason: str
    method: str = ""
    chi_square: float | None = None
    slope: float | None = None
    positions: tuple[int, ...] = ()  # indexes into the input sequences of the points used, oldest first


def can_assess_trend(value_type: str, years_spanned: int) -> tuple[bool, str]:
    """Whether Fingertips would work out a recent trend for this kind of indicator, and why not.

    Fingertips only does it for proportions, crude rates and directly standardised rates published for
    single years or shorter (FingertipsNext, Legacy/TrendRequest.cs: value type and YearRange == 1).

    >>> can_assess_trend("proportion", 1)
    (True, '')
    >>> can_assess_trend("years", 3)[0]
    False
    """
    if value_type not in TREND_VALUE_TYPES:
        return False, "a trend is only worked out for percentages and rates"
    if years_spanned != 1:
        return False, "the figures overlap in time, because each one pools several years"
    return True, ""


def _trend_label(slope: float, polarity: str) -> str:
    rising = slope > 0
    if polarity == "no_judgement":
        return INCREASING if rising else DECREASING
    better = rising == (polarity == "high_is_good")
    return {(True, True): INCREASING_BETTER, (True, False): INCREASING_WORSE,
            (False, True): DECREASING_BETTER, (False, False): DECREASING_WORSE}[(rising, better)]


def _weighted_slope(times: np.ndarray, values: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """Slope and its variance from weighted least squares with known variances 1/weights."""
    s1, s3, s4 = weights.sum(), (weights * times).sum(), (weights * values).sum()
    s2, s5 = (weights * times * values).sum(), (weights * times**2).sum()
    determinant = s1 * s5 - s3**2
    return (s1 * s2 - s3 * s4) / determinant, s1 / determinant


def _signs_agree_without_each_point(times, values, weights, full_slope: float) -> bool:
    """Fingertips' outlier check: dropping any one point must not change the sign of the slope."""
    if full_slope == 0:
        return False
    for drop in range(len(times)):
        keep = np.arange(len(times)) != drop
        slope, _ = _weighted_slope(times[keep], values[keep], weights[keep])
        if slope == 0 or (slope > 0) != (full_slope > 0):
            return False
    return True


def _valid_positions(*columns) -> list[int]:
    return [i for i in range(len(columns[0])) if not any(is_missing(column[i]) for column in columns)]


def assess_recent_trend(
    values: Sequence[float],
    polarity: str,
    *,
    lower: Sequence[float] | None = None,
    upper: Sequence[float] | None = None,
    counts: Sequence[float] | None = None,
    denominators: Sequence[float] | None = None,
    value_type: str = "proportion",
) -> TrendResult:
    """Fingertips recent trend over the 5 most recent points (inputs ordered oldest to newest).

    Points without a value (or without the counts/limits the test needs) are skipped, as Fingertips
    does; ``positions`` says which were used. Fewer than 5 usable points: "Cannot be calculated".

    Test, at 99.8% (chi-squared on 1 degree of freedom above 9.5495), with time t = 1..5:
    - proportions with counts O_i and denominators n_i: chi-squared test for trend in proportions
      (Cochran-Armitage): chi2 = N (N*sum(O_i t_i) - O*sum(n_i t_i))^2 / (O (N - O) (N*sum(n_i t_i^2) -
      (sum(n_i t_i))^2)), with N = sum(n_i), O = sum(O_i); the direction is the slope of logit(O_i/n_i) on t.
    - otherwise, values with 95% limits: weighted least-squares slope of value on t with weights
      1/SE_i^2, SE_i = (upper_i - lower_i)/3.92; chi2 = (slope / SE(slope))^2.
    Either way the trend also needs the slope's sign to survive dropping any one of the 5 points (the
    Fingertips outlier check); otherwise "No significant change".

    Method: fingertips-open Analysis/TrendMarkers/TrendMarkerCalculator.cs (IsSignificantForProportions,
    IsSignificant, NoOutliersCheck). Caveats: 99.8% is strict, so only clear changes are flagged; t is
    the order of the points, not the dates, so gaps between periods are ignored.

    >>> assess_recent_trend([60, 62, 64, 66, 68], "high_is_good", lower=[59, 61, 63, 65, 67],
    ...                     upper=[61, 63, 65, 67, 69], value_type="years").label
    'Increasing and getting better'
    """
    _check_polarity(polarity)
    for name, column in (("lower", lower), ("upper", upper), ("counts", counts), ("denominators", denominators)):
        if column is not None and len(column) != len(values):
            raise StatsInputError(f"{len(values)} values but {len(column)} {name}")
    threshold = TREND_CHI_SQUARE_THRESHOLD
    use_counts = value_type == "proportion" and counts is not None and denominators is not None
    if use_counts:
        usable = _valid_positions(values, counts, denominators)[-TREND_POINTS:]
    elif lower is not None and upper is not None:
        usable = _valid_positions(values, lower, upper)[-TREND_POINTS:]
    else:
        return TrendResult(CANNOT_CALCULATE, "there are no counts or confidence limits to test a trend with")
    if len(usable) < TREND_POINTS:
        return TrendResult(CANNOT_CALCULATE,
                           f"a trend needs {TREND_POINTS} periods with figures, and there are {len(usable)}",
                           positions=tuple(usable))
    times = np.arange(1, TREND_POINTS + 1, dtype=float)
    threshold_text = f"99.8% level (chi-squared above {threshold:.2f})"

    if use_counts:
        observed = np.array([counts[i] for i in usable], dtype=float)
        totals = np.array([denominators[i] for i in usable], dtype=float)
        if np.any(observed <= 0) or np.any(observed >= totals):
            return TrendResult(CANNOT_CALCULATE, "a period has a count of 0 or a count equal to its denominator",
                               positions=tuple(usable))
        n, o = totals.sum(), observed.sum()
        numerator = n * (n * (observed * times).sum() - o * (totals * times).sum()) ** 2
        statistic = numerator / (o * (n - o) * (n * (totals * times**2).sum() - (totals * times).sum() ** 2))
        # The direction and the outlier check use an unweighted line through logit(p), as Fingertips does.
        logits, weights = np.log(observed / (totals - observed)), np.ones(TREND_POINTS)
        slope, _ = _weighted_slope(times, logits, weights)
        stable = _signs_agree_without_each_point(times, logits, weights, slope)
        method = f"chi-squared test for trend in proportions on the {TREND_POINTS} most recent points, " \
                 f"{threshold_text}"
    else:
        points = np.array([values[i] for i in usable], dtype=float)
        se = np.array([standard_error_from_ci(lower[i], upper[i]) for i in usable], dtype=float)
        if np.any(se <= 0):
            return TrendResult(CANNOT_CALCULATE, "a period has a confidence interval of zero width",
                               positions=tuple(usable))
        weights = 1 / se**2
        slope, variance = _weighted_slope(times, points, weights)
        statistic = slope**2 / variance
        stable = _signs_agree_without_each_point(times, points, weights, slope)
        method = f"weighted linear regression of value on time (weights from the 95% limits) on the " \
                 f"{TREND_POINTS} most recent points, slope tested at the {threshold_text}"

    result = dict(method=method, chi_square=float(statistic), slope=float(slope), positions=tuple(usable))
    if statistic <= threshold:
        return TrendResult(NO_CHANGE, "the change is small enough to be chance", **result)
    if not stable:
        return TrendResult(NO_CHANGE, "the change depends on a single period", **result)
    return TrendResult(_trend_label(slope, polarity), "the change is unlikely to be chance", **result)
