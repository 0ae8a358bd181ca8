"""Rules for the figures of observations.csv (and corrections.csv, whose rows replace them): areas, statuses
and figures, the arithmetic of counts, intervals and values, period forms and boundary sets.

Each rule is written for one row. Rows that agree on the cells a rule reads get the same findings, so each
distinct combination is worked out once (`_on_each_line`); the figure rules, whose cells differ in nearly every
row, first pass through a whole-column screen (`screen.figure_suspects`) and run only on the rows it picks.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from generator.lineage import area_in_force
from generator.validate.descriptor import _Package
from generator.validate.issues import Issue, _issue, _shown, finite_number
from generator.validate.screen import COUNTED_VALUE_TYPES, FIGURE_COLUMNS, INTERVAL_METHODS, decimals, figure_suspects
from generator.validate.screen import interval, rounding
from generator.validate.table import _Table
from generator.validate.vectors import Factorized, Groups

if TYPE_CHECKING:
    from generator.validate.rules import _Context

# What the figure rules of a row read: rows agreeing on these get the same findings.
_FIGURE_KEY = ("status", "value", "lower_ci_95", "upper_ci_95", "count", "denominator", "indicator_id")


def _check_observations(table: _Table, context: _Context) -> Iterator[Issue]:
    """Each row's area, figures and period, each worked out once per distinct combination of its cells."""
    reference = context.package.reference
    areas, statuses = reference.areas(), reference.statuses_with_value()
    periods, indicator_periods = reference.period_types(), reference.indicator_period_types()
    disclosure, area_counts = reference.disclosure_range(), reference.indicators_not_counting_people()
    arithmetic = reference.indicator_arithmetic()
    yield from _on_each_line(table.distinct("area_code"), lambda line, key: _check_row_area(
        table, line, {"area_code": key[0]}, context, areas))
    if statuses is not None:
        suspects = figure_suspects(table, statuses, area_counts, disclosure, arithmetic)
        yield from _on_each_line(table.distinct(*_FIGURE_KEY, where=suspects), lambda line, key: _figure_issues(
            table, line, dict(zip(_FIGURE_KEY, key)), statuses, None if key[-1] in area_counts else disclosure,
            arithmetic))
    if None not in (periods, indicator_periods):
        yield from _on_each_line(table.distinct("indicator_id", "period", where=_period_suspects(
            table, periods, indicator_periods)), lambda line, key: _check_period(
            table, line, dict(zip(("indicator_id", "period"), key)), periods, indicator_periods))


def _period_suspects(table: _Table, periods: dict, indicator_periods: dict) -> np.ndarray:
    """A mask over the live rows: those whose period `_check_period` finds wrong. Whether it does depends on the
    indicator only through its period type, so each (period type, period) is checked once, with the first
    indicator of that type; its rows are then checked, indicator by indicator, for their messages."""
    live = table.live
    indicator, period = table.factorized("indicator_id").at(live), table.factorized("period").at(live)
    kinds = Factorized.of(np.array([indicator_periods.get(value, "") for value in indicator.values], dtype=object))
    groups = Groups.of([Factorized(kinds.codes[indicator.codes], kinds.values), period], table.lines[live])
    wrong = np.zeros(len(groups) + 1, dtype=bool)
    for group, first in enumerate(groups.firsts.tolist()):
        row = {"indicator_id": indicator.values[indicator.codes[first]], "period": period.values[period.codes[first]]}
        wrong[group] = any(_check_period(table, 0, row, periods, indicator_periods))
    return wrong[groups.codes]


def _figure_issues(table: _Table, line: int, row: dict, statuses: dict[str, bool], disclosure: tuple[int, int] | None,
                   arithmetic: dict[str, dict[str, str]]) -> list[Issue]:
    """The figure rules of one row, for a status the reference knows (an unknown one is reported as such)."""
    if row["status"] not in statuses:
        return []
    return [*_check_figures(table, line, row, statuses, disclosure),
            *_check_arithmetic(table, line, row, arithmetic.get(row["indicator_id"], {}))]


