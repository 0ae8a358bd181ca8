"""generator.pages.common: the latest rows of each combination, worked out on whole arrays, equal what a
plain reading of the rows gives."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages import common

ROWS = st.lists(st.tuples(st.sampled_from(["a", "b", ""]), st.sampled_from(["x", "y"]),
                          st.one_of(st.sampled_from(["2019", "2020/21", "2021", ""]), st.just(math.nan)),
                          st.floats(allow_nan=True, allow_infinity=False)), max_size=30)


def by_reading_each_row(rows: list[tuple]) -> dict:
    """For each (area, sex) with a period, its rows of its latest period, in row order."""
    newest: dict[tuple, str] = {}
    for area, sex, period, _ in rows:
        if isinstance(period, str):
            newest[(area, sex)] = max(newest.get((area, sex), period), period)
    found: dict[tuple, list[tuple]] = {}
    for line, (area, sex, period, value) in enumerate(rows, 2):
        if isinstance(period, str) and period == newest[(area, sex)]:
            found.setdefault((area, sex), []).append((area, sex, period, value, line))
    return dict(sorted(found.items()))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(rows=ROWS)
def test_latest_by_gives_each_combinations_rows_of_its_latest_period(rows):
    frame = pd.DataFrame(rows, columns=["area_code", "sex", "period", "value"]).astype({"period": object})
    frame["_file"], frame["_line"] = "t.csv", range(2, len(rows) + 2)
    found = common.latest_by(frame, ["area_code", "sex"])
    # (records renames _line, the sixth column)
    as_rows = {key: [(r.area_code, r.sex, r.period, r.value, r[5]) for r, _ in pairs] for key, pairs in found.items()}
    assert repr(as_rows) == repr(by_reading_each_row(rows))
    assert all(source == f"t.csv:{r[5]}" for pairs in found.values() for r, source in pairs)


def test_a_table_given_as_columns_reads_as_the_same_dataframe_would_and_refuses_uneven_columns():
    columns = {"Area": ["a", "b"], "Value": ["1.0", "2.5"]}
    assert common._cells(columns) == common._cells(pd.DataFrame(columns)) == (["Area", "Value"], [("a", "1.0"), ("b", "2.5")])
    with pytest.raises(ValueError, match="differ in length"):
        common._cells({"Area": ["a", "b"], "Value": ["1.0"]})
