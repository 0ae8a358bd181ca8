"""Load data packages into typed pandas tables, keeping each row's file and line.

Parsing only: this module assumes the data has passed `generator.validate`. Every row keeps
`_file` (path relative to the repository) and `_line` (the CSV line where the row starts), so any
number on a page can be traced back to its file and line.
"""
from __future__ import annotations

import collections
import csv
import functools
import io
import itertools
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from generator import paths

# What a correction keeps of the imported row it replaces, for the page that shows both.
PREVIOUS_COLUMNS = ("value", "lower_ci_95", "upper_ci_95", "count", "denominator", "status", "_file", "_line")


@dataclass(frozen=True)
class Package:
    """One data package: its folder, raw descriptor and one DataFrame per resource."""

    folder: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def area_code(self) -> str:
        return self.descriptor.get("area_code", self.folder.name)

    @property
    def illustrative(self) -> bool:
        return bool(self.descriptor.get("illustrative", False))

    def table(self, name: str) -> pd.DataFrame:
        """The resource as a DataFrame; an empty one with the canonical columns when absent."""
        if name in self.tables:
            return self.tables[name]
        return _empty_table(name).copy(deep=False)  # a copy: a caller that adds a column changes only its own

    def observation_records(self, indicator_id: str, area_code: str) -> list[tuple[tuple, str]]:
        """One indicator's observations in one area, in file order, as (named tuple, 'file:line') pairs: pages
        ask for many such slices, so each indicator's rows are made into tuples once, when first asked for."""
        if indicator_id not in self._records_by_indicator:
            observations = self.table("observations")
            rows = observations.iloc[self.indicator_positions.get(indicator_id, [])]
            by_area: dict[str, list[tuple[tuple, str]]] = {}
            for row, source in zip(records(rows), row_sources(rows)):
                by_area.setdefault(row.area_code, []).append((row, source))
            self._records_by_indicator[indicator_id] = by_area
        return self._records_by_indicator[indicator_id].get(area_code, [])

    def has_indicator(self, indicator_id: str) -> bool:
        return indicator_id in self.indicator_positions

    def indicator_rows(self, *indicator_ids: str) -> pd.DataFrame:
        """These indicators' observations, in file order, from the package's grouping of its rows (made once): a
        national page asks this of every package, where comparing the whole table each time would be slow."""
        found = [self.indicator_positions[i] for i in indicator_ids if i in self.indicator_positions]
        positions = found[0] if len(found) == 1 else np.sort(np.concatenate(found)) if found else []
        return self.table("observations").iloc[positions]

    def once(self, make):
        """make(self), worked out when first asked and kept with the package, for what pages ask of one package
        many times (its published self-assessments, say). make reads the package alone; callers never change
        what it gives."""
        if make not in self._once:
            self._once[make] = make(self)
        return self._once[make]

    @functools.cached_property
    def _once(self) -> dict:
        return {}

    @functools.cached_property
    def _records_by_indicator(self) -> dict[str, dict[str, list[tuple[tuple, str]]]]:
        return {}

    @functools.cached_property
    def indicator_positions(self) -> dict[str, object]:
        observations = self.table("observations")
        return observations.groupby("indicator_id", sort=False).indices if len(observations) else {}


@dataclass(frozen=True)
class Dataset:
    """The reference package and every ICS (or England) package."""

    reference: Package
    packages: list[Package]

    def package(self, area_code: str) -> Package | None:
        return next((p for p in self.packages if p.area_code == area_code), None)

    def combined(self, name: str) -> pd.DataFrame:
        """One resource stacked across all packages, with a `package` column (the area code)."""
        return stacked(self.packages, name)


def stacked(packages: list[Package], name: str) -> pd.DataFrame:
    """One resource stacked across these packages, with a `package` column (the area code)."""
    frames = [p.table(name).assign(package=p.area_code) for p in packages]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def records(frame: pd.DataFrame) -> list[tuple]:
    """The rows as named tuples, as `itertuples(index=False)` gives them, with one tuple type per set of columns
    rather than a new one per call (making the type is most of itertuples' cost on a small table)."""
    kind = _record_type(tuple(frame.columns))
    # Each column as Python objects at once (a text column read cell by cell costs a call per cell).
    columns = [frame[column].to_numpy(dtype=object).tolist() for column in frame.columns]
    return [kind._make(row) for row in zip(*columns)] if columns else []


