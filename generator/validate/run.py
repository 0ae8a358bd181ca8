"""Running the checks of many packages: from the validation cache where it can (`cache`), and in forked processes
when there are many, since the checks are CPU-bound."""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.validate import cache as stored
from generator.validate.disclosure import rules_for
from generator.validate.issues import Issue
from generator.validate.package import check_package
from generator.validate.reference import _Reference

# Forking halves the time for the ~50 bundled packages on two cores; for a handful of packages, starting a
# process costs more than it saves.
PARALLEL_FROM = 8
MAX_WORKERS = 4
# What a package costs beyond its bytes, in bytes: checking one takes 3 to 6 ms however small it is, as long as
# checking 100 to 280 KB of rows takes (fitted to each package's time on the bundled and national-scale data).
PACKAGE_COST = 150_000


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
    if len(jobs) < PARALLEL_FROM or workers < 2 or not hasattr(os, "fork"):
        results = [_run(job, reference) for job in jobs]
    else:
        results = _forked(jobs, reference, workers)
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


def _forked(jobs: list[_Job], reference: _Reference, workers: int) -> list[tuple[list[Issue], bool]]:
    """The jobs' results, in their order: shared out by size between this process and workers - 1 forked ones,
    which inherit the loaded modules and the reference with all it has worked out, and send their results back
    through a pipe. (A process pool's queues, feeder thread and message per job, and importing them, took 7% of
    the time validating the bundled data takes.)"""
    _prepare_for_workers(reference)
    # What exists before the fork (modules, the reference) lives as long as the process: frozen, it is left out
    # of every later cycle collection, the workers' (which would copy each page it is on, as the gc module's
    # documentation warns) and the one at exit, which walks every object (4% of a validation).
    gc.freeze()
    shares = _shares(jobs, workers)
    children = [_fork(share, reference) for share in shares[1:]]
    try:
        results = {id(job): _run(job, reference) for job in shares[0]}
    finally:  # every child is waited for, even when this process's own share failed
        sent = [_received(*child) for child in children]
    for share, (data, status) in zip(shares[1:], sent):
        results.update(zip(map(id, share), _unpickled(data, status)))
    return [results[id(job)] for job in jobs]


def _shares(jobs: list[_Job], workers: int) -> list[list[_Job]]:
    """The jobs split so that each worker has about the same work: the largest first, each to the worker with
    the least so far."""
    shares: list[list[_Job]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for job, cost in sorted(((job, _size(job.folder) + PACKAGE_COST) for job in jobs), key=lambda pair: -pair[1]):
        least = loads.index(min(loads))
        shares[least].append(job)
        loads[least] += cost
    return shares


def _fork(share: list[_Job], reference: _Reference) -> tuple[int, int]:
    """A child process that runs the share's jobs and writes their results, pickled, to a pipe: (its pid, the
    pipe's end to read). An error in it is sent back, to be raised in the parent."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    try:  # the child never returns: os._exit leaves the parent's exit handlers and buffered output alone
        os.close(read)
        try:
            outcome: object = [_run(job, reference) for job in share]
        except BaseException as error:  # noqa: BLE001 - raised again in the parent
            outcome = error
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - an exception that cannot be pickled
            data = pickle.dumps(RuntimeError(f"validating in a worker process failed: {outcome!r} ({error})"))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _received(pid: int, read: int) -> tuple[bytes, int]:
    """All a child sent, once it has ended, and its wait status."""
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    return data, os.waitpid(pid, 0)[1]


def _unpickled(data: bytes, status: int) -> list[tuple[list[Issue], bool]]:
    """A child's results; its error, raised here."""
    if not data:
        raise RuntimeError(f"a validation worker process stopped before sending its results (wait status {status})")
    outcome = pickle.loads(data)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


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
