"""Tests for the slope and relative index of inequality in generator.stats.inequality, against PHE's worked
description and independent weighted fits: relative ranks, the sign of the slope, simulated confidence
limits that match the analytic standard error and repeat with the fixed seed, and when no index is computed.
"""

import math

import numpy as np
import pytest

from generator.stats import StatsInputError, relative_ranks, slope_index_of_inequality


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
