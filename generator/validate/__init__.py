"""Check data packages and explain every problem in plain English: file, line, column, what, how to fix.

Three layers, each reporting through the catalogue in `generator.messages`, one module per layer:
1. our own checks of each folder, datapackage.json and the raw bytes of each CSV (a file that fails them,
   such as an unsafe path, a missing or empty file or the wrong encoding, never reaches the row checks):
   `files` reads folders and bytes (`jsonfile` parses datapackage.json), `descriptor` checks its
   properties and resources, and `schema` whether each resource's canonical schema can be used;
2. the Table Schema checks of every row, with the canonical schema from datapackages/reference/schemas
   for every resource: `columns` finds what frictionless would, column by column, reading each distinct cell
   as frictionless' cell readers do (`cellreaders`), and `tables` checks the header and translates each error
   by its type (frictionless itself stays as the reference, and tests run both on mutated packages; neither it
   nor pandas is imported for the bundled data, since importing them takes longer than its checks);
3. rules a Table Schema cannot express: references into the reference package, confidence intervals,
   statuses and figures, small-count suppression and period forms (`rules`, using `reference`).
Validating the whole repository checks its release records too (`releases`).
`package` runs the layers on one package and `run` runs packages, from the validation cache (`cache`) or in
forked processes. `issues` holds what is reported and `report` renders it. Line numbers are the physical CSV lines where
rows start, counted with the csv module, because Table Schema checks count rows, not lines, and the two
differ when a quoted cell holds a line break.
"""
from __future__ import annotations

from pathlib import Path

from generator import paths as layout
from generator.validate.files import _package_folders, _Table  # noqa: F401  (_Table: reached by the tests)
from generator.validate.issues import Issue, UsageError, ValidationReport
from generator.validate.reference import _Reference
from generator.validate.releases import release_issues
from generator.validate.report import FORMATS, render_report
from generator.validate.run import validate_packages
# Internals the tests reach through `generator.validate`, kept importable from here.
from generator.validate.files import _unsafe_reason  # noqa: F401
from generator.validate.github import _escape_data, _escape_property  # noqa: F401
from generator.validate.tables import _translate  # noqa: F401

__all__ = ["FORMATS", "Issue", "UsageError", "ValidationReport", "render_report", "validate_paths"]


def validate_paths(paths: list[Path] | None, root: Path = layout.DATAPACKAGES, *, cache: bool = True,
                   processes: int | None = None) -> ValidationReport:
    """Validate the given package folders (or datapackage.json files), or every package under root.

    Cross-package checks use the reference package given among the paths, else the one under root.
    With cache, a package whose files, reference package and checks are unchanged since its last validation
    gets its issues from the validation cache (`cache`), and the report lists the packages validated again.
    Raises UsageError when a path does not exist or is not a package.
    """
    folders, stray = _package_folders(paths, root)
    reference_folder = next((f for f in folders if f.name == layout.REFERENCE_NAME), layout.reference_dir(root))
    issues: set[Issue] = set(stray)
    reference = _Reference.load(reference_folder, issues)
    found, validated = validate_packages(folders, reference, reference_folder, cache, processes)
    issues.update(found)
    if paths is None:  # the whole repository: its release records too (releases/, beside datapackages/)
        issues.update(release_issues(root.parent / "releases"))
    return ValidationReport(sorted(issues, key=Issue.sort_key), len(folders), validated)
