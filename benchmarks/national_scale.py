"""How the build scales: validation, rendering, mkdocs and rebuilds on national-scale data, as ratios.

Makes data that passes every rule at a chosen size from the bundled packages, then times each step in
child processes, one after another, in the same run:

- validation by the generator (time and peak memory), against frictionless' own validation of the same
  packages (the yardstick: the target is at least 10 times faster, under 1 GB), pandas reading the same CSVs
  (the floor) and starting Python and importing the validator alone (what any validation takes, whatever the
  size), and the checks alone: each side's time less its own start and imports (frictionless' measured the same
  way), since on small data those are much of both;
- rendering the pages (load and render, no validation, no mkdocs);
- a bare `mkdocs build --strict` of the same Markdown (the yardstick: a full build at most 2 times it);
- the full build (`python -m generator build --clean`);
- a rebuild after one value in one ICS has changed, which renders and builds only what changed (target: under 5 s).
  It follows an ordinary `build` of the same data, untimed, as a contributor's rebuild follows their last build:
  the full build above is `--clean`, which reads no cache and leaves neither the load nor the validation cache.

A step under 5 seconds is timed three times and the median reported (the rebuild once: it can only follow one
change once).

The data: every package of datapackages/, with each indicator copied under new ids (more indicators, so
more pages) and every observation repeated for earlier periods (its years moved back by whole centuries,
which keeps every period's pattern and span valid). Copies are copies of rows that pass, so the data
passes too; it is never published, and the indicator copies are named "(benchmark copy N)".

Usage: .venv/bin/python benchmarks/national_scale.py [--rows 1000000] [--rows 200000 ...] [--keep DIR]
With no --rows: the bundled data, then 1,000,000 rows. --quick: the bundled data and 200,000 rows;
--bundled-only: the bundled data alone.
"""
from __future__ import annotations

import argparse
import compileall
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator import paths  # noqa: E402
from generator.digests import fingerprint  # noqa: E402

