"""Tests for the checks of an ICS package's datapackage.json (generator.validate.descriptor): required
properties and their types, "illustrative" matching the reference areas, area_code matching the folder,
complete sources with distinct ids, and resources that are known, listed once and whose schemas equal the
canonical ones. Each message points at the line of datapackage.json that holds the mistake.
"""
from __future__ import annotations

import pytest

from validation_helpers import DESC, ICS, REF, change_descriptor, only_problem, problems


# --- datapackage.json of an ICS package ------------------------------------------------------------------
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


def test_no_sources_is_one_problem_not_one_per_row(validation_packages):
    change_descriptor(validation_packages, ICS, lambda d: d.pop("sources"))
    assert only_problem(validation_packages) == (
        "property-missing", DESC, None, "sources", 'datapackage.json has no "sources".')
