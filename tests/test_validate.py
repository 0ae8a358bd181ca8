"""Tests for generator.validate: each rule passes on good data and fails, with its exact message, on bad.

Every test copies the tiny valid packages of tests/fixtures/validation into tmp_path (conftest) and
breaks one thing. Observations lines in the fixture: 2 and 3 life expectancy (package area, then the
place X06000001), 4-5 smoking with a two-line note, 6 suppressed smoking, 7 admissions, 8 not available.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from generator import messages, paths
from generator.messages import CONSTRAINT_CODES, FRICTIONLESS_CODES, ISSUE_TYPES
from generator.validate import render_report, validate_paths

ICS = "X54000001"
OBS = f"{ICS}/observations.csv"
OBS_ROW_2 = "life_expectancy,X54000001,2020-22,persons,all_ages,total,80.1,79.8,80.4,,,published,,Similar,fixture_source"
OBS_ROW_7 = "admissions,X54000001,2023/24,persons,all_ages,total,1500.2,1476.3,1524.4,15002,1000000,published,,Worse,fixture_source"
OBS_ROW_6 = "smoking_prevalence,X54000001,2023,persons,all_ages,imd2019_q5,,,,,40,suppressed,Fewer than 8 people,,fixture_source"


# --- helpers ---------------------------------------------------------------------------------------------

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


# --- observations: references into the reference package ------------------------------------------------

REF = "reference"


@pytest.mark.parametrize("old, new, expected", [
    ("life_expectancy,X06000001", "life_expectancy_x,X06000001",
     ("unknown-indicator", OBS, 3, "indicator_id",
      'Indicator "life_expectancy_x" is not in the indicator catalogue ({ref}/indicators.csv).')),
    ("life_expectancy,X06000001", "life_expectancy,E06000009",
     ("area-unknown", OBS, 3, "area_code", 'Area code "E06000009" is not in the reference areas ({ref}/areas.csv).')),
    ("life_expectancy,X06000001", "life_expectancy,E06000001",
     ("area-not-in-package", OBS, 3, "area_code",
      'Area "E06000001" is neither this package\'s own area (X54000001) nor one of its places (places.csv).')),
    ("2020-22,female,all_ages", "2020-22,female,age_99",
     ("unknown-age", OBS, 3, "age", 'Age group "age_99" is not a category of the age dimension ({ref}/categories.csv).')),
    ("2020-22,female,all_ages", "2020-22,female,imd2019_q1",
     ("unknown-age", OBS, 3, "age",
      'Age group "imd2019_q1" is not a category of the age dimension ({ref}/categories.csv).')),
    ("all_ages,female", "all_ages,nobody",
     ("unknown-breakdown", OBS, 3, "breakdown", 'Breakdown "nobody" is not a category in {ref}/categories.csv.')),
    ("published,,Similar", "final,,Similar",
     ("unknown-status", OBS, 2, "status", 'Status "final" is not in {ref}/observation_statuses.csv.')),
    ("Similar,fixture_source", "Similar,other_source",
     ("unknown-source", OBS, 2, "source_id",
      'Source "other_source" is not the id of any source in this package\'s datapackage.json.')),
])
def test_observation_references(validation_packages, old, new, expected):
    replace_in(validation_packages, OBS, old, new)
    code, file, line, field, message = expected
    ref = (validation_packages / REF).as_posix()
    assert only_problem(validation_packages) == (code, file, line, field, message.format(ref=ref))


def test_england_package_rows_must_be_england(validation_packages):
    replace_in(validation_packages, "E92000001/observations.csv", "life_expectancy,E92000001", "life_expectancy,X54000001")
    assert only_problem(validation_packages) == (
        "area-not-in-package", "E92000001/observations.csv", 2, "area_code",
        'Area "X54000001" is neither this package\'s own area (E92000001) nor one of its places (places.csv).')


def test_england_package_may_hold_its_regions(validation_packages):
    """A region's parent_code is England, so the England package may carry the region's figures."""
    path = validation_packages / "E92000001/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append(lines[1].replace("life_expectancy,E92000001", "life_expectancy,E40000012"))
    path.write_text("".join(lines), encoding="utf-8")
    assert validate_paths(None, root=validation_packages).valid


def test_fix_names_the_allowed_values(validation_packages):
    replace_in(validation_packages, OBS, "published,,Similar", "final,,Similar")
    issue = validate_paths(None, root=validation_packages).issues[0]
    assert issue.fix == ("Use one of: low_reliability, not_applicable, not_available, provisional, published, "
                         "suppressed.")


# --- observations: figures, statuses, disclosure, periods ------------------------------------------------

@pytest.mark.parametrize("old, new, expected", [
    ("80.1,79.8,80.4", "81.1,79.8,80.4",
     ("value-outside-ci", 2, "value", "The value 81.1 is outside its 95% confidence interval (79.8 to 80.4).")),
    ("80.1,79.8,80.4", "79.7,79.8,80.4",
     ("value-outside-ci", 2, "value", "The value 79.7 is outside its 95% confidence interval (79.8 to 80.4).")),
    ("80.1,79.8,80.4", "80.1,80.4,79.8",
     ("ci-out-of-order", 2, "lower_ci_95", "The lower confidence limit (80.4) is above the upper limit (79.8).")),
    ("imd2019_q5,,,,,40", "imd2019_q5,3.5,,,,40",
     ("value-with-no-value-status", 6, "value", 'Status "suppressed" means there is no figure, but column value has "3.5".')),
    ("imd2019_q5,,,,,40", "imd2019_q5,,1.0,,,40",
     ("value-with-no-value-status", 6, "lower_ci_95",
      'Status "suppressed" means there is no figure, but column lower_ci_95 has "1.0".')),
    ("imd2019_q5,,,,,40", "imd2019_q5,,,9.9,,40",
     ("value-with-no-value-status", 6, "upper_ci_95",
      'Status "suppressed" means there is no figure, but column upper_ci_95 has "9.9".')),
    ("imd2019_q5,,,,,40", "imd2019_q5,,,,5,40",
     ("value-with-no-value-status", 6, "count", 'Status "suppressed" means there is no figure, but column count has "5".')),
    ("total,1500.2,1476.3,1524.4,15002", "total,,,,15002",
     ("value-missing", 7, "value", 'Status "published" means there is a figure, but column value is empty.')),
    ("12.5,10.6,14.7,125,1000", "0.7,,,7,1000",
     ("count-not-suppressed", 4, "count",
      "The count 7 is from 1 to 7, small enough to identify people, so it must not be published.")),
    ("12.5,10.6,14.7,125,1000", "0.1,,,1,1000",
     ("count-not-suppressed", 4, "count",
      "The count 1 is from 1 to 7, small enough to identify people, so it must not be published.")),
    ("2020-22,persons", "2020-21,persons",
     ("period-span-wrong", 2, "period", 'Period "2020-21" has the wrong end year for life_expectancy (Three calendar '
                                        "years, pooled): a period starting in 2020 ends in 2022.")),
    ("2023/24,persons,all_ages,total,1500.2", "2023/25,persons,all_ages,total,1500.2",
     ("period-span-wrong", 7, "period", 'Period "2023/25" has the wrong end year for admissions (Financial year (April '
                                        "to March)): a period starting in 2023 ends in 2024.")),
    ("2023/24,persons,all_ages,total,1500.2", "2023-24,persons,all_ages,total,1500.2",
     ("period-malformed", 7, "period",
      'Period "2023-24" is not in the form used for admissions (Financial year (April to March)).')),
    ("2023,persons,age_65_plus", "2023 ,persons,age_65_plus",
     ("period-malformed", 4, "period", 'Period "2023 " is not in the form used for smoking_prevalence (Calendar year).')),
])
def test_observation_figures(validation_packages, old, new, expected):
    replace_in(validation_packages, OBS, old, new)
    assert only_problem(validation_packages) == (expected[0], OBS, *expected[1:])


def test_period_fixes_suggest_the_right_form(validation_packages):
    replace_in(validation_packages, OBS, "2020-22,persons", "2020-21,persons")
    replace_in(validation_packages, OBS, "2023/24,persons,all_ages,total,1500.2", "2023-24,persons,all_ages,total,1500.2")
    fixes = {i.line: i.fix for i in validate_paths(None, root=validation_packages).issues}
    assert fixes == {2: "Write 2020-22.", 7: "Write it like 2023/24."}


def test_disclosure_range_comes_from_the_reference_descriptor(validation_packages):
    change_descriptor(validation_packages, REF, lambda d: d["disclosure_control"].update(suppress_counts_to=200))
    replace_in(validation_packages, OBS, "12.5,10.6,14.7,125,1000", "15.0,,,150,1000")
    assert only_problem(validation_packages)[:4] == ("count-not-suppressed", OBS, 4, "count")


def test_small_counts_of_areas_need_no_suppression(validation_packages):
    # An indicator whose counts are of neighbourhoods (counts_people false) may show a count of 5.
    replace_in(validation_packages, OBS, "12.5,10.6,14.7,125,1000", "0.5,,,5,1000")
    assert only_problem(validation_packages)[0] == "count-not-suppressed"
    indicators = validation_packages / REF / "indicators.csv"
    lines = indicators.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    smoking = next(i for i, line in enumerate(lines) if line.startswith("smoking_prevalence,"))
    cells = next(csv.reader([lines[smoking]]))
    cells[header.index("counts_people")] = "false"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[smoking] = out.getvalue()
    indicators.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(validation_packages) == []


def test_status_rules_come_from_the_reference_statuses(validation_packages):
    # If the reference says a provisional figure has no value, a provisional row with one is an error.
    replace_in(validation_packages, f"{REF}/observation_statuses.csv", "provisional,Provisional,[p],true",
               "provisional,Provisional,[p],false")
    found = {(code, line, field) for code, _, line, field, _ in problems(validation_packages)}
    assert found == {("value-with-no-value-status", 4, c) for c in ("value", "lower_ci_95", "upper_ci_95", "count")}


def test_duplicate_observation_names_the_first_line(validation_packages):
    path = validation_packages / OBS
    path.write_text(path.read_text(encoding="utf-8") + OBS_ROW_2.replace(",80.1,", ",80.2,") + "\n", encoding="utf-8")
    assert only_problem(validation_packages) == (
        "duplicate-row", OBS, 9, None,
        'Duplicate row: line 2 already has the same indicator_id "life_expectancy", area_code "X54000001", '
        'period "2020-22", sex "persons", age "all_ages", breakdown "total".')


# --- other ICS resources ----------------------------------------------------------------------------------

@pytest.mark.parametrize("relative, old, new, expected", [
    ("places.csv", "X06000001,1,\n", "X06000001,1,\nE40000012,1,\n",
     ("place-not-local-authority", 3, "area_code",
      'Place "E40000012" has area_type "nhs_region" in the reference areas, not local_authority.')),
    ("places.csv", "X06000001,1,\n", "X06000001,1,\nE06000099,1,\n",
     ("area-unknown", 3, "area_code", 'Area code "E06000099" is not in the reference areas ({ref}/areas.csv).')),
    ("plus_groups.csv", "carers,", "young_carers,",
     ("unknown-community-group", 2, "group_id", 'Community group "young_carers" is not in {ref}/community_groups.csv.')),
    ("ratings.csv", "a2024,1b,developing", "a2024,1b,great",
     ("unknown-level", 2, "level", 'Maturity level "great" is not in {ref}/maturity_levels.csv.')),
    ("ratings.csv", "a2024,2,emerging", "a2024,3,emerging",
     ("unknown-subtopic", 3, "subtopic_code",
      'Sub-topic "3" is neither a framework sub-topic code nor a phase number in the reference data.')),
    ("ratings.csv", "a2024,2,emerging", "a2024,1c,emerging",
     ("unknown-subtopic", 3, "subtopic_code",
      'Sub-topic "1c" is neither a framework sub-topic code nor a phase number in the reference data.')),
    ("ratings.csv", "core20;carers", "core20;kids",
     ("unknown-community-group", 2, "community_groups", 'Community group "kids" is not in {ref}/community_groups.csv.')),
    ("actions.csv", "in_progress", "ongoing",
     ("unknown-action-status", 2, "status", 'Action status "ongoing" is not in {ref}/action_statuses.csv.')),
    ("actions.csv", "act1,a2024,1b,", "act1,a2024,5z,",
     ("unknown-subtopic", 2, "subtopic_code",
      'Sub-topic "5z" is neither a framework sub-topic code nor a phase number in the reference data.')),
    ("actions.csv", "2024-06-01,carers,", "2024-06-01,carers;lonely_people,",
     ("unknown-community-group", 2, "community_groups",
      'Community group "lonely_people" is not in {ref}/community_groups.csv.')),
    ("actions.csv", "carers,smoking_prevalence", "carers,smoking_prevalence;obesity",
     ("unknown-indicator", 2, "indicators", 'Indicator "obesity" is not in the indicator catalogue ({ref}/indicators.csv).')),
])
def test_ics_resource_references(validation_packages, relative, old, new, expected):
    replace_in(validation_packages, f"{ICS}/{relative}", old, new)
    code, line, field, message = expected
    ref = (validation_packages / REF).as_posix()
    assert only_problem(validation_packages) == (code, f"{ICS}/{relative}", line, field, message.format(ref=ref))


def test_evidence_subtopic_must_exist(validation_packages):
    # Evidence must also match a rating (a foreign key), so the rating is changed too.
    replace_in(validation_packages, f"{ICS}/ratings.csv", "a2025_draft,4a,", "a2025_draft,7,")
    replace_in(validation_packages, f"{ICS}/evidence.csv", "a2025_draft,4a,", "a2025_draft,7,")
    message = 'Sub-topic "7" is neither a framework sub-topic code nor a phase number in the reference data.'
    assert problems(validation_packages) == [
        ("unknown-subtopic", f"{ICS}/evidence.csv", 3, "subtopic_code", message),
        ("unknown-subtopic", f"{ICS}/ratings.csv", 4, "subtopic_code", message),
    ]


def test_no_sources_is_one_problem_not_one_per_row(validation_packages):
    change_descriptor(validation_packages, ICS, lambda d: d.pop("sources"))
    assert only_problem(validation_packages) == (
        "property-missing", DESC, None, "sources", 'datapackage.json has no "sources".')


def test_foreign_key_inside_a_package(validation_packages):
    replace_in(validation_packages, f"{ICS}/ratings.csv", "a2024,2,emerging", "a2023,2,emerging")
    target = (validation_packages / ICS / "assessments.csv").as_posix()
    assert only_problem(validation_packages) == (
        "foreign-key", f"{ICS}/ratings.csv", 3, "assessment_id", f'No row of {target} has assessment_id "a2023".')


def test_composite_foreign_key_names_both_columns(validation_packages):
    replace_in(validation_packages, f"{ICS}/evidence.csv", "a2024,1b,Health", "a2024,4a,Health")
    target = (validation_packages / ICS / "ratings.csv").as_posix()
    assert only_problem(validation_packages) == (
        "foreign-key", f"{ICS}/evidence.csv", 2, "assessment_id, subtopic_code",
        f'No row of {target} has assessment_id "a2024" and subtopic_code "4a".')


def test_related_resource_missing(validation_packages):
    change_descriptor(validation_packages, ICS, lambda d: d.update(
        resources=[r for r in d["resources"] if r["name"] != "ratings"]))
    (validation_packages / ICS / "ratings.csv").unlink()
    assert only_problem(validation_packages) == (
        "related-resource-missing", f"{ICS}/evidence.csv", None, None,
        'This file refers to ratings (column assessment_id, subtopic_code), but the package has no "ratings" resource.')


# --- the reference package -------------------------------------------------------------------------------

def test_community_group_categories_must_exist(validation_packages):
    replace_in(validation_packages, f"{REF}/community_groups.csv", "imd2019_q1,", "imd2019_q1;imd2025_q1,")
    ref = (validation_packages / REF).as_posix()
    assert only_problem(validation_packages) == (
        "unknown-category", f"{REF}/community_groups.csv", 2, "category_ids",
        f'Category "imd2025_q1" is not in {ref}/categories.csv.')


def test_period_pattern_must_be_a_regular_expression(validation_packages):
    replace_in(validation_packages, f"{REF}/period_types.csv", r"(?P<start>\d{4}),1", r"(?P<start>\d{4},1")
    assert only_problem(validation_packages) == (
        "period-pattern-invalid", f"{REF}/period_types.csv", 2, "pattern",
        r'The pattern "(?P<start>\d{4}" is not a valid regular expression: missing ), unterminated subpattern at '
        "position 0.")


def test_reference_foreign_keys_are_checked(validation_packages):
    replace_in(validation_packages, f"{REF}/categories.csv", "imd2019_q5,imd2019_quintile", "imd2019_q5,imd2019_quintil")
    dimensions = (validation_packages / REF / "dimensions.csv").as_posix()
    assert only_problem(validation_packages) == (
        "foreign-key", f"{REF}/categories.csv", 8, "dimension_id",
        f'No row of {dimensions} has dimension_id "imd2019_quintil".')


def test_reference_descriptor_needs_disclosure_control(validation_packages):
    change_descriptor(validation_packages, REF, lambda d: d.pop("disclosure_control"))
    assert only_problem(validation_packages) == (
        "property-missing", f"{REF}/datapackage.json", None, "disclosure_control",
        'datapackage.json has no "disclosure_control".')


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


def test_worker_processes_find_the_same_problems(validation_packages, monkeypatch):
    from generator.validate import run

    replace_in(validation_packages, OBS, "1500.2", "abc")
    replace_in(validation_packages, "E92000001/observations.csv", ",81.0,", ",99.0,")
    sequential = validate_paths(None, root=validation_packages, cache=False)
    monkeypatch.setattr(run, "PARALLEL_FROM", 1)
    monkeypatch.setattr(run.os, "cpu_count", lambda: 2)
    parallel = validate_paths(None, root=validation_packages, cache=False)
    assert parallel.issues == sequential.issues and len(parallel.issues) == 2
    assert len(parallel.validated) == parallel.packages_checked == 3


def test_only_the_given_packages_are_checked(validation_packages):
    replace_in(validation_packages, "E92000001/observations.csv", ",81.0,", ",abc,")
    assert problems(validation_packages, validation_packages / ICS) == []
    assert [p[0] for p in problems(validation_packages, validation_packages / "E92000001")] == ["type-error"]


# --- datapackage.json of an ICS package ------------------------------------------------------------------

DESC = f"{ICS}/datapackage.json"


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.update(illustrative=False),
     ("illustrative-mismatch", 7, "illustrative",
      '"illustrative" is false, but X54000001 is a fictional area in the reference areas.')),
    (lambda d: d.update(illustrative="true"),
     ("illustrative-not-boolean", 7, "illustrative",
      '"illustrative" must be true or false (without quotes), but it is "true".')),
    (lambda d: d.pop("licenses"), ("property-missing", None, "licenses", 'datapackage.json has no "licenses".')),
    (lambda d: d.pop("version"), ("property-missing", None, "version", 'datapackage.json has no "version".')),
    (lambda d: d.update(version=1), ("property-wrong-type", 5, "version",
                                     '"version" in datapackage.json must be text, not a number.')),
    (lambda d: d.update(sources=[]), ("property-missing", None, "sources", 'datapackage.json has no "sources".')),
    (lambda d: d["sources"][0].pop("title"),
     ("source-incomplete", 15, "sources[1].title", 'Source number 1 in datapackage.json has no "title".')),
    (lambda d: d["resources"].append({"name": "comments", "path": "comments.csv"}),
     ("resource-unknown", None, "resources[8].name",
      'datapackage.json lists a resource named "comments", which is not a resource this package can have.')),
    (lambda d: d["resources"].append({"name": "places", "path": "places.csv"}),
     ("resource-duplicate", None, "resources[8].name",
      'The resource "places" is listed more than once in datapackage.json.')),
    (lambda d: d["resources"][1].pop("path"),
     ("resource-incomplete", None, "resources[2].path", 'Resource number 2 in datapackage.json has no "path".')),
    (lambda d: d["resources"][1]["schema"]["fields"][1].update(type="string"),
     ("schema-mismatch", None, "resources[2].schema",
      'The schema of the resource "places" in datapackage.json differs from {ref}/schemas/ics-places.json: '
      'field "share_of_lsoas" differs.')),
    (lambda d: d["resources"][1]["schema"]["fields"].pop(),
     ("schema-mismatch", None, "resources[2].schema",
      'The schema of the resource "places" in datapackage.json differs from {ref}/schemas/ics-places.json: '
      'field "note" is missing.')),
])
def test_ics_descriptor(validation_packages, change, expected):
    change_descriptor(validation_packages, ICS, change)
    code, line, field, message = expected
    found = only_problem(validation_packages)
    ref = (validation_packages / REF).as_posix()
    assert found[0] == code and found[1] == DESC and found[3:] == (field, message.format(ref=ref))
    if line is not None:
        assert found[2] == line


def test_descriptor_issue_points_at_its_line(validation_packages):
    change_descriptor(validation_packages, ICS, lambda d: d.update(illustrative=False))
    line = only_problem(validation_packages)[2]
    text = (validation_packages / DESC).read_text(encoding="utf-8").splitlines()
    assert '"illustrative": false' in text[line - 1]


def test_area_code_must_match_folder_and_be_known(validation_packages):
    change_descriptor(validation_packages, ICS, lambda d: d.update(area_code="X54000002"))
    ref = (validation_packages / REF).as_posix()
    found = [(code, file, field, message) for code, file, _, field, message in problems(validation_packages)]
    # Rows naming the folder's area are not blamed as well: the one mistake is in datapackage.json.
    assert found == [
        ("area-code-mismatch", DESC, "area_code",
         'datapackage.json says area_code "X54000002", but the folder is named "X54000001".'),
        ("area-unknown", DESC, "area_code", f'Area code "X54000002" is not in the reference areas ({ref}/areas.csv).'),
    ]


def test_real_area_must_not_be_illustrative(validation_packages):
    change_descriptor(validation_packages, "E92000001", lambda d: d.update(illustrative=True))
    assert only_problem(validation_packages)[::4] == (
        "illustrative-mismatch", '"illustrative" is true, but E92000001 is a real area in the reference areas.')


def test_duplicate_source_ids(validation_packages):
    change_descriptor(validation_packages, ICS, lambda d: d["sources"].append(dict(d["sources"][0])))
    assert only_problem(validation_packages)[::3] == ("source-duplicate-id", "sources[2].id")


# --- frictionless errors, translated by type ----------------------------------------------------------------

@pytest.mark.parametrize("relative, old, new, expected", [
    (OBS, "1500.2", '"1,500.2"',
     ("type-error", 7, "value", 'The value "1,500.2" in column value is not a number.')),
    (OBS, "15002,1000000", "15002.5,1000000",
     ("type-error", 7, "count", 'The value "15002.5" in column count is not a whole number.')),
    (f"{ICS}/actions.csv", "2025-03-31", "31/03/2025",
     ("type-error", 2, "due_on", 'The value "31/03/2025" in column due_on is not a date.')),
    (f"{ICS}/actions.csv", "Public health team", "",
     ("required-value", 2, "owner", "Column owner is empty, but it must have a value.")),
    (f"{ICS}/assessments.csv", "strategic", "Strategic",
     ("value-not-allowed", 2, "scope", 'The value "Strategic" in column scope is not one of the allowed values.')),
    (f"{ICS}/evidence.csv", "https://example.org/needs", "http://example.org/needs",
     ("pattern-mismatch", 2, "url", 'The value "http://example.org/needs" in column url is not in the expected form.')),
    (f"{ICS}/places.csv", "X06000002,0.5", "X06000002,1.5",
     ("above-maximum", 3, "share_of_lsoas", "The value 1.5 in column share_of_lsoas is above the maximum of 1.")),
    (OBS, "15002,1000000", "15002,-3",
     ("below-minimum", 7, "denominator", "The value -3 in column denominator is below the minimum of 0.")),
    (f"{ICS}/ratings.csv", "We have started to question our assumptions.", "Started.",
     ("too-short", 3, "narrative", "The text in column narrative is 8 characters long, but it must be at least 10.")),
    (f"{ICS}/places.csv", "X06000001,1,", "X06000001,1,,extra",
     ("extra-cell", 2, None, 'This row has more cells than the header row has columns (the extra cell is "extra").')),
    (f"{ICS}/places.csv", "X06000001,1,", "X06000001,1",
     ("missing-cell", 2, "note", "This row has no cell for column note: it has fewer cells than the header row.")),
])
def test_frictionless_errors_become_plain_english(validation_packages, relative, old, new, expected):
    replace_in(validation_packages, relative, old, new)
    assert only_problem(validation_packages) == (expected[0], relative, *expected[1:])


# "sNaN" is a number to the Table Schema check (Decimal) but not to float(); "1e400" is too large for a float.
@pytest.mark.parametrize("text", ["NaN", "inf", "-Infinity", "sNaN", "-sNaN", "1e400"])
def test_numbers_must_be_finite(validation_packages, text):
    replace_in(validation_packages, OBS, "1500.2,1476.3", f"{text},1476.3")
    assert only_problem(validation_packages) == (
        "not-a-finite-number", OBS, 7, "value", f'The value "{text}" in column value is not a real number.')


def test_unique_constraint(validation_packages):
    replace_in(validation_packages, f"{REF}/maturity_levels.csv", "maturing,Maturing,3", "maturing,Maturing,2")
    assert only_problem(validation_packages) == (
        "unique-error", f"{REF}/maturity_levels.csv", 4, "rank", 'The value "2" in column rank is already used on line 3.')


def test_blank_rows_are_reported_once_each(validation_packages):
    path = validation_packages / ICS / "places.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert problems(validation_packages) == [
        ("blank-row", f"{ICS}/places.csv", 4, None, "This row is completely empty."),
        ("blank-row", f"{ICS}/places.csv", 5, None, "This row is completely empty."),
    ]


def test_line_numbers_count_lines_not_rows(validation_packages):
    # Row 4's note spans two lines, so the admissions row is frictionless' row 6 but line 7 of the file.
    replace_in(validation_packages, OBS, "1500.2", "abc")
    assert only_problem(validation_packages)[:4] == ("type-error", OBS, 7, "value")
    assert (validation_packages / OBS).read_text(encoding="utf-8").splitlines()[6].startswith("admissions,X54000001,2023/24")


def test_fix_explains_how_to_write_the_value(validation_packages):
    replace_in(validation_packages, f"{ICS}/evidence.csv", "https://example.org/needs", "http://example.org/needs")
    issue = validate_paths(None, root=validation_packages).issues[0]
    assert issue.fix == "Write a full web address starting https:// url is: Public link to the evidence (https)."


def test_frictionless_error_limit_is_reported(validation_packages, monkeypatch):
    import generator.validate as validate

    monkeypatch.setattr(validate.tables, "LIMIT_ERRORS", 3)
    lines = (validation_packages / OBS).read_text(encoding="utf-8").splitlines()
    rows = [OBS_ROW_7.replace("2023/24", f"{year}/{(year + 1) % 100:02d}").replace("1500.2", "x")
            for year in range(2000, 2010)]
    (validation_packages / OBS).write_text("\n".join(lines + rows) + "\n", encoding="utf-8")
    found = problems(validation_packages)
    assert [p[2] for p in found if p[0] == "type-error"] == [9, 10, 11]
    assert [p for p in found if p[0] == "too-many-problems"] == [
        ("too-many-problems", OBS, 11, None,
         "Checking of this file stopped after 3 problems, at line 11; 7 more rows were not checked.")]


# --- warnings: text a spreadsheet would run as a formula --------------------------------------------------

PLUS = f"{ICS}/plus_groups.csv"
REASON = "Many unpaid carers told us they cannot get appointments."


@pytest.mark.parametrize("cell, start", [
    ("=1+1", '"="'), ("+44 20 7946 0000", '"+"'), ("-see note", '"-"'), ("@SUM(A1:A9)", '"@"'),
    ('"\tcarers"', "a tab"), ('"\rcarers"', "a carriage return (an invisible line-break character)"),
])
def test_formula_like_text_is_a_warning(validation_packages, cell, start):
    replace_in(validation_packages, PLUS, REASON, cell)
    report = validate_paths(None, root=validation_packages)
    [issue] = report.issues
    shown = cell.strip('"').replace("\r", " ")
    assert (issue.code, issue.severity, issue.file, issue.line, issue.field, issue.message) == (
        "formula-like-text", "warning", (validation_packages / PLUS).as_posix(), 2, "reason",
        f'The text in column reason starts with {start}, so a spreadsheet would treat "{shown}" as a formula.')
    assert report.valid and "makes such cells harmless in the CSV files it offers for download" in issue.fix


@pytest.mark.parametrize("cell", ["-1.5", "+3", "-0.25e3", "1+1", "x=1", " =1"])
def test_numbers_and_other_text_are_not_formulas(validation_packages, cell):
    replace_in(validation_packages, PLUS, REASON, cell)
    assert [p[0] for p in problems(validation_packages)] == []


def test_formula_check_covers_the_reference_package(validation_packages):
    replace_in(validation_packages, f"{REF}/indicators.csv", "Life expectancy at birth", "=HYPERLINK(x)")
    assert only_problem(validation_packages)[:4] == ("formula-like-text", f"{REF}/indicators.csv", 2, "name")


# --- links must be https ------------------------------------------------------------------------------------

# Refused as link-not-https wherever a link is written: in a CSV column of format uri or as a source's path.
UNSAFE_LINKS = [
    ("http://example.org/plus", "starts with http://, which is not secure"),
    ("javascript:alert(1)", 'starts with "javascript:", not https://'),
    ("JaVaScRiPt:alert(1)", 'starts with "JaVaScRiPt:", not https://'),
    ("data:text/html;base64,PHNjcmlwdD4=", 'starts with "data:", not https://'),
    ("HTTPS://example.org/plus", "starts with capital letters: write https:// in lower case"),
    ("https://exam\tple.org/", "contains a tab"),
    ("https://example.org/\njavascript:alert(1)", "contains a line break"),
    ("https:\\\\evil.example\\plus", "contains a backslash (\\), which browsers read as /"),
    ("https://example.org/\x07", "contains an invisible character U+0007"),
    ("https://", "has no site name after https://, or one that cannot be read"),
]


def csv_cell(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([text])  # the terminator tells it to quote line breaks
    return out.getvalue().removesuffix("\n")


@pytest.mark.parametrize("link, reason", UNSAFE_LINKS)
def test_links_must_be_safe_https_addresses(validation_packages, link, reason):
    replace_in(validation_packages, PLUS, "https://example.org/plus", csv_cell(link))
    assert only_problem(validation_packages) == (
        "link-not-https", PLUS, 2, "source_url",
        f'The web address "{link.replace(chr(10), " ")}" in column source_url is not a safe link: it {reason}.')


@pytest.mark.parametrize("cell, expected", [
    (" https://example.org/plus", ("surrounding-whitespace", "has a space at the start")),
    ('"https://example.org/plus\n"', ("surrounding-whitespace", "has a line break at the end")),
    ("//example.org/plus", ("type-error", "is not a web address")),
    ("plus.html", ("type-error", "is not a web address")),
    ('"java\tscript:alert(1)"', ("type-error", "is not a web address")),
])
def test_a_link_gets_one_message_for_its_root_cause(validation_packages, cell, expected):
    replace_in(validation_packages, PLUS, "https://example.org/plus", cell)
    code, _, line, field, message = only_problem(validation_packages)
    assert (code, line, field) == (expected[0], 2, "source_url") and expected[1] in message


def test_links_are_found_by_format_not_by_column_name():
    from generator.validate import cells
    from generator.validate.files import _Table

    schema = {"fields": [{"name": "homepage", "type": "string", "format": "uri"}, {"name": "url", "type": "string"}]}
    table = _Table("t", "t.csv", "t.csv", ["homepage", "url"], [(2, ["http://a.org", "http://b.org"])])
    assert [(i.code, i.field) for i in cells._link_issues(table, schema)] == [("link-not-https", "homepage")]


def test_reference_links_are_checked_too(validation_packages):
    replace_in(validation_packages, f"{REF}/indicators.csv", "https://example.org/life", "http://example.org/life")
    assert only_problem(validation_packages)[:4] == ("link-not-https", f"{REF}/indicators.csv", 2, "source_url")


@pytest.mark.parametrize("path, reason", UNSAFE_LINKS + [
    ("//example.org/fixture", "starts with // instead of https://"),
    ("fixture.html", "does not start with https://, so it is not a full web address"),
    (" https://example.org/fixture", "has a space at the start"),
])
def test_source_paths_must_be_safe_https_addresses(validation_packages, path, reason):
    change_descriptor(validation_packages, ICS, lambda d: d["sources"][0].update(path=path))
    code, file, line, field, message = only_problem(validation_packages)
    assert (code, file, field) == ("link-not-https", DESC, "sources[1].path")
    assert message == (f'The web address "{path.replace(chr(10), " ")}" in the path of source number 1 is not a safe '
                       f"link: it {reason}.")
    assert json.dumps(path)[1:-1] in (validation_packages / DESC).read_text(encoding="utf-8").splitlines()[line - 1]


# --- the catalogue ---------------------------------------------------------------------------------------

SAMPLE_VALUES = {name: "sample" for name in (
    "value", "field", "line", "column", "error", "kind", "property", "example", "expected", "actual", "folder",
    "reference_file", "area", "number", "allowed", "resource", "reason", "canonical", "difference", "target", "fields",
    "path", "detail", "hint", "position", "limit", "remaining", "type_phrase", "type_hint", "description",
    "pattern_hint", "length", "note", "key", "other_line", "pairs", "message", "type", "own", "phases", "lower",
    "upper", "status", "low", "high", "suppressed", "indicator", "period_name", "start", "end", "suggestion",
    "place", "blanks", "count", "size", "valid_from", "valid_to", "changed_on", "total", "lines", "sets", "source",
    "action", "delimiter", "observations", "before", "after", "status_rule")}


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


# --- areas over time: the fixture's X54000004 ended on 2026-03-31 and was split 0.25 / 0.75 -----------------

CHANGES = "reference/area_changes.csv"


def test_an_area_must_not_end_before_it_starts(validation_packages):
    replace_in(validation_packages, "reference/areas.csv", "2022-07-01,2026-03-31", "2026-04-01,2026-03-31")
    found = problems(validation_packages)
    assert ("area-dates-out-of-order", "reference/areas.csv", 8, "valid_to",
            'Area "X54000004" ends on 2026-03-31, before it starts on 2026-04-01.') in found


def test_an_ended_area_needs_a_successor(validation_packages):
    replace_in(validation_packages, "reference/areas.csv", "Fixtureton (fictional),Fixtureton,local_authority,,2022-07-01,,",
               "Fixtureton (fictional),Fixtureton,local_authority,,2022-07-01,2025-03-31,")
    assert only_problem(validation_packages) == (
        "area-ended-without-successor", "reference/areas.csv", 6, "valid_to",
        'Area "X06000001" ends on 2025-03-31, but area_changes.csv names no successor for it.')


def test_a_former_area_ends_the_day_before_the_change(validation_packages):
    replace_in(validation_packages, CHANGES, "X54000004,X54000001,2026-04-01", "X54000004,X54000001,2026-05-01")
    assert only_problem(validation_packages) == (
        "area-change-not-ended", CHANGES, 2, "area_code",
        'Area "X54000004" changed on 2026-05-01, so its last day is 2026-04-30, but areas.csv gives "2026-03-31".')


def test_a_successor_must_be_in_force_on_the_day_of_the_change(validation_packages):
    replace_in(validation_packages, "reference/areas.csv", "XNEW,Merged Fixture ICS (fictional),Merged Fixture,icb,,2026-04-01",
               "XNEW,Merged Fixture ICS (fictional),Merged Fixture,icb,,2026-06-01")
    assert only_problem(validation_packages) == (
        "successor-not-in-force", CHANGES, 3, "successor_code",
        'Successor "X54000005" is in force from 2026-06-01 to today, which does not include 2026-04-01.')


def test_the_shares_of_a_former_area_add_up_to_one(validation_packages):
    replace_in(validation_packages, CHANGES, "45000,0.75", "45000,0.7")
    assert only_problem(validation_packages) == (
        "area-change-shares", CHANGES, 2, "share_of_residents",
        'The shares of area "X54000004" add up to 0.9500, not 1 (lines 2, 3).')


def test_a_successor_must_be_a_known_area(validation_packages):
    replace_in(validation_packages, CHANGES, "X54000004,X54000005", "X54000004,X54000009")
    code, file, line, field, _ = only_problem(validation_packages)
    assert (code, file, line, field) == ("foreign-key", CHANGES, 3, "successor_code")


# --- boundary sets: a source names the boundaries its figures use (reference boundary_sets.csv) ------------

def _source_boundaries(boundaries) -> callable:
    def change(descriptor: dict) -> None:
        descriptor["sources"][0]["boundaries"] = boundaries
    return change


def test_a_figure_is_refused_for_an_area_that_did_not_exist_in_its_sources_boundaries(validation_packages):
    """A system formed in April 2026 cannot show a figure published for the ICBs of 2023 to 2026."""
    change_descriptor(validation_packages, "X54000001", _source_boundaries(["icb2023", "lad2023"]))
    assert problems(validation_packages) == []  # the Fixture ICS existed then, and so did its places
    replace_in(validation_packages, "reference/areas.csv", "XFIX,Fixture ICS (fictional),Fixture ICS,icb,,2022-07-01",
               "XFIX,Fixture ICS (fictional),Fixture ICS,icb,,2026-04-01")
    found = [p for p in problems(validation_packages) if p[0] == "area-not-in-boundary-set"]
    assert found[0] == (
        "area-not-in-boundary-set", "X54000001/observations.csv", 2, "area_code",
        'Area "X54000001" (in force from 2026-04-01 to today) is not in icb2023 (ICBs of April 2023 to March 2026), '
        'which source "fixture_source" says its figures use.')
    assert {p[1] for p in found} == {"X54000001/observations.csv"} and len(found) == 4  # its own rows, not its places'


def test_a_source_must_name_known_boundary_sets(validation_packages):
    change_descriptor(validation_packages, "X54000001", _source_boundaries(["icb2026", "icb2099"]))
    code, file, _, field, message = only_problem(validation_packages)
    assert (code, file, field) == ("unknown-boundary-set", "X54000001/datapackage.json", "sources[1].boundaries")
    assert message.startswith('Source number 1 names boundary set "icb2099", which is not in ')
    assert message.endswith("reference/boundary_sets.csv.")
