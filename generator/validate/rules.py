"""Rules a Table Schema cannot express: references into the reference package, figures, statuses, periods.

Each resource's own rules are one entry of `_RULES`; a new rule for a resource is a function of
(table, context) yielding issues, added to its entry. `_CELL_RULES` apply to every table, chosen by what
each column's schema says it holds (numbers, codes, free text, links).
"""
from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from generator.lineage import area_in_force
from generator.links import is_safe_https_url
from generator.stats import byar_ci, wilson_ci
from generator.validate.corrections import correction_issues
from generator.validate.descriptor import _Package, _source_ids
from generator.validate.disclosure import disclosure_issues
from generator.validate.files import _Table
from generator.validate.issues import Issue, _blank_edges, _issue, _link_reason, _shown, finite_number
from generator.validate.reference import _Lookup

LIST_COLUMNS = ("community_groups", "indicators", "category_ids")
FIGURE_COLUMNS = ("value", "lower_ci_95", "upper_ci_95", "count")
SHARE_ROUNDING = 0.00005  # the most each share, rounded to 4 decimals, can be off by


@dataclass
class _Context:
    package: _Package
    lookups: dict[str, _Lookup]
    own_area: str
    own_areas: set[str]
    places: set[str] | None
    tables: dict[str, _Table]


# Columns that must name an entry of a shared list: (column, issue code, lookup). Lists are split on ';'.
# Declared once: the validator checks them and the workbook (generator.workbook.spec) offers them as dropdowns.
_FIGURE_LOOKUPS = [("indicator_id", "unknown-indicator", "indicators"), ("age", "unknown-age", "age_categories"),
                   ("breakdown", "unknown-breakdown", "categories"), ("status", "unknown-status", "statuses"),
                   ("source_id", "unknown-source", "sources")]
LOOKUP_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "observations": _FIGURE_LOOKUPS,
    "corrections": _FIGURE_LOOKUPS,  # a corrected row names what an imported one does
    "plus_groups": [("group_id", "unknown-community-group", "groups")],
    "ratings": [("level", "unknown-level", "levels"), ("subtopic_code", "unknown-subtopic", "subtopics"),
                ("community_groups", "unknown-community-group", "groups")],
    "evidence": [("subtopic_code", "unknown-subtopic", "subtopics")],
    "actions": [("status", "unknown-action-status", "action_statuses"), ("subtopic_code", "unknown-subtopic", "subtopics"),
                ("community_groups", "unknown-community-group", "groups"), ("indicators", "unknown-indicator", "indicators")],
}
_REFERENCE_LOOKUP_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "community_groups": [("category_ids", "unknown-category", "categories")],
}


def _domain_issues(package: _Package, checked: dict[str, tuple[_Table, dict]]) -> list[Issue]:
    tables = {name: table for name, (table, _) in checked.items()}
    lookups = dict(package.reference.lookups())
    if _source_ids(package):  # with no sources listed, that one problem is reported, not every row
        lookups["sources"] = _Lookup(_source_ids(package), package.file)
    own = package.descriptor.get("area_code") if isinstance(package.descriptor.get("area_code"), str) else package.folder.name
    # When area_code and the folder disagree (reported once), rows using either are not blamed again.
    context_areas = {own, package.folder.name}
    places = _places(package, tables)
    context = _Context(package, lookups, own, context_areas, places, tables)
    columns = _REFERENCE_LOOKUP_COLUMNS if package.is_reference else LOOKUP_COLUMNS
    issues = []
    for name, (table, schema) in checked.items():
        for cell_rule in _CELL_RULES:
            issues += cell_rule(table, schema)
        issues += _lookup_issues(table, columns.get(name, []), context)
        for rule in _RULES.get((package.is_reference, name), ()):
            issues += rule(table, context)
    return issues


def _places(package: _Package, tables: dict[str, _Table]) -> set[str] | None:
    """Area codes in places.csv; None when it is listed but unreadable, so rows are not wrongly blamed."""
    if "places" in tables:  # blanks around a code are reported in places.csv, not again in every row using it
        return {row.get("area_code", "").strip() for _, row in tables["places"].records()}
    resources = package.descriptor.get("resources")
    listed = isinstance(resources, list) and any(isinstance(r, dict) and r.get("name") == "places" for r in resources)
    return None if listed else set()


