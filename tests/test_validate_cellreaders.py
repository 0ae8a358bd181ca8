"""Our cell readers (`validate.cellreaders`) read every field of the canonical schemas as frictionless' do.

For each field of each schema in datapackages/reference/schemas, and for a column no schema knows, both readers
read generated cells: the value (its type and repr, so 1 and Decimal("1") differ) and the notes must be the
same, and where frictionless raises ours must raise the same exception. The one deliberate difference, a
signalling NaN, is checked on its own.
"""
from __future__ import annotations

import functools
import json
import math
from decimal import Decimal

import pytest
from frictionless import Schema, fields
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import paths
from generator.validate.cellreaders import read_cells, read_number, reader_for
from generator.validate.cells import _is_infinite_or_nan

SCHEMAS = sorted((paths.DATAPACKAGES / "reference" / "schemas").glob("*.json"))
FIELDS = [(path.stem, field["name"]) for path in SCHEMAS for field in json.loads(path.read_text())["fields"]]
SYNTHETIC_FIELDS = [("synthetic", name) for name in ("text", "listed", "pattern", "whole", "whole_text_bounds",
                                                   "whole_float_bounds", "real", "share", "flag", "day", "anything")]
ODD = ["", " ", "None", "NA", "abc", "0", "1", "-1", "-0", "01", "1.0", "1.50", " 12", "12 ", "1e3", "1E-2", "1,5",
       "1_000", "_1", "\u0663", "\u00a0", "NaN", "-NaN", "nan", "inf", "-Infinity", "1b", "true", "TRUE", "True",
       "yes", "false", "0.0", "2024-02-29", "2023-02-29", "2023-13-01", "2023-1-5", " 2023-01-05", "20230105",
       "https://example.org", "https://example.org/a b", "https://", "http://x", "ftp://example.org",
       "mailto:a@b.c", "//example.org", "example.org", "javascript:alert(1)", "line\nbreak", "x" * 300, "=1+1",
       "E54000008", "E5400000", "sa_2025", "core20", "persons", "female", "imd_q1", "2019/20", "2019-20", "Q1 2020"]


@functools.lru_cache(maxsize=None)
def schema_of(stem: str) -> dict:
    if stem == "synthetic":
        return SYNTHETIC
    return json.loads((paths.DATAPACKAGES / "reference" / "schemas" / f"{stem}.json").read_text(encoding="utf-8"))


# What the canonical schemas may come to use: every constraint of every type read here, and a column's own
# missing values.
SYNTHETIC = {"missingValues": ["", "NA"], "fields": [
    {"name": "text", "type": "string", "constraints": {"required": True, "minLength": 2, "maxLength": 5}},
    {"name": "listed", "type": "string", "missingValues": ["-"], "constraints": {"enum": ["a", "b", "NA"]}},
    {"name": "pattern", "type": "string", "constraints": {"pattern": "[a-z]+_[0-9]{4}"}},
    {"name": "whole", "type": "integer", "constraints": {"minimum": -1, "maximum": 100, "enum": [0, 1, 99]}},
    {"name": "whole_text_bounds", "type": "integer", "constraints": {"minimum": "2", "maximum": "5"}},
    {"name": "whole_float_bounds", "type": "integer", "constraints": {"minimum": 1.0, "maximum": 5.0, "enum": [1.0, 2, 3.0]}},
    {"name": "real", "type": "number", "constraints": {"minimum": 0, "maximum": 1.5, "enum": [0.5, 1, "1.5"]}},
    {"name": "share", "type": "number", "constraints": {"required": True, "minimum": "-0.5", "maximum": 1.5}},
    {"name": "flag", "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"], "constraints": {"enum": [True]}},
    {"name": "day", "type": "date", "constraints": {"minimum": "2020-01-01", "maximum": "2030-01-01"}},
    {"name": "anything", "type": "any", "constraints": {"required": True}},
]}


@functools.lru_cache(maxsize=None)
def both_readers(stem: str, name: str | None):
    schema = schema_of(stem)
    checked = Schema.from_descriptor(schema)
    missing = schema.get("missingValues", [""])
    if name is None:
        return reader_for({"type": "any"}, missing), fields.AnyField(name="x", missing_values=checked.missing_values)
    field = next(f for f in schema["fields"] if f["name"] == name)
    return reader_for(field, missing), checked.get_field(name)


def outcome(reader, cell):
    try:
        value, notes = reader(cell)
    except Exception as exc:  # noqa: BLE001 - the exception's type is the outcome compared
        return ("raises", type(exc).__name__)
    return (type(value).__name__, repr(value), notes)


def cells_for(stem: str, name: str):
    field = next((f for f in schema_of(stem)["fields"] if f["name"] == name), {})
    listed = [str(value) for value in field.get("constraints", {}).get("enum", [])] + ["NA", "-", "yes", "no", "ab_2024"]
    bounds = [str(field.get("constraints", {}).get(key)) for key in ("minimum", "maximum") if key in field.get("constraints", {})]
    numbers = st.one_of(st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=True).map(repr),
                        st.decimals(allow_nan=False).map(str))
    return st.one_of(st.none(), st.sampled_from(ODD + listed + bounds), numbers, st.text(max_size=12),
                     st.dates().map(str), st.from_regex(r"[A-Za-z0-9_ .:/-]{0,14}", fullmatch=True))


