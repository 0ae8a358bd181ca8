"""Tests for the recent-trend assessment of generator.stats.trend: its chi-squared statistics equal independent
calculations (the test for trend in proportions, weighted least squares), its labels follow the indicator's
polarity, a change driven by one period or lost in wide intervals is no significant change, and a trend is
assessed only where Fingertips assesses one, on the five most recent usable points.
"""

import numpy as np
import pytest

import generator.stats as stats
from generator.stats import (
    CANNOT_CALCULATE,
    NO_CHANGE,
    StatsInputError,
    assess_recent_trend,
    can_assess_trend,
)


# --- Recent trend ----------------------------------------------------------------------------------------
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