def _lookup_issues(table: _Table, columns: list[tuple[str, str, str]], context: _Context) -> list[Issue]:
    issues = []
    for column, code, lookup_name in columns:
        lookup = context.lookups.get(lookup_name)
        if lookup is None or column not in table.header:
            continue
        for (cell,), lines in table.distinct(column).items():  # a short row has no cell: "" (the row is reported)
            values = cell.split(";") if column in LIST_COLUMNS else [cell]
            for value in (v.strip() for v in values):
                if value and value not in lookup.values:
                    meant = _meant(value, lookup.values)
                    issues += [_with_suggestion(_issue(code, table.file, line, column, value=_shown(value),
                                                       reference_file=lookup.file,
                                                       **({"allowed": lookup.allowed()} | lookup.extra)), meant)
                               for line in lines]
    return issues


def _meant(value: str, allowed: set[str]) -> str | None:
    """The allowed value plainly meant, if one is: the same but for capitals, spaces or hyphens (In progress,
    5C), or a near spelling."""
    key = re.sub(r"[\s-]+", "_", value.strip().lower())
    folded = {v.lower(): v for v in allowed}
    return folded.get(key) or next(iter(difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.8)), None)


def _with_suggestion(issue: Issue, meant: str | None) -> Issue:
    """The issue, its fix starting 'Did you mean "in_progress"?' when a value is plainly meant."""
    return dataclasses.replace(issue, fix=f'{SUGGESTION.format(meant)} {issue.fix}', suggestion=meant) if meant else issue


SUGGESTION = 'Did you mean "{}"?'


# --- Every cell, by what its column's schema says it holds ---------------------------------------------------

def _is_free_text(field: dict) -> bool:
    """A string column with no enum, pattern or format: anything may be written in it."""
    constraints = field.get("constraints", {})
    return (field.get("type", "string") == "string" and field.get("format", "default") == "default"
            and "enum" not in constraints and "pattern" not in constraints)


def _cells(table: _Table, schema: dict, wanted: Callable[[dict], bool]) -> Iterator[tuple[list[int], str, str]]:
    """(lines, column, text) of each distinct non-empty text in the columns whose schema field is wanted."""
    for column in [f["name"] for f in schema["fields"] if wanted(f) and f["name"] in table.header]:
        for (text,), lines in table.distinct(column).items():
            if text:
                yield lines, column, text


def _whitespace_issues(table: _Table, schema: dict) -> Iterator[Issue]:
    """Codes, numbers and dates with blanks around them: a spreadsheet hides them, lookups do not match."""
    for lines, column, text in _cells(table, schema, lambda f: not _is_free_text(f)):
        blanks = _blank_edges(text)
        if blanks:
            yield from (_issue("surrounding-whitespace", table.file, line, column, value=_shown(text), blanks=blanks)
                        for line in lines)


# A spreadsheet runs a cell starting with these as a formula; a signed number such as -1.5 is still a number.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_START_NAMES = {"\t": "a tab", "\r": "a carriage return (an invisible line-break character)"}


def _formula_issues(table: _Table, schema: dict) -> Iterator[Issue]:
    # Links are left out: any formula there is refused as a link, which is an error.
    for lines, column, text in _cells(table, schema, _is_free_text):
        if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
            yield from (_issue("formula-like-text", table.file, line, column, value=_shown(text),
                               start=_START_NAMES.get(text[0], f'"{text[0]}"')) for line in lines)


def _link_issues(table: _Table, schema: dict) -> Iterator[Issue]:
    """Every column of format uri becomes links on the site, whatever the column is called."""
    for lines, column, text in _cells(table, schema, lambda f: f.get("format") == "uri"):
        if not is_safe_https_url(text):
            yield from (_issue("link-not-https", table.file, line, column, value=_shown(text), place=f"column {column}",
                               reason=_link_reason(text)) for line in lines)


def _finite_number_issues(table: _Table, schema: dict) -> Iterator[Issue]:
    """frictionless reads NaN and Infinity as numbers, but a published figure must be a real number."""
    for lines, column, text in _cells(table, schema, lambda f: f.get("type") == "number"):
        try:
            finite = not text.strip() or math.isfinite(float(text))
        except ValueError:
            continue  # not a number at all: the Table Schema check's type error says so
        if not finite:
            yield from (_issue("not-a-finite-number", table.file, line, column, value=_shown(text.strip())) for line in lines)


# Rules for every cell of every table, reference package included, driven by each column's schema.
_CELL_RULES: tuple[Callable[[_Table, dict], Iterable[Issue]], ...] = (
    _finite_number_issues, _whitespace_issues, _formula_issues, _link_issues)


