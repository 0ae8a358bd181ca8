"""Tests for generator.stats against published worked values and independent calculations."""

import doctest
import importlib
import math

import numpy as np
import pytest

import generator.stats as stats
from generator.stats import (
    CANNOT_CALCULATE,
    NO_CHANGE,
    StatsInputError,
    assess_recent_trend,
    byar_ci,
    byar_count_ci,
    can_assess_trend,
    compare_group_to_whole,
    compare_to_benchmark,
    compute_gap,
    exact_poisson_count_ci,
    format_difference,
    format_interval,
    format_number,
    format_value,
    rate_ci_method,
    relative_ranks,
    slope_index_of_inequality,
    standard_error_from_ci,
    wilson_ci,
)


@pytest.mark.parametrize("module", stats.MODULES)
def test_docstring_examples_pass(module):
    # pyproject's addopts is shared, so the package's doctests are run from here, a module at a time.
    results = doctest.testmod(importlib.import_module(f"generator.stats.{module}"))
    assert results.attempted >= 1
    assert results.failed == 0


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


# --- Comparisons -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, lower, upper, benchmark, polarity, expected", [
    (76.1, 75.2, 77.0, 79.3, "high_is_good", "Worse"),
    (76.1, 75.2, 77.0, 73.0, "high_is_good", "Better"),
    (76.1, 75.2, 77.0, 79.3, "low_is_good", "Better"),
    (76.1, 75.2, 77.0, 73.0, "low_is_good", "Worse"),
    (76.1, 75.2, 77.0, 79.3, "no_judgement", "Lower"),
    (76.1, 75.2, 77.0, 73.0, "no_judgement", "Higher"),
    (76.1, 75.2, 77.0, 76.5, "high_is_good", "Similar"),
    (76.1, 75.2, 77.0, 76.5, "no_judgement", "Similar"),
    # Limits count as inside (SingleOverlappingCIsComparer: val <= UpperCI && val >= LowerCI).
    (76.1, 75.2, 77.0, 75.2, "high_is_good", "Similar"),
    (76.1, 75.2, 77.0, 77.0, "low_is_good", "Similar"),
])
def test_compare_to_benchmark_follows_fingertips(value, lower, upper, benchmark, polarity, expected):
    assert compare_to_benchmark(value, lower, upper, benchmark, polarity) == expected


@pytest.mark.parametrize("missing_at", range(4))
def test_compare_needs_value_limits_and_benchmark(missing_at):
    args = [76.1, 75.2, 77.0, 79.3]
    args[missing_at] = None
    assert compare_to_benchmark(*args, "high_is_good") == "Not compared"


def test_compare_rejects_unknown_polarity_and_crossed_limits():
    with pytest.raises(StatsInputError):
        compare_to_benchmark(1, 0, 2, 5, "higher_is_better")
    with pytest.raises(StatsInputError):
        compare_to_benchmark(1, 2, 0, 5, "high_is_good")


def test_group_compared_with_whole_area_uses_the_same_rule():
    assert compare_group_to_whole(9.1, 8.5, 9.7, 6.2, "low_is_good") == "Worse"
    assert compare_group_to_whole(9.1, 5.5, 9.7, 6.2, "low_is_good") == "Similar"
    assert compare_group_to_whole(None, 5.5, 9.7, 6.2, "low_is_good") == "Not compared"


# --- Gaps ------------------------------------------------------------------------------------------------

def test_gap_is_most_deprived_minus_least_deprived():
    gap = compute_gap(9.1, 4.0, "low_is_good")
    assert gap.absolute == pytest.approx(5.1)
    assert gap.ratio == pytest.approx(9.1 / 4.0)
    assert gap.most_deprived_fares == "worse"
    life = compute_gap(74.1, 83.5, "high_is_good")
    assert life.absolute == pytest.approx(-9.4)
    assert life.most_deprived_fares == "worse"
    assert compute_gap(60.0, 50.0, "high_is_good").most_deprived_fares == "better"
    assert compute_gap(5.0, 5.0, "low_is_good").most_deprived_fares == "the same"
    assert compute_gap(5.0, 4.0).most_deprived_fares is None


