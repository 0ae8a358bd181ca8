"""Tests for the confidence intervals of generator.stats.intervals against published worked values: the Wilson
score interval for proportions, exact Poisson and Byar's method for counts and rates, the standard error
worked back from an interval, and filling in each indicator's intervals over a DataFrame of observations.
"""

import math

import pytest

import generator.stats as stats
from generator.stats import (
    StatsInputError,
    byar_ci,
    byar_count_ci,
    exact_poisson_count_ci,
    rate_ci_method,
    standard_error_from_ci,
    wilson_ci,
)


# --- Wilson score interval -------------------------------------------------------------------------------

# Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison of seven
# methods", Stat Med 17:857-872, Table I, method 3 (score method without continuity correction).
NEWCOMBE_1998_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize("count, n, lower, upper", NEWCOMBE_1998_WILSON)
def test_wilson_matches_newcombe_1998_table(count, n, lower, upper):
    got_lower, got_upper = wilson_ci(count, n, multiplier=1)
    assert round(got_lower, 4) == lower
    assert round(got_upper, 4) == upper


# DHSC's Python port of PHEindicatormethods (PHStatsMethods, github.com/DataS-DHSC/PH_statistical_methods),
# its unit tests of confidence_intervals.py: test_wilson_lower and test_wilson_upper (expected values).
@pytest.mark.parametrize("count, n, confidence, side, expected", [
    (20, 360, 0.95, 0, 0.036248204600072345),
    (550, 2400, 0.998, 0, 0.20375892211705743),
    (30, 400, 0.95, 1, 0.10504770626130437),
    (76, 238, 0.998, 1, 0.418131030603369),
])
def test_wilson_matches_dhsc_port_of_phe_methods(count, n, confidence, side, expected):
    assert wilson_ci(count, n, confidence, multiplier=1)[side] == pytest.approx(expected, rel=1e-12)


def test_wilson_scales_to_percent_and_reaches_the_bounds():
    assert wilson_ci(81, 263) == pytest.approx([100 * x for x in wilson_ci(81, 263, multiplier=1)])
    lower, upper = wilson_ci(0, 50)
    assert lower == 0 and 0 < upper < 100
    lower, upper = wilson_ci(50, 50)
    assert upper == pytest.approx(100) and 0 < lower < 100


def test_wilson_narrows_as_the_sample_grows():
    small = wilson_ci(10, 100)
    large = wilson_ci(1000, 10_000)
    assert large[1] - large[0] < small[1] - small[0]


@pytest.mark.parametrize("count, n", [(-1, 10), (11, 10), (0, 0), (1, -5)])
def test_wilson_rejects_impossible_counts(count, n):
    with pytest.raises(StatsInputError):
        wilson_ci(count, n)


def test_wilson_returns_none_for_missing_inputs():
    assert wilson_ci(None, 10) is None
    assert wilson_ci(5, float("nan")) is None


@pytest.mark.parametrize("confidence", [1, 0.3, 95])
def test_confidence_must_be_a_fraction_below_one(confidence):
    with pytest.raises(StatsInputError):
        wilson_ci(5, 10, confidence)


# --- Exact Poisson and Byar's method ---------------------------------------------------------------------

# Exact (Garwood 1936) 95% limits for a Poisson count as printed, to 3 decimals, in standard tables of
# Poisson confidence limits (for example Geigy Scientific Tables, "Confidence limits for the Poisson
# distribution"): 0 -> 0 to 3.689, 5 -> 1.623 to 11.668, 10 -> 4.795 to 18.390.
POISSON_TABLE_95 = [(0, 0.0, 3.689), (1, 0.0253, 5.572), (5, 1.623, 11.668), (10, 4.795, 18.390)]


@pytest.mark.parametrize("count, lower, upper", POISSON_TABLE_95)
def test_exact_poisson_matches_tables(count, lower, upper):
    got_lower, got_upper = exact_poisson_count_ci(count)
    assert got_lower == pytest.approx(lower, abs=5e-4)
    assert got_upper == pytest.approx(upper, abs=5e-4)