def _check_observations(table: _Table, context: _Context) -> Iterator[Issue]:
    reference = context.package.reference
    areas, statuses = reference.areas(), reference.statuses_with_value()
    periods, indicator_periods = reference.period_types(), reference.indicator_period_types()
    disclosure, area_counts = reference.disclosure_range(), reference.indicators_not_counting_people()
    arithmetic = reference.indicator_arithmetic()
    for (code,), lines in table.distinct("area_code").items():
        yield from _on_each_line(lines, lambda line: _check_row_area(table, line, {"area_code": code}, context, areas))
    for key, lines in table.distinct(*_FIGURE_KEY).items() if statuses is not None else ():
        row = dict(zip(_FIGURE_KEY, key))
        if row["status"] in statuses:
            row_disclosure = None if row["indicator_id"] in area_counts else disclosure
            yield from _on_each_line(lines, lambda line: [
                *_check_figures(table, line, row, statuses, row_disclosure),
                *_check_arithmetic(table, line, row, arithmetic.get(row["indicator_id"], {}))])
    for key, lines in table.distinct("indicator_id", "period").items() if None not in (periods, indicator_periods) else ():
        row = dict(zip(("indicator_id", "period"), key))
        yield from _on_each_line(lines, lambda line: _check_period(table, line, row, periods, indicator_periods))


# What the figure rules of a row read: rows agreeing on these get the same findings.
_FIGURE_KEY = ("status", "value", "lower_ci_95", "upper_ci_95", "count", "denominator", "indicator_id")


def _on_each_line(lines: list[int], check: Callable[[int], Iterable[Issue]]) -> Iterator[Issue]:
    """A rule's issues on each of the lines of rows with the same cells: worked out on the first line, and on
    the others only when it finds something there (the message may name its own line)."""
    first = list(check(lines[0]))
    if first:
        yield from first
        for line in lines[1:]:
            yield from check(line)


def _check_boundaries(table: _Table, context: _Context) -> Iterator[Issue]:
    """Each figure's area belongs to the boundary set its source says it uses for areas of that type
    (datapackage.json sources[].boundaries): a figure published for the ICBs of 2024 cannot be shown for a
    system formed in 2026, nor one of 2026 for a system that had ended."""
    areas, sets = context.package.reference.areas(), context.package.reference.boundary_sets()
    named = _source_boundaries(context.package)
    if not areas or not sets or not named:
        return
    for (code, source), lines in table.distinct("area_code", "source_id").items():
        area = areas.get(code)
        in_sets = [sets[s] for s in named.get(source, ()) if s in sets]
        in_sets = [s for s in in_sets if area is not None and s.get("area_type") == area.get("area_type")]
        if in_sets and not any(area_in_force(area.get("valid_from", ""), area.get("valid_to", ""), s.get("valid_from", ""))
                               for s in in_sets):
            yield from (_issue("area-not-in-boundary-set", table.file, line, "area_code", value=code, source=source,
                               sets=", ".join(f'{s["boundary_set_id"]} ({s.get("name", "")})' for s in in_sets),
                               valid_from=area.get("valid_from", ""), valid_to=area.get("valid_to", "") or "today")
                        for line in lines)


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


# Value types whose value is the count over the denominator, times the indicator's multiplier.
COUNTED_VALUE_TYPES = ("proportion", "crude_rate")
INTERVAL_METHODS = {"wilson": wilson_ci, "byar": byar_ci}  # the methods the generator works intervals out by


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
        if abs(value - expected) > _rounding(row["value"]):
            yield _issue("value-disagrees-with-counts", table.file, line, "value", value=row["value"], count=row["count"],
                         total=row["denominator"], expected=_like(expected, row["value"]))
    method = INTERVAL_METHODS.get(indicator.get("ci_method", ""))
    limits = [finite_number(row.get(c)) for c in ("lower_ci_95", "upper_ci_95")]
    interval = method(count, denominator, multiplier=multiplier) if method and None not in limits else None
    if interval and any(abs(given - right) > _rounding(row[c]) for given, right, c in
                        zip(limits, interval, ("lower_ci_95", "upper_ci_95"))):
        yield _issue("ci-stale", table.file, line, "lower_ci_95", lower=row["lower_ci_95"], upper=row["upper_ci_95"],
                     low=_like(interval[0], row["lower_ci_95"]), high=_like(interval[1], row["upper_ci_95"]),
                     reason=indicator["ci_method"].capitalize())


def _decimals(text: str) -> int:
    return len(text.strip().partition(".")[2])


def _rounding(text: str) -> float:
    """The most a figure written with these decimals can be off by through rounding (and float error)."""
    return 0.5 * 10 ** -_decimals(text) + 1e-9


def _like(number: float, text: str) -> str:
    return f"{number:.{_decimals(text)}f}"


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


