"""Tests for generator.validate as a whole: the fixture packages are valid, edge cases each rule must let
through included; which packages a run checks (the paths given, the reference package among them, a
datapackages folder) and that worker processes find what one process finds; and the catalogue of issue types
in generator.messages, each rendered, used and explained on the contribute page. The rules themselves are
tested in tests/test_validate_*.py, one file per part of the validator.
"""
from __future__ import annotations

import json
import os
import re

import pytest

from generator import messages, paths
from generator.messages import CONSTRAINT_CODES, FRICTIONLESS_CODES, ISSUE_TYPES
from generator.validate import render_report, validate_paths
from validation_helpers import ICS, OBS, REF, problems, replace_in


# --- the fixture is valid, including the edge cases each rule must let through ---------------------------

def test_fixture_packages_are_valid(validation_packages):
    report = validate_paths(None, root=validation_packages)
    assert report.issues == [], render_report(report)
    assert report.valid
    assert report.packages_checked == 3


@pytest.mark.parametrize("old, new", [
    pytest.param("80.1,79.8,80.4", "79.8,79.8,80.4", id="value equal to the lower limit"),
    pytest.param("80.1,79.8,80.4", "80.4,79.8,80.4", id="value equal to the upper limit"),
    pytest.param("80.1,79.8,80.4", "80.1,,", id="value without a confidence interval"),
    pytest.param("80.1,79.8,80.4,,", "80.1,79.8,80.4,0,", id="count of 0 may be shown"),
    pytest.param("80.1,79.8,80.4,,", "80.1,79.8,80.4,8,", id="count just above the disclosure range"),
    pytest.param("2020-22,persons", "1999-01,persons", id="three-year period across a century"),
    pytest.param("2020-22,persons,all_ages,total", "2020-22,persons,all_ages,imd2019_q1", id="any category as breakdown"),
])
def test_observation_edge_cases_are_valid(validation_packages, old, new):
    replace_in(validation_packages, OBS, old, new)
    assert problems(validation_packages) == []


def test_financial_year_across_a_century_is_valid(validation_packages):
    replace_in(validation_packages, OBS, "2023/24,persons", "1999/00,persons")
    assert problems(validation_packages) == []


def test_ratings_and_actions_may_name_a_whole_phase_and_a_draft_assessment(validation_packages):
    # The fixture already rates phase "2" and a draft assessment; an action may name a phase too.
    replace_in(validation_packages, f"{ICS}/actions.csv", "act1,a2024,1b,", "act1,a2025_draft,4,")
    assert problems(validation_packages) == []


# --- which packages are checked, and by how many processes -----------------------------------------------

def test_reference_given_among_the_paths_is_used(validation_packages, tmp_path):
    # Cross-package checks use the reference folder given on the command line, not the one under root.
    empty_root = tmp_path / "elsewhere"
    empty_root.mkdir()
    report = validate_paths([validation_packages / ICS / "datapackage.json", validation_packages / REF], root=empty_root)
    assert report.issues == [] and report.packages_checked == 2


