"""The fictional Example ICS is flagged as invented, covers every feature, and stays plausible."""
import filecmp
import subprocess
import sys

import pytest

from generator import paths
from generator.load import load_dataset

FOLDER = paths.DATAPACKAGES / "X54000099"


@pytest.fixture(scope="module")
def example():
    return load_dataset().package("X54000099")


def test_it_is_flagged_illustrative_and_fictional(example):
    areas = load_dataset().reference.tables["areas"].set_index("area_code")
    assert example.illustrative is True
    assert bool(areas.loc["X54000099", "is_fictional"]) is True
    assert "fictional" in areas.loc["X54000099", "name"].lower()


def test_every_breakdown_and_status_is_exercised(example):
    obs = example.table("observations")
    breakdowns = set(obs.breakdown)
    assert {f"imd2025_q{q}" for q in range(1, 6)} <= breakdowns
    assert {"eth5_asian", "eth5_black", "eth5_mixed", "eth5_white", "eth5_other"} <= breakdowns
    assert {"male", "female", "persons"} <= set(obs.sex)
    assert len(set(obs.age) - {"all_ages"}) >= 3
    assert obs.groupby(["indicator_id", "sex", "breakdown"]).period.nunique().max() >= 5
    assert {"suppressed", "not_available", "provisional"} <= set(obs.status)


def test_self_assessment_covers_all_seven_phases_and_levels(example):
    ratings = example.table("ratings")
    subtopics = load_dataset().reference.tables["framework_subtopics"].set_index("subtopic_code")
    phases = {int(c) if c.isdigit() else int(subtopics.loc[c, "phase_number"]) for c in ratings.subtopic_code}
    assert phases == set(range(1, 8))
    assert set(ratings.level) == {"emerging", "developing", "maturing", "thriving"}
    assert set(example.table("evidence").evidence_type) == {"document", "data", "case_study", "community_feedback", "video",
                                                            "meeting_papers"}
    assert set(example.table("actions").status) == {"planned", "in_progress", "done", "delayed", "stopped"}
    assert len(example.table("plus_groups")) >= 3


def test_its_places_are_fictional_too_and_carry_the_place_figures(example):
    areas = load_dataset().reference.tables["areas"].set_index("area_code")
    places = example.table("places").area_code.tolist()
    assert len(places) >= 2
    for code in places:
        assert bool(areas.loc[code, "is_fictional"]) is True and "fictional" in areas.loc[code, "name"].lower()
    obs = example.table("observations")
    at_places = obs[obs.area_code.isin(places)]
    assert set(at_places.area_code) == set(places)
    assert {"life_expectancy", "life_expectancy_gap_sii", "smoking_prevalence_adults"} <= set(at_places.indicator_id)


def test_figures_are_consistent(example):
    obs = example.table("observations").dropna(subset=["value"])
    with_ci = obs.dropna(subset=["lower_ci_95", "upper_ci_95"])
    assert ((with_ci.lower_ci_95 <= with_ci.value) & (with_ci.value <= with_ci.upper_ci_95)).all()
    props = obs[obs.denominator.notna() & (obs.indicator_id != "preventable_mortality_under_75")]
    assert (abs(100 * props["count"].astype(float) / props.denominator - props.value) < 0.01).all()


@pytest.mark.parametrize("sex, low, high", [("male", 5, 12), ("female", 4, 10)])
def test_life_expectancy_gap_is_plausible_against_the_national_gap(example, sex, low, high):
    obs = example.table("observations")
    le = obs[(obs.indicator_id == "life_expectancy") & (obs.sex == sex) & (obs.area_code == "X54000099")]
    latest = le[le.period == le.period.max()].set_index("breakdown").value
    assert low <= latest["imd2025_q5"] - latest["imd2025_q1"] <= high


def test_the_script_reproduces_the_committed_package(tmp_path):
    subprocess.run([sys.executable, "-m", "generator.importer.example", str(tmp_path)], cwd=paths.ROOT, check=True)
    names = sorted(p.name for p in FOLDER.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in names if not filecmp.cmp(FOLDER / n, tmp_path / n, shallow=False)] == []