def test_every_canonical_field_is_read_without_frictionless():
    """Every field of the canonical schemas has our reader, so checking the bundled data never imports frictionless."""
    assert FIELDS
    missing = [(stem, name) for stem, name in FIELDS if both_readers(stem, name)[0] is None]
    assert not missing


@pytest.mark.parametrize("stem, name", FIELDS + SYNTHETIC_FIELDS + [(path.stem, None) for path in SCHEMAS[:3]])
@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_cells_read_as_frictionless_reads_them(stem, name, data):
    ours, theirs = both_readers(stem, name)
    cell = data.draw(cells_for(stem, name))
    if isinstance(cell, str) and cell.strip().lower().lstrip("+-") == "snan":
        return  # the deliberate difference, checked below
    assert outcome(ours, cell) == outcome(theirs.create_cell_reader(), cell)


def test_signalling_nan_reads_as_a_quiet_nan_and_fails_a_bound():
    """frictionless raises on "sNaN" under a bound; ours reads it as NaN, which every bound refuses."""
    ours = reader_for({"name": "n", "type": "number", "constraints": {"minimum": 0}})
    value, notes = ours("sNaN")
    assert isinstance(value, Decimal) and value.is_qnan()
    assert notes == {"minimum": 'constraint "minimum" is "0"'}
    assert ours("-sNaN")[0].is_signed()


@pytest.mark.parametrize("field", [
    {"name": "n", "type": "number", "decimalChar": ","},
    {"name": "n", "type": "integer", "bareNumber": False},
    {"name": "d", "type": "date", "format": "%d/%m/%Y"},
    {"name": "s", "type": "string", "format": "email"},
    {"name": "t", "type": "datetime"},
    {"name": "s", "type": "string", "constraints": {"minimum": 1}},
    {"name": "s", "type": "string", "missingValues": [{"value": "NA"}]},
    {"name": "n", "type": "number", "constraints": {"exclusiveMinimum": 0}},
])
def test_a_field_we_do_not_read_is_left_to_frictionless(field):
    assert reader_for(field) is None


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=st.one_of(st.sampled_from(ODD + ["sNaN", "-sNaN", "1e308", "1.8e308", "-1e309", "1e-400", " inf "]),
                      st.floats(allow_nan=True).map(repr), st.decimals().map(str), st.text(max_size=12),
                      st.from_regex(r" ?[+-]?[0-9_]{0,4}\.?[0-9]{0,3}([eE][+-]?[0-9]{1,4})? ?", fullmatch=True)))
def test_the_finiteness_rule_reads_numbers_as_the_schema_check_does(text):
    """The rule's quick float() path finds exactly the texts that the number reader reads as NaN, infinite or too
    large for a float."""
    number = read_number(text)
    read_by_schema = number is not None and (not number.is_finite() or not math.isfinite(float(number)))
    assert _is_infinite_or_nan(text) == read_by_schema


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=st.tuples(st.sampled_from(["https:", "http:", "https://", "http://x", "HTTPS:", "h", "ftp:", " https:", ""]),
                      st.text(max_size=20)).map("".join))
def test_a_link_read_without_rfc3986_reads_as_frictionless_reads_it(text):
    """A link starting with a plain scheme is read without importing rfc3986, and reads as frictionless reads
    it (which asks rfc3986), whatever follows the scheme."""
    ours = reader_for({"name": "link", "type": "string", "format": "uri"})
    theirs = fields.StringField(name="link", format="uri").create_cell_reader()
    assert outcome(ours, text) == outcome(theirs, text)


NUMBER_TEXTS = st.one_of(st.integers(-3, 10**4).map(str), st.decimals(-2, 2, places=3).map(str),
                         st.sampled_from(["", "NA", "-", " 1 ", "1_0", "1e-3", "-0", "NaN", "sNaN", "x"]))


@pytest.mark.parametrize("stem, name", [field for field in FIELDS + SYNTHETIC_FIELDS if hasattr(both_readers(*field)[0], "many")])
@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_a_whole_column_reads_as_its_cells_do(stem, name, data):
    """A column's distinct texts read in one step give each the value and notes the cell reader gives it."""
    ours = both_readers(stem, name)[0]
    texts = st.one_of(cells_for(stem, name), NUMBER_TEXTS).filter(lambda cell: isinstance(cell, str))
    cells = data.draw(st.lists(texts, unique=True, max_size=8) | st.lists(NUMBER_TEXTS, unique=True, max_size=8))
    one_by_one = [ours(cell) for cell in cells]
    values, notes = read_cells(ours, cells)
    assert [(type(value).__name__, repr(value)) for value in values] == [
        (type(value).__name__, repr(value)) for value, _ in one_by_one]
    assert notes == {index: found for index, (_, found) in enumerate(one_by_one) if found}


def test_a_column_of_numbers_within_its_bounds_is_read_in_one_step():
    share = reader_for(next(f for f in SYNTHETIC["fields"] if f["name"] == "share"), ["", "NA"])
    values, notes = share.many(["1", "NA", " 0.5", "-0.5", ""])
    assert values == [Decimal(1), None, Decimal("0.5"), Decimal("-0.5"), None]
    assert notes == {1: {"required": 'constraint "required" is "True"'}, 4: {"required": 'constraint "required" is "True"'}}
    assert share.many(["1", "1.6"]) is None and share.many(["NaN"]) is None and share.many(["one"]) is None
