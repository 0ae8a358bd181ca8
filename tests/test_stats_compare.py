"""Tests for generator.stats.compare: a value compared with a benchmark, or a group with its whole area, by
whether the benchmark lies inside the value's confidence interval as Fingertips does it, and the gap between
the most and least deprived with which of them fares better.
"""

import pytest

from generator.stats import StatsInputError, compare_group_to_whole, compare_to_benchmark, compute_gap


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
