"""The page layer reads its vocabulary from the reference package, not from code: which breakdowns are
deprivation scales and what they rank, which category is the figure for everyone (dimensions.csv), and which area
is England (areas.csv)."""
from __future__ import annotations

import csv

from generator.load import load_dataset
from generator.reference import Reference


def _add_dimension(datapackages, row: dict) -> None:
    path = datapackages / "reference" / "dimensions.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerow(row)


def test_deprivation_scales_and_what_they_rank_come_from_dimensions_csv(validation_packages):
    # A new scale needs a row, not code: its id says nothing of deprivation.
    _add_dimension(validation_packages, {"dimension_id": "townsend_fifth", "name": "Townsend fifth",
                                         "description": "Fifths of areas by the Townsend index.", "ranks": "areas"})
    _add_dimension(validation_packages, {"dimension_id": "surgery_fifth", "name": "Surgery fifth",
                                         "description": "Fifths of GP practices.", "ranks": "practices"})
    ref = Reference.of(load_dataset(validation_packages))
    assert ref.is_deprivation("townsend_fifth") and ref.ranks("townsend_fifth") == "areas"
    assert ref.ranks("surgery_fifth") == "practices"
    assert ref.ranks("imd2019_quintile") == "areas"
    assert not ref.is_deprivation("sex") and ref.ranks("sex") == ""
    assert not ref.is_deprivation("not_a_dimension")


def test_england_is_the_area_of_type_country(validation_packages):
    ref = Reference.of(load_dataset(validation_packages))
    assert ref.england == "E92000001"
    assert ref.areas.loc[ref.england, "area_type"] == "country"


def _rewrite(path, change) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(map(change, rows))


def test_the_practice_fifths_are_the_scale_that_ranks_practices_in_its_reference_order(example_copy):
    reference = example_copy / "reference"
    with open(reference / "dimensions.csv", encoding="utf-8", newline="") as handle:
        scale = next(row["dimension_id"] for row in csv.DictReader(handle) if row["ranks"] == "practices")
    with open(reference / "categories.csv", encoding="utf-8", newline="") as handle:
        members = [row for row in csv.DictReader(handle) if row["dimension_id"] == scale]
    in_sequence = [row["category_id"] for row in sorted(members, key=lambda row: int(row["sequence"]))]
    assert len(in_sequence) == 5
    assert Reference.of(load_dataset(example_copy)).practice_fifths == in_sequence

    # The order is the reference's, not the ids': numbered the other way round, the fifths turn round.
    last = max(int(row["sequence"]) for row in members) + min(int(row["sequence"]) for row in members)
    _rewrite(reference / "categories.csv", lambda row: {**row, "sequence": str(last - int(row["sequence"]))}
             if row["dimension_id"] == scale else row)
    assert Reference.of(load_dataset(example_copy)).practice_fifths == in_sequence[::-1]

    # With no scale ranking practices, there are none.
    _rewrite(reference / "dimensions.csv", lambda row: {**row, "ranks": ""} if row["ranks"] == "practices" else row)
    assert Reference.of(load_dataset(example_copy)).practice_fifths == []


def test_the_figure_for_everyone_is_the_category_of_the_dimension_marked_no_breakdown(validation_packages):
    assert Reference.of(load_dataset(validation_packages)).everyone == "total"
    # Named otherwise, it is found by its mark, not its id.
    reference = validation_packages / "reference"
    _rewrite(reference / "dimensions.csv", lambda row: {**row, "no_breakdown": ""})
    _add_dimension(validation_packages, {"dimension_id": "whole", "name": "Everyone", "description": "No breakdown.",
                                         "no_breakdown": "true"})
    with open(reference / "categories.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("all_people,whole,all,All people,0,,false\n")
    assert Reference.of(load_dataset(validation_packages)).everyone == "all_people"
