"""Loading: a file whose rows are one line each is read by pandas' C parser, any other by the csv module; both
give the same cells and the same line for every row. The C parser reads numbers itself, as they read from text."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import load
from generator.load import read_csv_rows

CELLS = st.text(alphabet=st.sampled_from(list('ab ,"1-.\n')), max_size=6)


def by_the_csv_module(path) -> tuple[list[list[str]], list[int]]:
    header, rows = read_csv_rows(path)
    width = len(header)
    return [(cells + [""] * width)[:width] for _, cells in rows], [line for line, _ in rows]


def as_read(path) -> tuple[list[list[str]], list[int]]:
    frame, lines, _ = load._read_cells(path)
    return frame.fillna("").astype(str).values.tolist(), list(lines)


@pytest.mark.parametrize("text, one_line_a_row", [
    ("a,b\n1,2\n3,4\n", True),
    ('a,b\n"x, y",2\n"say ""hi""",4\n', True),
    ("a,b,c\n1,2\n3,4,5\n", True),  # a short row: its missing cell is empty
    ('a,b\n"two\nlines",2\n3,4\n', False),  # a quoted line break: the next row starts on line 4
    ("a,b\r\n1,2\r\n", False),
    ("\ufeffa,b\n1,2\n", False),
])
def test_both_readers_give_the_same_cells_and_lines(tmp_path, text, one_line_a_row):
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert load._one_line_a_row(path.read_bytes()) is one_line_a_row
    assert as_read(path) == by_the_csv_module(path)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(rows=st.lists(st.lists(CELLS, min_size=2, max_size=2), min_size=1, max_size=6))
def test_any_table_reads_the_same_either_way(tmp_path_factory, rows):
    import csv

    path = tmp_path_factory.mktemp("load") / "table.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([["first", "second"], *rows])
    cells, lines = as_read(path)
    assert (cells, lines) == by_the_csv_module(path)
    assert isinstance(load._read_cells(path)[0], pd.DataFrame)


# (Integers beyond 2**53 differ: read from text beside an empty cell they pass through float64; the C parser
# keeps them exact.)
NUMBERISH = st.one_of(st.sampled_from(["", "-0", "-0.0", "0", "NaN", "nan", "INF", "-inf", "Infinity", "1e3", " 2",
                                        "+3", "1.0", "0.30000000000000004", "5e-324", "1e400", "99999999999999999999",
                                        "1,000", "x"]),
                      st.text(alphabet=st.sampled_from(list("0123456789.-+eE")), max_size=8))
SCHEMA = {"fields": [{"name": "text", "type": "string"}, {"name": "value", "type": "number"},
                     {"name": "count", "type": "integer"}]}


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # _convert casting an infinite integer
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(rows=st.lists(st.tuples(NUMBERISH, NUMBERISH), min_size=1, max_size=5))
def test_numbers_read_by_the_c_parser_equal_numbers_read_from_text(tmp_path_factory, rows):
    import csv

    path = tmp_path_factory.mktemp("numbers") / "table.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([["text", "value", "count"], *(["a", *row] for row in rows)])
    text, _, _ = load._read_cells(path)
    try:
        expected = {name: load._convert(text[name], kind) for name, kind in (("value", "number"), ("count", "integer"))}
    except (ValueError, TypeError, OverflowError):  # an infinite integer, or one beyond int64: never loaded either way
        with pytest.raises((ValueError, TypeError, OverflowError)):
            load.load_table(path, SCHEMA)
        return
    table = load.load_table(path, SCHEMA)
    for name, expected in expected.items():
        assert str(table[name].dtype) == str(expected.dtype)
        assert [repr(v) for v in table[name].astype(object)] == [repr(v) for v in expected.astype(object)], name


def test_reading_packages_in_two_processes_gives_the_same_dataset_in_the_same_order():
    from generator import paths

    assert len(paths.package_dirs()) >= load.PARALLEL_FROM  # so the bundled data takes the two-process path
    one, two = load.load_dataset(), load.load_dataset(processes=2)
    assert [p.folder for p in two.packages] == [p.folder for p in one.packages]
    for a, b in zip(one.packages, two.packages):
        assert a.descriptor == b.descriptor and list(a.tables) == list(b.tables)
        assert all(a.tables[name].equals(b.tables[name]) for name in a.tables)


def test_rows_of_several_indicators_are_the_rows_a_filter_gives_in_file_order():
    package = next(p for p in load.load_dataset().packages if p.area_code == "X54000099")
    observations = package.table("observations")
    chosen = sorted(set(observations.indicator_id))[:3][::-1]
    expected = observations[observations.indicator_id.isin(chosen)]
    assert len(chosen) == 3 and package.indicator_rows(*chosen).equals(expected)
    assert package.indicator_rows("no such indicator").empty and package.indicator_rows(chosen[0]).equals(
        observations[observations.indicator_id == chosen[0]])
