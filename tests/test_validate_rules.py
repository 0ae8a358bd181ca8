"""Tests for the rules a Table Schema cannot express that check references (generator.validate.rules): each
code in observations.csv and the other ICS resources (places, plus groups, ratings, evidence, actions) must
be in the reference package or the package itself, foreign keys inside a package must hold, and the
reference package's own lists must refer to each other correctly. Each test breaks one cell of the fixture
packages (tests/validation_helpers.py) and expects exactly one plain-English message.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validate import validate_paths
from generator.validate.reference import _Lookup
from generator.validate.rules import LIST_COLUMNS, _all_known
from validation_helpers import ICS, OBS, REF, change_descriptor, only_problem, problems, replace_in


# --- observations: references into the reference package ------------------------------------------------
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


# What the pages read from the reference must be there exactly once: England (the one area of type country) and
# the dimension that breaks nothing down (the one marked no_breakdown, with one category).
_MARK_SEX = ("dimensions.csv", "persons,,", "persons,,true")
_UNMARK_TOTAL = ("dimensions.csv", ",,,,,true", ",,,,,")


@pytest.mark.parametrize("edits, expected", [
    ([("areas.csv", "England,country", "England,nhs_region")],
     ("country-not-one", "areas.csv", None, "area_type", "Exactly one area must have area_type country, but none is.")),
    ([_MARK_SEX],
     ("no-breakdown-not-one", "dimensions.csv", 3, "no_breakdown",
      "Exactly one dimension must be marked no_breakdown true, but 2 are (total on line 2, sex on line 3).")),
    ([_UNMARK_TOTAL],
     ("no-breakdown-not-one", "dimensions.csv", None, "no_breakdown",
      "Exactly one dimension must be marked no_breakdown true, but none is.")),
    ([_MARK_SEX, _UNMARK_TOTAL],
     ("no-breakdown-categories", "dimensions.csv", 3, "no_breakdown",
      'Dimension "sex" is marked no_breakdown, so it must have exactly one category in {ref}/categories.csv, but it '
      "has 2 (female, persons).")),
], ids=["no-country", "two-marked", "none-marked", "marked-has-two-categories"])
def test_what_pages_read_from_the_reference_is_there_once(validation_packages, edits, expected):
    for file, old, new in edits:
        replace_in(validation_packages, f"{REF}/{file}", old, new)
    code, file, line, field, message = expected
    ref = (validation_packages / REF).as_posix()
    assert only_problem(validation_packages) == (code, f"{REF}/{file}", line, field, message.format(ref=ref))


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


CODES = st.sampled_from(["a", "b", "c", " a", "b ", "", " ", "a;b", "a; c", ";", "c;", "x"])


@pytest.mark.parametrize("column", ["indicator_id", LIST_COLUMNS[0]])
@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(texts=st.lists(CODES, max_size=6), known=st.sets(st.sampled_from(["a", "b", "c"])))
def test_a_column_of_known_codes_is_passed_over_only_when_every_code_is_known(column, texts, known):
    """The lookup rules skip a column whose distinct texts hold no unknown code; a code is each text (each
    ;-separated part, in a list column), stripped, and a blank one is no code."""
    parts = [part for text in texts for part in (text.split(";") if column in LIST_COLUMNS else [text])]
    unknown = [part.strip() for part in parts if part.strip() and part.strip() not in known]
    assert _all_known(texts, column, _Lookup(set(known), "x.csv")) == (not unknown)