def _check_places(table: _Table, context: _Context) -> Iterator[Issue]:
    areas = context.package.reference.areas()
    if areas is None:
        return
    for line, row in table.records():
        code = row.get("area_code", "")
        if code and code not in areas:
            yield _issue("area-unknown", table.file, line, "area_code", value=code,
                         reference_file=context.package.reference.file("areas"))
        elif code and areas[code].get("area_type") != "local_authority":
            yield _issue("place-not-local-authority", table.file, line, "area_code", value=code,
                         kind=areas[code].get("area_type", ""))


def _check_period_types(table: _Table, context: _Context) -> Iterator[Issue]:
    for line, row in table.records():
        try:
            re.compile(row.get("pattern", ""))
        except re.error as exc:
            yield _issue("period-pattern-invalid", table.file, line, "pattern", value=row["pattern"], error=str(exc))


def _check_area_dates(table: _Table, context: _Context) -> Iterator[Issue]:
    """An area ends after it starts, and an area that ended names what took it over (area_changes.csv)."""
    changes = context.package.reference.tables.get("area_changes")
    changed = {row.get("area_code", "") for _, row in changes.records()} if changes is not None else None
    for line, row in table.records():
        start, end = _date(row.get("valid_from", "")), _date(row.get("valid_to", ""))
        if start and end and end < start:
            yield _issue("area-dates-out-of-order", table.file, line, "valid_to", value=row["area_code"],
                         valid_from=row["valid_from"], valid_to=row["valid_to"])
        elif end and changed is not None and row.get("area_code") not in changed:
            yield _issue("area-ended-without-successor", table.file, line, "valid_to", value=row["area_code"],
                         valid_to=row["valid_to"])


def _check_area_changes(table: _Table, context: _Context) -> Iterator[Issue]:
    """Each former area ended the day before the change, each successor was in force on it, and the shares
    of one former area add up to 1 (to the 4 decimals each is rounded to)."""
    areas = context.package.reference.areas() or {}
    shares: dict[str, list[tuple[int, float]]] = {}
    for line, row in table.records():
        code, successor, changed_on = row.get("area_code", ""), row.get("successor_code", ""), _date(row.get("changed_on", ""))
        if changed_on and code in areas:
            expected = (changed_on - datetime.timedelta(days=1)).isoformat()
            if areas[code].get("valid_to", "") != expected:
                yield _issue("area-change-not-ended", table.file, line, "area_code", value=code, expected=expected,
                             changed_on=row["changed_on"], valid_to=areas[code].get("valid_to", ""))
        if changed_on and successor in areas:
            if not area_in_force(areas[successor].get("valid_from", ""), areas[successor].get("valid_to", ""),
                                 changed_on.isoformat()):
                yield _issue("successor-not-in-force", table.file, line, "successor_code", value=successor,
                             valid_from=areas[successor].get("valid_from", ""),
                             valid_to=areas[successor].get("valid_to", "") or "today", changed_on=row["changed_on"])
        share = finite_number(row.get("share_of_residents", ""))
        if share is not None:
            shares.setdefault(code, []).append((line, share))
    for code, found in shares.items():
        total = sum(share for _, share in found)
        if abs(total - 1) > SHARE_ROUNDING * len(found):
            yield _issue("area-change-shares", table.file, found[0][0], "share_of_residents", value=code,
                         total=f"{total:.4f}", lines=", ".join(str(line) for line, _ in found))


def _date(text: str) -> datetime.date | None:
    """A date cell, or None when empty or malformed (the Table Schema check reports those)."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None


# Each resource's own rules, by (is the reference package, resource name): functions of (table, context)
# yielding issues. A new rule for a resource is one more function in its tuple.
def _check_disclosure(table: _Table, context: _Context) -> Iterator[Issue]:
    """Suppressed counts that a total, the other parts or a rate give away (secondary suppression)."""
    yield from disclosure_issues(table, context.package.reference, _issue)


def _check_corrections(table: _Table, context: _Context) -> Iterator[Issue]:
    # A correction has the primary key of the row it replaces.
    key = json.loads(context.package.schema_path("corrections").read_text(encoding="utf-8")).get("primaryKey", [])
    yield from correction_issues(table, context.tables.get("observations"), key,
                                 context.package.reference.statuses_with_value())


_RULES: dict[tuple[bool, str], tuple[Callable[[_Table, _Context], Iterable[Issue]], ...]] = {
    (False, "observations"): (_check_observations, _check_disclosure, _check_boundaries),
    # A corrected row must pass every rule an imported one does, and replace one that exists.
    (False, "corrections"): (_check_observations, _check_disclosure, _check_boundaries, _check_corrections),
    (False, "places"): (_check_places,),
    (True, "period_types"): (_check_period_types,),
    (True, "areas"): (_check_area_dates,),
    (True, "area_changes"): (_check_area_changes,),
}
