"""The validator reads a plain CSV file straight into columns (pandas' C parser) and any other file with the csv
module: both must give exactly the cells and lines the csv module gives (generator.load.read_csv_rows)."""
from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validate import files
from generator.validate.csvread import longest_line, physical_lines, read_columns, read_rows
from generator.validate.table import _Table

# Cells that are hard to read the same way: empty, blank, quoted commas and quotes, digits, NA-like words,
# other scripts, and (in some files) line breaks, which send the file to the csv module.
CELL = st.one_of(st.sampled_from(["", " ", "a", "1", "1.5", "NA", "null", "NaN", "#", "x y", "é", "\u00a0", "a,b",
                                  'say "hi"', '""', "-", "0001"]),
                 st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\0\r\n"), max_size=6))
ROW = st.lists(CELL, min_size=0, max_size=5)


def as_text(rows: list[list[str]], line_breaks: bool) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    text = buffer.getvalue()
    return text.replace("a b", "a\nb") if line_breaks else text


def by_csv_module(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header, rows, start = next(reader, []), [], None
    start = reader.line_num + 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return header, rows


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(header=st.lists(CELL, min_size=1, max_size=5), rows=st.lists(ROW, max_size=12), trailing=st.booleans(),
       line_breaks=st.booleans())
def test_both_readers_give_the_csv_modules_cells_and_lines(header, rows, trailing, line_breaks):
    text = as_text([header, *rows], line_breaks)
    text = text if trailing else text.removesuffix("\n")
    expected = by_csv_module(text)
    assert read_rows(text, 1_000_000) == expected
    well_quoted = '"' not in text or bool(files._WELL_QUOTED.fullmatch(text))
    read = read_columns(text.encode("utf-8"), text, well_quoted)
    if read is not None:
        table = _Table("t", "t.csv", "t.csv", read[0], columns=read[1])
        assert (table.header, table.rows) == expected
        assert [table.row(index) for index in range(table.count)] == [cells for _, cells in expected[1]]


def test_a_plain_file_is_read_by_column_and_others_by_row():
    """The fast reader takes the files it can read exactly, and leaves the rest to the csv module."""
    plain = 'a,b\n1,"x, y"\n\n3\n'
    assert read_columns(plain.encode(), plain, True) is not None
    for other in ('a,b\n1,"x\ny"\n', "a,b\r\n1,2\r\n", "\ufeffa,b\n1,2\n", "a,b\n1,2,3\n", "\na,b\n"):
        assert read_columns(other.encode(), other, True) is None, other


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=st.lists(st.sampled_from(["a", "é", ",", '"', "\n", "\r", "\r\n", "\u2028"]), max_size=40).map("".join))
def test_lines_are_counted_as_the_csv_module_reads_them(text):
    """physical_lines counts the lines the csv module reads (it ends one at \\r\\n, \\n or a lone \\r), and
    longest_line is never shorter, in bytes, than a line between two line feeds is in characters."""
    assert physical_lines(text) == len(io.StringIO(text, newline="").readlines())
    data = text.encode("utf-8")
    assert longest_line(data) >= max(map(len, text.split("\n")))