def _on_each_line(groups: Groups, check: Callable[[int, tuple[str, ...]], Iterable[Issue]]) -> Iterator[Issue]:
    """A rule's issues on each of the lines of rows with the same cells: worked out on the first line, and on
    the others only when it finds something there (the message may name its own line)."""
    for group, key in enumerate(groups.keys):
        first = list(check(groups.first_line(group), key))
        if first:
            yield from first
            for line in groups.lines(group)[1:]:
                yield from check(line, key)


def _check_boundaries(table: _Table, context: _Context) -> Iterator[Issue]:
    """Each figure's area belongs to the boundary set its source says it uses for areas of that type
    (datapackage.json sources[].boundaries): a figure published for the ICBs of 2024 cannot be shown for a
    system formed in 2026, nor one of 2026 for a system that had ended."""
    areas, sets = context.package.reference.areas(), context.package.reference.boundary_sets()
    named = _source_boundaries(context.package)
    if not areas or not sets or not named:
        return
    groups = table.distinct("area_code", "source_id")
    for group, (code, source) in enumerate(groups.keys):
        area = areas.get(code)
        in_sets = [sets[s] for s in named.get(source, ()) if s in sets]
        in_sets = [s for s in in_sets if area is not None and s.get("area_type") == area.get("area_type")]
        if in_sets and not any(area_in_force(area.get("valid_from", ""), area.get("valid_to", ""), s.get("valid_from", ""))
                               for s in in_sets):
            yield from (_issue("area-not-in-boundary-set", table.file, line, "area_code", value=code, source=source,
                               sets=", ".join(f'{s["boundary_set_id"]} ({s.get("name", "")})' for s in in_sets),
                               valid_from=area.get("valid_from", ""), valid_to=area.get("valid_to", "") or "today")
                        for line in groups.lines(group))


def _source_boundaries(package: _Package) -> dict[str, list[str]]:
    """Source id -> the boundary sets it names (sources listing none are not checked)."""
    sources = package.descriptor.get("sources")
    if not isinstance(sources, list):
        return {}
    return {s["id"]: [b for b in s["boundaries"] if isinstance(b, str)] for s in sources
            if isinstance(s, dict) and isinstance(s.get("id"), str) and isinstance(s.get("boundaries"), list)}


def _check_row_area(table: _Table, line: int, row: dict, context: _Context, areas: dict | None) -> Iterator[Issue]:
    code = row.get("area_code", "")
    if not code or areas is None:
        return
    if code not in areas:
        yield _issue("area-unknown", table.file, line, "area_code", value=code,
                     reference_file=context.package.reference.file("areas"))
    elif (code not in context.own_areas and context.places is not None and code not in context.places
          and areas[code].get("parent_code") != context.own_area):  # an area inside it, such as a region of England
        yield _issue("area-not-in-package", table.file, line, "area_code", value=code, own=context.own_area)


def _check_figures(table: _Table, line: int, row: dict, statuses: dict[str, bool],
                   disclosure: tuple[int, int] | None) -> Iterator[Issue]:
    status = row["status"]
    if not statuses[status]:
        for column in FIGURE_COLUMNS:
            if row.get(column, "").strip():
                yield _issue("value-with-no-value-status", table.file, line, column, status=status,
                             value=_shown(row[column]))
        return
    value, lower, upper = (finite_number(row.get(c)) for c in ("value", "lower_ci_95", "upper_ci_95"))
    if not row.get("value", "").strip():
        yield _issue("value-missing", table.file, line, "value", status=status,
                     allowed=", ".join(sorted(s for s, has in statuses.items() if not has)))
    if lower is not None and upper is not None and lower > upper:
        yield _issue("ci-out-of-order", table.file, line, "lower_ci_95", lower=row["lower_ci_95"], upper=row["upper_ci_95"])
    elif value is not None and ((lower is not None and value < lower) or (upper is not None and value > upper)):
        yield _issue("value-outside-ci", table.file, line, "value", value=row["value"],
                     lower=row.get("lower_ci_95") or "no lower limit", upper=row.get("upper_ci_95") or "no upper limit")
    count = finite_number(row.get("count"))
    if disclosure and count is not None and disclosure[0] <= count <= disclosure[1]:
        suppressed = next((s for s, has in statuses.items() if not has and s == "suppressed"),
                          next((s for s, has in statuses.items() if not has), "suppressed"))
        yield _issue("count-not-suppressed", table.file, line, "count", value=row["count"], low=disclosure[0],
                     high=disclosure[1], suppressed=suppressed)


