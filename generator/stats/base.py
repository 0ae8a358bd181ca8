"""The statistics' shared vocabulary: Fingertips' labels, the methods' fixed settings, and input checks."""
from __future__ import annotations

import math

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


# The normal and chi-squared quantiles, as the special functions scipy.stats' own norm.ppf and chi2.ppf compute
# them (scipy/stats/_continuous_distns.py: norm._ppf is ndtri, chi2._ppf is 2 gammaincinv(df/2, p)), so the
# same figures come out without importing scipy.stats, which takes most of a second. The quantiles every build
# needs (95% limits, the trend test) are written out as scipy gives them (tests/test_stats.py checks each), so
# that building or validating the usual data does not import scipy at all: that alone takes a tenth of a second.
KNOWN_NORMAL_QUANTILES = {1 - (1 - 0.95) / 2: 1.959963984540054}


def normal_quantile(p: float) -> float:
    if p in KNOWN_NORMAL_QUANTILES:
        return KNOWN_NORMAL_QUANTILES[p]
    from scipy.special import ndtri

    return float(ndtri(p))


def chi_square_quantile(p: float, degrees_of_freedom: float) -> float:
    from scipy.special import gammaincinv

    return float(2 * gammaincinv(degrees_of_freedom / 2, p))


# chi-squared on 1 degree of freedom at 99.8%, chi_square_quantile(TREND_CONFIDENCE, 1); Fingertips hard-codes
# 9.54953570608324.
TREND_CHI_SQUARE_THRESHOLD = 9.549535706083237


def _z(confidence: float) -> float:
    return normal_quantile(1 - (1 - _check_confidence(confidence)) / 2)


def _check_polarity(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise StatsInputError(f"polarity must be one of {', '.join(POLARITIES)}, got {polarity!r}")
