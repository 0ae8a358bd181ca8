"""Tests for generator.stats.formatting: values, differences and intervals written for readers, rounded half
up, with thousands separators and their units (percentage points for a difference of percentages, a singular
unit for one).
"""

import pytest

from generator.stats import StatsInputError, format_difference, format_interval, format_number, format_value


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