def _check_arithmetic(table: _Table, line: int, row: dict, indicator: dict[str, str]) -> Iterator[Issue]:
    """A corrected count or denominator must not leave a stale value, nor an interval the generator's own
    method would now put elsewhere: each must agree with the counts to the decimals it is written with."""
    count, denominator = finite_number(row.get("count")), finite_number(row.get("denominator"))
    multiplier = finite_number(indicator.get("multiplier"))
    # Counts that are not whole, negative or over the denominator are reported by the schema's own checks.
    if count is None or not count.is_integer() or denominator is None or not 0 <= count <= denominator \
            or denominator <= 0 or multiplier is None:
        return
    value = finite_number(row.get("value"))
    if value is not None and indicator.get("value_type") in COUNTED_VALUE_TYPES:
        expected = count / denominator * multiplier
        if abs(value - expected) > rounding(row["value"]):
            yield _issue("value-disagrees-with-counts", table.file, line, "value", value=row["value"], count=row["count"],
                         total=row["denominator"], expected=_like(expected, row["value"]))
    method = indicator.get("ci_method", "")
    limits = [finite_number(row.get(c)) for c in ("lower_ci_95", "upper_ci_95")]
    right = interval(method, count, denominator, multiplier) if method in INTERVAL_METHODS and None not in limits else None
    if right and any(abs(given - limit) > rounding(row[c]) for given, limit, c in
                     zip(limits, right, ("lower_ci_95", "upper_ci_95"))):
        yield _issue("ci-stale", table.file, line, "lower_ci_95", lower=row["lower_ci_95"], upper=row["upper_ci_95"],
                     low=_like(right[0], row["lower_ci_95"]), high=_like(right[1], row["upper_ci_95"]),
                     reason=indicator["ci_method"].capitalize())


def _like(number: float, text: str) -> str:
    return f"{number:.{decimals(text)}f}"


def _check_period(table: _Table, line: int, row: dict, periods: dict, indicator_periods: dict) -> Iterator[Issue]:
    indicator, period = row.get("indicator_id", ""), row.get("period", "")
    period_type = periods.get(indicator_periods.get(indicator, ""))
    if period_type is None or not period:
        return
    values = {"value": _shown(period), "indicator": indicator, "period_name": period_type.get("name", ""),
              "example": period_type.get("example", "")}
    match = period_type["regex"].fullmatch(period)
    if match is None:
        yield _issue("period-malformed", table.file, line, "period", **values)
        return
    groups = match.groupdict()
    if groups.get("start") is None or groups.get("end") is None:
        return
    try:
        span = int(period_type.get("years_spanned", ""))
    except ValueError:
        return
    start = int(groups["start"])
    # A financial year spans one year but ends in the next (2023/24); pooled years end span-1 years later.
    end = start + span - 1 if span > 1 else start + 1
    if int(groups["end"]) != end % 100:
        suggestion = period[: match.start("end")] + f"{end % 100:02d}" + period[match.end("end"):]
        yield _issue("period-span-wrong", table.file, line, "period", start=start, end=end, suggestion=suggestion,
                     **values)
