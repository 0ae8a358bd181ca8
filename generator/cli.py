"""Command line: `python -m generator validate|build|diff|new-ics|workbook|import-workbook|release|history|
import-shared`.
Thin: each command calls one stage."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import paths

FORMATS = ("text", "json", "github", "markdown")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="Check data packages and explain every problem found.")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help="package folders or datapackage.json files (default: every package in datapackages/)")
    validate.add_argument("--format", choices=FORMATS, default="text",
                          help="text for people, json for programs, github for workflow annotations, markdown for a job summary")
    validate.add_argument("--summary", type=Path, metavar="FILE",
                          help="also add the report in Markdown to FILE, for example $GITHUB_STEP_SUMMARY")
    validate.add_argument("--json", type=Path, metavar="FILE", dest="json_file",
                          help="also write the report as JSON to FILE, for example a pull request's report artifact")
    validate.add_argument("--no-cache", action="store_true",
                          help="validate every package again, without reading or writing the validation cache (.cache/validation/)")
    validate.set_defaults(run=_run_validate)

    build = commands.add_parser("build", help="Validate, write the pages, then build the site with mkdocs.")
    build.add_argument("--site-dir", type=Path, default=paths.SITE, help="where the built site goes (default: site/)")
    build.add_argument("--skip-mkdocs", action="store_true", help="write the Markdown pages only")
    build.add_argument("--data", type=Path, default=paths.DATAPACKAGES, metavar="DIR",
                       help="the datapackages folder to build from (default: datapackages/)")
    build.add_argument("--content-dir", type=Path, default=paths.CONTENT, metavar="DIR",
                       help="where the generated Markdown pages go (default: content/; another folder leaves "
                            "content/ and the menu in mkdocs.generated.yml alone)")
    build.add_argument("--clean", action="store_true",
                       help="validate every package, render every page and build the whole site again, instead of "
                            "reusing what has not changed since the last build (the result is the same)")
    build.add_argument("--offline", action="store_true",
                       help="a preview that opens from its folder without a server: links name .html files "
                            "(search needs a server, so it does not work there)")
    build.set_defaults(run=_run_build)

    differ = commands.add_parser("diff", help="What a change does to the published data, row by row.")
    differ.add_argument("base", metavar="BASE", help="a git revision (such as main or HEAD~1) or a datapackages folder")
    differ.add_argument("head", nargs="?", metavar="HEAD", help="the same; default: the datapackages/ folder as it is now")
    differ.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                        help="text for people, markdown for a pull request, json for programs")
    differ.set_defaults(run=_run_diff)

    scaffold = commands.add_parser("new-ics", help="Start the data package of an ICS that has none yet.")
    scaffold.add_argument("code", metavar="CODE", help="the ICB's ONS code, for example E54000062")
    scaffold.add_argument("--data", type=Path, default=paths.DATAPACKAGES, metavar="DIR",
                          help="the datapackages folder to add it to (default: datapackages/)")
    scaffold.set_defaults(run=_run_new_ics)

    workbook = commands.add_parser("workbook", help="Write an Excel workbook of an ICS's own tables, to fill in.")
    workbook.add_argument("code", metavar="CODE", help="the ICB's ONS code, for example E54000062")
    workbook.add_argument("--out", type=Path, required=True, metavar="FILE", help="the .xlsx file to write")
    workbook.add_argument("--datapackages", type=Path, default=paths.DATAPACKAGES, metavar="DIR",
                          help="the datapackages folder to read (default: datapackages/)")
    workbook.set_defaults(run=_run_workbook)

    back = commands.add_parser("import-workbook", help="Turn a filled workbook back into the ICS's CSV files.")
    back.add_argument("file", type=Path, metavar="FILE", help="the filled .xlsx workbook")
    back.add_argument("--datapackages", type=Path, default=paths.DATAPACKAGES, metavar="DIR",
                      help="the datapackages folder to write into (default: datapackages/)")
    back.set_defaults(run=_run_import_workbook)

    release = commands.add_parser("release", help="Record a release of the site: its kind, and what changed and why.")
    release.add_argument("version", metavar="VERSION", help="MAJOR.MINOR, for example 1.0 (the tag will be v1.0)")
    release.add_argument("--kind", required=True, metavar="KIND",
                         help="edition (a new period or method: raises MAJOR), revision, correction or withdrawal (raise MINOR)")
    release.add_argument("--summary", required=True, metavar="TEXT", help="what changed and why, in plain English (public)")
    release.add_argument("--corrects", metavar="VERSION", help="for a correction or withdrawal: the earliest release it affects")
    release.add_argument("--wrong", metavar="TEXT", help="for a correction: what was wrong (the corrections log)")
    release.add_argument("--page", action="append", default=[], metavar="PAGE",
                         help="for a correction: a page that showed the mistake, as a path of content/ (repeat for each)")
    release.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the release (default: today, in UTC)")
    release.set_defaults(run=_run_release)

    history = commands.add_parser("history", help="Build every release from its git tag, with versions.json and redirects.")
    history.add_argument("--site-dir", type=Path, required=True, metavar="DIR",
                         help="where the history goes; releases already built there are kept, byte for byte")
    history.add_argument("--site-url", metavar="URL", help="the https address the history is published at "
                         "(default: the SITE_URL environment variable; none for a local preview)")
    history.set_defaults(run=_run_history)

    importer = commands.add_parser("import-shared", help="Rebuild the bundled real-data packages from the raw public files.")
    importer.add_argument("shared_data", type=Path, metavar="SHARED_DATA", help="folder of raw files, e.g. ../shared/data")
    importer.add_argument("--out", type=Path, default=paths.DATAPACKAGES, help="datapackages folder to write (default: datapackages/)")
    importer.set_defaults(run=_run_import)
    return parser


def _run_validate(args: argparse.Namespace) -> int:
    from generator.validate import UsageError, render_report, validate_paths

    try:
        report = validate_paths(args.paths or None, cache=not args.no_cache)
    except UsageError as exc:
        print(f"python -m generator validate: error: {exc}", file=sys.stderr)
        return 2
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(render_report(report, "markdown") + "\n")
    if args.json_file:
        args.json_file.write_text(render_report(report, "json") + "\n", encoding="utf-8")
    output = render_report(report, args.format)
    if output:
        print(output)
    return 0 if report.valid else 1


def _run_build(args: argparse.Namespace) -> int:
    from generator.publish import build_site

    return build_site(site_dir=args.site_dir, run_mkdocs=not args.skip_mkdocs, root=args.data,
                      content_dir=args.content_dir, offline=args.offline, clean=args.clean)


def _run_diff(args: argparse.Namespace) -> int:
    from generator.diff import DiffError, diff, render

    try:
        result = diff(args.base, args.head)
    except DiffError as problem:
        print(f"python -m generator diff: error: {problem}", file=sys.stderr)
        return 2
    print(render(result, args.format), end="")
    return 0


def _run_new_ics(args: argparse.Namespace) -> int:
    from generator.scaffold import OWNERS, ScaffoldError, new_ics

    try:  # a folder other than the project's own has no CODEOWNERS of ours to add to
        folder = new_ics(args.code, args.data, owners=OWNERS if args.data == paths.DATAPACKAGES else None)
    except ScaffoldError as problem:
        print(f"python -m generator new-ics: error: {problem}", file=sys.stderr)
        return 2
    print(f"Started {folder}: every table has its header row and no rows yet. Read {folder / 'README.md'} next.")
    return 0


def _run_release(args: argparse.Namespace) -> int:
    from generator.release import ReleaseError, record_release

    try:
        release = record_release(args.version, args.kind, args.summary, args.corrects, args.wrong, args.page, args.date)
    except ReleaseError as problem:
        print(f"python -m generator release: error: {problem}", file=sys.stderr)
        return 2
    print(f"Recorded release {release.version} ({release.kind}) in releases/. Review it, then commit and tag it:\n"
          f"  git add releases && git commit -m \"Release {release.version}\" && "
          f"git tag -a {release.tag} -m \"Release {release.version}\"")
    return 0


def _run_history(args: argparse.Namespace) -> int:
    import os

    from generator.history import run
    from generator.links import is_safe_https_url

    site_url = args.site_url or os.environ.get("SITE_URL", "").strip() or None
    if site_url and not is_safe_https_url(site_url):
        print(f"python -m generator history: error: the site's address must be an https:// address, not {site_url!r}.",
              file=sys.stderr)
        return 2
    return run(args.site_dir, site_url)


def _run_import(args: argparse.Namespace) -> int:
    from generator.importer import import_shared

    return import_shared(args.shared_data, args.out)


def _run_workbook(args: argparse.Namespace) -> int:
    from generator.workbook.write import WorkbookError, write_workbook

    if args.out.suffix.lower() != ".xlsx":
        print(f"python -m generator workbook: error: {args.out} must end in .xlsx.", file=sys.stderr)
        return 2
    try:
        counts = write_workbook(args.code, args.out, args.datapackages)
    except (WorkbookError, OSError) as problem:
        print(f"python -m generator workbook: error: {problem}", file=sys.stderr)
        return 2
    filled = ", ".join(f"{name} {rows}" for name, rows in counts.items() if rows) or "none: every sheet starts empty"
    print(f"Wrote {args.out}. Rows filled in from the package: {filled}.")
    return 0


def _run_import_workbook(args: argparse.Namespace) -> int:
    from generator.workbook.importing import UsageError, import_workbook
    from generator.workbook.report import render

    try:
        outcome = import_workbook(args.file, args.datapackages)
    except UsageError as problem:
        print(f"python -m generator import-workbook: error: {problem}", file=sys.stderr)
        return 2
    print(render(outcome))
    return 1 if outcome.errors else 0
