"""Whole-column helpers of the validator (`validate.vectors`), and what validating the bundled data imports.

`factorize` numbers small columns itself (texts in a dict in Python, numbers by a stable sort in numpy), where
importing pandas would cost more than the checks; it must give exactly what pandas.factorize gives.
"""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import paths
from generator.validate import screen, vectors
from generator.validate.issues import finite_number

TEXTS = st.lists(st.sampled_from(["", " ", "a", "A", "a ", "é", "e\u0301", "1", "01", "1.0", "None", "nan"]) | st.text(max_size=4),
                 max_size=60)
INTEGERS = st.lists(st.integers(-3, 3) | st.integers(-2**62, 2**62), max_size=60)
FLOATS = st.lists(st.sampled_from([0.0, -0.0, 1.0, float("nan"), float("inf"), -float("inf")]) | st.floats(), max_size=60)


@pytest.fixture(params=["dict", "pandas"])
def path(request, monkeypatch):
    """Either way of factorising, whatever the column's size."""
    monkeypatch.setattr(vectors, "PANDAS_FROM", 10**9 if request.param == "dict" else 0)
    if request.param == "pandas":
        monkeypatch.setattr(vectors, "IMPORT_PANDAS_FROM", 0)
    return request.param


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the fixture only picks the path
@given(texts=TEXTS, integers=INTEGERS, floats=FLOATS)
def test_factorize_gives_what_pandas_gives(path, texts, integers, floats):
    for values in (np.array(texts, dtype=object), np.array(integers, dtype=np.int64), np.array(floats, dtype=float)):
        codes, distinct = vectors.factorize(values)
        expected_codes, expected_distinct = pd.factorize(values)
        assert codes.tolist() == expected_codes.tolist()
        assert distinct.dtype == expected_distinct.dtype
        assert [repr(v) for v in distinct.tolist()] == [repr(v) for v in expected_distinct.tolist()]


def test_validating_the_bundled_data_imports_neither_pandas_nor_frictionless():
    """Importing them takes longer than checking every bundled package; every table there is small."""
    script = ("import sys; from generator.validate import validate_paths; "
              "assert validate_paths(None, cache=False).valid; "
              "print(sorted(m for m in ('pandas', 'frictionless', 'scipy') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", script], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["[]"]


CODE_COLUMNS = st.integers(0, 300).flatmap(lambda length: st.lists(
    st.lists(st.integers(-1, 3) | st.integers(-1, 10**6), min_size=length, max_size=length), min_size=0, max_size=4))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(columns=CODE_COLUMNS)
def test_combined_codes_number_combinations_in_the_order_they_first_appear(columns):
    """Against a plain reading: each row's combination of codes, numbered by a dict as rows are read."""
    length = len(columns[0]) if columns else 7
    numbers: dict = {}
    expected = [numbers.setdefault(row, len(numbers)) for row in (zip(*columns) if columns else [()] * length)]
    found = vectors.combined_codes([np.array(column, dtype=np.int64) for column in columns], length)
    assert found.tolist() == expected


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(texts=TEXTS)
def test_factorize_reads_a_sequence_of_strings_as_the_same_array(texts):
    codes, distinct = vectors.factorize(tuple(texts))
    expected_codes, expected_distinct = vectors.factorize(np.array(texts, dtype=object))
    assert codes.tolist() == expected_codes.tolist() and distinct.tolist() == expected_distinct.tolist()
    assert distinct.dtype == object


NUMBER_TEXTS = st.lists(st.sampled_from(["", " ", "1", "1.50", " 2.5 ", "\u00a01.5\u00a0", "-0", "nan", "-inf", "1e400", "1_0",
                                         "abc", "\u0663", "0x10", "1.", ".5", "0." + "1" * 400, "12.3456789012"])
                        | st.floats(allow_nan=True).map(repr) | st.decimals().map(str) | st.text(max_size=6), max_size=40)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(texts=NUMBER_TEXTS)
def test_whole_column_readings_are_those_of_each_value(texts):
    """Numbers, blanks and roundings worked out for a whole column at once are exactly those of each text."""
    values = np.array(texts, dtype=object)
    expected = [vectors.nan_for_none(finite_number(text)) for text in texts]
    assert [repr(number) for number in vectors.finite_numbers(values).tolist()] == [repr(number) for number in expected]
    assert vectors.Factorized.of(values).filled().tolist() == [bool(text.strip()) for text in texts]
    assert screen.roundings(values).tolist() == [screen.rounding(text) for text in texts]
