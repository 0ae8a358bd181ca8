"""Confidence intervals: Wilson for proportions, Byar and exact Poisson for counts and rates."""
from __future__ import annotations

import math

import numpy as np

from generator.stats.base import StatsInputError, _check_confidence, _z, chi_square_quantile, is_missing


def wilson_ci(count, denominator, confidence: float = 0.95, multiplier: float = 100) -> tuple[float, float] | None:
    """Confidence interval of a proportion by the Wilson score method.

    Formula, with p = O/n and z the 100(1 - alpha/2)th normal percentile:
        (2O + z^2 -/+ z * sqrt(z^2 + 4O(1 - p))) / (2(n + z^2))
    then times ``multiplier`` (100 for a percentage).

    Method: Wilson score interval without continuity correction, as PHEindicatormethods ``phe_proportion``
    (``wilson_lower``/``wilson_upper`` in R/utils.R) and the Fingertips technical guidance ("Proportions").
    References: Wilson EB (1927) J Am Stat Assoc 22:209-212; Newcombe RG (1998) Stat Med 17:857-872.

    Caveats: assumes independent events; returns None when the count or denominator is missing.
    A zero count gives a lower limit of 0 and a positive upper limit, which is the point of the method.

    Examples (Newcombe 1998, Table I, method 3: 81/263 gives 0.2553 to 0.3662):

    >>> [round(limit, 4) for limit in wilson_ci(81, 263, multiplier=1)]
    [0.2553, 0.3662]
    >>> wilson_ci(None, 263) is None
    True
    """
    if is_missing(count) or is_missing(denominator):
        return None
    if count < 0:
        raise StatsInputError(f"count must be 0 or more, got {count}")
    if denominator <= 0:
        raise StatsInputError(f"denominator must be more than 0, got {denominator}")
    if count > denominator:
        raise StatsInputError(f"count ({count}) must not be more than the denominator ({denominator})")
    z = _z(confidence)
    centre = 2 * count + z**2
    spread = z * math.sqrt(z**2 + 4 * count * (1 - count / denominator))
    scale = multiplier / (2 * (denominator + z**2))
    return ((centre - spread) * scale, (centre + spread) * scale)


def exact_poisson_count_ci(count, confidence: float = 0.95) -> tuple[float, float] | None:
    """Exact confidence limits of a Poisson count, from the chi-squared distribution.

    Formula: lower = chi2(alpha/2; 2O) / 2, upper = chi2(1 - alpha/2; 2O + 2) / 2; lower is 0 when O = 0.

    Method: "chi-squared exact method" (Garwood 1936), as PHEindicatormethods ``phe_rate`` uses for counts
    under 10 (``qchisq``) and the Fingertips technical guidance ("Rates").
    Reference: Armitage P, Berry G. Statistical methods in medical research (4th edn). Blackwell, 2002.

    Caveats: conservative (coverage at least the nominal level). Non-integer counts are accepted, as in R.

    >>> [round(limit, 3) for limit in exact_poisson_count_ci(5)]
    [1.623, 11.668]
    """
    if is_missing(count):
        return None
    if count < 0:
        raise StatsInputError(f"count must be 0 or more, got {count}")
    alpha = 1 - _check_confidence(confidence)
    lower = chi_square_quantile(alpha / 2, 2 * count) / 2 if count > 0 else 0.0
    upper = chi_square_quantile(1 - alpha / 2, 2 * count + 2) / 2
    return (lower, upper)


def byar_count_ci(count, confidence: float = 0.95) -> tuple[float, float] | None:
    """Confidence limits of a Poisson count: Byar's method from 10 events, the exact method below 10.

    Formula (Byar): lower = O(1 - 1/(9O) - z/(3 sqrt(O)))^3,
                    upper = (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3.

    Method: as PHEindicatormethods ``phe_rate`` (``byars_lower``/``byars_upper``, switch at 10) and the
    Fingertips technical guidance. Reference: Breslow NE, Day NE. Statistical methods in cancer research,
    vol II. IARC, 1987.

    Caveats: Byar's method is within 0.2% of the exact limits for 10 or more events at 95% (PHE Technical
    Guide: Confidence Intervals, 2018).

    >>> [round(limit, 2) for limit in byar_count_ci(100)]
    [81.36, 121.63]
    """
    if is_missing(count):
        return None
    if count < 0:
        raise StatsInputError(f"count must be 0 or more, got {count}")
    if count < 10:
        return exact_poisson_count_ci(count, confidence)
    z = _z(confidence)
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    after = count + 1
    upper = after * (1 - 1 / (9 * after) + z / (3 * math.sqrt(after))) ** 3
    return (lower, upper)


