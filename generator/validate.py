"""Check data packages and explain every problem in plain English: file, line, column, what, how to fix.

Three layers, each reporting through the catalogue in `generator.messages`:
1. our own checks of each folder, datapackage.json and the raw bytes of each CSV (these never reach
   frictionless when they would make it fail badly: unsafe paths, missing or empty files, wrong encoding);
2. frictionless, run on each package with the canonical schema from datapackages/reference/schemas
   attached to every resource, its errors translated by `error.type`;
3. rules a Table Schema cannot express: references into the reference package, confidence intervals,
   statuses and figures, small-count suppression and period forms.
Line numbers are the physical CSV lines where rows start, counted with the csv module, because
frictionless counts rows, not lines, and the two differ when a quoted cell holds a line break.
"""
from __future__ import annotations

import codecs
import csv
import difflib
import functools
import json
import math
import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from generator import paths as layout
from generator.load import ICS_RESOURCES, read_csv_rows
from generator.messages import CONSTRAINT_CODES, FRICTIONLESS_CODES, ISSUE_TYPES, PATTERN_HINTS, TYPE_PHRASES

# frictionless stops at 1,000 errors per file by default; a shifted column in a 60,000-row file can
# exceed that, and contributors should see the full extent of a problem.
LIMIT_ERRORS = 100_000
# Worker processes halve the time for the ~45 bundled packages on two cores; for a handful of
# packages, starting them costs more than it saves.
PARALLEL_FROM = 8
MAX_WORKERS = 4
# Text output shows this many problems per file; json and github formats list every one.
TEXT_SHOWN_PER_FILE = 100
LIST_COLUMNS = ("community_groups", "indicators", "category_ids")
FIGURE_COLUMNS = ("value", "lower_ci_95", "upper_ci_95", "count")
FORMATS = ("text", "json", "github")


class UsageError(Exception):
    """The command was given something that is not a package (exit code 2, not a data problem)."""


@dataclass(frozen=True)
class Issue:
    code: str
    file: str
    line: int | None
    field: str | None
    message: str
    fix: str

    @property
    def title(self) -> str:
        return ISSUE_TYPES[self.code].title

    def sort_key(self) -> tuple:
        return self.file, self.line or 0, self.field or "", self.code, self.message


@dataclass
class ValidationReport:
    issues: list[Issue]
    packages_checked: int

    @property
    def valid(self) -> bool:
        return not self.issues


def validate_paths(paths: list[Path] | None, root: Path = layout.DATAPACKAGES) -> ValidationReport:
    """Validate the given package folders (or datapackage.json files), or every package under root.

    Cross-package checks use the reference package given among the paths, else the one under root.
    Raises UsageError when a path does not exist or is not a package.
    """
    folders = _package_folders(paths, root)
    reference_folder = next((f for f in folders if f.name == layout.REFERENCE_NAME), layout.reference_dir(root))
    issues: set[Issue] = set()
    reference = _Reference.load(reference_folder, issues)
    issues.update(_validate_packages(folders, reference, reference_folder))
    return ValidationReport(sorted(issues, key=Issue.sort_key), len(folders))


