"""Statistics stage: confidence intervals, comparisons, gaps, SII and recent trends.

Every method copies the one OHID Fingertips uses, as implemented in PHEindicatormethods
(ukhsa-collaboration/PHEindicatormethods) and the Fingertips code (ukhsa-collaboration/fingertips-open,
dhsc-govuk/FingertipsNext), so a figure computed here can be checked against Fingertips.

Functions are pure: they take plain numbers or sequences, do no file I/O and return plain values or small
frozen dataclasses. Missing inputs (None, NaN, pandas.NA) give "not computable" results with a reason;
impossible inputs (a negative count, a count above its denominator) raise StatsInputError, which the
validate stage should have caught first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
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


# ---------------------------------------------------------------------------------------------------------
# Confidence intervals


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
    lower = float(chi2.ppf(alpha / 2, 2 * count)) / 2 if count > 0 else 0.0
    upper = float(chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
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


@dataclass(frozen=True)
class DsrResult:
    """A directly standardised rate with Dobson limits; ``value`` is None when it is not published."""

    value: float | None
    lower: float | None
    upper: float | None
    total_count: float
    reason: str = ""


def dobson_dsr_ci(counts: Sequence[float], populations: Sequence[float], standard_populations: Sequence[float],
                  confidence: float = 0.95, multiplier: float = 100_000) -> DsrResult:
    """Directly standardised rate with confidence limits by Dobson's method.

    Formula, for age bands i with events O_i, population n_i and standard population w_i, O = sum(O_i):
        DSR = sum(w_i O_i / n_i) / sum(w_i) * multiplier
        var = sum(O_i (w_i / n_i)^2) / sum(w_i)^2
        limits = DSR + sqrt(var / O) * (O_limit - O) * multiplier, O_limit from Byar's method.

    Method: PHEindicatormethods ``phe_dsr`` (R/DSR.R); Fingertips technical guidance ("Directly
    standardised rates"). Reference: Dobson AJ et al (1991) Stat Med 10:457-462.
    Caveats: not published when the total count is under 10 (as PHE); bands with a population of 0 are
    an error. Missing counts must be filled (PHE treats them as 0) before calling.

    >>> result = dobson_dsr_ci([10, 40], [1000, 2000], [1, 1], multiplier=1000)
    >>> round(result.value, 1), result.lower < result.value < result.upper
    (15.0, True)
    """
    if not len(counts) == len(populations) == len(standard_populations):
        raise StatsInputError("counts, populations and standard populations must have the same length")
    if any(is_missing(x) for x in (*counts, *populations, *standard_populations)):
        return DsrResult(None, None, None, float("nan"), reason="a count or population is missing")
    if any(n <= 0 for n in populations) or any(x < 0 for x in counts):
        raise StatsInputError("populations must be more than 0 and counts 0 or more")
    observed, total_pop = np.asarray(counts, float), np.asarray(populations, float)
    weights = np.asarray(standard_populations, float)
    total = float(observed.sum())
    if total < 10:
        return DsrResult(None, None, None, total, reason="fewer than 10 events in total")
    value = float((weights * observed / total_pop).sum() / weights.sum() * multiplier)
    variance = float((observed * (weights / total_pop) ** 2).sum() / weights.sum() ** 2)
    count_lower, count_upper = byar_count_ci(total, confidence)
    factor = math.sqrt(variance / total) * multiplier
    return DsrResult(value, value + factor * (count_lower - total), value + factor * (count_upper - total), total)


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
    settings = indicators.set_index("indicator_id")[["ci_method", "multiplier"]].to_dict("index")
    result = observations.copy()
    used = []
    for index, row in result.iterrows():
        has_limits = not (is_missing(row["lower_ci_95"]) or is_missing(row["upper_ci_95"]))
        setting = settings.get(row["indicator_id"], {"ci_method": "none", "multiplier": 1})
        method = setting["ci_method"]
        counts_known = not (is_missing(row["count"]) or is_missing(row["denominator"]))
        if has_limits or method not in ("wilson", "byar") or not counts_known:
            used.append("as published" if has_limits else "")
            continue
        compute = wilson_ci if method == "wilson" else byar_ci
        limits = compute(float(row["count"]), float(row["denominator"]), multiplier=float(setting["multiplier"]))
        result.loc[index, ["lower_ci_95", "upper_ci_95"]] = limits
        used.append("Wilson score method" if method == "wilson" else rate_ci_method(row["count"]))
    result["ci_method_used"] = used
    return result


# ---------------------------------------------------------------------------------------------------------
# Comparisons and gaps


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


# ---------------------------------------------------------------------------------------------------------
# Slope index of inequality


@dataclass(frozen=True)
class SiiResult:
    """SII and RII with simulated confidence limits; ``sii`` is None when it cannot be worked out."""

    sii: float | None
    rii: float | None = None
    sii_lower: float | None = None
    sii_upper: float | None = None
    rii_lower: float | None = None
    rii_upper: float | None = None
    quantiles: int = 0
    reason: str = ""
    method: str = ""


def relative_ranks(populations: Sequence[float]) -> np.ndarray:
    """Midpoint of each quantile's share of the cumulative population, in the order given.

    >>> relative_ranks([12, 10, 78]).round(2).tolist()
    [0.06, 0.17, 0.61]
    """
    shares = np.asarray(populations, dtype=float) / float(np.sum(populations))
    return np.cumsum(shares) - shares / 2


def _sii_fit(values: np.ndarray, sqrt_a: np.ndarray, b_sqrt_a: np.ndarray) -> np.ndarray:
    """Least-squares coefficients (Y0, SII) of Y*sqrt(a) = Y0*sqrt(a) + SII*b*sqrt(a), column per sample."""
    design = np.column_stack([sqrt_a, b_sqrt_a])
    coefficients, *_ = np.linalg.lstsq(design, values * sqrt_a[:, None], rcond=None)
    return coefficients


def _simulation_scale(values, lower, upper, value_type: str, scale: float):
    """Values and standard errors on the scale PHE simulates on: raw, log (rates) or logit (proportions)."""
    z95 = _z(0.95)  # phe_sii derives SEs from 95% limits whatever the output confidence
    if value_type == "normal":
        return values, (upper - lower) / (2 * z95), lambda x: x
    if value_type == "rate":
        if np.any(lower <= 0):
            raise StatsInputError("rates need lower limits above 0 to work out a standard error on the log scale")
        return np.log(values), (np.log(upper) - np.log(lower)) / (2 * z95), np.exp
    if value_type == "proportion":
        p, pl, pu = values / scale, lower / scale, upper / scale
        if np.any(pl <= 0) or np.any(pu >= 1) or np.any(p <= 0) or np.any(p >= 1):
            raise StatsInputError("proportions and their limits must lie strictly between 0 and the scale")
        logit = lambda q: np.log(q / (1 - q))  # noqa: E731
        return logit(p), (logit(pu) - logit(pl)) / (2 * z95), lambda x: scale / (1 + np.exp(-x))
    raise StatsInputError(f"value_type must be normal, rate or proportion, got {value_type!r}")


def slope_index_of_inequality(
    values: Sequence[float],
    populations: Sequence[float],
    lower: Sequence[float] | None = None,
    upper: Sequence[float] | None = None,
    *,
    value_type: str = "normal",
    scale: float = 100,
    confidence: float = 0.95,
    repetitions: int = SII_REPETITIONS,
    seed: int = SII_SEED,
) -> SiiResult:
    """Slope index of inequality (SII) and relative index of inequality (RII), as PHE computes them.

    Order: quantiles must be given from 1 = most deprived to the least deprived (PHE's order).
    Each gets a relative rank b = midpoint of its cumulative population share, a = its population share.
    The model Y*sqrt(a) = Y0*sqrt(a) + SII*b*sqrt(a) is fitted by least squares (a population-weighted
    regression; the sqrt(a) form handles heteroskedasticity). So:
        SII = fitted value at b=1 (least deprived end) minus fitted value at b=0 (most deprived end),
        RII = (Y0 + SII) / Y0.
    A positive SII means values rise from the most to the least deprived (life expectancy: SII 9.7 years).

    Confidence limits (only when ``lower`` and ``upper`` 95% limits are given): each quantile's value is
    drawn ``repetitions`` times from a normal distribution with the standard error implied by its limits
    (on the log scale for value_type="rate", the logit scale for "proportion", where ``scale`` is 100 for
    percentages), back-transformed, and the model refitted; the limits are the sorted simulated SIIs at
    positions round(R * alpha/2) and round(R * (1 - alpha/2)). The random generator is numpy's PCG64 with a
    fixed ``seed`` and 10,000 repetitions by default (PHE's default is 100,000, unseeded), so results are
    the same on every build but can differ from PHE's in the second decimal place.

    Method: PHEindicatormethods ``phe_sii`` (R/SII_function.R, SimulationFunc in R/utils.R).
    Reference: Low A, Low A (2004) Measuring the gap: quantifying and comparing local health
    inequalities. J Public Health 26:388-395.

    Caveats: assumes a roughly straight-line relation with deprivation rank; small quantile populations
    make it unstable. Needs 5 to 100 quantiles, each with a value and a population above 0.

    >>> result = slope_index_of_inequality([70, 72, 74, 76, 78], [1, 1, 1, 1, 1])
    >>> round(result.sii, 6), round(result.rii, 6), result.sii_lower is None
    (10.0, 1.144928, True)
    """
    count = len(values)
    if len(populations) != count:
        raise StatsInputError(f"{count} values but {len(populations)} populations")
    if not SII_MIN_QUANTILES <= count <= SII_MAX_QUANTILES:
        return SiiResult(sii=None, quantiles=count, reason=(
            f"the SII needs {SII_MIN_QUANTILES} to {SII_MAX_QUANTILES} groups, and there are {count}"))
    if any(is_missing(v) for v in values) or any(is_missing(p) for p in populations):
        return SiiResult(sii=None, quantiles=count, reason="a group has no figure or no population")
    if any(p <= 0 for p in populations):
        return SiiResult(sii=None, quantiles=count, reason="a group has a population of 0")

    y = np.asarray(values, dtype=float)
    a = np.asarray(populations, dtype=float) / float(np.sum(populations))
    sqrt_a = np.sqrt(a)
    b_sqrt_a = relative_ranks(populations) * sqrt_a
    intercept, sii = _sii_fit(y[:, None], sqrt_a, b_sqrt_a)[:, 0]
    rii = (intercept + sii) / intercept if intercept != 0 else None
    method = "population-weighted regression on relative rank (PHE phe_sii)"

    if lower is None or upper is None or any(is_missing(x) for x in (*lower, *upper)):
        return SiiResult(sii=float(sii), rii=_float(rii), quantiles=count, method=method,
                         reason="no confidence limits: the groups' own limits were not given")
    if len(lower) != count or len(upper) != count:
        raise StatsInputError(f"{count} values but {len(lower)} lower and {len(upper)} upper limits")
    if repetitions < 1000:
        raise StatsInputError(f"repetitions must be 1,000 or more, got {repetitions}")
    lo, hi = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    centre, se, back = _simulation_scale(y, lo, hi, value_type, scale)
    rng = np.random.default_rng(seed)
    draws = back(rng.normal(centre[:, None], se[:, None], size=(count, repetitions)))
    sim_intercept, sim_sii = _sii_fit(draws, sqrt_a, b_sqrt_a)
    sim_rii = (sim_intercept + sim_sii) / sim_intercept
    alpha = 1 - _check_confidence(confidence)
    # PHE's 1-based positions round(R*alpha/2) and round(R*(1-alpha/2)) in the sorted simulations.
    positions = [round(repetitions * alpha / 2) - 1, round(repetitions * (1 - alpha / 2)) - 1]
    sii_lower, sii_upper = np.sort(sim_sii)[positions]
    rii_lower, rii_upper = np.sort(sim_rii)[positions]
    return SiiResult(sii=float(sii), rii=_float(rii), sii_lower=float(sii_lower), sii_upper=float(sii_upper),
                     rii_lower=float(rii_lower), rii_upper=float(rii_upper), quantiles=count,
                     method=f"{method}; {confidence:.0%} limits by simulation, {repetitions:,} repetitions, "
                            f"seed {seed}")


def _float(value) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------------------------------
# Recent trend


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


# ---------------------------------------------------------------------------------------------------------
# Formatting


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