def rate_ci_method(count) -> str:
    """Name of the method ``byar_ci`` uses for this count, for methods notes.

    >>> rate_ci_method(9), rate_ci_method(10)
    ('exact Poisson (chi-squared) method', "Byar's method")
    """
    return "exact Poisson (chi-squared) method" if count < 10 else "Byar's method"


def byar_ci(count, denominator, confidence: float = 0.95, multiplier: float = 100_000) -> tuple[float, float] | None:
    """Confidence interval of a crude rate: Byar's method, or the exact Poisson method under 10 events.

    Formula: rate limits = count limits (``byar_count_ci``) / denominator * multiplier.

    Method: PHEindicatormethods ``phe_rate``; Fingertips technical guidance ("Rates").
    References: Breslow & Day (1987); Armitage & Berry (2002).

    Caveats: treats the denominator as fixed and events as Poisson. A count of 0 gives a lower limit of 0
    and a positive upper limit (3.689 events at 95%).

    >>> [round(limit, 1) for limit in byar_ci(0, 10_000)]
    [0.0, 36.9]
    """
    if is_missing(count) or is_missing(denominator):
        return None
    if denominator <= 0:
        raise StatsInputError(f"denominator must be more than 0, got {denominator}")
    lower, upper = byar_count_ci(count, confidence)
    return (lower / denominator * multiplier, upper / denominator * multiplier)


def standard_error_from_ci(lower, upper, confidence: float = 0.95) -> float | None:
    """Standard error implied by a symmetric confidence interval: (upper - lower) / (2z).

    This is how Fingertips (TrendMarkerCalculator: width / 3.92) and PHEindicatormethods ``phe_sii``
    recover a standard error from published 95% limits. Caveat: exact only for symmetric intervals.

    >>> round(standard_error_from_ci(10, 13.92), 3)
    1.0
    """
    if is_missing(lower) or is_missing(upper):
        return None
    if upper < lower:
        raise StatsInputError(f"upper limit ({upper}) is below lower limit ({lower})")
    return (upper - lower) / (2 * _z(confidence))


def fill_confidence_intervals(observations, indicators):
    """Observations with 95% limits worked out from counts where the indicator's ci_method asks for it.

    Takes the ``observations`` and reference ``indicators`` DataFrames (as ``generator.load`` gives them)
    and returns a copy with ``lower_ci_95``/``upper_ci_95`` filled for rows whose indicator has ci_method
    "wilson" or "byar", whose limits are empty, and which have a count and denominator; the indicator's
    multiplier scales them. A new ``ci_method_used`` column says where each row's limits came from:
    "as published", "Wilson score method", "Byar's method", "exact Poisson (chi-squared) method", or ""
    (no limits). Rows are otherwise unchanged, so their ``_file``/``_line`` still trace them.
    """
    settings = indicators.set_index("indicator_id")
    worked_out = settings.index[settings.ci_method.isin(["wilson", "byar"])]
    has_limits = (observations.lower_ci_95.notna() & observations.upper_ci_95.notna()).to_numpy()
    counted = (observations["count"].notna() & observations.denominator.notna()).to_numpy()
    used = np.where(has_limits, "as published", "").astype(object)
    needed = np.flatnonzero(~has_limits & counted & observations.indicator_id.isin(worked_out).to_numpy())
    # A shallow copy: the limits, the only columns changed, are copied before they are (a national table with
    # millions of rows needs few or no limits worked out, and copying it whole would cost more than the rest).
    result = observations.copy(deep=False)
    if len(needed):
        lower = result["lower_ci_95"].to_numpy(dtype=float, copy=True)
        upper = result["upper_ci_95"].to_numpy(dtype=float, copy=True)
        for position in needed:  # one by one: there are few
            row = observations.iloc[position]
            wilson = settings.loc[row.indicator_id, "ci_method"] == "wilson"
            lower[position], upper[position] = (wilson_ci if wilson else byar_ci)(
                float(row["count"]), float(row["denominator"]),
                multiplier=float(settings.loc[row.indicator_id, "multiplier"]))
            used[position] = "Wilson score method" if wilson else rate_ci_method(row["count"])
        result["lower_ci_95"], result["upper_ci_95"] = lower, upper
    result["ci_method_used"] = used
    return result
