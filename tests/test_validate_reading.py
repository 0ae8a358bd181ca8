"""The validator reads a plain CSV file straight into columns (pandas' C parser) and any other file with the csv
module: both must give exactly the cells and lines the csv module gives (generator.load.read_csv_rows)."""
from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validate import files
from generator.validate.csvread import longest_line, physical_lines, read_columns, read_rows, split_columns
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
    for read in (read_columns(text.encode("utf-8"), text, well_quoted), split_columns(text)):
        if read is not None:
            table = _Table("t", "t.csv", "t.csv", read[0], columns=read[1])
            assert (table.header, table.rows) == expected
            assert [table.row(index) for index in range(table.count)] == [cells for _, cells in expected[1]]
            assert table.longest_cell == max(map(len, [*table.header, *(cell for _, row in table.rows for cell in row)]))


# Cells with nothing the csv module treats specially: no quote, comma, line end or NUL (other line separators
# such as \u2028 and \x85 are ordinary characters to it).
PLAIN_CELL = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters='\0\r\n",'), max_size=6)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(width=st.integers(1, 4), trailing=st.booleans(), data=st.data())
def test_a_file_without_quotes_is_split_as_the_csv_module_reads_it(width, trailing, data):
    """A file of equally wide rows with no quotes is read by splitting, to the csv module's cells and lines; only
    an empty line (a row with no cells) or a byte order mark sends it to the csv module."""
    rows = data.draw(st.lists(st.lists(PLAIN_CELL, min_size=width, max_size=width), min_size=1, max_size=10))
    lines = [",".join(row) for row in rows]
    text = "\n".join(lines) + ("\n" if trailing else "")
    read, (header, expected) = split_columns(text), by_csv_module(text)
    assert (read is None) == ([] in [header, *(cells for _, cells in expected)] or text.startswith("\ufeff"))
    if read is not None:
        table = _Table("t", "t.csv", "t.csv", read[0], columns=read[1])
        assert (table.header, table.rows) == (header, expected)


def test_a_plain_file_is_read_by_column_and_others_by_row():
    """The fast reader takes the files it can read exactly, and leaves the rest to the csv module."""
    plain = 'a,b\n1,"x, y"\n\n3\n'
    assert read_columns(plain.encode(), plain, True) is not None
    for other in ('a,b\n1,"x\ny"\n', "a,b\r\n1,2\r\n", "\ufeffa,b\n1,2\n", "a,b\n1,2,3\n", "\na,b\n"):
        assert read_columns(other.encode(), other, True) is None, other
    assert split_columns("a,b\n1,2\n") is not None
    for other in ("a,b\n1,2,3\n", "a,b\n1\n", "a,b\n\n1,2\n", 'a,b\n1,"2"\n', "a,b\r\n1,2\r\n", "a,b\n1,\x002\n"):
        assert split_columns(other) is None, other


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=st.lists(st.sampled_from(["a", "é", ",", '"', "\n", "\r", "\r\n", "\u2028"]), max_size=40).map("".join))
def test_lines_are_counted_as_the_csv_module_reads_them(text):
    """physical_lines counts the lines the csv module reads (it ends one at \\r\\n, \\n or a lone \\r), and
    longest_line is never shorter, in bytes, than a line between two line feeds is in characters."""
    assert physical_lines(text) == len(io.StringIO(text, newline="").readlines())
    data = text.encode("utf-8")
    assert longest_line(data) >= max(map(len, text.split("\n")))