def render_report(report: ValidationReport, fmt: str = "text") -> str:
    """The report as text for people, a JSON list for programs, or GitHub workflow commands."""
    if fmt == "json":
        return json.dumps([_issue_dict(i) for i in report.issues], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join([_github_line(i) for i in report.issues] + [_summary(report)])
    if fmt == "text":
        return _text(report)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _validate_packages(folders: list[Path], reference: _Reference, reference_folder: Path) -> list[Issue]:
    """Every package's issues, in worker processes when there are many: frictionless is CPU-bound."""
    jobs = [(folder, reference, folder == reference_folder) for folder in folders]
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    # Forked workers inherit the loaded modules; spawned ones would re-run `python -m generator`.
    if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [issue for job in jobs for issue in _validate_job(job)]
    import frictionless  # noqa: F401  imported once here, so forked workers need not each import it

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return [issue for found in pool.map(_validate_job, jobs) for issue in found]


def _validate_job(job: tuple[Path, _Reference, bool]) -> list[Issue]:
    folder, reference, is_reference = job
    return _validate_package(folder, reference, is_reference=is_reference)


# --- Which folders -----------------------------------------------------------------------------------------

def _package_folders(paths: list[Path] | None, root: Path) -> list[Path]:
    if not paths:
        if not root.is_dir():
            raise UsageError(f"There is no datapackages folder at {root}.")
        return [layout.reference_dir(root), *layout.package_dirs(root)]
    folders: list[Path] = []
    for given in paths:
        if not given.exists():
            raise UsageError(f"{given} does not exist. Give a package folder or its {layout.DESCRIPTOR} file.")
        if given.is_file() and given.name != layout.DESCRIPTOR:
            raise UsageError(f"{given} is not a package folder or a {layout.DESCRIPTOR} file.")
        for folder in _folders_in(given):
            if folder not in folders:
                folders.append(folder)
    return folders


def _folders_in(given: Path) -> list[Path]:
    """A package folder, or every package of a datapackages folder (one holding a reference package)."""
    if given.is_file():
        return [given.parent.resolve()]
    if not (given / layout.DESCRIPTOR).exists() and layout.reference_dir(given).is_dir():
        return [layout.reference_dir(given).resolve(), *(p.resolve() for p in layout.package_dirs(given))]
    return [given.resolve()]


# --- Issues ------------------------------------------------------------------------------------------------

def _display(path: Path) -> str:
    """Path relative to the repository when inside it, so messages match what contributors see in git."""
    try:
        return path.resolve().relative_to(layout.ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def _issue(code: str, file: str, line: int | None = None, field: str | None = None, **values: object) -> Issue:
    message, fix = ISSUE_TYPES[code].render(field=field or "", line=line or "", **values)
    return Issue(code, file, line, field, message, fix)


def _shown(value: object, limit: int = 80) -> str:
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(values: Iterable[str], limit: int = 12) -> str:
    items = sorted(values)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# --- Reading files -----------------------------------------------------------------------------------------

@dataclass
class _Table:
    """One CSV file as the csv module reads it: header, and each row with the line it starts on."""

    name: str
    file: str
    source: str  # the path as datapackage.json gives it, relative to the package folder
    header: list[str]
    rows: list[tuple[int, list[str]]]

    def line_of(self, row_number: int | None) -> int | None:
        """Physical line of a frictionless row number (the header is row 1)."""
        if row_number is None:
            return None
        index = row_number - 2
        return self.rows[index][0] if 0 <= index < len(self.rows) else None

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, cells in self.rows:
            if any(cell.strip() for cell in cells):
                yield line, dict(zip(self.header, cells))


def _read_table(folder: Path, source: str, name: str) -> tuple[_Table | None, list[Issue]]:
    path = folder / source
    file = _display(path)
    if not path.is_file():
        return None, [_issue("file-missing", file, path=file)]
    data = path.read_bytes()
    if not data:
        return None, [_issue("file-empty", file)]
    issues = [_issue("utf8-bom", file, 1)] if data.startswith(codecs.BOM_UTF8) else []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, issues + [_issue("encoding-error", file, line, detail=_bad_byte(data, exc))]
    try:
        header, rows = read_csv_rows(path)
    except csv.Error as exc:
        return None, issues + [_issue("source-error", file, note=str(exc))]
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    return _Table(name, file, source, header, rows), issues


def _bad_byte(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    return f"byte 0x{data[exc.start]:02X} on line {line} cannot be read"


def _read_descriptor(folder: Path) -> tuple[dict | None, str, list[Issue]]:
    path = folder / layout.DESCRIPTOR
    file = _display(path)
    if not path.is_file():
        return None, "", [_issue("descriptor-missing", file)]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, "", [_issue("encoding-error", file, data.count(b"\n", 0, exc.start) + 1,
                                 detail=_bad_byte(data, exc))]
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, text, [_issue("descriptor-invalid-json", file, exc.lineno, error=exc.msg, column=exc.colno)]
    if not isinstance(descriptor, dict):
        return None, text, [_issue("descriptor-not-object", file, 1, kind=_json_kind(descriptor))]
    return descriptor, text, []


def _json_kind(value: object) -> str:
    kinds = {list: "a list", str: "text", bool: "true or false", int: "a number", float: "a number", dict: "an object"}
    return "nothing (null)" if value is None else kinds.get(type(value), type(value).__name__)


def _json_line(text: str, *needles: str) -> int | None:
    """First line of datapackage.json holding all the needles, to point a contributor near a property."""
    for number, line in enumerate(text.splitlines(), start=1):
        if all(needle in line for needle in needles):
            return number
    return None


# --- The reference package: lookups for cross-package checks -------------------------------------------------

@dataclass
class _Lookup:
    values: set[str]
    file: str
    extra: dict[str, str] = field(default_factory=dict)

    def allowed(self) -> str:
        return _listing(self.values)


@dataclass(eq=False)  # compared by identity, so its lookups can be cached per run
class _Reference:
    folder: Path
    descriptor: dict
    tables: dict[str, _Table]

    @classmethod
    def load(cls, folder: Path, issues: set[Issue]) -> _Reference:
        descriptor, _, found = _read_descriptor(folder)
        issues.update(found)
        tables = {}
        for name, source in _reference_table_paths(descriptor or {}).items():
            table, found = _read_table(folder, source, name)
            issues.update(found)
            if table is not None:
                tables[name] = table
        return cls(folder, descriptor or {}, tables)

    def column(self, table: str, column: str, **where: str) -> set[str] | None:
        if table not in self.tables:
            return None
        return {row.get(column, "") for _, row in self.tables[table].records()
                if all(row.get(k) == v for k, v in where.items())} - {""}

    def file(self, table: str) -> str:
        return self.tables[table].file if table in self.tables else _display(self.folder / f"{table}.csv")

    @functools.cache
    def lookups(self) -> dict[str, _Lookup]:
        """Each shared list a package's columns refer to; lists whose file could not be read are left out."""
        phases = self.column("framework_phases", "phase_number")
        subtopics = self.column("framework_subtopics", "subtopic_code")
        found = {
            "indicators": ("indicators", self.column("indicators", "indicator_id")),
            "categories": ("categories", self.column("categories", "category_id")),
            "age_categories": ("categories", self.column("categories", "category_id", dimension_id="age")),
            "statuses": ("observation_statuses", self.column("observation_statuses", "status")),
            "levels": ("maturity_levels", self.column("maturity_levels", "level")),
            "groups": ("community_groups", self.column("community_groups", "group_id")),
            "action_statuses": ("action_statuses", self.column("action_statuses", "status")),
            "subtopics": ("framework_subtopics", None if phases is None or subtopics is None else subtopics | phases),
        }
        lookups = {key: _Lookup(values, self.file(table)) for key, (table, values) in found.items() if values is not None}
        if "subtopics" in lookups:
            lookups["subtopics"].extra = {"allowed": _listing(subtopics), "phases": _listing(phases)}
        return lookups

    @functools.cache
    def areas(self) -> dict[str, dict[str, str]] | None:
        if "areas" not in self.tables:
            return None
        return {row.get("area_code", ""): row for _, row in self.tables["areas"].records()}

    @functools.cache
    def statuses_with_value(self) -> dict[str, bool] | None:
        if "observation_statuses" not in self.tables:
            return None
        return {row.get("status", ""): row.get("has_value") == "true"
                for _, row in self.tables["observation_statuses"].records()}

    @functools.cache
    def period_types(self) -> dict[str, dict] | None:
        if "period_types" not in self.tables:
            return None
        found = {}
        for _, row in self.tables["period_types"].records():
            try:
                found[row.get("period_type", "")] = {**row, "regex": re.compile(row.get("pattern", ""))}
            except re.error:
                continue  # reported when the reference package itself is validated
        return found

    @functools.cache
    def indicators_not_counting_people(self) -> set[str]:
        """Indicators whose counts are of areas, not people, so disclosure control does not apply."""
        if "indicators" not in self.tables:
            return set()
        return {row.get("indicator_id", "") for _, row in self.tables["indicators"].records()
                if row.get("counts_people", "").strip() == "false"}

    @functools.cache
    def indicator_period_types(self) -> dict[str, str] | None:
        if "indicators" not in self.tables:
            return None
        return {row.get("indicator_id", ""): row.get("period_type", "") for _, row in self.tables["indicators"].records()}

    def disclosure_range(self) -> tuple[int, int] | None:
        control = self.descriptor.get("disclosure_control")
        if not isinstance(control, dict):
            return None
        low, high = control.get("suppress_counts_from"), control.get("suppress_counts_to")
        return (low, high) if isinstance(low, int) and isinstance(high, int) else None


def _reference_table_paths(descriptor: dict) -> dict[str, str]:
    resources = descriptor.get("resources")
    listed = [(r.get("name"), r.get("path")) for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []
    return {name: path for name, path in listed
            if isinstance(name, str) and isinstance(path, str) and _unsafe_reason(path) is None}


# --- One package -------------------------------------------------------------------------------------------

@dataclass
class _Package:
    folder: Path
    descriptor: dict
    text: str
    is_reference: bool
    reference: _Reference
    file: str = ""

    def __post_init__(self) -> None:
        self.file = _display(self.folder / layout.DESCRIPTOR)

    @property
    def allowed_resources(self) -> list[str]:
        if not self.is_reference:
            return list(ICS_RESOURCES)
        schemas = self.reference.folder / "schemas"
        return sorted(p.stem for p in schemas.glob("*.json") if not p.stem.startswith("ics-"))

    def schema_path(self, name: str) -> Path:
        return self.reference.folder / "schemas" / (f"{name}.json" if self.is_reference else f"ics-{name}.json")

    def at(self, code: str, *needles: str, field: str | None = None, **values: object) -> Issue:
        """An issue in datapackage.json, pointing at the first line that holds the needles."""
        line = _json_line(self.text, *needles) if needles else None
        return _issue(code, self.file, line, field, **values)


def _validate_package(folder: Path, reference: _Reference, *, is_reference: bool) -> list[Issue]:
    descriptor, text, issues = _read_descriptor(folder)
    if descriptor is None:
        return issues
    package = _Package(folder, descriptor, text, is_reference, reference)
    issues += _check_descriptor(package)
    resources, found = _usable_resources(package)
    issues += found
    tables: dict[str, tuple[_Table, dict]] = {}
    for name, source, schema in resources:
        table, found = _read_table(folder, source, name)
        issues += found
        if table is not None:
            header_issues, rows_checkable = _check_header(table, schema)
            issues += header_issues
            if rows_checkable:
                tables[name] = (table, schema)
    issues += _frictionless_issues(package, tables)
    issues += _domain_issues(package, tables)
    return issues


# --- datapackage.json ----------------------------------------------------------------------------------------

_EXAMPLES = {
    "version": '"1.0.0"',
    "licenses": '[{"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0", "path": '
                '"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}]',
    "sources": '[{"id": "fingertips", "title": "OHID Fingertips", "path": "https://fingertips.phe.org.uk/"}]',
    "resources": '[{"name": "observations", "path": "observations.csv", "schema": {...}}]',
    "illustrative": "false",
    "disclosure_control": '{"suppress_counts_from": 1, "suppress_counts_to": 7}',
}
_KINDS = {list: "a list", str: "text", dict: "an object"}


def _check_descriptor(package: _Package) -> list[Issue]:
    wanted = {"version": str, "licenses": list, "resources": list}
    if package.is_reference:
        wanted["disclosure_control"] = dict
    else:
        wanted |= {"area_code": str, "illustrative": bool, "sources": list}
    issues = [issue for key, kind in wanted.items() for issue in _check_property(package, key, kind)]
    if package.is_reference:
        return issues + _check_disclosure(package)
    return issues + _check_area(package) + _check_sources(package)


def _check_property(package: _Package, key: str, kind: type) -> list[Issue]:
    example = _EXAMPLES.get(key, f'"{package.folder.name}"')
    value = package.descriptor.get(key)
    if value is None or value == [] or value == "":
        return [package.at("property-missing", field=key, property=key, example=example)]
    if isinstance(value, kind):
        return []
    if kind is bool:
        return [package.at("illustrative-not-boolean", f'"{key}"', field=key, value=json.dumps(value))]
    return [package.at("property-wrong-type", f'"{key}"', field=key, property=key, expected=_KINDS[kind],
                       actual=_json_kind(value), example=example)]


def _check_disclosure(package: _Package) -> list[Issue]:
    control = package.descriptor.get("disclosure_control")
    if not isinstance(control, dict) or package.reference.disclosure_range() is not None:
        return []
    return [package.at("property-wrong-type", '"disclosure_control"', field="disclosure_control",
                       property="disclosure_control", expected="an object with two whole numbers",
                       actual="something else", example=_EXAMPLES["disclosure_control"])]


def _check_area(package: _Package) -> list[Issue]:
    code = package.descriptor.get("area_code")
    if not isinstance(code, str) or not code:
        return []
    issues = []
    if code != package.folder.name:
        issues.append(package.at("area-code-mismatch", '"area_code"', field="area_code", value=code,
                                 folder=package.folder.name))
    areas = package.reference.areas()
    if areas is None:
        return issues
    if code not in areas:
        return issues + [package.at("area-unknown", '"area_code"', field="area_code", value=code,
                                    reference_file=package.reference.file("areas"))]
    illustrative = package.descriptor.get("illustrative")
    fictional = areas[code].get("is_fictional") == "true"
    if isinstance(illustrative, bool) and illustrative != fictional:
        issues.append(package.at("illustrative-mismatch", '"illustrative"', field="illustrative",
                                 value=json.dumps(illustrative), area=code, expected=json.dumps(fictional),
                                 kind="a fictional" if fictional else "a real"))
    return issues


def _check_sources(package: _Package) -> list[Issue]:
    sources = package.descriptor.get("sources")
    if not isinstance(sources, list):
        return []
    issues, seen = [], set()
    for number, source in enumerate(sources, start=1):
        source = source if isinstance(source, dict) else {}
        for key in ("id", "title", "path"):
            if not isinstance(source.get(key), str) or not source[key].strip():
                issues.append(package.at("source-incomplete", '"sources"', field=f"sources[{number}].{key}",
                                         number=number, property=key))
        source_id = source.get("id")
        if isinstance(source_id, str) and source_id in seen:
            issues.append(package.at("source-duplicate-id", f'"{source_id}"', field=f"sources[{number}].id",
                                     value=source_id))
        seen.add(source_id)
    return issues


def _source_ids(package: _Package) -> set[str]:
    sources = package.descriptor.get("sources")
    return {s["id"] for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)} if isinstance(sources, list) else set()


# --- Resources -------------------------------------------------------------------------------------------

def _usable_resources(package: _Package) -> tuple[list[tuple[str, str, dict]], list[Issue]]:
    """Resources that are safe and known, each with its canonical schema; issues for the rest."""
    resources = package.descriptor.get("resources")
    if not isinstance(resources, list):
        return [], []
    usable, issues, seen = [], [], set()
    for number, resource in enumerate(resources, start=1):
        problem = _resource_problem(package, number, resource, seen)
        if problem:
            issues.append(problem)
            continue
        name, path = resource["name"], resource["path"]
        seen.add(name)
        schema = _canonical_schema(package, name)
        if schema is None:
            continue
        mismatch = _schema_mismatch(package, number, name, resource.get("schema"), schema)
        issues += [mismatch] if mismatch else []
        usable.append((name, path, schema))
    listed = {r.get("name") for r in resources if isinstance(r, dict)}
    issues += _missing_related(package, usable, listed)
    return usable, issues


def _resource_problem(package: _Package, number: int, resource: object, seen: set[str]) -> Issue | None:
    field_prefix = f"resources[{number}]"
    if not isinstance(resource, dict):
        return package.at("resource-incomplete", field=field_prefix, number=number, property="name")
    for key in ("name", "path"):
        if not isinstance(resource.get(key), str) or not resource[key]:
            return package.at("resource-incomplete", field=f"{field_prefix}.{key}", number=number, property=key)
    name, path = resource["name"], resource["path"]
    if name not in package.allowed_resources:
        return package.at("resource-unknown", f'"{name}"', field=f"{field_prefix}.name", value=name,
                          allowed=", ".join(package.allowed_resources))
    if name in seen:
        return package.at("resource-duplicate", f'"{name}"', field=f"{field_prefix}.name", value=name)
    reason = _unsafe_reason(path)
    if reason:
        return package.at("path-unsafe", json.dumps(path)[1:-1], field=f"{field_prefix}.path", resource=name,
                          value=path, reason=reason)
    return None


def _unsafe_reason(path: str) -> str | None:
    """Why a resource path would reach outside the package folder, or None when it is a plain relative path."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", path):
        return "is a web address or names another scheme; only files in the package folder are read"
    if path.startswith(("/", "\\")) or PureWindowsPath(path).is_absolute() or PureWindowsPath(path).drive:
        return "is an absolute path"
    if ".." in PurePosixPath(path.replace("\\", "/")).parts:
        return "uses .. to reach outside the package folder"
    return None


def _canonical_schema(package: _Package, name: str) -> dict | None:
    try:
        return json.loads(package.schema_path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a broken canonical schema is the reference package's problem, reported there


def _schema_mismatch(package: _Package, number: int, name: str, given: object, canonical: dict) -> Issue | None:
    canonical_file = _display(package.schema_path(name))
    if package.is_reference and given == f"schemas/{name}.json":
        return None
    if given == canonical:
        return None
    return package.at("schema-mismatch", f'"{name}"', field=f"resources[{number}].schema", resource=name,
                      canonical=canonical_file, difference=_schema_difference(given, canonical))


def _schema_difference(given: object, canonical: dict) -> str:
    if not isinstance(given, dict):
        return "there is no inline schema" if given is None else f"it is {_json_kind(given)}, not a copy of the schema"
    given_fields = {f.get("name"): f for f in given.get("fields", []) if isinstance(f, dict)}
    notes = [f'field "{f["name"]}" is missing' for f in canonical["fields"] if f["name"] not in given_fields]
    canonical_fields = {f["name"]: f for f in canonical["fields"]}
    notes += [f'field "{n}" is not in the canonical schema' for n in given_fields if n not in canonical_fields]
    notes += [f'field "{n}" differs' for n, f in canonical_fields.items() if n in given_fields and given_fields[n] != f]
    if not notes and [f.get("name") for f in given.get("fields", [])] != list(canonical_fields):
        notes.append("the fields are in a different order")
    notes += [f"{key} differs" for key in sorted(set(given) | set(canonical)) if key != "fields"
              and given.get(key) != canonical.get(key)]
    return "; ".join(notes[:4]) + ("; and more" if len(notes) > 4 else "")


def _missing_related(package: _Package, usable: list[tuple[str, str, dict]], listed: set[str]) -> list[Issue]:
    issues = []
    for name, path, schema in usable:
        for key in schema.get("foreignKeys", []):
            target = key["reference"]["resource"]
            if target and target not in listed:
                issues.append(_issue("related-resource-missing", _display(package.folder / path), target=target,
                                     fields=", ".join(key["fields"])))
    return issues


# --- Header row ------------------------------------------------------------------------------------------

def _check_header(table: _Table, schema: dict) -> tuple[list[Issue], bool]:
    """Issues with the column names, and whether the rows can still be matched to columns."""
    names = [f["name"] for f in schema["fields"]]
    expected = ", ".join(names)
    if not any(label.strip() for label in table.header):
        return [_issue("header-missing", table.file, 1, expected=expected)], False
    issues, seen, checkable = [], set(), True
    for position, label in enumerate(table.header, start=1):
        if not label.strip():
            issues.append(_issue("blank-column-name", table.file, 1, position=position))
            checkable = False
        elif label in seen:
            issues.append(_issue("duplicate-column", table.file, 1, label, value=label))
            checkable = False
        elif label not in names:
            issues.append(_unknown_column(table, label, names))
        seen.add(label)
    issues += [_issue("missing-column", table.file, 1, name, expected=expected) for name in names if name not in seen]
    if not checkable and table.rows:
        issues.append(_issue("rows-not-checked", table.file, table.rows[0][0]))
    return issues, checkable


def _unknown_column(table: _Table, label: str, names: list[str]) -> Issue:
    close = difflib.get_close_matches(label.strip().lower(), names, n=1)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    return _issue("unknown-column", table.file, 1, label, value=label, hint=hint, expected=", ".join(names))


# --- frictionless ----------------------------------------------------------------------------------------

def _frictionless_issues(package: _Package, tables: dict[str, tuple[_Table, dict]]) -> list[Issue]:
    if not tables:
        return []
    from frictionless import FrictionlessException, Package  # slow to import; only when needed

    resources = [{"name": name, "path": table.source, "format": "csv", "encoding": "utf-8",
                  "schema": _schema_for(table, schema, set(tables))} for name, (table, schema) in tables.items()]
    try:
        # Not trusted: frictionless keeps refusing unsafe paths even though ours were checked already.
        checked = Package({"name": "package", "resources": resources}, basepath=str(package.folder))
        report = checked.validate(limit_errors=LIMIT_ERRORS)
    except FrictionlessException as exc:
        return [_translate(exc.error, None, {}, tables, package.file)]
    issues = [_translate(error, None, {}, tables, package.file) for error in report.errors]
    for task in report.tasks:
        table, schema = tables[task.name]
        issues += _task_issues(task, table, schema, tables)
    return issues


def _schema_for(table: _Table, schema: dict, present: set[str]) -> dict:
    """The canonical schema, less keys frictionless cannot check here (they are reported separately).

    Columns are matched by name ("partial"), so a reordered file is fine; missing and unknown columns
    were reported from the header already.
    """
    columns = set(table.header)
    keys = [k for k in schema.get("foreignKeys", [])
            if (not k["reference"]["resource"] or k["reference"]["resource"] in present)
            and set(k["fields"]) <= columns]
    trimmed = {**schema, "foreignKeys": keys, "fieldsMatch": "partial"}
    if not set(schema.get("primaryKey", [])) <= columns:
        trimmed.pop("primaryKey")
    if not keys:
        trimmed.pop("foreignKeys")
    return trimmed


def _task_issues(task, table: _Table, schema: dict, tables: dict) -> list[Issue]:
    blank_rows = {e.row_number for e in task.errors if e.type == "blank-row"}
    issues = [_translate(error, table, schema, tables, table.file) for error in task.errors
              if error.type == "blank-row" or getattr(error, "row_number", None) not in blank_rows]
    if any(w.startswith("reached error limit") for w in task.warnings):
        last = max((getattr(e, "row_number", 0) or 0 for e in task.errors), default=0)
        issues.append(_issue("too-many-problems", table.file, table.line_of(last), limit=f"{LIMIT_ERRORS:,}",
                             remaining=f"{max(len(table.rows) - (last - 1), 0):,}"))
    return issues


def _translate(error, table: _Table | None, schema: dict, tables: dict, file: str) -> Issue:
    """One frictionless error as an issue, chosen by its type; unknown types keep frictionless' message."""
    code = FRICTIONLESS_CODES.get(error.type, "frictionless-other")
    if error.type == "constraint-error":
        code = _constraint_code(error.note)
    field_name = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", [])) or None
    line = table.line_of(getattr(error, "row_number", None)) if table else None
    if hasattr(error, "label"):  # a header problem: name the column as the file has it, where it has one
        line = 1
        field_name = field_name if error.type in ("incorrect-label", "missing-label") else error.label or field_name
    if code == "unknown-column" and table is not None:
        return _unknown_column(table, error.label, [f["name"] for f in schema.get("fields", [])])
    definition = next((f for f in schema.get("fields", []) if f["name"] == field_name), {})
    values = {"note": error.note, "message": error.message, "type": error.type,
              "value": _shown(getattr(error, "cell", "")), "description": definition.get("description", ""),
              "detail": error.note,
              "canonical": "the canonical schema"}
    if table is not None and code in _EXTRA_VALUES:
        values |= _EXTRA_VALUES[code](error, table, definition, schema, tables)
    return _issue(code, file, line, field_name, **values)


def _constraint_code(note: str) -> str:
    # The note names the constraint (`constraint "pattern" is "..."`); the message is never parsed.
    match = re.match(r'constraint "(\w+)"', note or "")
    return CONSTRAINT_CODES.get(match.group(1), "constraint-error") if match else "constraint-error"


def _type_values(error, table, definition, schema, tables) -> dict:
    kind = "uri" if definition.get("format") == "uri" else definition.get("type", "string")
    phrase, hint = TYPE_PHRASES.get(kind, (f"a valid {kind}", f"Write a valid {kind}."))
    return {"type_phrase": phrase, "type_hint": hint}


def _constraint_values(error, table, definition, schema, tables) -> dict:
    constraints = definition.get("constraints", {})
    pattern = constraints.get("pattern", "")
    return {"pattern_hint": PATTERN_HINTS.get(pattern, f"It must match the pattern {pattern}."),
            "allowed": ", ".join(map(str, constraints.get("enum", [])))}


def _bound_values(key: str, with_length: bool = False):
    def values(error, table, definition, schema, tables) -> dict:
        found = {"limit": definition.get("constraints", {}).get(key, "")}
        return found | ({"length": len(error.cell or "")} if with_length else {})
    return values


def _key_values(error, table, definition, schema, tables) -> dict:
    """The repeated key and the line that first used it, found from the rows as the csv module read them."""
    columns = schema.get("primaryKey", []) if error.type == "primary-key" else [error.field_name]
    index = error.row_number - 2
    earlier = table.rows[:max(index, 0)]
    row = dict(zip(table.header, table.rows[index][1])) if 0 <= index < len(table.rows) else {}
    key = [row.get(column, "") for column in columns]
    first = next((line for line, cells in earlier if [dict(zip(table.header, cells)).get(c, "") for c in columns] == key),
                 None)
    described = ", ".join(f'{c} "{_shown(v, 40)}"' for c, v in zip(columns, key))
    return {"key": described, "other_line": first}


def _foreign_key_values(error, table, definition, schema, tables) -> dict:
    target = error.reference_name or table.name
    target_table = tables.get(target, (table, {}))[0]
    pairs = " and ".join(f'{f} "{_shown(v, 40)}"' for f, v in zip(error.field_names, error.field_cells))
    return {"pairs": pairs, "target": target_table.file}


def _label_values(error, table, definition, schema, tables) -> dict:
    names = [f["name"] for f in schema.get("fields", [])]
    return {"expected": ", ".join(names), "position": error.field_number, "value": error.label}


_EXTRA_VALUES = {
    "type-error": _type_values,
    "required-value": _constraint_values,
    "pattern-mismatch": _constraint_values,
    "value-not-allowed": _constraint_values,
    "below-minimum": _bound_values("minimum"),
    "above-maximum": _bound_values("maximum"),
    "too-short": _bound_values("minLength", with_length=True),
    "too-long": _bound_values("maxLength", with_length=True),
    "duplicate-row": _key_values,
    "unique-error": _key_values,
    "foreign-key": _foreign_key_values,
    "missing-column": _label_values,
    "column-name-wrong": _label_values,
    "blank-column-name": _label_values,
    "duplicate-column": _label_values,
}


# --- Rules beyond the Table Schema -------------------------------------------------------------------------

@dataclass
class _Context:
    package: _Package
    lookups: dict[str, _Lookup]
    own_area: str
    own_areas: set[str]
    places: set[str] | None


# Columns that must name an entry of a shared list: (column, issue code, lookup). Lists are split on ';'.
_LOOKUP_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "observations": [("indicator_id", "unknown-indicator", "indicators"), ("age", "unknown-age", "age_categories"),
                     ("breakdown", "unknown-breakdown", "categories"), ("status", "unknown-status", "statuses"),
                     ("source_id", "unknown-source", "sources")],
    "plus_groups": [("group_id", "unknown-community-group", "groups")],
    "ratings": [("level", "unknown-level", "levels"), ("subtopic_code", "unknown-subtopic", "subtopics"),
                ("community_groups", "unknown-community-group", "groups")],
    "evidence": [("subtopic_code", "unknown-subtopic", "subtopics")],
    "actions": [("status", "unknown-action-status", "action_statuses"), ("subtopic_code", "unknown-subtopic", "subtopics"),
                ("community_groups", "unknown-community-group", "groups"), ("indicators", "unknown-indicator", "indicators")],
}
_REFERENCE_LOOKUP_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "community_groups": [("category_ids", "unknown-category", "categories")],
}


def _domain_issues(package: _Package, checked: dict[str, tuple[_Table, dict]]) -> list[Issue]:
    tables = {name: table for name, (table, _) in checked.items()}
    lookups = dict(package.reference.lookups())
    if _source_ids(package):  # with no sources listed, that one problem is reported, not every row
        lookups["sources"] = _Lookup(_source_ids(package), package.file)
    own = package.descriptor.get("area_code") if isinstance(package.descriptor.get("area_code"), str) else package.folder.name
    # When area_code and the folder disagree (reported once), rows using either are not blamed again.
    context_areas = {own, package.folder.name}
    places = _places(package, tables)
    context = _Context(package, lookups, own, context_areas, places)
    columns = _REFERENCE_LOOKUP_COLUMNS if package.is_reference else _LOOKUP_COLUMNS
    issues = []
    for name, (table, schema) in checked.items():
        issues += _finite_number_issues(table, schema)
        issues += _lookup_issues(table, columns.get(name, []), context)
        issues += list(_RULES.get((package.is_reference, name), lambda *_: [])(table, context))
    return issues


def _places(package: _Package, tables: dict[str, _Table]) -> set[str] | None:
    """Area codes in places.csv; None when it is listed but unreadable, so rows are not wrongly blamed."""
    if "places" in tables:
        return {row.get("area_code", "") for _, row in tables["places"].records()}
    resources = package.descriptor.get("resources")
    listed = isinstance(resources, list) and any(isinstance(r, dict) and r.get("name") == "places" for r in resources)
    return None if listed else set()


def _lookup_issues(table: _Table, columns: list[tuple[str, str, str]], context: _Context) -> list[Issue]:
    issues = []
    for column, code, lookup_name in columns:
        lookup = context.lookups.get(lookup_name)
        if lookup is None or column not in table.header:
            continue
        for line, row in table.records():
            values = row[column].split(";") if column in LIST_COLUMNS else [row[column]]
            for value in (v.strip() for v in values):
                if value and value not in lookup.values:
                    issues.append(_issue(code, table.file, line, column, value=_shown(value), reference_file=lookup.file,
                                         **({"allowed": lookup.allowed()} | lookup.extra)))
    return issues


def _number(text: str | None) -> float | None:
    """The cell as a finite number, or None when empty or not one (those are reported elsewhere)."""
    try:
        number = float(text) if text not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _finite_number_issues(table: _Table, schema: dict) -> list[Issue]:
    """frictionless reads NaN and Infinity as numbers, but a published figure must be a real number."""
    columns = [f["name"] for f in schema["fields"] if f.get("type") == "number" and f["name"] in table.header]
    issues = []
    for line, row in table.records():
        for column in columns:
            text = row.get(column, "").strip()
            try:
                finite = not text or math.isfinite(float(text))
            except ValueError:
                continue  # not a number at all: frictionless' type error says so
            if not finite:
                issues.append(_issue("not-a-finite-number", table.file, line, column, value=_shown(text)))
    return issues


def _check_observations(table: _Table, context: _Context) -> Iterator[Issue]:
    reference = context.package.reference
    areas, statuses = reference.areas(), reference.statuses_with_value()
    periods, indicator_periods = reference.period_types(), reference.indicator_period_types()
    disclosure, area_counts = reference.disclosure_range(), reference.indicators_not_counting_people()
    for line, row in table.records():
        yield from _check_row_area(table, line, row, context, areas)
        if statuses is not None and row.get("status") in statuses:
            row_disclosure = None if row.get("indicator_id") in area_counts else disclosure
            yield from _check_figures(table, line, row, statuses, row_disclosure)
        if periods is not None and indicator_periods is not None:
            yield from _check_period(table, line, row, periods, indicator_periods)


def _check_row_area(table: _Table, line: int, row: dict, context: _Context, areas: dict | None) -> Iterator[Issue]:
    code = row.get("area_code", "")
    if not code or areas is None:
        return
    if code not in areas:
        yield _issue("area-unknown", table.file, line, "area_code", value=code,
                     reference_file=context.package.reference.file("areas"))
    elif (code not in context.own_areas and context.places is not None and code not in context.places
          and areas[code].get("parent_code") != context.own_area):  # an area inside it, such as a region of England
        yield _issue("area-not-in-package", table.file, line, "area_code", value=code, own=context.own_area)


def _check_figures(table: _Table, line: int, row: dict, statuses: dict[str, bool],
                   disclosure: tuple[int, int] | None) -> Iterator[Issue]:
    status = row["status"]
    if not statuses[status]:
        for column in FIGURE_COLUMNS:
            if row.get(column, "").strip():
                yield _issue("value-with-no-value-status", table.file, line, column, status=status,
                             value=_shown(row[column]))
        return
    value, lower, upper = (_number(row.get(c)) for c in ("value", "lower_ci_95", "upper_ci_95"))
    if not row.get("value", "").strip():
        yield _issue("value-missing", table.file, line, "value", status=status,
                     allowed=", ".join(sorted(s for s, has in statuses.items() if not has)))
    if lower is not None and upper is not None and lower > upper:
        yield _issue("ci-out-of-order", table.file, line, "lower_ci_95", lower=row["lower_ci_95"], upper=row["upper_ci_95"])
    elif value is not None and ((lower is not None and value < lower) or (upper is not None and value > upper)):
        yield _issue("value-outside-ci", table.file, line, "value", value=row["value"],
                     lower=row.get("lower_ci_95") or "no lower limit", upper=row.get("upper_ci_95") or "no upper limit")
    count = _number(row.get("count"))
    if disclosure and count is not None and disclosure[0] <= count <= disclosure[1]:
        suppressed = next((s for s, has in statuses.items() if not has and s == "suppressed"),
                          next((s for s, has in statuses.items() if not has), "suppressed"))
        yield _issue("count-not-suppressed", table.file, line, "count", value=row["count"], low=disclosure[0],
                     high=disclosure[1], suppressed=suppressed)


def _check_period(table: _Table, line: int, row: dict, periods: dict, indicator_periods: dict) -> Iterator[Issue]:
    indicator, period = row.get("indicator_id", ""), row.get("period", "")
    period_type = periods.get(indicator_periods.get(indicator, ""))
    if period_type is None or not period:
        return
    values = {"value": _shown(period), "indicator": indicator, "period_name": period_type.get("name", ""),
              "example": period_type.get("example", "")}
    match = period_type["regex"].fullmatch(period)
    if match is None:
        yield _issue("period-malformed", table.file, line, "period", **values)
        return
    groups = match.groupdict()
    if groups.get("start") is None or groups.get("end") is None:
        return
    try:
        span = int(period_type.get("years_spanned", ""))
    except ValueError:
        return
    start = int(groups["start"])
    # A financial year spans one year but ends in the next (2023/24); pooled years end span-1 years later.
    end = start + span - 1 if span > 1 else start + 1
    if int(groups["end"]) != end % 100:
        suggestion = period[: match.start("end")] + f"{end % 100:02d}" + period[match.end("end"):]
        yield _issue("period-span-wrong", table.file, line, "period", start=start, end=end, suggestion=suggestion,
                     **values)


def _check_places(table: _Table, context: _Context) -> Iterator[Issue]:
    areas = context.package.reference.areas()
    if areas is None:
        return
    for line, row in table.records():
        code = row.get("area_code", "")
        if code and code not in areas:
            yield _issue("area-unknown", table.file, line, "area_code", value=code,
                         reference_file=context.package.reference.file("areas"))
        elif code and areas[code].get("area_type") != "local_authority":
            yield _issue("place-not-local-authority", table.file, line, "area_code", value=code,
                         kind=areas[code].get("area_type", ""))


def _check_period_types(table: _Table, context: _Context) -> Iterator[Issue]:
    for line, row in table.records():
        try:
            re.compile(row.get("pattern", ""))
        except re.error as exc:
            yield _issue("period-pattern-invalid", table.file, line, "pattern", value=row["pattern"], error=str(exc))


_RULES = {
    (False, "observations"): _check_observations,
    (False, "places"): _check_places,
    (True, "period_types"): _check_period_types,
}


# --- Output ------------------------------------------------------------------------------------------------

def _issue_dict(issue: Issue) -> dict:
    return {"file": issue.file, "line": issue.line, "field": issue.field, "code": issue.code,
            "title": issue.title, "message": issue.message, "fix": issue.fix}


def _text(report: ValidationReport) -> str:
    lines: list[str] = []
    by_file: dict[str, list[Issue]] = {}
    for issue in report.issues:
        by_file.setdefault(issue.file, []).append(issue)
    for file, issues in by_file.items():
        lines.append(file)
        for issue in issues[:TEXT_SHOWN_PER_FILE]:
            lines.append(f"  {_where(issue)}{issue.message} [{issue.code}]")
            lines.append(f"    How to fix: {issue.fix}")
        if len(issues) > TEXT_SHOWN_PER_FILE:
            hidden = len(issues) - TEXT_SHOWN_PER_FILE
            lines.append(f"  … and {hidden:,} more {_plural(hidden, 'problem')} in this file, not shown here "
                         "(use --format json to list them all).")
        lines.append("")
    lines.append(_summary(report))
    return "\n".join(lines)


def _where(issue: Issue) -> str:
    kind = "property" if issue.file.endswith(".json") else "column"
    parts = ([f"line {issue.line}"] if issue.line else []) + ([f"{kind} {issue.field}"] if issue.field else [])
    return ", ".join(parts) + ": " if parts else ""


def _summary(report: ValidationReport) -> str:
    if report.valid:
        count = report.packages_checked
        return "The package is valid." if count == 1 else f"All {count} packages are valid."
    files = len({i.file for i in report.issues})
    return (f"{len(report.issues):,} {_plural(len(report.issues), 'problem')} in {files} "
            f"{_plural(files, 'file')}. The data is not valid.")


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _github_line(issue: Issue) -> str:
    properties = [f"file={_escape_property(issue.file)}"]
    if issue.line:
        properties.append(f"line={issue.line}")
    properties.append(f"title={_escape_property(f'{issue.title} ({issue.code})')}")
    kind = "property" if issue.file.endswith(".json") else "column"
    where = f"{kind} {issue.field}: " if issue.field else ""
    return f"::error {','.join(properties)}::{_escape_data(f'{where}{issue.message} How to fix: {issue.fix}')}"


def _escape_data(text: str) -> str:
    """GitHub's workflow-command escaping for a message (actions/toolkit `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping for a property value (actions/toolkit `escapeProperty`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
