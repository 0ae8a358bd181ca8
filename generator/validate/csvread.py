"""Reading CSV text exactly as the csv module reads it (as `generator.load.read_csv_rows` does): either row by row,
or, for a plain file, straight into factorised columns.

Most of the time of checking a large table went on making a Python list per row and a string per cell, then
turning rows into columns. A plain file (every row one line, no carriage returns, no byte order mark, every
quote where a CSV quote belongs, no row longer than the header) reads the same in pandas' C parser, which can
give each column as categories (its distinct values, and a code per row) without a string per cell. The
number of cells of each row, which pandas pads, is counted from the commas outside quotes. Anything else is
read by the csv module.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from generator.validate.vectors import Factorized

_NEWLINE, _QUOTE, _COMMA = ord("\n"), ord('"'), ord(",")


@dataclass(frozen=True)
class Columns:
    """A table read column by column: each header position factorised over the rows, each row's number of
    cells (a short row's missing cells are "" in its columns) and the line it starts on (each row is one line)."""

    positions: list[Factorized]
    widths: np.ndarray
    lines: np.ndarray
    longest_cell: int  # in characters, the header's included


def read_rows(text: str, field_limit: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (starting line, cells) of each row.

    Rows are read in one pass of the csv module; only when some row spans several lines (a quoted line break)
    is the file read again row by row to count where each starts. The csv module's field limit is
    process-wide, so it is put back.
    """
    previous = csv.field_size_limit(field_limit)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        records = list(reader)
        if len(records) == reader.line_num:  # every record is one line: row i starts on line i + 2
            return (records[0] if records else []), list(zip(range(2, len(records) + 1), records[1:]))
        return _rows_with_lines(text)
    finally:
        csv.field_size_limit(previous)


def physical_lines(text: str) -> int:
    """Lines as the csv module counts them: \\r\\n, \\n and a lone \\r each end one; a last line may have no end."""
    ends = text.count("\n") + (text.count("\r") - text.count("\r\n") if "\r" in text else 0)
    return ends + (1 if text and not text.endswith(("\n", "\r")) else 0)


def longest_line(data: bytes) -> int:
    """The most bytes between two line feeds (one included), at least as many as the characters of any line."""
    breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == _NEWLINE)
    return int(np.diff(breaks, prepend=-1, append=len(data)).max())


def _rows_with_lines(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The csv module's rows with the line each starts on, read one at a time (for quoted line breaks)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows, start = [], reader.line_num + 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return header, rows


def read_columns(data: bytes, text: str, well_quoted: bool) -> tuple[list[str], Columns] | None:
    """Header and columns of a plain file (see the module's docstring), or None for any other file.

    well_quoted: every quote opens a cell or closes one before a comma or line end (`files._WELL_QUOTED`).
    """
    if not well_quoted or "\r" in text or text.startswith(("\ufeff", "\n")) or not data:
        return None  # (an empty first line is a header with no cells)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    spans = _quoted_spans(data)
    if any(data.find(b"\n", start, end) >= 0 for start, end in spans):
        return None  # a row spans lines
    import pandas as pd  # slow to import: only for a file this large

    try:
        frame = pd.read_csv(io.BytesIO(data), header=None, dtype="category", na_filter=False, skip_blank_lines=False,
                            engine="c", low_memory=False)
    except (pd.errors.ParserError, ValueError):
        return None  # a row longer than the first
    width = frame.shape[1]
    if frame.shape[0] != lines:
        return None
    widths = _widths(data, lines, width, spans)
    positions = [_factorized(frame[column]) for column in frame.columns]
    if not all(isinstance(value, str) for position in positions for value in position.values):
        return None  # pandas read a column of numbers, its header included, as numbers: "01" would be 1
    header = [position.values[position.codes[0]] for position in positions]
    rows = [Factorized(position.codes[1:], position.values) for position in positions]
    longest = max((len(value) for position in positions for value in position.values), default=0)
    return header, Columns(rows, widths[1:], np.arange(2, lines + 1, dtype=np.int64), longest)


def split_columns(text: str) -> tuple[list[str], Columns] | None:
    """Header and columns of a file with no quote, carriage return or NUL, no empty line and as many commas on
    every line as on the first, or None for any other file. The csv module reads such a file as the text split
    at each \\n and then at each comma, which str.split does in C, without a list per row; each column is then
    every width-th cell of the whole file."""
    if not text or '"' in text or "\r" in text or "\0" in text or text.startswith("\ufeff"):
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the last line's end
    commas = lines[0].count(",")
    if "" in lines or list(map(str.count, lines, repeat(","))).count(commas) != len(lines):
        return None  # an empty line (a row with no cells), or a line of another width
    width, count = commas + 1, len(lines) - 1
    header, cells = lines[0].split(","), ",".join(lines[1:]).split(",") if count else []
    positions = [Factorized.of(cells[position::width]) for position in range(width)]
    longest = max(max(map(len, header)), *(max(map(len, position.values), default=0) for position in positions))
    widths, starts = np.full(count, width, dtype=np.int64), np.arange(2, count + 2, dtype=np.int64)
    return header, Columns(positions, widths, starts, longest)


def _quoted_spans(data: bytes) -> list[tuple[int, int]]:
    """(opening, closing) positions of each quoted cell of well-quoted data (a doubled quote inside one closes it
    and opens it again, which counts the same)."""
    if b'"' not in data:
        return []
    quotes = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == _QUOTE).tolist()
    return list(zip(quotes[0::2], quotes[1::2]))


def _widths(data: bytes, lines: int, width: int, spans: list[tuple[int, int]]) -> np.ndarray:
    """How many cells each line has: one more than its commas outside quotes, none on an empty line, as the
    csv module reads it. pandas read no line with more cells than the first, so when the commas outside quotes
    add up to a full width on every line (and no line is empty), every line has it."""
    commas = data.count(b",") - sum(data.count(b",", start, end) for start, end in spans)
    if commas == lines * (width - 1) and b"\n\n" not in data and not data.startswith(b"\n"):
        return np.full(lines, width, dtype=np.int64)
    bytes_ = np.frombuffer(data, dtype=np.uint8)
    comma = (bytes_ == _COMMA) & ~np.logical_xor.accumulate(bytes_ == _QUOTE)
    ends = np.flatnonzero(bytes_ == _NEWLINE)
    if not data.endswith(b"\n"):
        ends = np.append(ends, len(bytes_))
    starts = np.concatenate([[0], ends[:-1] + 1])
    widths = np.add.reduceat(comma, starts, dtype=np.int64) + 1
    widths[ends == starts] = 0
    return widths


def _factorized(column) -> Factorized:  # a pandas Series
    """A categorical column as codes and values (its categories), without a string per cell."""
    categorical = column.array
    return Factorized(np.asarray(categorical.codes, dtype=np.int64), np.asarray(categorical.categories, dtype=object))
