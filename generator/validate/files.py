"""Which folders are packages, and reading datapackage.json and CSV bytes safely.

Everything here runs before frictionless sees a file, so that unsafe paths, links, missing, empty or huge
files, wrong encodings and broken quoting get a clear message instead of a frictionless failure, a crash
or a hang.
"""
from __future__ import annotations

import bisect
import codecs
import csv
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from generator import paths as layout
from generator.validate.issues import Issue, UsageError, _display, _issue
from generator.validate.jsonfile import _parse_descriptor
from generator.validate.csvread import longest_line, physical_lines, read_columns, read_rows, split_columns
from generator.validate.table import _Table

# Files larger than these are refused by their size on disk, before a byte is read, so that one file cannot
# exhaust the memory or time of every check. The bundled packages are far smaller: their largest CSV is
# about 0.2 MB and their largest datapackage.json about 20 KB.
MAX_FILE_BYTES = 50_000_000
MAX_DESCRIPTOR_BYTES = 1_000_000
# A plain file this large or larger is read straight into columns by pandas; below it, pandas' fixed cost per
# file (a few milliseconds) is more than the csv module takes (measured: 0.28 MB, 2,500 rows, 7.3 ms and 6.8 ms;
# 1.1 MB 11.5 ms and 29.1 ms).
COLUMNS_FROM_BYTES = 300_000
# No cell may be longer than this: below the csv module's default limit (131,072), so a file that passes
# reads the same in every program, and far above the longest texts of the bundled packages.
MAX_CELL_CHARS = 100_000


# --- Which folders -----------------------------------------------------------------------------------------

def _package_folders(paths: list[Path] | None, root: Path) -> tuple[list[Path], list[Issue]]:
    """The package folders to check, and issues for anything in a datapackages folder that is not one."""
    if not paths:
        if not root.is_dir():
            raise UsageError(f"There is no datapackages folder at {root}.")
        return [layout.reference_dir(root), *layout.package_dirs(root)], _stray_files(root)
    folders: list[Path] = []
    issues: list[Issue] = []
    for given in paths:
        if not given.exists():
            raise UsageError(f"{given} does not exist. Give a package folder or its {layout.DESCRIPTOR} file.")
        if given.is_file() and given.name != layout.DESCRIPTOR:
            raise UsageError(f"{given} is not a package folder or a {layout.DESCRIPTOR} file.")
        found, stray = _folders_in(given)
        folders += [folder for folder in found if folder not in folders]
        issues += stray
    return folders, issues


def _folders_in(given: Path) -> tuple[list[Path], list[Issue]]:
    """A package folder, or every package of a datapackages folder (one holding a reference package)."""
    if given.is_file():
        return [_absolute(given.parent)], []
    if not (given / layout.DESCRIPTOR).exists() and layout.reference_dir(given).is_dir():
        folders = [layout.reference_dir(given), *layout.package_dirs(given)]
        return [_absolute(folder) for folder in folders], _stray_files(given)
    return [_absolute(given)], []


def _absolute(path: Path) -> Path:
    """The path made absolute; a symbolic link is kept as the link, so that it can be refused."""
    return path.parent.resolve() / path.name if path.is_symlink() else path.resolve()


def _stray_files(root: Path) -> list[Issue]:
    """Files where a package folder should be: a datapackages folder holds package folders (and notes)."""
    stray = [p for p in sorted(root.iterdir()) if not p.is_dir() and not p.name.startswith((".", "_"))
             and p.suffix.lower() != ".md"]
    return [_issue("package-not-folder", _display(p), path=_display(p), folder=_display(root)) for p in stray]


# --- Before reading a file ----------------------------------------------------------------------------------

def _access_problem(folder: Path, path: Path, limit: int, missing_code: str) -> Issue | None:
    """Why a file of the package must not be read (a link, a folder, missing, too big, refused), or None."""
    file = _display(path)
    try:
        link = _link_on_the_way(folder, path)
        if link is not None:
            return _issue("file-is-link", _display(link), path=_display(link), kind="file" if link == path else "folder")
        if path.is_dir():
            return _issue("file-is-folder", file, path=file)
        if not path.is_file():
            return _issue(missing_code, file, path=file)
        size = path.stat().st_size
    except OSError as exc:  # such as a name too long for the file system, or no permission
        return _unreadable(path, exc)
    if size > limit:
        return _issue("file-too-large", file, size=f"{size:,} bytes", limit=_megabytes(limit))
    return None


def _unreadable(path: Path, exc: OSError) -> Issue:
    return _issue("file-unreadable", _display(path), path=_display(path), reason=exc.strerror or type(exc).__name__)


def _bytes_of(path: Path) -> tuple[bytes | None, Issue | None]:
    """A file's bytes, or why the file system would not give them."""
    try:
        return path.read_bytes(), None
    except OSError as exc:
        return None, _unreadable(path, exc)