def test_gap_edge_cases():
    assert compute_gap(3.0, 0.0).ratio is None
    assert compute_gap(None, 4.0) is None
    with pytest.raises(StatsInputError):
        compute_gap(1.0, 2.0, "sideways")


# --- Slope index of inequality ---------------------------------------------------------------------------

def test_relative_ranks_follow_phe_worked_description():
    # phe_sii documentation: a first quantile holding 12% of people has relative rank 0.12/2 = 0.06;
    # a second holding 10% has 0.12 + 0.10/2 = 0.17.
    assert relative_ranks([12, 10, 78]) == pytest.approx([0.06, 0.17, 0.61])


def test_sii_of_values_on_a_line_is_that_line_slope():
    populations = [5200, 8100, 6300, 9900, 7400, 6600, 7000, 5100, 8800, 6000]
    ranks = relative_ranks(populations)
    values = 60 + 12 * ranks
    result = slope_index_of_inequality(values, populations)
    assert result.sii == pytest.approx(12)
    assert result.rii == pytest.approx(72 / 60)  # (Y0 + SII) / Y0
    assert result.quantiles == 10


def test_sii_sign_runs_from_most_to_least_deprived():
    # Life expectancy rises towards the least deprived: SII positive, as Fingertips/ONS publish it.
    rising = slope_index_of_inequality([74.0, 76.2, 78.1, 79.9, 82.3], [1, 1, 1, 1, 1])
    assert rising.sii > 0
    falling = slope_index_of_inequality([9.1, 7.5, 6.0, 5.2, 4.0], [1, 1, 1, 1, 1])
    assert falling.sii < 0 and falling.rii < 1


def test_sii_equals_an_independent_population_weighted_fit():
    # PHE's phe_sii example data (R/SII_function.R, Area1).
    values = [75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3]
    populations = [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534]
    slope, intercept = np.polyfit(relative_ranks(populations), values, 1, w=np.sqrt(populations))
    result = slope_index_of_inequality(values, populations)
    assert result.sii == pytest.approx(slope, rel=1e-10)
    assert result.rii == pytest.approx((intercept + slope) / intercept, rel=1e-10)


PHE_AREA1 = dict(
    values=[75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3],
    populations=[7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534],
    lower=[72.7, 75.3, 80.9, 80.2, 77.1, 78, 79, 81.4, 75.8, 83.2],
    upper=[79.1, 81.4, 86.8, 87.1, 83.8, 84.2, 84.4, 86.9, 85.4, 89.4],
)


def test_simulated_sii_limits_match_the_analytic_standard_error():
    # For normal values the SII is linear in them, so its SE is sqrt(sum k_i^2 se_i^2), where k_i is the
    # weight of value i in the fitted slope (found by fitting unit vectors). 10,000 draws: within 6%.
    ranks = relative_ranks(PHE_AREA1["populations"])
    weights = np.sqrt(PHE_AREA1["populations"])
    k = np.array([np.polyfit(ranks, unit, 1, w=weights)[0] for unit in np.eye(10)])
    se = (np.array(PHE_AREA1["upper"]) - np.array(PHE_AREA1["lower"])) / (2 * 1.959964)
    half_width = 1.959964 * math.sqrt(np.sum(k**2 * se**2))
    result = slope_index_of_inequality(**PHE_AREA1)
    assert result.sii_lower < result.sii < result.sii_upper
    assert result.sii - result.sii_lower == pytest.approx(half_width, rel=0.06)
    assert result.sii_upper - result.sii == pytest.approx(half_width, rel=0.06)
    assert result.rii_lower < result.rii < result.rii_upper
    assert "10,000 repetitions" in result.method


def test_simulated_limits_are_deterministic_with_the_fixed_seed():
    first = slope_index_of_inequality(**PHE_AREA1)
    again = slope_index_of_inequality(**PHE_AREA1)
    other_seed = slope_index_of_inequality(**PHE_AREA1, seed=7)
    assert first == again
    assert other_seed.sii == first.sii and other_seed.sii_lower != first.sii_lower
    wider = slope_index_of_inequality(**PHE_AREA1, confidence=0.998)
    assert wider.sii_lower < first.sii_lower and wider.sii_upper > first.sii_upper