def test_a_datapackages_folder_means_all_its_packages(validation_packages, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = validate_paths([validation_packages], root=elsewhere)
    assert report.issues == [] and report.packages_checked == 3


@pytest.mark.parametrize("cores", [2, 4])  # with 4, one of the three children has no package to check
def test_worker_processes_find_the_same_problems(validation_packages, monkeypatch, cores):
    from generator.validate import run

    replace_in(validation_packages, OBS, "1500.2", "abc")
    replace_in(validation_packages, "E92000001/observations.csv", ",81.0,", ",99.0,")
    sequential = validate_paths(None, root=validation_packages, cache=False)
    monkeypatch.setattr(run, "PARALLEL_FROM", 1)
    monkeypatch.setattr(run.os, "cpu_count", lambda: cores)
    parallel = validate_paths(None, root=validation_packages, cache=False)
    assert parallel.issues == sequential.issues and len(parallel.issues) == 2
    assert len(parallel.validated) == parallel.packages_checked == 3


def _in_two_processes(monkeypatch, in_a_child) -> None:
    """Validation forks (two cores, and every run long enough), and a job in a child process calls in_a_child."""
    from generator.validate import run

    parent, check = os.getpid(), run.check_package

    def checked(folder, reference, **options):
        if os.getpid() != parent:
            in_a_child()
        return check(folder, reference, **options)

    monkeypatch.setattr(run, "PARALLEL_FROM", 1)
    monkeypatch.setattr(run.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(run, "check_package", checked)


def test_an_error_in_a_worker_process_is_raised_where_validation_was_asked_for(validation_packages, monkeypatch):
    def fail():
        raise ValueError(f"a fault in process {os.getpid()}")

    _in_two_processes(monkeypatch, fail)
    with pytest.raises(ValueError, match="a fault in process") as raised:
        validate_paths(None, root=validation_packages, cache=False)
    assert str(os.getpid()) not in str(raised.value)  # it happened in a child, and reached the parent


def test_a_worker_process_that_dies_stops_validation_with_an_error(validation_packages, monkeypatch):
    _in_two_processes(monkeypatch, lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="stopped before sending its results"):
        validate_paths(None, root=validation_packages, cache=False)


def test_packages_are_shared_out_largest_first_to_the_least_loaded_process(tmp_path):
    from generator.validate import run

    sizes = {"a": 900_000, "b": 500_000, "c": 400_000, "d": 0, "e": 0}
    for name, size in sizes.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "observations.csv").write_bytes(b"x" * size)
    jobs = [run._Job(tmp_path / name, False, None) for name in sizes]
    shares = run._shares(jobs, 2)
    assert [[job.folder.name for job in share] for share in shares] == [["a", "d", "e"], ["b", "c"]]


def test_only_the_given_packages_are_checked(validation_packages):
    replace_in(validation_packages, "E92000001/observations.csv", ",81.0,", ",abc,")
    assert problems(validation_packages, validation_packages / ICS) == []
    assert [p[0] for p in problems(validation_packages, validation_packages / "E92000001")] == ["type-error"]


# --- the catalogue ---------------------------------------------------------------------------------------

SAMPLE_VALUES = {name: "sample" for name in (
    "value", "field", "line", "column", "error", "kind", "property", "example", "expected", "actual", "folder",
    "reference_file", "area", "number", "allowed", "resource", "reason", "schema", "canonical", "difference", "target", "fields",
    "path", "detail", "hint", "position", "limit", "remaining", "type_phrase", "type_hint", "description",
    "pattern_hint", "length", "note", "key", "other_line", "pairs", "message", "type", "own", "phases", "lower",
    "upper", "status", "low", "high", "suppressed", "indicator", "period_name", "start", "end", "suggestion",
    "place", "blanks", "count", "size", "valid_from", "valid_to", "changed_on", "total", "lines", "sets", "source",
    "action", "delimiter", "observations", "before", "after", "status_rule", "found",
    "categories_file", "members")}


@pytest.mark.parametrize("code", sorted(ISSUE_TYPES))
def test_every_issue_type_renders_all_its_placeholders(code):
    issue_type = ISSUE_TYPES[code]
    assert issue_type.code == code and issue_type.title and issue_type.description
    message, fix = issue_type.render(**SAMPLE_VALUES)
    for text in (message, fix):
        assert text.strip() and not re.search(r"(?<!\{)\{[a-z_]+\}(?!\})", text), text
    for template in (issue_type.template, issue_type.fix):
        placeholders = set(re.findall(r"(?<!\{)\{([a-z_]+)\}", template))
        assert placeholders <= set(SAMPLE_VALUES), placeholders - set(SAMPLE_VALUES)
    assert "{" not in issue_type.description


def test_every_mapped_code_is_in_the_catalogue():
    assert set(FRICTIONLESS_CODES.values()) | set(CONSTRAINT_CODES.values()) <= set(ISSUE_TYPES)


def test_every_issue_type_is_used():
    source = "".join(p.read_text(encoding="utf-8")
                     for p in sorted((paths.ROOT / "generator" / "validate").glob("*.py")))
    mapped = set(FRICTIONLESS_CODES.values()) | set(CONSTRAINT_CODES.values())
    unused = [code for code in ISSUE_TYPES if f'"{code}"' not in source and code not in mapped]
    assert unused == []


def test_every_issue_code_is_explained_on_the_contribute_page():
    page = (paths.CONTENT / "contribute.md").read_text(encoding="utf-8")
    section = page.split("\n## Every problem the checker can report\n", 1)[1]
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (.+) \| (.+) \|$", section, flags=re.M)
    assert sorted(code for code, _, _ in rows) == sorted(ISSUE_TYPES)
    assert all(meaning.strip() and fix.strip() for _, meaning, fix in rows)


def _sections(page: str) -> dict[str, str]:
    """Page text under each heading that names a CSV file, keyed by that file name."""
    parts = re.split(r"^#+ .*?`?([a-z_]+\.csv)`?.*$", page, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_schema_field_is_documented_under_its_file():
    sections = _sections((paths.CONTENT / "contribute.md").read_text(encoding="utf-8"))
    missing = []
    for schema_path in sorted((paths.reference_dir() / "schemas").glob("*.json")):
        file = schema_path.stem.removeprefix("ics-") + ".csv"
        fields = [f["name"] for f in json.loads(schema_path.read_text(encoding="utf-8"))["fields"]]
        section = sections.get(file, "")
        missing += [f"{file}: {name}" for name in fields if f"| `{name}` |" not in section]
    assert missing == []


def test_messages_module_documents_itself():
    assert messages.__doc__ and "contribute.md" in messages.__doc__
