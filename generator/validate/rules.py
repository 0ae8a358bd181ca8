"""Rules a Table Schema cannot express: references into the reference package, figures, statuses, periods.

Each resource's own rules are one entry of `_RULES`; a new rule for a resource is a function of
(table, context) yielding issues, added to its entry: the figure rules of observations are in `figures`, those
of places and areas in `areas`. `cells.CELL_RULES` apply to every table, chosen by what each column's schema
says it holds (numbers, codes, free text, links).
"""
from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from dataclasses import dataclass

from generator.validate.areas import _check_area_changes, _check_area_dates, _check_period_types, _check_places
from generator.validate.cells import CELL_RULES
from generator.validate.corrections import correction_issues
from generator.validate.descriptor import _Package, _source_ids
from generator.validate.disclosure import disclosure_issues
from generator.validate.figures import _check_boundaries, _check_observations
from generator.validate.issues import Issue, _issue, _shown
from generator.validate.reference import _Lookup
from generator.validate.table import _Table
from generator.validate.vocabulary import _check_no_breakdown, _check_one_country

LIST_COLUMNS = ("community_groups", "indicators", "category_ids")


@dataclass
class _Context:
    package: _Package
    lookups: dict[str, _Lookup]
    own_area: str
    own_areas: set[str]
    places: set[str] | None
    tables: dict[str, _Table]
    schemas: dict[str, dict]  # each checked table's canonical schema


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
    context = _Context(package, lookups, own, context_areas, places, tables,
                       {name: schema for name, (_, schema) in checked.items()})
    columns = _REFERENCE_LOOKUP_COLUMNS if package.is_reference else LOOKUP_COLUMNS
    issues = []
    for name, (table, schema) in checked.items():
        for cell_rule in CELL_RULES:
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
        if lookup is None or column not in table.header or _all_known(table.factorized(column).values, column, lookup):
            continue
        groups = table.distinct(column)
        for group, (cell,) in enumerate(groups.keys):  # a short row has no cell: "" (the row is reported)
            values = cell.split(";") if column in LIST_COLUMNS else [cell]
            for value in (v.strip() for v in values):
                if value and value not in lookup.values:
                    meant = _meant(value, lookup.values)
                    issues += [_with_suggestion(_issue(code, table.file, line, column, value=_shown(value),
                                                       reference_file=lookup.file,
                                                       **({"allowed": lookup.allowed()} | lookup.extra)), meant)
                               for line in groups.lines(group)]
    return issues


def _all_known(texts: Sequence[str], column: str, lookup: _Lookup) -> bool:
    """Whether every value in a column's distinct texts (blank ones, and those of blank rows, included) is
    known, in loops that run in C: the usual case, known without grouping the rows."""
    values = map(str.strip, chain.from_iterable(text.split(";") for text in texts) if column in LIST_COLUMNS else texts)
    return lookup.values.issuperset(filter(None, values))


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


# Each resource's own rules, by (is the reference package, resource name): functions of (table, context)
# yielding issues. A new rule for a resource is one more function in its tuple.
def _check_disclosure(table: _Table, context: _Context) -> Iterator[Issue]:
    """Suppressed counts that a total, the other parts or a rate give away (secondary suppression)."""
    yield from disclosure_issues(table, context.package.reference, _issue)


def _check_corrections(table: _Table, context: _Context) -> Iterator[Issue]:
    # A correction has the primary key of the row it replaces.
    key = context.schemas[table.name].get("primaryKey", [])
    yield from correction_issues(table, context.tables.get("observations"), key,
                                 context.package.reference.statuses_with_value())


_RULES: dict[tuple[bool, str], tuple[Callable[[_Table, _Context], Iterable[Issue]], ...]] = {
    (False, "observations"): (_check_observations, _check_disclosure, _check_boundaries),
    # A corrected row must pass every rule an imported one does, and replace one that exists.
    (False, "corrections"): (_check_observations, _check_disclosure, _check_boundaries, _check_corrections),
    (False, "places"): (_check_places,),
    (True, "period_types"): (_check_period_types,),
    (True, "areas"): (_check_area_dates, _check_one_country),
    (True, "area_changes"): (_check_area_changes,),
    (True, "dimensions"): (_check_no_breakdown,),
}
