"""Helpers shared by the tests of bad input files and the command line (tests/test_validate_files.py,
test_validate_headers.py and test_validate_cli.py): the tiny packages of tests/fixtures/validation, copied into
tmp_path by conftest's `validation_packages` fixture, are broken in one place, as bytes or in datapackage.json,
and the problems found are read back as (code, file, line, field, message). Unlike validation_helpers.problems,
problems here takes no paths and checks nothing of the report."""
from __future__ import annotations

import json
from pathlib import Path

from generator.validate import validate_paths

ICS = "X54000001"
PLACES = f"{ICS}/places.csv"
DESC = f"{ICS}/datapackage.json"


def problems(root: Path) -> list[tuple]:
    report = validate_paths(None, root=root)
    return [(i.code, Path(i.file).relative_to(root).as_posix(), i.line, i.field, i.message) for i in report.issues]


def write_bytes(root: Path, relative: str, change) -> None:
    path = root / relative
    path.write_bytes(change(path.read_bytes()))


def change_descriptor(root: Path, change) -> None:
    path = root / DESC
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
