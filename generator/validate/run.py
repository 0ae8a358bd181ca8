"""Running the checks of many packages: from the validation cache where it can (`cache`), and in forked worker
processes when there are many, since the checks are CPU-bound."""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.validate import cache as stored
from generator.validate.disclosure import rules_for
from generator.validate.issues import Issue
from generator.validate.package import check_package
from generator.validate.reference import _Reference

# Worker processes halve the time for the ~50 bundled packages on two cores; for a handful of
# packages, starting them costs more than it saves.
PARALLEL_FROM = 8
MAX_WORKERS = 4


@dataclass(frozen=True)
class _Job:
    folder: Path
    is_reference: bool
    reference_digest: str | None  # the reference package's, for the cache key; None: the cache is not used


def validate_packages(folders: list[Path], reference: _Reference, reference_folder: Path,
                      cache: bool, processes: int | None = None) -> tuple[list[Issue], list[Path]]:
    """Every package's issues, and the folders whose issues were worked out (the others' came from the cache).
    processes: at most this many (default: one per core, up to MAX_WORKERS)."""
    digest = _digest(reference_folder) if cache else None
    jobs = [_Job(folder, folder == reference_folder, digest) for folder in folders]
    workers = min(os.cpu_count() or 1, MAX_WORKERS, processes or MAX_WORKERS)
    # Forked workers inherit the loaded modules; spawned ones would re-run `python -m generator`.
    if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = [_run(job, reference) for job in jobs]
    else:
        jobs.sort(key=lambda job: _size(job.folder), reverse=True)
        results = _in_workers(jobs, reference, workers)
    if cache:
        stored.prune()
    issues = [issue for found, _ in results for issue in found]
    return issues, [job.folder for job, (_, validated) in zip(jobs, results) if validated]


def _digest(reference_folder: Path) -> str | None:
    """The reference package's digest, and the checks' version, worked out once before any worker starts."""
    try:
        stored.checks_version()
        return stored.folder_digest(reference_folder)
    except OSError:
        return None


def _in_workers(jobs: list[_Job], reference: _Reference, workers: int) -> list[tuple[list[Issue], bool]]:
    """The jobs' results, in their order, from forked worker processes sharing the reference."""
    _prepare_for_workers(reference)
    _INHERITED["reference"] = reference
    # What exists before the fork (modules, the reference) lives as long as the process: frozen, it is left out
    # of every later cycle collection, the workers' (which would copy each page it is on, as the gc module's
    # documentation warns) and the one at exit, which walks every object (4% of a validation).
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run_in_worker, jobs))
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


def _run_in_worker(job: _Job) -> tuple[list[Issue], bool]:
    """A job in a worker, with the reference it inherited."""
    return _run(job, _INHERITED["reference"])


def _run(job: _Job, reference: _Reference) -> tuple[list[Issue], bool]:
    """A package's issues from the cache, or worked out (and stored); and whether they were worked out."""
    key = stored.package_key(job.folder, job.reference_digest, job.is_reference) if job.reference_digest else None
    found = stored.load(key) if key else None
    if found is not None:
        return found, False
    with _without_cycle_collection():
        found = check_package(job.folder, reference, is_reference=job.is_reference)
    if key:
        stored.store(key, found)
    return found, True


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Reading a table makes many objects, none of them in a reference cycle; the cycle collector would walk them
    all again each few thousand allocations (a third of the time at national scale). They are freed by
    reference counting as usual; collection resumes after the package."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
