"""Tests for the rules on areas over time (generator.validate.areas, and the boundary-set rules of figures and
descriptor): an area's dates in order, an ended area with a successor, shares of a former area adding up to
one, and each source naming known boundary sets in which every area it gives figures for existed. The
fixture's X54000004 ended on 2026-03-31 and was split between X54000001 and X54000005.
"""
from __future__ import annotations

from validation_helpers import change_descriptor, only_problem, problems, replace_in


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


def test_areas_without_their_code_column_are_reported_not_a_crash(validation_packages):
    """An areas.csv whose area_code column is renamed (here with an ended area and dates out of order) is
    reported as a missing column; the area rules, which name each area by its code, name none."""
    replace_in(validation_packages, "reference/areas.csv", "area_code,ods_code", "area_id,ods_code")
    replace_in(validation_packages, "reference/areas.csv", "2022-07-01,2026-03-31", "2026-04-01,2026-03-31")
    found = problems(validation_packages)
    assert any(code == "missing-column" and file == "reference/areas.csv" for code, file, *_ in found)
    assert ("area-dates-out-of-order", "reference/areas.csv", 8, "valid_to",
            'Area "" ends on 2026-03-31, before it starts on 2026-04-01.') in found