def _is_file(path: Path) -> bool:
    """Whether the path is a file, False where the file system refuses to say (the read reports why)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _link_on_the_way(folder: Path, path: Path) -> Path | None:
    """The first symbolic link from the package folder (itself included) down to path.

    A link is refused even when it points inside the package: it could point anywhere on the machine
    that runs the checks, and what it points at can change after it is checked.
    """
    if folder.is_symlink():
        return folder
    current = folder
    for part in path.relative_to(folder).parts:
        current /= part
        if current.is_symlink():
            return current
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB" if size >= 1_000_000 else f"{size:,} bytes"


# --- Bytes to text -----------------------------------------------------------------------------------------

_LINE_BREAKS = {str: re.compile(r"\r\n|\r|\n"), bytes: re.compile(rb"\r\n|\r|\n")}


def _line_starts(data: str | bytes) -> list[int]:
    """Where each physical line starts: \\r\\n, \\n and a lone \\r each end a line, as for the csv module."""
    return [0, *(match.end() for match in _LINE_BREAKS[type(data)].finditer(data))]


def _line_at(data: str | bytes, position: int, starts: list[int] | None = None) -> int:
    return bisect.bisect_right(starts or _line_starts(data), position)


def _text_of(data: bytes, file: str) -> tuple[str | None, list[Issue]]:
    """The bytes as UTF-8 text, or None and why they are not text the site can read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(data):
        return None, [_issue("encoding-utf16", file, 1)]
    if b"\0" in data:
        count = data.count(b"\0")
        return None, [_issue("nul-byte", file, _line_at(data, data.index(b"\0")), count=f"{count:,}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [_issue("encoding-error", file, _line_at(data, exc.start), detail=_bad_byte(data, exc))]


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: text in Latin letters has a zero byte in every other place."""
    sample = data[:4096]
    half = len(sample) // 2
    zeros = sorted((sample[0::2].count(0), sample[1::2].count(0)))
    return half >= 2 and zeros[1] > 0.4 * half and zeros[0] < 0.1 * half


def _bad_byte(data: bytes, exc: UnicodeDecodeError) -> str:
    return f"byte 0x{data[exc.start]:02X} on line {_line_at(data, exc.start)} cannot be read"


# --- CSV files ---------------------------------------------------------------------------------------------

def _read_table(folder: Path, source: str, name: str) -> tuple[_Table | None, list[Issue]]:
    """One CSV file of a package as a table, or None and why its rows cannot be checked: its bytes are checked
    (access, size, encoding, quoting) before any row is read."""
    path = folder / source
    file = _display(path)
    problem = _access_problem(folder, path, MAX_FILE_BYTES, "file-missing")
    if problem:
        return None, [problem]
    data, refused = _bytes_of(path)
    if data is None:
        return None, [refused]
    if not data:
        return None, [_issue("file-empty", file)]
    issues = [_issue("utf8-bom", file, 1)] if data.startswith(codecs.BOM_UTF8) else []
    text, found = _text_of(data, file)
    if text is None:
        return None, issues + found
    well_quoted = '"' not in text or bool(_WELL_QUOTED.fullmatch(text))
    try:
        table = _parsed(name, file, source, data, text, well_quoted)
    except csv.Error as exc:
        return None, issues + [_issue("source-error", file, note=str(exc))]
    delimiter = _other_delimiter(table.header)
    if delimiter:  # every line is one cell, so neither the header nor the rows can be checked
        return None, issues + [_issue("wrong-delimiter", file, 1, delimiter=delimiter)]
    found, closed = ([], True) if well_quoted else _quote_issues(text, file, table.header)
    issues += found
    if not closed:
        return None, issues  # the rest of the file reads as one cell, so its rows cannot be checked
    large = _large_cells(file, table.header, table.rows) if _may_hold_large_cells(data, text, table) else []
    if large:
        return None, issues + large
    if not table.count:
        issues.append(_issue("no-rows", file, 2))
    return table, issues


def _parsed(name: str, file: str, source: str, data: bytes, text: str, well_quoted: bool) -> _Table:
    """The table read into columns when the file is plain and large enough, else row by row (`csvread`)."""
    columns = read_columns(data, text, well_quoted) if len(data) >= COLUMNS_FROM_BYTES else split_columns(text)
    if columns is not None:
        return _Table(name, file, source, columns[0], columns=columns[1])
    header, rows = read_rows(text, MAX_FILE_BYTES)
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    return _Table(name, file, source, header, rows)


def _other_delimiter(header: list[str]) -> str | None:
    """Semicolons or tabs, when the header row reads as one column split by them (Excel's "CSV" in many
    languages uses semicolons)."""
    if len(header) != 1:
        return None
    return next((name for char, name in ((";", "semicolons (;)"), ("\t", "tabs")) if char in header[0]), None)


def _column(header: list[str], position: int) -> str | None:
    """The header's name for a column position, if it has a short one."""
    return header[position] if position < len(header) and 0 < len(header[position]) <= 80 else None


def _cell_issue(code: str, file: str, line: int, header: list[str], position: int, **values: object) -> Issue:
    """An issue about one cell, naming its column (by number in the header row itself, or past its end)."""
    name = _column(header, position) if line > 1 else None
    return _issue(code, file, line, name, column=name or f"number {position + 1}", **values)


def _may_hold_large_cells(data: bytes, text: str, table: _Table) -> bool:
    """Whether a cell could be longer than MAX_CELL_CHARS: only in a longer file, and, when each row is one
    line, only on a longer line (a piece between \\n is at least as long as a line, in bytes as in characters)."""
    if len(text) <= MAX_CELL_CHARS:
        return False
    if table.longest_cell is not None:
        return table.longest_cell > MAX_CELL_CHARS
    return physical_lines(text) != table.count + 1 or longest_line(data) > MAX_CELL_CHARS


def _large_cells(file: str, header: list[str], rows: list[tuple[int, list[str]]]) -> list[Issue]:
    return [_cell_issue("cell-too-large", file, line, header, position, length=f"{len(cell):,}",
                        limit=f"{MAX_CELL_CHARS:,}")
            for line, cells in [(1, header), *rows] for position, cell in enumerate(cells)
            if len(cell) > MAX_CELL_CHARS]


# A cell as the csv module reads it: quoted, where a doubled quote stands for one, or without any quote.
# Possessive (*+), as the csv module never reads a doubled quote as a closing quote and an opening one.
_QUOTED = re.compile(r'"(?:[^"]|"")*+"')
_UNQUOTED = re.compile(r'[^",\r\n]*+')
_CELL = rf"(?:{_QUOTED.pattern}|{_UNQUOTED.pattern})"
_SEPARATOR = re.compile(r",|\r\n|\r|\n")
_WELL_QUOTED = re.compile(rf"{_CELL}(?:(?:{_SEPARATOR.pattern}){_CELL})*+")
_TO_SEPARATOR = re.compile(r"[^,\r\n]*+")


def _quote_issues(text: str, file: str, header: list[str]) -> tuple[list[Issue], bool]:
    """Quotes the csv module reads without complaint but other programs read differently, and whether
    every quoted cell is closed (when one is not, the rest of the file reads as that one cell). Only for
    text `_WELL_QUOTED` does not match: well-quoted text has neither."""
    starts, issues, position, column = _line_starts(text), [], 0, 0
    while True:
        line = _line_at(text, position, starts)
        quoted = _QUOTED.match(text, position)
        if quoted is None and text.startswith('"', position):
            return issues + [_cell_issue("unclosed-quote", file, line, header, column)], False
        end = quoted.end() if quoted else _UNQUOTED.match(text, position).end()
        if end < len(text) and not _SEPARATOR.match(text, end):
            detail = ('has more text after its closing double quote (")' if quoted
                      else 'has a double quote (") inside it, but does not start with one')
            issues.append(_cell_issue("stray-quote", file, _line_at(text, end, starts), header, column, detail=detail))
            end = _TO_SEPARATOR.match(text, end).end()  # the csv module reads on to the next comma or line
        separator = _SEPARATOR.match(text, end)
        if separator is None:
            return issues, True
        column = column + 1 if separator.group() == "," else 0
        position = separator.end()


# --- datapackage.json ----------------------------------------------------------------------------------------

def _read_descriptor(folder: Path) -> tuple[dict | None, str, list[Issue]]:
    path = folder / layout.DESCRIPTOR
    file = _display(path)
    problem = _access_problem(folder, path, MAX_DESCRIPTOR_BYTES, "descriptor-missing")
    if problem:
        return None, "", [problem]
    data, refused = _bytes_of(path)
    if data is None:
        return None, "", [refused]
    if not data.strip():
        return None, "", [_issue("descriptor-empty", file)]
    text, issues = _text_of(data, file)
    if text is None:
        return None, "", issues
    return _parse_descriptor(text.removeprefix("\ufeff"), file)


# --- Resource paths ------------------------------------------------------------------------------------------

def _unsafe_reason(path: str) -> str | None:
    """Why a resource path would reach outside the package folder, or None when it is a plain relative path."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", path):
        return "is a web address or names another scheme; only files in the package folder are read"
    if path.startswith(("/", "\\")) or PureWindowsPath(path).is_absolute() or PureWindowsPath(path).drive:
        return "is an absolute path"
    if ".." in PurePosixPath(path.replace("\\", "/")).parts:
        return "uses .. to reach outside the package folder"
    if any(ord(char) < 32 or ord(char) == 127 for char in path):
        return "contains an invisible control character that could hide what it names"
    return None