def test_sii_limits_for_rates_and_percentages_use_transformed_scales():
    rates = slope_index_of_inequality([150.2, 131.0, 127.5, 130.5, 135.5],
                                      [1434002, 1450590, 1453827, 1440980, 1457780],
                                      [147.3, 128.4, 125.0, 128.2, 133.2], [153.1, 133.7, 130.0, 132.8, 137.9],
                                      value_type="rate")
    assert rates.sii_lower < rates.sii < rates.sii_upper
    percents = slope_index_of_inequality([12.0, 10.5, 9.0, 8.1, 7.0], [100, 120, 110, 90, 100],
                                         [11.0, 9.6, 8.2, 7.2, 6.3], [13.1, 11.5, 9.9, 9.1, 7.8],
                                         value_type="proportion", scale=100)
    assert percents.sii < 0 and percents.sii_lower < percents.sii < percents.sii_upper
    with pytest.raises(StatsInputError):
        slope_index_of_inequality([1, 2, 3, 4, 5], [1] * 5, [0, 1, 2, 3, 4], [2, 3, 4, 5, 6], value_type="rate")
    with pytest.raises(StatsInputError):
        slope_index_of_inequality([1, 2, 3, 4, 5], [1] * 5, [0, 1, 2, 3, 4], [2, 3, 4, 5, 6], value_type="odd")


@pytest.mark.parametrize("groups", [4, 101])
def test_sii_needs_5_to_100_groups(groups):
    result = slope_index_of_inequality(list(range(groups)), [1] * groups)
    assert result.sii is None and "5 to 100" in result.reason


def test_sii_not_computed_with_missing_values_or_empty_groups():
    assert slope_index_of_inequality([1, 2, None, 4, 5], [1] * 5).sii is None
    empty = slope_index_of_inequality([1, 2, 3, 4, 5], [1, 1, 0, 1, 1])
    assert empty.sii is None and "population of 0" in empty.reason
    no_limits = slope_index_of_inequality([1, 2, 3, 4, 5], [1] * 5, [0, 1, None, 3, 4], [2, 3, 4, 5, 6])
    assert no_limits.sii == pytest.approx(5) and no_limits.sii_lower is None and "limits" in no_limits.reason
    with pytest.raises(StatsInputError):
        slope_index_of_inequality([1, 2, 3, 4, 5], [1] * 4)
    with pytest.raises(StatsInputError):
        slope_index_of_inequality([1, 2, 3, 4, 5], [1] * 5, [0, 1, 2, 3], [2, 3, 4, 5, 6])


# --- Recent trend ----------------------------------------------------------------------------------------

def test_trend_threshold_is_fingertips_constant():
    # TrendMarkerCalculator.cs: ChiSquareConfidence = 9.54953570608324 (chi-squared, 1 df, 99.8%).
    assert stats.TREND_CHI_SQUARE_THRESHOLD == pytest.approx(9.54953570608324, rel=1e-12)


def test_the_quantiles_written_out_are_exactly_scipys():
    from scipy.special import gammaincinv, ndtri

    from generator.stats import base

    assert base.TREND_CHI_SQUARE_THRESHOLD == float(2 * gammaincinv(1 / 2, base.TREND_CONFIDENCE))
    assert base.KNOWN_NORMAL_QUANTILES and all(z == float(ndtri(p)) for p, z in base.KNOWN_NORMAL_QUANTILES.items())
    assert base.normal_quantile(0.9) == float(ndtri(0.9))  # any other from scipy