@functools.lru_cache(maxsize=256)
def _record_type(columns: tuple) -> type:
    return collections.namedtuple("Row", columns, rename=True)


@functools.cache
def _empty_table(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=list(_canonical_columns(name)))


@functools.cache
def _ics_schema(name: str) -> dict:
    """The repository's Table Schema of an ICS resource, read once per build (callers only read it)."""
    return read_json(paths.schema_path(f"ics-{name}"))


def _canonical_columns(name: str) -> tuple[str, ...]:
    """The columns of an ICS resource as the repository's schema names them."""
    return tuple(f["name"] for f in _ics_schema(name)["fields"]) + ("_file", "_line")


def ics_table_title(name: str) -> str:
    """An ICS table's plain name, as its Table Schema titles it (for example 'Self-assessment ratings')."""
    return _ics_schema(name).get("title", name)


def read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def read_csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (starting line number, cells) for each row; line numbers count from 1."""
    rows: list[tuple[int, list[str]]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        start = reader.line_num + 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    return header, rows


def load_table(csv_path: Path, schema: dict, repo_root: Path = paths.ROOT) -> pd.DataFrame:
    """Read a CSV into a DataFrame typed by its Table Schema, with `_file` and `_line` columns."""
    numbers = {f["name"]: NUMBER_TYPES[f["type"]] for f in schema["fields"] if f.get("type") in NUMBER_TYPES}
    frame, lines, parsed = _read_cells(csv_path, numbers)
    for fld in schema["fields"]:
        name = fld["name"]
        if name not in frame:
            frame[name] = ""
        if name not in parsed:
            frame[name] = _convert(frame[name], fld.get("type", "string"))
    frame["_file"] = pd.Series(_relative(csv_path, repo_root), index=frame.index, dtype=object)
    frame["_line"] = lines
    return frame


NUMBER_TYPES = {"number": "float64", "integer": "Int64"}  # Table Schema's types of numbers, as pandas holds them


def _read_cells(csv_path: Path, numbers: dict[str, str] | None = None) -> tuple[pd.DataFrame, list[int], frozenset[str]]:
    """Every cell as text, except the columns `numbers` gives a dtype, which pandas' C parser reads as numbers
    where it reads every cell as `_convert` would (the columns it read are returned); and the line each row starts
    on.
    A file whose rows are one line each (no quoted line break, no carriage return, no blank line) reads the same
    in the C parser, many times quicker on a large table; any other file is read by the csv module, which counts
    the lines of rows with quoted line breaks."""
    data = csv_path.read_bytes()
    if _one_line_a_row(data):
        for typed in (numbers, {}) if numbers else ({},):
            try:
                frame = pd.read_csv(io.BytesIO(data), engine="c", skip_blank_lines=False, index_col=False,
                                    na_filter=bool(typed), dtype=collections.defaultdict(lambda: object, typed),
                                    keep_default_na=False, na_values={name: [""] for name in typed})
            except (pd.errors.ParserError, ValueError, TypeError, OverflowError):
                continue  # text "NaN" (not a number to the C parser), or a row longer than the header
            parsed = frozenset(typed) & set(frame.columns)
            if not any(_negative_zero(frame[name]) for name in parsed):  # "-0", which _convert reads as 0.0
                return frame, list(range(2, len(frame) + 2)), parsed
    header, rows = read_csv_rows(csv_path)
    frame = pd.DataFrame([cells for _, cells in rows], columns=header, dtype=object)
    return frame, [line for line, _ in rows], frozenset()


def _negative_zero(column: pd.Series) -> bool:
    values = column.to_numpy()
    return bool(np.signbit(values[values == 0]).any())


def _one_line_a_row(data: bytes) -> bool:
    if b"\r" in data or b"\n\n" in data or data.startswith((b"\xef\xbb\xbf", b"\n")):
        return False
    if b'"' not in data:
        return True
    bytes_ = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(bytes_ == ord('"'))
    if len(quotes) % 2:
        return False
    lines_before = np.searchsorted(np.flatnonzero(bytes_ == ord("\n")), quotes)  # a quoted cell spans no line end
    return bool((lines_before[0::2] == lines_before[1::2]).all())


def load_package(folder: Path, *, ics: bool, root: Path = paths.DATAPACKAGES) -> Package:
    descriptor = read_json(folder / paths.DESCRIPTOR)
    tables = {}
    for resource in descriptor.get("resources", []):
        name = resource["name"]
        schema = read_json(paths.schema_path(f"ics-{name}" if ics else name, root))
        tables[name] = load_table(folder / resource["path"], schema, root.parent)
    if "corrections" in tables and "observations" in tables:
        key = read_json(paths.schema_path("ics-observations", root))["primaryKey"]
        tables["observations"], tables["corrections"] = apply_corrections(tables["observations"], tables["corrections"], key)
    return Package(folder=folder, descriptor=descriptor, tables=tables)


def apply_corrections(observations: pd.DataFrame, corrections: pd.DataFrame,
                      key: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations with each row a team corrected replaced by its row of corrections.csv (which then
    names that file and line as its source), and the corrections with what they replaced as previous_*.

    Imported files are never edited by hand (the next import would undo it): corrections.csv is the
    team's declared route, kept beside them, so the import stays reproducible and the change stays visible.
    A correction matching no row is refused by the validator; here it is left out.
    """
    where = {k: i for i, k in enumerate(observations[key].itertuples(index=False, name=None))}
    found = [where.get(k) for k in corrections[key].itertuples(index=False, name=None)]
    matched = corrections[[i is not None for i in found]].reset_index(drop=True)
    rows = [i for i in found if i is not None]
    corrected = observations.copy()
    if rows:
        columns = list(observations.columns)
        corrected.iloc[rows, [columns.index(c) for c in columns]] = matched[columns].to_numpy(dtype=object)
        corrected = corrected.astype(observations.dtypes.to_dict())
    previous = observations.iloc[rows][list(PREVIOUS_COLUMNS)].reset_index(drop=True)
    return corrected, matched.join(previous.rename(columns=lambda c: "previous_" + c.lstrip("_")))


