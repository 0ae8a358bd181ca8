"""`python -m generator new-ics CODE`: the package it writes validates as it is, and it refuses a code that is
not an ICB and never overwrites a folder."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from generator import paths
from generator.paths import ICS_RESOURCES
from generator.validate import validate_paths

CODE = "E54000062"  # NHS Black Country, whose folder the test removes from a copy first


@pytest.fixture
def without_black_country(tmp_path):
    root = tmp_path / "datapackages"
    for name in ("reference", "E92000001"):
        shutil.copytree(paths.DATAPACKAGES / name, root / name)
    owners = tmp_path / "CODEOWNERS"
    owners.write_text("*   @ics-transparency/maintainers\n", encoding="utf-8")
    return root, owners


def _run(*args):
    return subprocess.run([sys.executable, "-m", "generator", "new-ics", *args], cwd=paths.ROOT,
                          capture_output=True, text=True)


def test_the_new_package_validates_with_a_warning_for_each_empty_table(without_black_country):
    root, owners = without_black_country
    from generator.scaffold import new_ics

    folder = new_ics(CODE, root, owners=owners)
    report = validate_paths([root / "reference", folder], root=root)
    assert report.valid, [i.message for i in report.errors]
    assert sorted(i.file.rsplit("/", 1)[-1] for i in report.warnings) == sorted(f"{n}.csv" for n in ICS_RESOURCES)
    assert {i.code for i in report.warnings} == {"no-rows"}
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["area_code"] == CODE and descriptor["illustrative"] is False
    assert descriptor["resources"][0] == {"name": "observations", "path": "observations.csv"}  # its schema is the canonical one
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("# Black Country integrated care system")
    assert f"/datapackages/{CODE}/" in owners.read_text(encoding="utf-8")


def test_the_command_refuses_an_existing_folder_and_changes_nothing():
    before = sorted(p.name for p in (paths.DATAPACKAGES / CODE).iterdir())
    result = _run(CODE)
    assert result.returncode == 2 and "never overwrites" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (paths.DATAPACKAGES / CODE).iterdir()) == before


@pytest.mark.parametrize("code, says", [("E92000001", "a country, not an integrated care board"),
                                        ("E99999999", "is not in the reference areas")])
def test_the_command_refuses_a_code_that_is_not_an_icb(without_black_country, code, says):
    root, _ = without_black_country
    result = _run(code, "--data", str(root))
    assert result.returncode == 2 and says in result.stderr
    assert not (root / code).exists() or code == "E92000001"


def test_the_command_writes_the_package(without_black_country):
    root, _ = without_black_country
    result = _run(CODE, "--data", str(root))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / CODE).iterdir()) == sorted(
        ["README.md", "datapackage.json", *(f"{n}.csv" for n in ICS_RESOURCES)])