CENTURY = 100
YEAR = re.compile(r"\b(\d{4})")
TARGETS = {"validation": "at least 10x faster than frictionless, under 1 GB", "build": "at most 2x bare mkdocs",
           "rebuild": "under 5 s"}


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_imported(observations: Path, rows: list[dict], fields: list[str]) -> None:
    """Write an imported table as the importer would: with its fingerprint in datapackage.json, which the
    validator checks (a hand edit to an imported file is refused)."""
    _write(observations, rows, fields)
    descriptor_path = observations.parent / paths.DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    if observations.stem in descriptor.get("imported", {}).get("files", {}):
        descriptor["imported"]["files"][observations.stem] = fingerprint(observations.read_bytes())
        descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fields(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def bundled_rows(root: Path = paths.DATAPACKAGES) -> int:
    return sum(len(_rows(p / "observations.csv")) for p in paths.package_dirs(root) if (p / "observations.csv").exists())


def make_data(out: Path, rows_wanted: int | None) -> int:
    """Copy datapackages/ to out, scaled to about rows_wanted observation rows; the rows written."""
    shutil.copytree(paths.DATAPACKAGES, out)
    if rows_wanted is None:
        return bundled_rows(out)
    factor = max(1, math.ceil(rows_wanted / bundled_rows(out)))
    copies = max(1, math.isqrt(factor))  # indicator copies; the rest of the factor is earlier periods
    periods = math.ceil(factor / copies)
    indicators_csv = paths.reference_dir(out) / "indicators.csv"
    indicators = _rows(indicators_csv)
    clones = [{**row, "indicator_id": f"{row['indicator_id']}_copy{n}", "name": f"{row['name']} (benchmark copy {n})"}
              for n in range(1, copies) for row in indicators]
    _write(indicators_csv, indicators + clones, _fields(indicators_csv))
    written = 0
    for package in paths.package_dirs(out):
        observations = package / "observations.csv"
        if not observations.exists():
            continue
        original = _rows(observations)
        scaled = []
        for n in range(copies):
            named = original if n == 0 else [{**r, "indicator_id": f"{r['indicator_id']}_copy{n}"} for r in original]
            for back in range(periods):
                shift = back * CENTURY
                scaled.extend(named if back == 0 else
                              [{**r, "period": YEAR.sub(lambda m: str(int(m.group(1)) - shift), r["period"])} for r in named])
        _write_imported(observations, scaled, _fields(observations))
        written += len(scaled)
    return written


# The yardstick: frictionless checks every row of every package against the same Table Schemas ours does (an
# ICS package's from the reference package, the header on line 1, keys within the package), with no limit on
# errors. Left to itself (`frictionless validate datapackage.json`) it would guess each table's types, since
# the descriptors name their schemas by convention, and stop at 1,000 errors a table: less work than ours.
FRICTIONLESS = """
import json, sys
from pathlib import Path
import frictionless
for folder in map(Path, sys.argv[1:]):
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    reference = folder if folder.name == "reference" else folder.parent / "reference"
    names = {r["name"] for r in descriptor["resources"]}
    resources = []
    for r in descriptor["resources"]:
        schema_file = reference / (r["schema"] if isinstance(r.get("schema"), str) else f"schemas/ics-{r['name']}.json")
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        schema["foreignKeys"] = [k for k in schema.get("foreignKeys", []) if k["reference"]["resource"] in names | {""}]
        resources.append({"name": r["name"], "path": r["path"], "format": "csv", "encoding": "utf-8",
                          "dialect": {"header": True, "headerRows": [1]}, "schema": schema})
    report = frictionless.Package({"name": "package", "resources": resources}, basepath=str(folder)).validate(
        limit_errors=10**9)
    if not report.valid:
        sys.exit(f"frictionless found problems in {folder}: {report.flatten(['rowNumber', 'fieldName', 'type'])[:5]}")
"""


# Runs a step's command as its child and reports how long it took and the peak memory of the largest process in
# it: Linux gives a process the largest peak of the children it waited for, and theirs of their own, so forked
# workers (validation, rendering) and MkDocs count, as they would not in the step's own figure.
STEP = ("import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "seconds = time.perf_counter() - started\n"
        "print(f'\\nSTEP {seconds} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', flush=True)\n"
        "sys.exit(code)")


# A step shorter than this is run three times and its median taken: on a noisy machine one run of a short step
# can be off by a tenth, and a ratio of two short steps by more.
REPEAT_BELOW = 5.0


def timed_steadily(command: list[str]) -> tuple[float, float]:
    """`timed`, as the median of three runs for a short step (the largest peak memory of them)."""
    first = timed(command)
    if first[0] >= REPEAT_BELOW:
        return first
    runs = sorted([first, timed(command), timed(command)])
    return runs[1][0], max(memory for _, memory in runs)


def timed(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command to the end; (seconds, peak memory in MB of the largest process it ran). Fails loudly if it
    fails.

    Linux counts a child's peak memory from the moment it is forked, so a child of a large process reports
    that process's size: the data is made and the config written in child processes, and this one only
    copies files and starts processes."""
    run = subprocess.run([sys.executable, "-c", STEP, *command], cwd=REPO, capture_output=True, text=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    output = run.stdout + run.stderr
    if run.returncode:
        raise SystemExit(f"benchmark step failed (exit {run.returncode}): {' '.join(command)}\n{output[-4000:]}")
    _, seconds, peak_kb = run.stdout.rstrip().splitlines()[-1].split()
    return float(seconds), int(peak_kb) / 1024


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def measure(data: Path, work: Path) -> dict[str, tuple[float, float]]:
    packages = [str(p) for p in paths.package_dirs(data)] + [str(paths.reference_dir(data))]
    content, site = work / "content", work / "site"
    build = [sys.executable, "-m", "generator", "build", "--data", str(data), "--content-dir", str(content),
             "--site-dir", str(site)]
    steps = {
        "validation": python(f"import sys; from pathlib import Path; from generator.validate import validate_paths; "
                             f"sys.exit(0 if validate_paths(None, root=Path({str(data)!r}), cache=False).valid else 1)"),
        "frictionless": python(FRICTIONLESS) + packages,
        # Starting Python and importing the validator, which imports pandas only for a large file and frictionless
        # only for a field its own cell readers do not cover: no validation can take less, whatever the size.
        "starting and imports": python("import generator.validate"),
        "frictionless imports": python("import frictionless"),  # the same floor of the yardstick
        "pandas read": python("import sys, pandas\n"
                              "for p in sys.argv[1:]: pandas.read_csv(p + '/observations.csv', dtype=str) "
                              "if __import__('os').path.exists(p + '/observations.csv') else None") + packages,
        "rendering": python(f"from pathlib import Path; from generator.load import load_dataset; "
                            f"from generator.pages import render_site; "
                            f"render_site(load_dataset(Path({str(data)!r})), Path({str(work / 'rendered')!r}))"),
        "full build": build + ["--clean"],
    }
    results = {name: timed_steadily(command) for name, command in steps.items()}
    results["bare mkdocs"] = timed_steadily(_bare_mkdocs(data, content, work))
    timed(build)  # the contributor's last build, which leaves what a rebuild starts from (not reported)
    _change_one_value(data)
    results["rebuild after one change"] = timed(build)  # reuses what did not change (generator.rebuild)
    return results


def _bare_mkdocs(data: Path, content: Path, work: Path) -> list[str]:
    """mkdocs alone on the Markdown the full build wrote, with the same config, written beside mkdocs.yml so
    its relative paths resolve (removed when the benchmark ends). The config is written by a child process,
    like the data, so that this process stays small (see `timed`)."""
    import atexit

    config = REPO / f".benchmark-{os.getpid()}.yml"
    atexit.register(config.unlink, missing_ok=True)
    subprocess.run(python(
        "import sys; from pathlib import Path; from generator import publish; "
        "from generator.load import load_dataset; from generator.pages.nav import generated_config\n"
        "data, content, work, config = map(Path, sys.argv[1:])\n"
        "docs = publish.assemble_docs(content, work / 'docs')\n"
        "publish.write_config(generated_config(load_dataset(data)), config, docs_dir=str(docs))")
        + [str(data), str(content), str(work), str(config)], cwd=REPO, check=True)
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config),
            "--site-dir", str(work / "bare")]


def _change_one_value(data: Path) -> None:
    """One published value in the first real ICS's observations, moved by a small amount, as a new import would."""
    package = next(p for p in paths.package_dirs(data) if p.name.startswith("E54"))
    observations = package / "observations.csv"
    rows, fields = _rows(observations), _fields(observations)
    row = next(r for r in rows if r["status"] == "published" and r["value"] and not r["lower_ci_95"])
    row["value"] = f"{float(row['value']) * 1.001:.6f}"
    _write_imported(observations, rows, fields)


def report(label: str, rows: int, results: dict[str, tuple[float, float]]) -> None:
    print(f"\n{label}: {rows:,} observation rows, {os.cpu_count()} cores")
    for name, (seconds, memory) in results.items():
        print(f"  {name:<26} {seconds:8.2f} s  {memory:8.0f} MB peak (its largest process)")
    validation, frictionless = results["validation"], results["frictionless"]
    build, bare = results["full build"][0], results["bare mkdocs"][0]
    floor = results["starting and imports"][0]
    checks, their_checks = validation[0] - floor, frictionless[0] - results["frictionless imports"][0]
    print(f"  validation: {frictionless[0] / validation[0]:.2f}x as fast as frictionless ({TARGETS['validation']}), "
          f"{validation[1]:.0f} MB; {validation[0] / results['pandas read'][0]:.1f}x the time pandas takes to read; "
          f"starting and importing alone would be {frictionless[0] / floor:.1f}x; the checks alone (each side's "
          f"start and imports taken off) {their_checks / checks:.1f}x")
    print(f"  full build: {build / bare:.2f}x bare mkdocs ({TARGETS['build']})")
    print(f"  rebuild after one change: {results['rebuild after one change'][0]:.1f} s ({TARGETS['rebuild']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="observation rows wanted (repeat for several sizes)")
    parser.add_argument("--quick", action="store_true", help="the bundled data and 200,000 rows")
    parser.add_argument("--bundled-only", action="store_true", help="the bundled data alone")
    parser.add_argument("--keep", type=Path, help="keep the generated data and builds in this folder")
    parser.add_argument("--make-data", nargs=2, metavar=("DIR", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make_data:  # run as a child of the benchmark: see `timed`
        out, rows = Path(args.make_data[0]), int(args.make_data[1])
        (out.parent / "rows.txt").write_text(str(make_data(out, rows or None)), encoding="utf-8")
        return 0
    # Python compiles a module to bytecode on its first import and keeps it beside the source, except where
    # PYTHONDONTWRITEBYTECODE is set (as on the machine these figures were measured on): there the generator
    # would be compiled again in every step, while the yardsticks' libraries were compiled by pip when installed.
    # Compiled once here, every step starts as it would on a contributor's machine after its first run.
    compileall.compile_dir(REPO / "generator", quiet=1)
    sizes = [None] + ([] if args.bundled_only else args.rows or ([200_000] if args.quick else [1_000_000]))
    base = args.keep or Path(tempfile.mkdtemp(prefix="national-scale-"))
    try:
        for size in sizes:
            label = "bundled data" if size is None else f"about {size:,} rows"
            work = base / ("bundled" if size is None else f"rows-{size}")
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            subprocess.run([sys.executable, __file__, "--make-data", str(work / "datapackages"), str(size or 0)],
                           cwd=REPO, check=True)
            rows = int((work / "rows.txt").read_text(encoding="utf-8"))
            report(label, rows, measure(work / "datapackages", work))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
