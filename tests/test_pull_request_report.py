"""What a pull request that breaks a real CSV gets from the workflow's own commands: annotations within
GitHub's limits, at the right lines, grouped and followed by a notice of the rest, and a job summary that
names every fix. Text from the broken cells stays inert in both: no new workflow command, no markup."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys

import pytest

from generator import paths

ICS = "E54000037"
HOSTILE = "<img src=x onerror=alert(1)>\n::warning file=evil.csv::pwned @octocat [x](https://evil.example)"


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A copy of the reference, England and one ICS, with 30 figures that are not numbers, a missing
    indicator, an unknown one holding markup and a workflow command, and a formula-like note."""
    root = tmp_path_factory.mktemp("pr") / "datapackages"
    for name in ("reference", "E92000001", ICS):
        shutil.copytree(paths.DATAPACKAGES / name, root / name)
    path = root / ICS / "observations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    value, indicator, note = header.index("value"), header.index("indicator_id"), header.index("note")
    for row in rows[10:40]:
        row[value] = "abc"
    rows[50][indicator] = ""
    rows[60][indicator] = HOSTILE
    rows[70][note] = "=1+1 see the note"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return root


def _run(root, fmt: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "validate", str(root), "--format", fmt],
                          cwd=paths.ROOT, capture_output=True, text=True)


def test_annotations_stay_within_githubs_limits_and_point_at_the_lines(broken):
    result = _run(broken, "github")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    notices = [line for line in lines if line.startswith("::notice ")]
    assert 0 < len(errors) <= 10 and len(warnings) == 1 and len(notices) <= 1
    grouped = next(line for line in errors if "(type-error)" in line)
    assert f"{ICS}/observations.csv,line=11," in grouped
    assert "30 rows have this problem (lines 11-40). The first, on line 11:" in grouped
    assert "How to fix:" in grouped
    assert any(f"{ICS}/observations.csv,line=51," in line and "(required-value)" in line for line in errors)
    # line 72, not 71: the cell with a line break above it makes its row two lines long
    assert any(f"{ICS}/observations.csv,line=72," in line and "(formula-like-text)" in line for line in warnings)
    assert lines[-1].endswith("The data is not valid.")


def test_text_from_a_cell_cannot_start_a_workflow_command(broken):
    lines = _run(broken, "github").stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert all(re.match(r"::(error|warning|notice) ", line) for line in commands)
    assert not any("evil.csv" in line.split("::")[1] for line in commands)  # never a property of its own
    hostile = [line for line in lines if "pwned" in line]
    assert hostile and all(line.startswith("::error ") and line.index("evil.csv") > line.index("::", 2) for line in hostile)


def test_the_summary_names_every_problem_and_its_fix_with_the_data_inert(broken):
    result = _run(broken, "markdown")
    summary = result.stdout
    assert summary.startswith("## The data is not valid\n")
    rows = [line for line in summary.splitlines() if line.startswith("| ") and not line.startswith(("| Line", "| ---"))]
    # 30 figures, 1 missing indicator, 1 for the unknown one (named with the catalogue, not also by its form),
    # 1 warning, and 1 because the imported file was edited by hand
    assert len(rows) == 34
    assert "| 11 | value | The value \"abc\" in column value is not a number\\. |" in summary
    assert "<img" not in summary and "&lt;img src=x onerror=alert\\(1\\)&gt;" in summary
    assert "@\u200boctocat" in summary and "@octocat" not in summary
    assert "[x](https" not in summary
    assert all(row.count(" | ") == 3 for row in rows), "a cell broke out of its table column"


def test_one_run_writes_the_annotations_the_summary_and_the_json_report(broken, tmp_path):
    summary, report = tmp_path / "summary.md", tmp_path / "problems.json"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(broken), "--format", "github",
                             "--summary", str(summary), "--json", str(report)], cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and result.stdout.startswith("::error ")
    assert summary.read_text(encoding="utf-8").startswith("earlier step\n## The data is not valid\n")
    problems = json.loads(report.read_text(encoding="utf-8"))
    assert len(problems) == 34 and {p["severity"] for p in problems} == {"error", "warning"}
