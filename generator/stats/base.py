"""The statistics' shared vocabulary: Fingertips' labels, the methods' fixed settings, and input checks."""
from __future__ import annotations

import math

from scipy.stats import chi2, norm

POLARITIES = ("high_is_good", "low_is_good", "no_judgement")

# Fingertips significance labels (fingertips-open, Export/SignificanceFormatter.cs).
BETTER, SIMILAR, WORSE = "Better", "Similar", "Worse"
LOWER, HIGHER = "Lower", "Higher"
NOT_COMPARED = "Not compared"

# Fingertips recent-trend labels (fingertips-open, Formatting/TrendMarkerLabelProvider.cs).
INCREASING_BETTER = "Increasing and getting better"
INCREASING_WORSE = "Increasing and getting worse"
DECREASING_BETTER = "Decreasing and getting better"
DECREASING_WORSE = "Decreasing and getting worse"
INCREASING, DECREASING = "Increasing", "Decreasing"
NO_CHANGE = "No significant change"
CANNOT_CALCULATE = "Cannot be calculated"

TREND_POINTS = 5
TREND_CONFIDENCE = 0.998
# chi-squared on 1 degree of freedom at 99.8%; Fingertips hard-codes 9.54953570608324.
TREND_CHI_SQUARE_THRESHOLD = float(chi2.ppf(TREND_CONFIDENCE, 1))
SII_MIN_QUANTILES, SII_MAX_QUANTILES = 5, 100
SII_REPETITIONS = 10_000
# Fixed so that the simulated SII limits, and so the pages, are the same on every build.
SII_SEED = 20240101

# Value types whose recent trend Fingertips works out (FingertipsNext, Legacy/TrendRequest.cs).
TREND_VALUE_TYPES = ("proportion", "crude_rate", "directly_standardised_rate")


class StatsInputError(ValueError):
    """An input no real data can have, such as a negative count or a count above its denominator."""


def is_missing(value) -> bool:
    """True for None, NaN and pandas.NA: a figure that is not there.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0)
    (True, True, False)
    """
    if value is None or type(value).__name__ == "NAType":
        return True
    try:
        return math.isnan(value)
    except TypeError as error:
        raise StatsInputError(f"expected a number, got {value!r}") from error


def _check_confidence(confidence: float) -> float:
    if not 0.5 <= confidence < 1:
        raise StatsInputError(f"confidence must be a fraction between 0.5 and 1 (e.g. 0.95), got {confidence}")
    return confidence


def _z(confidence: float) -> float:
    return float(norm.ppf(1 - (1 - _check_confidence(confidence)) / 2))


def _check_polarity(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise StatsInputError(f"polarity must be one of {', '.join(POLARITIES)}, got {polarity!r}")
