"""The slope and relative indices of inequality (PHE's method) across a deprivation scale."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from generator.stats.base import (
    SII_MAX_QUANTILES,
    SII_MIN_QUANTILES,
    SII_REPETITIONS,
    SII_SEED,
    StatsInputError,
    _check_confidence,
    _z,
    is_missing,
)


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
