"""Rules for every cell of every table, reference package included, chosen by what each column's schema says
it holds (numbers, codes, free text, links).

Each rule looks at a column's distinct values once, and puts what it finds on every line holding that value.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat

import numpy as np

from generator.links import is_safe_https_url
from generator.validate.cellreaders import read_number
from generator.validate.issues import Issue, _blank_edges, _issue, _link_reason, _shown
from generator.validate.table import _Table
from generator.validate.vectors import Factorized, finite_numbers


def _is_free_text(field: dict) -> bool:
    """A string column with no enum, pattern or format: anything may be written in it."""
    constraints = field.get("constraints", {})
    return (field.get("type", "string") == "string" and field.get("format", "default") == "default"
            and "enum" not in constraints and "pattern" not in constraints)


def _cells(table: _Table, schema: dict, wanted: Callable[[dict], bool], found: Callable[[str], bool],
           may_find: Callable[[Factorized], bool] | None = None) -> Iterator[tuple[list[int], str, str]]:
    """(lines, column, text) of each distinct non-empty text for which found is true, in the columns whose
    schema field is wanted: the lines are looked up only for the texts found. may_find: whether found could be
    true of any of a column's distinct texts (never false when it is), in whole-column steps."""
    for column in [f["name"] for f in schema["fields"] if wanted(f) and f["name"] in table.header]:
        factorized = table.factorized(column)
        texts = factorized.values
        if not (may_find(factorized) if may_find else any(text and found(text) for text in texts)):
            continue  # the usual case, known without grouping the rows (blank rows included: a superset)
        groups = table.distinct(column)
        for group, (text,) in enumerate(groups.keys):
            if text and found(text):
                yield groups.lines(group), column, text


def _any_with_blank_edges(column: Factorized) -> bool:
    return any(map(str.__ne__, map(str.strip, column.values), column.values))


def _whitespace_issues(table: _Table, schema: dict) -> Iterator[Issue]:
    """Codes, numbers and dates with blanks around them: a spreadsheet hides them, lookups do not match."""
    for lines, column, text in _cells(table, schema, lambda f: not _is_free_text(f), lambda text: text.strip() != text,
                                      _any_with_blank_edges):
        blanks = _blank_edges(text)
        yield from (_issue("surrounding-whitespace", table.file, line, column, value=_shown(text), blanks=blanks)
                    for line in lines)


# A spreadsheet runs a cell starting with these as a formula; a signed number such as -1.5 is still a number.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_START_NAMES = {"\t": "a tab", "\r": "a carriage return (an invisible line-break character)"}


def _looks_like_formula(text: str) -> bool:
    """Text a spreadsheet would run as a formula: it starts like one and is not a plain number."""
    return text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def _any_formula_start(column: Factorized) -> bool:
    return any(map(str.startswith, column.values, repeat(_FORMULA_STARTS)))


def _formula_issues(table: _Table, schema: dict) -> Iterator[Issue]:
    # Links are left out: any formula there is refused as a link, which is an error.
    for lines, column, text in _cells(table, schema, _is_free_text, _looks_like_formula, _any_formula_start):
        yield from (_issue("formula-like-text", table.file, line, column, value=_shown(text),
                           start=_START_NAMES.get(text[0], f'"{text[0]}"')) for line in lines)


def _link_issues(table: _Table, schema: dict) -> Iterator[Issue]:
    """Every column of format uri becomes links on the site, whatever the column is called."""
    for lines, column, text in _cells(table, schema, lambda f: f.get("format") == "uri", lambda t: not is_safe_https_url(t)):
        yield from (_issue("link-not-https", table.file, line, column, value=_shown(text), place=f"column {column}",
                           reason=_link_reason(text)) for line in lines)


def _is_infinite_or_nan(text: str) -> bool:
    """A number that is not finite (NaN, a signalling NaN, Infinity, or too large for a float); False for blanks
    and for what is not a number at all (the Table Schema check's type error says so). Read as the schema check
    reads a number (`cellreaders.read_number`), which takes "sNaN" where float() does not. A text float() reads
    as finite is finite either way (both round the same decimal to the nearest float), and float() is much
    the quicker: only the rest are read again."""
    try:
        if math.isfinite(float(text)):
            return False
    except ValueError:
        pass
    number = read_number(text)
    return number is not None and (not number.is_finite() or not math.isfinite(float(number)))


def _may_be_infinite_or_nan(column: Factorized) -> bool:
    """False when float() reads every non-empty text as finite (see `_is_infinite_or_nan`): the column's numbers,
    read once per value and kept with it, as the figure rules read them too (`Factorized.numbers`)."""
    numbers = column.of_each_value("numbers", finite_numbers)
    return bool(np.isnan(numbers[column.values != ""]).any())


def _finite_number_issues(table: _Table, schema: dict) -> Iterator[Issue]:
    """frictionless reads NaN and Infinity as numbers, but a published figure must be a real number."""
    for lines, column, text in _cells(table, schema, lambda f: f.get("type") == "number", _is_infinite_or_nan,
                                      _may_be_infinite_or_nan):
        yield from (_issue("not-a-finite-number", table.file, line, column, value=_shown(text.strip())) for line in lines)


# Rules for every cell of every table, reference package included, driven by each column's schema.
CELL_RULES: tuple[Callable[[_Table, dict], Iterable[Issue]], ...] = (
    _finite_number_issues, _whitespace_issues, _formula_issues, _link_issues)