def test_byar_is_within_0_2_percent_of_exact_from_10_events():
    # PHE "Technical Guide: Confidence Intervals" (Public Health Data Science, 25 May 2018), Appendix 1:
    # "For 95% confidence intervals, Byar's method is within 0.2% of the exact value for numerators of
    # 10 or more."
    for count in [*range(10, 200), 500, 1000, 5000]:
        byar = byar_count_ci(count)
        exact = exact_poisson_count_ci(count)
        assert byar != exact
        assert byar[0] == pytest.approx(exact[0], rel=0.002)
        assert byar[1] == pytest.approx(exact[1], rel=0.002)


def test_byar_switches_to_exact_below_10_events_like_phe_rate():
    assert byar_count_ci(9) == exact_poisson_count_ci(9)
    assert byar_count_ci(10) != exact_poisson_count_ci(10)
    assert rate_ci_method(9).startswith("exact") and rate_ci_method(10) == "Byar's method"


def test_byar_formula_at_99_8_percent():
    # Byar's formula from the Fingertips technical guidance ("Rates"), z = 3.0902 for 99.8%.
    z = 3.090232306167813
    count = 1045
    expected_lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    expected_upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    assert byar_count_ci(count, 0.998) == pytest.approx((expected_lower, expected_upper), rel=1e-12)


def test_rate_limits_are_count_limits_per_population():
    assert byar_ci(0, 10_000) == pytest.approx((0.0, 36.89), abs=0.01)
    lower, upper = byar_ci(82, 10_000, multiplier=100_000)
    assert lower < 820 < upper
    assert byar_ci(82, 10_000, multiplier=100) == pytest.approx((lower / 1000, upper / 1000))


def test_rates_reject_bad_input_and_pass_missing_through():
    with pytest.raises(StatsInputError):
        byar_ci(5, 0)
    with pytest.raises(StatsInputError):
        byar_ci(-1, 100)
    assert byar_ci(None, 100) is None
    assert exact_poisson_count_ci(None) is None


def test_standard_error_matches_fingertips_divisor():
    # TrendMarkerCalculator.cs divides the width of the 95% interval by 3.92.
    assert standard_error_from_ci(70.0, 80.0) == pytest.approx(10 / 3.92, rel=1e-4)
    assert standard_error_from_ci(None, 80.0) is None
    with pytest.raises(StatsInputError):
        standard_error_from_ci(80.0, 70.0)


# --- DataFrame helper ------------------------------------------------------------------------------------

def test_fill_confidence_intervals_uses_each_indicator_method():
    pd = pytest.importorskip("pandas")
    indicators = pd.DataFrame({"indicator_id": ["checks", "admissions", "life"],
                               "ci_method": ["wilson", "byar", "published"], "multiplier": [100, 100_000, 1]})
    observations = pd.DataFrame({
        "indicator_id": ["checks", "checks", "admissions", "admissions", "life", "checks"],
        "value": [30.8, 50.0, 820.0, 50.0, 79.1, None],
        "lower_ci_95": [None, 45.0, None, None, 78.9, None],
        "upper_ci_95": [None, 55.0, None, None, 79.3, None],
        "count": pd.array([81, 10, 82, 5, None, None], dtype="Int64"),
        "denominator": [263, 20, 10_000, 10_000, None, None],
        "_line": [2, 3, 4, 5, 6, 7],
    })
    filled = stats.fill_confidence_intervals(observations, indicators)
    assert filled.loc[0, ["lower_ci_95", "upper_ci_95"]].tolist() == pytest.approx(list(wilson_ci(81, 263)))
    assert filled.loc[1, "lower_ci_95"] == 45.0  # published limits are kept
    assert filled.loc[2, ["lower_ci_95", "upper_ci_95"]].tolist() == pytest.approx(list(byar_ci(82, 10_000)))
    assert filled["ci_method_used"].tolist() == [
        "Wilson score method", "as published", "Byar's method", "exact Poisson (chi-squared) method",
        "as published", ""]
    assert filled["_line"].tolist() == [2, 3, 4, 5, 6, 7]
    assert observations.loc[0, "lower_ci_95"] != observations.loc[0, "lower_ci_95"]  # input left as it was
