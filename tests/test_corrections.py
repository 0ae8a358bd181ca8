"""Issue 13: a team corrects an imported figure through corrections.csv, never by editing observations.csv.
A correction must replace a row that exists, pass every rule an imported figure does, and never hide or
reveal a figure; the site then uses it everywhere, names its file and line, and shows what it replaced."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from generator import paths
from generator.load import load_package
from generator.stats import wilson_ci
from generator.validate import validate_paths

EXAMPLE = "X54000099"
EXAMPLE_PAGE = "ics/example-ics-fictional/index.md"


@pytest.fixture
def example(example_copy):
    """A copy of the reference package and the Example, whose corrections.csv each test rewrites."""
    return example_copy


def _observation(root, breakdown="eth5_asian"):
    with open(root / EXAMPLE / "observations.csv", encoding="utf-8", newline="") as handle:
        return next(r for r in csv.DictReader(handle) if r["indicator_id"] == "smi_health_checks"
                    and r["period"] == "2023/24 Q4" and r["breakdown"] == breakdown)


def _correct(root, *rows):
    """Write these rows as the Example's corrections.csv (every row copied from observations.csv, then changed)."""
    fields = list(_observation(root)) + ["reason", "corrected_on"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows({"reason": "Recounted.", "corrected_on": "2026-06-01", **r} for r in rows)
    (root / EXAMPLE / "corrections.csv").write_text(buffer.getvalue(), encoding="utf-8")


def _recounted(row, count):
    """The row with a new count, and the value and Wilson interval that count gives."""
    denominator = int(row["denominator"])
    lower, upper = wilson_ci(count, denominator)
    return {**row, "count": str(count), "value": f"{100 * count / denominator:.4f}",
            "lower_ci_95": f"{lower:.4f}", "upper_ci_95": f"{upper:.4f}"}


def _found(root):
    report = validate_paths([root / EXAMPLE, root / "reference"], root)
    return [(i.code, i.line, i.field) for i in report.issues if i.file.endswith("corrections.csv")]


def test_a_consistent_correction_is_valid_and_replaces_its_row(example):
    original = _observation(example)
    _correct(example, _recounted(original, int(original["count"]) - 50))
    assert validate_paths([example / EXAMPLE, example / "reference"], example).valid
    package = load_package(example / EXAMPLE, ics=True, root=example)
    observations = package.table("observations")
    shown = observations[(observations.indicator_id == "smi_health_checks") & (observations.period == "2023/24 Q4")
                         & (observations.breakdown == "eth5_asian")].iloc[0]
    assert shown["count"] == int(original["count"]) - 50 and shown._file.endswith("corrections.csv") and shown._line == 2
    correction = package.table("corrections").iloc[0]
    assert correction.previous_count == int(original["count"]) and correction.previous_file.endswith("observations.csv")
    assert len(observations) == len(load_package(paths.DATAPACKAGES / EXAMPLE, ics=True).table("observations"))


def test_a_correction_of_a_row_that_does_not_exist_says_how_to_copy_one(example):
    _correct(example, {**_observation(example), "period": "2031"})
    report = validate_paths([example / EXAMPLE, example / "reference"], example)
    [issue] = [i for i in report.issues if i.code == "correction-unmatched"]
    assert issue.line == 2 and 'period "2031"' in issue.message and "keep its first six columns" in issue.fix


def test_a_correction_cannot_hide_or_reveal_a_figure(example):
    original = _observation(example)
    hidden = {**original, "count": ""}
    suppressed = {**_observation(example, "eth5_mixed"), "status": "suppressed", "value": "", "lower_ci_95": "",
                  "upper_ci_95": "", "count": "", "note": "Hidden."}
    _correct(example, hidden, suppressed)
    found = _found(example)
    assert ("correction-changes-suppression", 2, "count") in found
    assert ("correction-changes-suppression", 3, "value") in found


def test_a_correction_that_changes_nothing_is_a_warning(example):
    _correct(example, _observation(example))
    report = validate_paths([example / EXAMPLE, example / "reference"], example)
    assert report.valid and [i.code for i in report.warnings] == ["correction-changes-nothing"]


def test_a_corrected_figure_passes_the_same_rules_as_an_imported_one(example):
    original = _observation(example)
    stale = {**original, "count": str(int(original["count"]) - 50)}  # the value and interval left behind
    small = _recounted(_observation(example, "eth5_mixed"), 5)  # a count small enough to identify people
    _correct(example, stale, small)
    codes = {(code, line) for code, line, _ in _found(example)}
    assert ("value-disagrees-with-counts", 2) in codes and ("count-not-suppressed", 3) in codes


def test_only_the_team_writes_corrections(example):
    """The file is the team's: it is not among what the importer fingerprints, and the Example lists it."""
    descriptor = json.loads((example / EXAMPLE / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    assert {"name": "corrections", "path": "corrections.csv"} in descriptor["resources"]
    real = json.loads((paths.DATAPACKAGES / "E54000062" / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    assert "corrections.csv" not in real["imported"]["files"]


def test_the_site_uses_the_corrected_figure_and_shows_what_it_replaced(site_build):
    page = (site_build.content / EXAMPLE_PAGE).read_text(encoding="utf-8")
    assert '<a href="#corrections">Figures the system corrected</a>' in page
    section = page.split("{ #corrections }", 1)[1].split("\n## ", 1)[0]
    assert "46.9% (95% interval 44.0% to 49.9%), 520 of 1,108" in section
    assert "49.5% (95% interval 46.5% to 52.4%), 548 of 1,108" in section
    assert "15 July 2025" in section and "recorded late" in section
    cited = re.search(r'<td class="source">(.*?)</td>', section).group(1)  # each source a link to its line
    assert re.sub(r"<[^>]+>", "", cited) == f"datapackages/{EXAMPLE}/corrections.csv:2; datapackages/{EXAMPLE}/observations.csv:97"
    if "not yet committed" not in page:  # the checkout's data as committed: a link to the line at the commit
        assert f'/datapackages/{EXAMPLE}/corrections.csv?plain=1#L2">datapackages/{EXAMPLE}/corrections.csv:2</a>' in cited
    downloads = site_build.content / "downloads/ics/example-ics-fictional"
    by_group = (downloads / "black-communities/smi-health-checks-persons-ethnicity-5.csv").read_text("utf-8")
    black = next(r for r in csv.DictReader(io.StringIO(by_group)) if r["Ethnic group (5 groups)"].startswith("Black"))
    assert black["Source (file:line)"] == f"datapackages/{EXAMPLE}/corrections.csv:2" and "49.5%" in black.values()
    by_quarter = (downloads / "smi-health-checks.csv").read_text("utf-8").splitlines()
    assert by_quarter[-1].startswith("2023/24 Q4,63.3%,") and f"{EXAMPLE}/corrections.csv:3" in by_quarter[-1]
    real = (site_build.content / "ics/black-country/index.md").read_text(encoding="utf-8")
    assert "{ #corrections }" not in real and "#corrections" not in real
