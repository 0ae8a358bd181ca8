"""Plain-English sentences for every statistical label a page shows.

Each function returns one or two short sentences a reader can take away, with no jargon and no markup:
the page layer escapes them. They are deterministic (no dates of "today", no randomness) and handle
polarity, units (percentage points for gaps in percentages), whom a figure is for (the reference
categories' words: men, women; none for everyone) and plurals.
Numbers are formatted by ``generator.stats`` so text, tables and charts agree.
"""

from __future__ import annotations

import datetime as dt

from generator import stats
from generator.stats import format_difference, format_interval, format_number, format_value, is_missing


# Plain words for the quantiles readers meet: 5 groups are fifths, 10 are tenths.
QUANTILE_WORDS = {4: "quarter", 5: "fifth", 10: "tenth"}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def pluralise(count: int, singular: str, plural: str | None = None) -> str:
    """'1 year', '5 years', '2 quarters'.

    >>> pluralise(1, "year"), pluralise(5, "year"), pluralise(3, "person", "people")
    ('1 year', '5 years', '3 people')
    """
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def lower_first(text: str) -> str:
    """'Deprivation fifth' -> 'deprivation fifth', but 'GP practice fifth' keeps its acronym."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def describe_signed_gap(gap, decimals: int, unit: str | None) -> str:
    """Most deprived minus least deprived, in words: '6.0 percentage points higher', '1.8 years lower'.

    >>> describe_signed_gap(-1.84, 1, "%"), describe_signed_gap(0.01, 1, "years")
    ('1.8 percentage points lower', 'no gap')
    """
    size = format_difference(gap, decimals, unit)
    if format_number(abs(gap), decimals) == format_number(0, decimals):
        return "no gap"
    return f"{size} {'higher' if gap > 0 else 'lower'}"


def join_names(names: list[str]) -> str:
    """['Dudley', 'Sandwell', 'Walsall'] -> 'Dudley, Sandwell and Walsall'."""
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def quantile_word(groups: int) -> str:
    """'fifth' for 5 groups, 'tenth' for 10, otherwise 'group'.

    >>> quantile_word(5), quantile_word(10), quantile_word(7)
    ('fifth', 'tenth', 'group')
    """
    return QUANTILE_WORDS.get(groups, "group")


def file_size(size: int) -> str:
    """A download's size as GOV.UK writes it, in KB to 1 MB, then MB to 1 decimal place.

    >>> file_size(512), file_size(15012), file_size(2_345_678)
    ('1 KB', '15 KB', '2.3 MB')
    """
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def format_date(value) -> str:
    """A date as GOV.UK writes it: '31 March 2026' (accepts a date or an ISO string).

    >>> format_date("2026-03-31")
    '31 March 2026'
    """
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _subject(subject: str | None, for_whom: str, place: str | None) -> str:
    """'The figure for women here', 'Life expectancy for men in Example ICS (fictional)'."""
    phrase = subject or "the figure"
    if for_whom:
        phrase += f" for {for_whom}"
    if place:
        phrase += " here" if place == "here" else f" in {place}"
    return capitalise(phrase)


def describe_comparison(value, benchmark_value, label: str, *, decimals: int, unit: str | None,
                        benchmark_name: str = "England", subject: str | None = None, for_whom: str = "",
                        place: str | None = "here", reason: str | None = None) -> str:
    """Sentence for a comparison with a benchmark (England, the region, the ICS as a whole).

    ``label`` is a Fingertips label (from ``stats.compare_to_benchmark`` or as the source published it).

    >>> describe_comparison(76.1, 79.3, "Worse", decimals=1, unit="years", subject="life expectancy",
    ...                     for_whom="men")
    'Life expectancy for men here is 76.1 years, lower than England (79.3 years). This is worse, and the gap is unlikely to be chance.'
    >>> describe_comparison(12.3, 12.0, "Similar", decimals=1, unit="%")
    'The figure here is 12.3%, similar to England (12.0%). Any difference could be chance.'
    """
    who = _subject(subject, for_whom, place)
    if label == stats.NOT_COMPARED or is_missing(value) or is_missing(benchmark_value):
        if is_missing(value):
            return f"We cannot compare this with {benchmark_name} because {reason or 'there is no figure here'}."
        because = reason or (f"there is no figure for {benchmark_name}" if is_missing(benchmark_value)
                             else "we do not know how precise this figure is")
        shown = format_value(value, decimals, unit)
        return f"{who} is {shown}. We cannot compare it with {benchmark_name} because {because}."
    shown, other = format_value(value, decimals, unit), format_value(benchmark_value, decimals, unit)
    if label == stats.SIMILAR:
        return f"{who} is {shown}, similar to {benchmark_name} ({other}). Any difference could be chance."
    if label not in (stats.BETTER, stats.WORSE, stats.HIGHER, stats.LOWER):
        raise ValueError(f"unknown comparison label {label!r}")
    direction = "higher" if value > benchmark_value else "lower"
    if shown == other:
        direction = "slightly " + direction  # the difference is hidden by rounding
    first = f"{who} is {shown}, {direction} than {benchmark_name} ({other})."
    if label in (stats.BETTER, stats.WORSE):
        return f"{first} This is {label.lower()}, and the gap is unlikely to be chance."
    return f"{first} The difference is unlikely to be chance."


def describe_group_vs_whole(group_name: str, value, whole_value, label: str, *, decimals: int,
                            unit: str | None, whole_name: str = "everyone in the area") -> str:
    """Sentence comparing one group (a deprivation fifth, an ethnic group) with the whole area.

    >>> describe_group_vs_whole("people of Asian ethnicity", 9.1, 6.2, "Higher", decimals=1, unit="%")
    'For people of Asian ethnicity, the figure is 9.1%, higher than for everyone in the area (6.2%). The difference is unlikely to be chance.'
    """
    if is_missing(value) or is_missing(whole_value) or label == stats.NOT_COMPARED:
        return f"We cannot compare {group_name} with {whole_name}, because a figure or its range is missing."
    shown, other = format_value(value, decimals, unit), format_value(whole_value, decimals, unit)
    start = f"For {group_name}, the figure is {shown}"
    if label == stats.SIMILAR:
        return f"{start}, similar to {whole_name} ({other}). Any difference could be chance."
    direction = "higher" if value > whole_value else "lower"
    if label in (stats.BETTER, stats.WORSE):
        return (f"{start}, {direction} than for {whole_name} ({other}). "
                f"This is {label.lower()}, and the gap is unlikely to be chance.")
    return f"{start}, {direction} than for {whole_name} ({other}). The difference is unlikely to be chance."


def describe_gap(most_deprived, least_deprived, *, decimals: int, unit: str | None, group_word: str = "fifth",
                 of_what: str = "areas") -> str:
    """Sentence on the gap between the most and least deprived groups (most minus least).

    >>> describe_gap(9.1, 4.0, decimals=1, unit="%", of_what="practices")
    'In the most deprived fifth of practices, the figure is 9.1%, compared with 4.0% in the least deprived fifth: a gap of 5.1 percentage points.'
    """
    if is_missing(most_deprived) or is_missing(least_deprived):
        return f"We cannot show the gap, because the figure for the most or least deprived {group_word} is missing."
    most, least = format_value(most_deprived, decimals, unit), format_value(least_deprived, decimals, unit)
    start = f"In the most deprived {group_word} of {of_what}, the figure is {most}, compared with {least}"
    if most == least:
        return f"{start} in the least deprived {group_word}: there is no gap."
    gap = format_difference(most_deprived - least_deprived, decimals, unit)
    return f"{start} in the least deprived {group_word}: a gap of {gap}."


def describe_sii(sii, *, decimals: int, unit: str | None, subject: str | None = None, for_whom: str = "",
                 of_what: str = "areas", lower=None, upper=None, reason: str | None = None) -> str:
    """Sentences for a slope index of inequality, in PHE's orientation (least deprived minus most deprived).

    >>> describe_sii(9.7, decimals=1, unit="years", subject="life expectancy", for_whom="men")
    'Life expectancy for men in the most deprived areas is 9.7 years lower than in the least deprived. This gap is worked out from all areas, not just the two ends.'
    """
    if is_missing(sii):
        return f"We cannot work out the gap across all {of_what}, because {reason or 'figures are missing'}."
    who = _subject(subject, for_whom, None)
    size = format_difference(sii, decimals, unit)
    if format_value(abs(sii), decimals) == format_value(0, decimals):
        text = f"{who} is about the same in the most and least deprived {of_what}."
    else:
        # A positive SII means values rise towards the least deprived, so the most deprived are lower.
        text = f"{who} in the most deprived {of_what} is {size} {'lower' if sii > 0 else 'higher'} " \
               f"than in the least deprived."
    text += f" This gap is worked out from all {of_what}, not just the two ends."
    if not (is_missing(lower) or is_missing(upper)):
        if lower * upper > 0:
            low, high = sorted((abs(lower), abs(upper)))
            # A gap in percentages is in percentage points, so the interval is written as a difference too.
            span = (f"between {format_number(low, decimals)} and {format_difference(high, decimals, unit)}" if unit == "%"
                    else format_interval(low, high, decimals, unit))
            text += f" It is likely to be {span}."
        else:
            text += " But the gap could be zero or go the other way, so it may be chance."
    return text


def describe_trend(label: str, *, points: int = stats.TREND_POINTS, period_word: str = "period",
                   first_period: str | None = None, last_period: str | None = None,
                   reason: str | None = None) -> str:
    """Sentence for a Fingertips recent-trend label.

    >>> describe_trend("Decreasing and getting better", period_word="year", first_period="2019",
    ...                last_period="2023")
    'Getting better: the figure has gone down over the last 5 years (2019 to 2023).'
    >>> describe_trend("Cannot be calculated", reason="a trend needs 5 periods with figures, and there are 3")
    'We cannot tell if the figure is going up or down, because a trend needs 5 periods with figures, and there are 3.'
    """
    span = f"the last {pluralise(points, period_word)}"
    if first_period and last_period:
        span += f" ({first_period} to {last_period})"
    moves = {
        stats.INCREASING_BETTER: f"Getting better: the figure has gone up over {span}.",
        stats.INCREASING_WORSE: f"Getting worse: the figure has gone up over {span}.",
        stats.DECREASING_BETTER: f"Getting better: the figure has gone down over {span}.",
        stats.DECREASING_WORSE: f"Getting worse: the figure has gone down over {span}.",
        stats.INCREASING: f"The figure has gone up over {span}.",
        stats.DECREASING: f"The figure has gone down over {span}.",
        stats.NO_CHANGE: f"No clear change over {span}: any change could be chance.",
    }
    if label == stats.CANNOT_CALCULATE:
        return f"We cannot tell if the figure is going up or down, because {reason or 'there are too few figures'}."
    if label not in moves:
        raise ValueError(f"unknown trend label {label!r}")
    return moves[label]


_ACTION_SENTENCES = {
    "planned": "This action is planned. Work has not started yet.",
    "in_progress": "Work on this action has started.",
    "done": "This action is done.",
    "delayed": "This action is behind the date promised. The update says why.",
    "stopped": "This action has stopped. The update says why.",
}


def describe_action_status(status: str, *, label: str | None = None, is_closed: bool | None = None,
                           due_on=None, updated_on=None) -> str:
    """Sentences for an action's status, with its due date while open and its last update.

    >>> describe_action_status("in_progress", due_on="2026-03-31", updated_on="2025-11-02")
    'Work on this action has started. It is due by 31 March 2026. Last updated 2 November 2025.'
    """
    text = _ACTION_SENTENCES.get(status) or f"This action is {str(label or status).lower()}."
    closed = is_closed if is_closed is not None else status in ("done", "stopped")
    if due_on and not closed:
        text += f" It is due by {format_date(due_on)}."
    if updated_on:
        text += f" Last updated {format_date(updated_on)}."
    return text
