"""Check data packages and explain every problem in plain English: file, line, column, what, how to fix.

Three layers, each reporting through the catalogue in `generator.messages`, one module per layer:
1. our own checks of each folder, datapackage.json and the raw bytes of each CSV (a file that fails them,
   such as an unsafe path, a missing or empty file or the wrong encoding, never reaches the row checks):
   `files` reads folders and bytes (`jsonfile` parses datapackage.json), `descriptor` checks its
   properties and resources;
2. the Table Schema checks of every row, with the canonical schema from datapackages/reference/schemas
   for every resource: `columns` finds what frictionless would, column by column, and `tables` checks the
   header and translates each error by its type (frictionless itself stays as the reference, and tests run
   both on mutated packages);
3. rules a Table Schema cannot express: references into the reference package, confidence intervals,
   statuses and figures, small-count suppression and period forms (`rules`, using `reference`).
`issues` holds what is reported and `report` renders it. Line numbers are the physical CSV lines where
rows start, counted with the csv module, because Table Schema checks count rows, not lines, and the two
differ when a quoted cell holds a line break.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator import paths as layout
from generator.validate.descriptor import _check_descriptor, _Package, _usable_resources
from generator.validate.files import _package_folders, _read_descriptor, _read_table, _Table
from generator.validate.issues import Issue, UsageError, ValidationReport
from generator.validate.reference import _Reference
from generator.validate.report import FORMATS, render_report
from generator.validate.disclosure import rules_for
from generator.validate.rules import SUGGESTION, _domain_issues
from generator.validate.tables import _check_header, _schema_issues
# Internals the tests reach through `generator.validate`, kept importable from here.
from generator.validate.files import _unsafe_reason  # noqa: F401
from generator.validate.github import _escape_data, _escape_property  # noqa: F401
from generator.validate.tables import _translate  # noqa: F401

__all__ = ["FORMATS", "Issue", "UsageError", "ValidationReport", "render_report", "validate_paths"]

# Worker processes halve the time for the ~45 bundled packages on two cores; for a handful of
# packages, starting them costs more than it saves.
PARALLEL_FROM = 8
MAX_WORKERS = 4


def validate_paths(paths: list[Path] | None, root: Path = layout.DATAPACKAGES) -> ValidationReport:
    """Validate the given package folders (or datapackage.json files), or every package under root.

    Cross-package checks use the reference package given among the paths, else the one under root.
    Raises UsageError when a path does not exist or is not a package.
    """
    folders, stray = _package_folders(paths, root)
    reference_folder = next((f for f in folders if f.name == layout.REFERENCE_NAME), layout.reference_dir(root))
    issues: set[Issue] = set(stray)
    reference = _Reference.load(reference_folder, issues)
    issues.update(_validate_packages(folders, reference, reference_folder))
    return ValidationReport(sorted(issues, key=Issue.sort_key), len(folders))


def _validate_packages(folders: list[Path], reference: _Reference, reference_folder: Path) -> list[Issue]:
    """Every package's issues, in worker processes when there are many: the checks are CPU-bound."""
    jobs = [(folder, folder == reference_folder) for folder in folders]
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    # Forked workers inherit the loaded modules; spawned ones would re-run `python -m generator`.
    if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [issue for folder, is_reference in jobs for issue in _validate_job(folder, reference, is_reference)]
    _prepare_for_workers(reference)
    _INHERITED["reference"] = reference
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            found = pool.map(_validate_in_worker, sorted(jobs, key=lambda job: _size(job[0]), reverse=True))
            return [issue for issues in found for issue in issues]
    finally:
        _INHERITED.clear()


# The run's reference package, which forked workers inherit with everything it has worked out, instead of
# each job unpickling a copy and working it all out again.
_INHERITED: dict[str, _Reference] = {}


def _prepare_for_workers(reference: _Reference) -> None:
    """Work out once, before forking, the reference's lists every worker reads. frictionless and generator.stats
    (scipy) are imported by each worker when it first needs them: both workers then import at the same time,
    where importing them here first would keep both waiting."""
    for shared in (reference.lookups, reference.areas, reference.statuses_with_value, reference.period_types,
                   reference.indicator_period_types, reference.indicators_not_counting_people,
                   reference.indicator_arithmetic, reference.boundary_sets):
        shared()
    rules_for(reference)


def _size(folder: Path) -> int:
    """Bytes of the package's CSV files: the largest packages are started first, so no worker is left with one
    at the end."""
    try:
        return 0 if folder.is_symlink() else sum(path.stat().st_size for path in folder.glob("*.csv"))
    except OSError:
        return 0


def _validate_in_worker(job: tuple[Path, bool]) -> list[Issue]:
    folder, is_reference = job
    return _validate_job(folder, _INHERITED["reference"], is_reference)


def _validate_job(folder: Path, reference: _Reference, is_reference: bool) -> list[Issue]:
    with _without_cycle_collection():
        return _validate_package(folder, reference, is_reference=is_reference)


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Reading a table makes a list per row and a string per cell, none of them in a reference cycle; the cycle
    collector would walk them all again each few thousand allocations (a third of the time at national scale).
    They are freed by reference counting as usual; collection resumes after the package."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    issues += _schema_issues(package, tables)
    issues += _domain_issues(package, tables)
    return _one_message_per_cell(issues)


def _one_message_per_cell(issues: list[Issue]) -> list[Issue]:
    """Keep the message for a cell's root cause when several layers report the same cell.

    Blanks around a value are the cause of whatever else is wrong with it (fixing them often fixes the
    rest), and a link the schema's own pattern or type already refused needs no second message.
    """
    def cell(issue: Issue) -> tuple:
        return issue.file, issue.line, issue.field

    spaced = {cell(i) for i in issues if i.code == "surrounding-whitespace"}
    refused = {cell(i) for i in issues if i.severity == "error" and i.code != "link-not-https"}
    # A value missing from a shared list is named with the list (and what was meant), not also by its form.
    looked_up = {cell(i) for i in issues if i.code.startswith("unknown-") and i.line and i.line > 1}
    meant = {cell(i): SUGGESTION.format(i.suggestion) for i in issues if i.suggestion}
    kept = [i for i in issues if not (cell(i) in spaced and i.code != "surrounding-whitespace")
            and not (i.code == "link-not-https" and cell(i) in refused)
            and not (i.code in ("pattern-mismatch", "value-not-allowed") and cell(i) in looked_up)]
    return [dataclasses.replace(i, fix=f"{i.fix} Then: {meant[cell(i)]}")
            if i.code == "surrounding-whitespace" and cell(i) in meant else i for i in kept]
