"""Helpers shared by the validator's rule tests (tests/test_validate*.py): the tiny valid packages of
tests/fixtures/validation, copied into tmp_path by conftest's `validation_packages` fixture, are broken in one
place and the problems found are read back as (code, file, line, field, message).

Observations lines in the fixture: 2 and 3 life expectancy (package area, then the place X06000001), 4-5
smoking with a two-line note, 6 suppressed smoking, 7 admissions, 8 not available.
"""
from __future__ import annotations

import json
from pathlib import Path

from generator.validate import validate_paths

ICS = "X54000001"
OBS = f"{ICS}/observations.csv"
OBS_ROW_2 = "life_expectancy,X54000001,2020-22,persons,all_ages,total,80.1,79.8,80.4,,,published,,Similar,fixture_source"
OBS_ROW_7 = "admissions,X54000001,2023/24,persons,all_ages,total,1500.2,1476.3,1524.4,15002,1000000,published,,Worse,fixture_source"
REF = "reference"
DESC = f"{ICS}/datapackage.json"


def replace_in(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_descriptor(root: Path, package: str, change) -> None:
    path = root / package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def problems(root: Path, *given: Path) -> list[tuple]:
    """(code, file relative to root, line, field, message) for every issue found."""
    report = validate_paths(list(given) or None, root=root)
    assert report.valid == (not report.errors)
    return [(i.code, Path(i.file).relative_to(root).as_posix(), i.line, i.field, i.message) for i in report.issues]


def only_problem(root: Path) -> tuple:
    found = problems(root)
    assert len(found) == 1, found
    return found[0]
