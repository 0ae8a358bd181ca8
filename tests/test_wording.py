"""Tests for generator.wording: the right words for each label, unit, sex and edge case."""

import doctest
import re

import pytest

import generator.wording as wording
from generator import stats
from generator.wording import (
    describe_action_status,
    describe_comparison,
    describe_gap,
    describe_group_vs_whole,
    describe_sii,
    describe_trend,
    format_date,
    pluralise,
    quantile_word,
)

LE = dict(decimals=1, unit="years", subject="life expectancy")


def test_docstring_examples_pass():
    results = doctest.testmod(wording)
    assert results.attempted >= 10
    assert results.failed == 0


# --- Comparisons -----------------------------------------------------------------------------------------

def test_worse_and_lower_life_expectancy_for_men():
    text = describe_comparison(76.1, 79.3, "Worse", for_whom="men", **LE)
    assert text.startswith("Life expectancy for men here is 76.1 years, lower than England (79.3 years).")
    assert "worse" in text and "unlikely to be chance" in text


def test_better_follows_the_label_not_the_direction():
    # Low is good: a lower smoking rate is better, and the sentence must say both.
    text = describe_comparison(10.2, 12.9, "Better", decimals=1, unit="%", subject="smoking")
    assert "10.2%, lower than England (12.9%)" in text and "This is better" in text


def test_no_judgement_labels_say_higher_or_lower_only():
    text = describe_comparison(250.4, 200.0, "Higher", decimals=1, unit="per 100,000")
    assert "higher than England (200.0 per 100,000)" in text
    assert "better" not in text and "worse" not in text


def test_similar_says_it_could_be_chance():
    text = describe_comparison(78.9, 79.3, "Similar", for_whom="women", **LE)
    assert text == ("Life expectancy for women here is 78.9 years, similar to England (79.3 years). "
                    "Any difference could be chance.")


def test_difference_hidden_by_rounding_is_called_slight():
    text = describe_comparison(12.34, 12.31, "Higher", decimals=1, unit="%")
    assert "12.3%, slightly higher than England (12.3%)" in text


def test_other_benchmarks_and_places():
    text = describe_comparison(80.0, 81.5, "Worse", benchmark_name="the North East", place="Example ICS (fictional)",
                               **LE)
    assert text.startswith("Life expectancy in Example ICS (fictional) is 80.0 years, lower than the North East")


@pytest.mark.parametrize("value, benchmark, reason, expected", [
    (None, 79.3, None, "We cannot compare this with England because there is no figure here."),
    (76.1, None, None, "because there is no figure for England."),
    (76.1, 79.3, None, "because we do not know how precise this figure is."),
    (76.1, 79.3, "a comparison would mislead for this measure", "because a comparison would mislead"),
])
def test_not_compared_says_why(value, benchmark, reason, expected):
    assert expected in describe_comparison(value, benchmark, "Not compared", reason=reason, **LE)


def test_unknown_comparison_label_is_an_error():
    with pytest.raises(ValueError):
        describe_comparison(1.0, 2.0, "Red", decimals=1, unit="%")


def test_group_against_the_whole_area():
    worse = describe_group_vs_whole("the most deprived fifth", 9.1, 6.2, "Worse", decimals=1, unit="%")
    assert worse.startswith("For the most deprived fifth, the figure is 9.1%, higher than for everyone in the area")
    assert "This is worse" in worse
    similar = describe_group_vs_whole("women", 6.0, 6.2, "Similar", decimals=1, unit="%")
    assert "similar to everyone in the area (6.2%)" in similar
    assert "cannot compare" in describe_group_vs_whole("women", None, 6.2, "Not compared", decimals=1, unit="%")


# --- Gaps and SII ----------------------------------------------------------------------------------------

def test_gap_in_percentage_points_for_percentages():
    assert describe_gap(9.1, 4.0, decimals=1, unit="%", of_what="practices") == (
        "In the most deprived fifth of practices, the figure is 9.1%, compared with 4.0% in the least deprived "
        "fifth: a gap of 5.1 percentage points.")


def test_gap_in_units_and_without_sign_when_most_deprived_is_lower():
    text = describe_gap(74.1, 83.5, decimals=1, unit="years", group_word="tenth")
    assert "most deprived tenth of areas, the figure is 74.1 years, compared with 83.5 years" in text
    assert text.endswith("a gap of 9.4 years.")


def test_gap_edge_cases():
    assert describe_gap(5.01, 4.99, decimals=1, unit="%").endswith("there is no gap.")
    assert "missing" in describe_gap(None, 4.0, decimals=1, unit="%")


def test_sii_positive_means_most_deprived_are_lower():
    text = describe_sii(9.7, for_whom="men", **LE)
    assert text.startswith("Life expectancy for men in the most deprived areas is 9.7 years lower than in the least")
    assert "not just the two ends" in text


def test_sii_negative_means_most_deprived_are_higher_in_percentage_points():
    text = describe_sii(-4.24, decimals=1, unit="%", subject="recorded COPD", lower=-5.0, upper=-3.5)
    assert "most deprived areas is 4.2 percentage points higher" in text
    assert "It is likely to be between 3.5 and 5.0 percentage points." in text  # a gap, so points, not %


