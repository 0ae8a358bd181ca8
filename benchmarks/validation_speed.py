"""Validation alone against frictionless' own validation of the same packages: seconds, peak memory, ratio.

The commands are those of `national_scale.measure`, each in its own child process, one after the other, so
the figures are comparable with that benchmark's; this one skips rendering and building, to measure the
validator quickly while it is being worked on. The validation cache is bypassed (`cache=False`), so every
package is validated; `--cached` also times a run with an empty cache (which fills it) and one that reads it.

frictionless' own command stops reading a table at its 1,000th error, and with no schema in the descriptors
it guesses types from a sample, so on national-scale data it stops early in most tables (on the data of
`national_scale.py`, after 420,014 of 1,130,850 rows). `--every-row` also times it with no error limit, so that
it reads every row as the validator does.

Usage: .venv/bin/python benchmarks/validation_speed.py [DATAPACKAGES] [--no-frictionless] [--every-row] [--cached]
Make national-scale data first with: benchmarks/national_scale.py --make-data DIR 1000000
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national_scale import REPO, TARGETS, python, timed  # noqa: E402

from generator import paths  # noqa: E402


def validation_command(data: Path, cache_dir: Path | None = None) -> list[str]:
    """national_scale's validation step; with cache_dir, using the validation cache kept there."""
    use = f"from generator.validate import cache; cache.CACHE_DIR = Path({str(cache_dir)!r}); " if cache_dir else ""
    return python(f"import sys; from pathlib import Path; from generator.validate import validate_paths; {use}"
                  f"sys.exit(0 if validate_paths(None, root=Path({str(data)!r}), cache={cache_dir is not None}).valid else 1)")


def frictionless_command(data: Path, every_row: bool = False) -> list[str]:
    packages = [str(p) for p in paths.package_dirs(data)] + [str(paths.reference_dir(data))]
    limit = ", limit_errors=10**9" if every_row else ""
    return python("import sys, frictionless\n"
                  f"for p in sys.argv[1:]: frictionless.validate(p + '/datapackage.json'{limit})") + packages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=REPO / "datapackages")
    parser.add_argument("--no-frictionless", action="store_true", help="time our validation only")
    parser.add_argument("--every-row", action="store_true", help="also time frictionless with no error limit")
    parser.add_argument("--cached", action="store_true", help="also time a second run that reads the cache")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    results = {"validation": timed(validation_command(data))}
    if args.cached:
        with tempfile.TemporaryDirectory() as cache_dir:
            results["validation, cache empty"] = timed(validation_command(data, Path(cache_dir)))
            results["validation, cache full"] = timed(validation_command(data, Path(cache_dir)))
    if not args.no_frictionless:
        results["frictionless"] = timed(frictionless_command(data))
    if args.every_row:
        results["frictionless, every row"] = timed(frictionless_command(data, every_row=True))
    for name, (seconds, memory) in results.items():
        print(f"  {name:<24} {seconds:8.2f} s  {memory:8.0f} MB peak")
    for name in ("frictionless", "frictionless, every row"):
        if name in results:
            ratio = results[name][0] / results["validation"][0]
            print(f"  validation: {ratio:.1f}x as fast as {name} ({TARGETS['validation']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