def load_dataset(root: Path = paths.DATAPACKAGES, *, cache: bool = False, processes: int = 1) -> Dataset:
    """Every package under root; with cache, a package whose files have not changed since a build read it is
    taken from generator.load_cache instead of parsed again (the same result). processes: with 2 or more, a
    forked process reads every other package meanwhile (parsing a large table is slow; sending it back is not)."""
    folders = paths.package_dirs(root)
    reference = _load(paths.reference_dir(root), False, root, cache)
    if processes > 1 and len(folders) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_load_all, folders[1::2], root, cache)
            mine = _load_all(folders[0::2], root, cache)
            packages = [p for pair in itertools.zip_longest(mine, theirs.result()) for p in pair if p is not None]
    else:
        packages = _load_all(folders, root, cache)
    if cache:
        from generator import load_cache
        load_cache.prune()
    return Dataset(reference=reference, packages=packages)


PARALLEL_FROM = 8  # packages: fewer are read quicker than a process starts


def _load_all(folders: list[Path], root: Path, cache: bool) -> list[Package]:
    return [_load(folder, True, root, cache) for folder in folders]


def _load(folder: Path, ics: bool, root: Path, cache: bool) -> Package:
    if cache:
        from generator import load_cache
        return load_cache.cached_package(folder, ics=ics, root=root)
    return load_package(folder, ics=ics, root=root)


def row_sources(frame: pd.DataFrame) -> list[str]:
    """'datapackages/E54000037/observations.csv:12' for each row (loaded rows keep `_file` and `_line`);
    empty where a row has no data behind it (for example a period England has no figure for)."""
    if "_file" not in frame:
        return [""] * len(frame)
    return [f"{file}:{int(line)}" if isinstance(file, str) and file and isinstance(line, (int, float)) and line == line
            else "" for file, line in zip(frame["_file"].tolist(), frame["_line"].tolist())]


def _convert(column: pd.Series, field_type: str) -> pd.Series:
    if field_type == "number":
        return pd.to_numeric(column.replace("", None), errors="coerce").astype("float64")
    if field_type == "integer":
        return pd.to_numeric(column.replace("", None), errors="coerce").astype("Int64")
    if field_type == "boolean":
        return column.map({"true": True, "false": False}).astype("boolean")
    # Strings and ISO dates stay text: sorting ISO dates as text is correct and deterministic. Held as Python
    # strings (object dtype), not pandas' string dtype, whose cells cost a call each to read back out.
    return column.fillna("").astype(str).astype(object)


def _relative(path: Path, repo_root: Path) -> str:
    try:
        return path.resolve().relative_to(repo_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
