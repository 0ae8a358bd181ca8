"""The validate command line, end to end (`python -m generator validate` in a subprocess, as contributors run
it): valid data exits 0, with any warnings shown; invalid data exits 1 in each output format and bad input of
every kind without a traceback; a missing path or an unknown format is a usage error and exits 2.

Uses the tiny packages of tests/fixtures/validation, copied into tmp_path by conftest.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import paths
from validation_inputs import DESC, ICS, PLACES, change_descriptor, write_bytes


# --- the command line, end to end --------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "validate", *args], cwd=paths.ROOT,
                          capture_output=True, text=True, timeout=300)


def package_args(root: Path) -> list[str]:
    # The reference folder is given too, so cross-package checks use the fixture's, not the repository's.
    return [str(root / "reference"), str(root / ICS), str(root / "E92000001")]


def test_cli_valid_data_exits_0(validation_packages):
    result = run_cli(*package_args(validation_packages))
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "All 3 packages are valid.", "")


def test_cli_exits_0_on_warnings_and_shows_them(validation_packages):
    write_bytes(validation_packages, f"{ICS}/plus_groups.csv", lambda b: b.replace(b"Many unpaid", b"=1+1 Many unpaid"))
    result = run_cli(*package_args(validation_packages))
    assert result.returncode == 0, result.stdout
    assert "  Warning: line 2, column reason: The text in column reason starts with \"=\"" in result.stdout
    assert result.stdout.strip().endswith("All 3 packages are valid, with 1 warning.")


def test_cli_invalid_data_exits_1_in_each_format(validation_packages):
    write_bytes(validation_packages, f"{ICS}/observations.csv", lambda b: b.replace(b"1500.2", b"abc"))
    text = run_cli(*package_args(validation_packages))
    assert text.returncode == 1 and "Traceback" not in text.stderr
    assert f"{validation_packages / ICS / 'observations.csv'}\n  line 7, column value:" in text.stdout
    assert text.stdout.strip().endswith("1 problem in 1 file. The data is not valid.")
    as_json = run_cli(*package_args(validation_packages), "--format", "json")
    assert as_json.returncode == 1
    [issue] = json.loads(as_json.stdout)
    assert (issue["line"], issue["field"], issue["code"]) == (7, "value", "type-error")
    github = run_cli(*package_args(validation_packages), "--format", "github")
    assert github.returncode == 1
    assert github.stdout.startswith(f"::error file={validation_packages / ICS / 'observations.csv'},line=7,title=")


@pytest.mark.parametrize("breakage", [
    lambda root: (root / DESC).write_text('{"name": ', encoding="utf-8"),
    lambda root: (root / PLACES).write_bytes(b""),
    lambda root: (root / PLACES).write_bytes(b"area_code,share_of_lsoas,note\nX06000001,1,caf\xe9\n"),
    lambda root: (root / PLACES).unlink(),
    lambda root: change_descriptor(root, lambda d: d["resources"][1].update(path="https://example.org/x.csv")),
], ids=["broken json", "empty file", "latin-1", "missing file", "url path"])
def test_cli_bad_input_exits_1_without_traceback(validation_packages, breakage):
    breakage(validation_packages)
    result = run_cli(*package_args(validation_packages))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "The data is not valid." in result.stdout


def test_cli_missing_path_exits_2_with_a_clear_message(tmp_path):
    result = run_cli(str(tmp_path / "no-such-package"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'no-such-package'} does not exist" in result.stderr


def test_cli_unknown_format_exits_2():
    result = run_cli("--format", "xml")
    assert result.returncode == 2 and "invalid choice" in result.stderr and "Traceback" not in result.stderr