def test_sii_interval_crossing_zero_and_zero_sii():
    assert "could be zero" in describe_sii(1.2, lower=-0.3, upper=2.7, **LE)
    assert "about the same" in describe_sii(0.02, **LE)
    assert describe_sii(None, reason="there are only 4 groups", **LE) == (
        "We cannot work out the gap across all areas, because there are only 4 groups.")


# --- Trends ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("label, must_say", [
    (stats.INCREASING_BETTER, ("Getting better", "gone up")),
    (stats.INCREASING_WORSE, ("Getting worse", "gone up")),
    (stats.DECREASING_BETTER, ("Getting better", "gone down")),
    (stats.DECREASING_WORSE, ("Getting worse", "gone down")),
    (stats.INCREASING, ("gone up",)),
    (stats.DECREASING, ("gone down",)),
    (stats.NO_CHANGE, ("No clear change", "chance")),
])
def test_each_trend_label_has_its_own_sentence(label, must_say):
    text = describe_trend(label, period_word="year")
    assert all(words in text for words in must_say)
    assert "the last 5 years" in text


def test_no_judgement_trends_pass_no_judgement():
    for label in (stats.INCREASING, stats.DECREASING):
        text = describe_trend(label)
        assert "better" not in text and "worse" not in text


def test_trend_names_its_periods_and_reason():
    text = describe_trend(stats.INCREASING_WORSE, period_word="quarter", first_period="2024/25 Q1",
                          last_period="2025/26 Q1")
    assert "over the last 5 quarters (2024/25 Q1 to 2025/26 Q1)" in text
    cannot = describe_trend(stats.CANNOT_CALCULATE, reason="the figures overlap in time")
    assert cannot.endswith("because the figures overlap in time.")
    with pytest.raises(ValueError):
        describe_trend("Going sideways")


def test_trend_sentences_come_from_stats_results():
    result = stats.assess_recent_trend([10, 11, 12, 13], "high_is_good", lower=[9, 10, 11, 12], upper=[11, 12, 13, 14])
    assert "a trend needs 5 periods with figures, and there are 4" in describe_trend(result.label,
                                                                                   reason=result.reason)


# --- Actions -------------------------------------------------------------------

@pytest.mark.parametrize("status, words", [
    ("planned", "not started"), ("in_progress", "has started"), ("done", "is done"),
    ("delayed", "behind the date promised"), ("stopped", "has stopped"),
])
def test_action_statuses(status, words):
    assert words in describe_action_status(status)


def test_action_dates_show_only_while_open():
    assert "due by 31 March 2026" in describe_action_status("delayed", due_on="2026-03-31")
    assert "due by" not in describe_action_status("done", due_on="2026-03-31", updated_on="2026-01-09")
    assert describe_action_status("on_hold", label="On hold") == "This action is on hold."


def test_small_helpers():
    assert pluralise(1, "quarter") == "1 quarter" and pluralise(2, "quarter") == "2 quarters"
    assert quantile_word(10) == "tenth"
    assert format_date("2025-01-02") == "2 January 2025"


# --- Plain English ---------------------------------------------------------------------------------------

def _all_sentences():
    yield describe_comparison(76.1, 79.3, "Worse", for_whom="men", **LE)
    yield describe_comparison(76.1, None, "Not compared", **LE)
    yield describe_group_vs_whole("people of Black ethnicity", 9.1, 6.2, "Higher", decimals=1, unit="%")
    yield describe_gap(9.1, 4.0, decimals=1, unit="%", of_what="practices")
    yield describe_sii(9.7, lower=8.9, upper=10.5, for_whom="women", **LE)
    yield describe_sii(None, reason="there are only 4 groups", **LE)
    for label in (stats.INCREASING_BETTER, stats.NO_CHANGE, stats.CANNOT_CALCULATE):
        yield describe_trend(label, reason="a trend needs 5 periods with figures, and there are 3")
    yield describe_action_status("in_progress", due_on="2026-03-31", updated_on="2025-11-02")


def test_sentences_are_short_plain_and_free_of_markup():
    jargon = re.compile(r"statistic|significan|confidence|interval|quintile|decile|\bSII\b|polarity", re.I)
    for text in _all_sentences():
        assert not jargon.search(text), text
        assert not re.search(r"[<>*`_#\[\]]", text), text
        assert text[0].isupper() and text.endswith("."), text
        for sentence in re.split(r"(?<=[.])\s+(?=[A-Z])", text):
            assert len(sentence.split()) <= 25, sentence


@pytest.mark.parametrize("names, expected", [
    (["Dudley"], "Dudley"),
    (["Dudley", "Sandwell"], "Dudley and Sandwell"),
    (["Dudley", "Sandwell", "Walsall"], "Dudley, Sandwell and Walsall"),
    ([], ""),
])
def test_join_names_lists_places_in_plain_english(names, expected):
    assert wording.join_names(names) == expected
