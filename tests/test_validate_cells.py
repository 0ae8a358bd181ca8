"""Tests for the rules on every cell of every table (generator.validate.cells), reference package included:
numbers must be finite, text a spreadsheet would run as a formula is a warning, and every link, in a CSV
column of format uri or as a source's path in datapackage.json, must be a safe https:// address.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validate import validate_paths
from generator.validate.cells import (
    _any_formula_start, _any_with_blank_edges, _is_infinite_or_nan, _looks_like_formula, _may_be_infinite_or_nan)
from generator.validate.vectors import Factorized
from validation_helpers import DESC, ICS, OBS, REF, change_descriptor, only_problem, problems, replace_in


# --- numbers must be finite ---------------------------------------------------------------------------------

# "sNaN" is a number to the Table Schema check (Decimal) but not to float(); "1e400" is too large for a float.
@pytest.mark.parametrize("text", ["NaN", "inf", "-Infinity", "sNaN", "-sNaN", "1e400"])
def test_numbers_must_be_finite(validation_packages, text):
    replace_in(validation_packages, OBS, "1500.2,1476.3", f"{text},1476.3")
    assert only_problem(validation_packages) == (
        "not-a-finite-number", OBS, 7, "value", f'The value "{text}" in column value is not a real number.')


TEXTS = st.lists(st.one_of(st.sampled_from(["", " ", "1", " 1", "1.5\t", "\xa01", "NaN", "-inf", "1e400", "sNaN", "=1",
                                            "-1", "+x", "@", "\r1", "1_0", "abc", "\u0663"]), st.text(max_size=6)),
                 max_size=8)


@pytest.mark.parametrize("may_find, found", [(_any_with_blank_edges, lambda text: text.strip() != text),
                                             (_any_formula_start, _looks_like_formula),
                                             (_may_be_infinite_or_nan, _is_infinite_or_nan)])
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(texts=TEXTS)
def test_a_column_screen_never_misses_what_its_rule_finds(may_find, found, texts):
    """Each cell rule first screens a column's distinct texts in one step: the screen may let through a column
    with nothing to find, never pass over one with something."""
    assert may_find(Factorized.of(texts)) or not any(text and found(text) for text in texts)


# --- warnings: text a spreadsheet would run as a formula --------------------------------------------------

PLUS = f"{ICS}/plus_groups.csv"
REASON = "Many unpaid carers told us they cannot get appointments."


@pytest.mark.parametrize("cell, start", [
    ("=1+1", '"="'), ("+44 20 7946 0000", '"+"'), ("-see note", '"-"'), ("@SUM(A1:A9)", '"@"'),
    ('"\tcarers"', "a tab"), ('"\rcarers"', "a carriage return (an invisible line-break character)"),
])
def test_formula_like_text_is_a_warning(validation_packages, cell, start):
    replace_in(validation_packages, PLUS, REASON, cell)
    report = validate_paths(None, root=validation_packages)
    [issue] = report.issues
    shown = cell.strip('"').replace("\r", " ")
    assert (issue.code, issue.severity, issue.file, issue.line, issue.field, issue.message) == (
        "formula-like-text", "warning", (validation_packages / PLUS).as_posix(), 2, "reason",
        f'The text in column reason starts with {start}, so a spreadsheet would treat "{shown}" as a formula.')
    assert report.valid and "makes such cells harmless in the CSV files it offers for download" in issue.fix


@pytest.mark.parametrize("cell", ["-1.5", "+3", "-0.25e3", "1+1", "x=1", " =1"])
def test_numbers_and_other_text_are_not_formulas(validation_packages, cell):
    replace_in(validation_packages, PLUS, REASON, cell)
    assert [p[0] for p in problems(validation_packages)] == []


def test_formula_check_covers_the_reference_package(validation_packages):
    replace_in(validation_packages, f"{REF}/indicators.csv", "Life expectancy at birth", "=HYPERLINK(x)")
    assert only_problem(validation_packages)[:4] == ("formula-like-text", f"{REF}/indicators.csv", 2, "name")


# --- links must be https ------------------------------------------------------------------------------------

# Refused as link-not-https wherever a link is written: in a CSV column of format uri or as a source's path.
UNSAFE_LINKS = [
    ("http://example.org/plus", "starts with http://, which is not secure"),
    ("javascript:alert(1)", 'starts with "javascript:", not https://'),
    ("JaVaScRiPt:alert(1)", 'starts with "JaVaScRiPt:", not https://'),
    ("data:text/html;base64,PHNjcmlwdD4=", 'starts with "data:", not https://'),
    ("HTTPS://example.org/plus", "starts with capital letters: write https:// in lower case"),
    ("https://exam\tple.org/", "contains a tab"),
    ("https://example.org/\njavascript:alert(1)", "contains a line break"),
    ("https:\\\\evil.example\\plus", "contains a backslash (\\), which browsers read as /"),
    ("https://example.org/\x07", "contains an invisible character U+0007"),
    ("https://", "has no site name after https://, or one that cannot be read"),
]


def csv_cell(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([text])  # the terminator tells it to quote line breaks
    return out.getvalue().removesuffix("\n")


@pytest.mark.parametrize("link, reason", UNSAFE_LINKS)
def test_links_must_be_safe_https_addresses(validation_packages, link, reason):
    replace_in(validation_packages, PLUS, "https://example.org/plus", csv_cell(link))
    assert only_problem(validation_packages) == (
        "link-not-https", PLUS, 2, "source_url",
        f'The web address "{link.replace(chr(10), " ")}" in column source_url is not a safe link: it {reason}.')


@pytest.mark.parametrize("cell, expected", [
    (" https://example.org/plus", ("surrounding-whitespace", "has a space at the start")),
    ('"https://example.org/plus\n"', ("surrounding-whitespace", "has a line break at the end")),
    ("//example.org/plus", ("type-error", "is not a web address")),
    ("plus.html", ("type-error", "is not a web address")),
    ('"java\tscript:alert(1)"', ("type-error", "is not a web address")),
])
def test_a_link_gets_one_message_for_its_root_cause(validation_packages, cell, expected):
    replace_in(validation_packages, PLUS, "https://example.org/plus", cell)
    code, _, line, field, message = only_problem(validation_packages)
    assert (code, line, field) == (expected[0], 2, "source_url") and expected[1] in message


def test_links_are_found_by_format_not_by_column_name():
    from generator.validate import cells
    from generator.validate.files import _Table

    schema = {"fields": [{"name": "homepage", "type": "string", "format": "uri"}, {"name": "url", "type": "string"}]}
    table = _Table("t", "t.csv", "t.csv", ["homepage", "url"], [(2, ["http://a.org", "http://b.org"])])
    assert [(i.code, i.field) for i in cells._link_issues(table, schema)] == [("link-not-https", "homepage")]


def test_reference_links_are_checked_too(validation_packages):
    replace_in(validation_packages, f"{REF}/indicators.csv", "https://example.org/life", "http://example.org/life")
    assert only_problem(validation_packages)[:4] == ("link-not-https", f"{REF}/indicators.csv", 2, "source_url")


@pytest.mark.parametrize("path, reason", UNSAFE_LINKS + [
    ("//example.org/fixture", "starts with // instead of https://"),
    ("fixture.html", "does not start with https://, so it is not a full web address"),
    (" https://example.org/fixture", "has a space at the start"),
])
def test_source_paths_must_be_safe_https_addresses(validation_packages, path, reason):
    change_descriptor(validation_packages, ICS, lambda d: d["sources"][0].update(path=path))
    code, file, line, field, message = only_problem(validation_packages)
    assert (code, file, field) == ("link-not-https", DESC, "sources[1].path")
    assert message == (f'The web address "{path.replace(chr(10), " ")}" in the path of source number 1 is not a safe '
                       f"link: it {reason}.")
    assert json.dumps(path)[1:-1] in (validation_packages / DESC).read_text(encoding="utf-8").splitlines()[line - 1]