def test_building_the_bundled_site_does_not_import_scipy(tmp_path):
    import subprocess
    import sys

    from generator import paths

    script = ("import sys; from pathlib import Path; from generator.load import load_dataset; "
              "from generator.pages import render_site; from generator.validate import validate_paths; "
              "assert validate_paths(None, cache=False, processes=1).valid; "
              "render_site(load_dataset(), Path(sys.argv[1]), processes=1); print('scipy' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=paths.ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    assert found == ["False"]


def test_proportion_trend_statistic_equals_n_times_squared_correlation():
    # The chi-squared test for trend in proportions (Armitage 1955) equals N * r^2, where r is the
    # correlation between each person's 0/1 outcome and the period score, over all N people.
    counts, denominators = [30, 36, 41, 47, 55], [200, 205, 198, 210, 202]
    outcome, score = [], []
    for t, (x, n) in enumerate(zip(counts, denominators), start=1):
        outcome += [1] * x + [0] * (n - x)
        score += [t] * n
    r = np.corrcoef(outcome, score)[0, 1]
    result = assess_recent_trend([100 * x / n for x, n in zip(counts, denominators)], "high_is_good",
                                 counts=counts, denominators=denominators)
    assert result.chi_square == pytest.approx(len(outcome) * r**2, rel=1e-9)
    assert result.label == "Increasing and getting better"
    assert "chi-squared test for trend in proportions" in result.method and "99.8%" in result.method


def test_ci_trend_statistic_equals_weighted_least_squares():
    values = [70.1, 70.9, 71.4, 72.6, 73.0]
    lower = [69.0, 69.9, 70.2, 71.7, 71.8]
    upper = [71.2, 71.9, 72.6, 73.5, 74.2]
    se = (np.array(upper) - np.array(lower)) / (2 * 1.959964)
    (slope, _), cov = np.polyfit(np.arange(1, 6), values, 1, w=1 / se, cov="unscaled")
    result = assess_recent_trend(values, "high_is_good", lower=lower, upper=upper, value_type="years")
    assert result.slope == pytest.approx(slope, rel=1e-6)
    assert result.chi_square == pytest.approx(slope**2 / cov[0, 0], rel=1e-4)
    assert "weighted linear regression" in result.method


UP = dict(values=[10, 11, 12, 13, 14], lower=[9.8, 10.8, 11.8, 12.8, 13.8], upper=[10.2, 11.2, 12.2, 13.2, 14.2])
DOWN = dict(values=[14, 13, 12, 11, 10], lower=[13.8, 12.8, 11.8, 10.8, 9.8], upper=[14.2, 13.2, 12.2, 11.2, 10.2])


@pytest.mark.parametrize("series, polarity, expected", [
    (UP, "high_is_good", "Increasing and getting better"),
    (UP, "low_is_good", "Increasing and getting worse"),
    (UP, "no_judgement", "Increasing"),
    (DOWN, "high_is_good", "Decreasing and getting worse"),
    (DOWN, "low_is_good", "Decreasing and getting better"),
    (DOWN, "no_judgement", "Decreasing"),
])
def test_trend_labels_follow_polarity(series, polarity, expected):
    assert assess_recent_trend(series["values"], polarity, lower=series["lower"], upper=series["upper"],
                               value_type="crude_rate").label == expected


def test_trend_driven_by_one_period_is_no_significant_change():
    # Flat, then one jump: significant overall, but dropping the last point leaves no slope at all.
    result = assess_recent_trend([50, 50, 50, 50, 60], "high_is_good", lower=[49] * 4 + [59],
                                 upper=[51] * 4 + [61], value_type="crude_rate")
    assert result.chi_square > stats.TREND_CHI_SQUARE_THRESHOLD
    assert result.label == NO_CHANGE and "single period" in result.reason


def test_small_change_with_wide_intervals_is_no_significant_change():
    result = assess_recent_trend([10, 10.5, 10.2, 10.8, 10.6], "low_is_good", lower=[8, 8.5, 8.2, 8.8, 8.6],
                                 upper=[12, 12.5, 12.2, 12.8, 12.6], value_type="crude_rate")
    assert result.label == NO_CHANGE and result.chi_square < stats.TREND_CHI_SQUARE_THRESHOLD


def test_trend_uses_the_five_most_recent_usable_points():
    values = [5, 10, 11, None, 12, 13, 14]
    lower = [4.9, 9.8, 10.8, None, 11.8, 12.8, 13.8]
    upper = [5.1, 10.2, 11.2, None, 12.2, 13.2, 14.2]
    result = assess_recent_trend(values, "high_is_good", lower=lower, upper=upper, value_type="crude_rate")
    assert result.positions == (1, 2, 4, 5, 6)


def test_trend_cannot_be_calculated_without_enough_data():
    short = assess_recent_trend([1, 2, 3, 4], "high_is_good", lower=[0, 1, 2, 3], upper=[2, 3, 4, 5])
    assert short.label == CANNOT_CALCULATE and "5 periods" in short.reason
    gappy = assess_recent_trend([1, 2, None, 4, 5], "high_is_good", lower=[0, 1, 2, 3, 4], upper=[2, 3, 4, 5, 6])
    assert gappy.label == CANNOT_CALCULATE
    nothing = assess_recent_trend([1, 2, 3, 4, 5], "high_is_good")
    assert nothing.label == CANNOT_CALCULATE and "counts or confidence limits" in nothing.reason
    all_yes = assess_recent_trend([100] * 5, "high_is_good", counts=[50] * 5, denominators=[50] * 5)
    assert all_yes.label == CANNOT_CALCULATE
    zero_width = assess_recent_trend([1, 2, 3, 4, 5], "high_is_good", lower=[1, 2, 3, 4, 5], upper=[1, 2, 3, 4, 5],
                                     value_type="crude_rate")
    assert zero_width.label == CANNOT_CALCULATE
    with pytest.raises(StatsInputError):
        assess_recent_trend([1, 2, 3, 4, 5], "high_is_good", lower=[0, 1, 2, 3], upper=[2, 3, 4, 5, 6])


def test_trend_applies_only_where_fingertips_calculates_it():
    assert can_assess_trend("proportion", 1) == (True, "")
    assert can_assess_trend("directly_standardised_rate", 1)[0]
    assert not can_assess_trend("years", 1)[0]
    assert not can_assess_trend("crude_rate", 3)[0]


# --- Formatting ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, decimals, unit, expected", [
    (76.14, 1, "years", "76.1 years"),
    (12.25, 1, "%", "12.3%"),
    (250.44, 1, "per 100,000", "250.4 per 100,000"),
    (123456.789, 0, "per 100,000 patients", "123,457 per 100,000 patients"),
    (2.675, 2, None, "2.68"),  # the float is just below 2.675; readers expect half up
    (-3.45, 1, "", "-3.5"),
    (-0.04, 1, "%", "0.0%"),
    (1, 0, "years", "1 year"),
    (80, 0, "years", "80 years"),
])
def test_format_value(value, decimals, unit, expected):
    assert format_value(value, decimals, unit) == expected


def test_format_difference_and_interval():
    assert format_difference(5.1, 1, "%") == "5.1 percentage points"
    assert format_difference(-1, 0, "%") == "1 percentage point"
    assert format_difference(-9.71, 1, "years") == "9.7 years"
    assert format_interval(74.21, 78.0, 1, "years") == "74.2 to 78.0 years"
    assert format_interval(10.1, 14.55, 1, "%") == "10.1% to 14.6%"
    with pytest.raises(StatsInputError):
        format_number(None, 1)


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


def test_the_quantiles_are_scipy_stats_own():
    """stats works quantiles out with scipy.special, as scipy.stats' norm.ppf and chi2.ppf do, to skip importing
    scipy.stats: the figures must be exactly the same."""
    from scipy.stats import chi2, norm

    from generator.stats.base import chi_square_quantile, normal_quantile

    for p in (0.0015, 0.005, 0.025, 0.05, 0.5, 0.9, 0.95, 0.975, 0.995, 0.998, 0.9985):
        assert normal_quantile(p) == float(norm.ppf(p))
        for degrees in (1, 2, 3, 9.5, 18, 19, 40, 200, 2001):
            assert chi_square_quantile(p, degrees) == float(chi2.ppf(p, degrees))
