"""Census 2021 ethnic group in the bundled packages: sums of neighbourhoods, checked against the raw file and
the shares ONS published for England; small counts hidden so that none can be worked out."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from generator import paths
from generator.importer.census import SUPPRESS_FROM, SUPPRESS_TO, hidden_cells

SHARED = paths.ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"raw public files not found at {SHARED}")
CENSUS, TOTAL = "census2021_ts021_ethnic_group_lsoa21.csv", "Ethnic group: Total: All usual residents"


def _observations(code: str, indicator: str) -> pd.DataFrame:
    rows = pd.read_csv(paths.DATAPACKAGES / code / "observations.csv", dtype=str, keep_default_na=False)
    return rows[(rows.indicator_id == indicator) & (rows.area_code == code)].set_index("breakdown")


def test_englands_shares_are_those_ons_published():
    """ONS: Asian 9.6%, Black 4.2%, Mixed 3.0%, White 81.0%, Other 2.2%, Gypsy or Irish Traveller 0.1%, Roma 0.2%."""
    england = _observations("E92000001", "residents_by_ethnic_group")
    published = {"eth5_asian": 9.6, "eth5_black": 4.2, "eth5_mixed": 3.0, "eth5_white": 81.0, "eth5_other": 2.2,
                 "eth19_gypsy_irish_traveller": 0.1, "eth19_roma": 0.2}
    assert {c: round(float(england.loc[c, "value"]), 1) for c in published} == published
    assert set(england.denominator) == {"56490108"}


@needs_shared
def test_each_systems_residents_are_the_sum_of_its_neighbourhoods():
    census = pd.read_csv(SHARED / CENSUS, dtype=str, keep_default_na=False)
    lookup = pd.read_csv(SHARED / "icb2026" / "lsoa21_to_sicbl26_icb26.csv", dtype=str)
    people = lookup.merge(census, left_on="lsoa21_code", right_on="geography code")
    roma = "Ethnic group: White: Roma"
    for code, column in (("E54000057", "icb24_code"), ("E54000034", "icb24_code"), ("E54000070", "icb26_code")):
        here = people[people[column] == code]
        rows = _observations(code, "residents_by_ethnic_group")
        assert set(rows.denominator) == {str(here[TOTAL].astype(int).sum())}, code
        assert int(rows.loc["eth19_roma", "count"]) == here[roma].astype(int).sum(), code
    # Frimley's residents went three ways: the successors' shares of them add up to Frimley's total.
    changes = pd.read_csv(paths.reference_dir() / "area_changes.csv", dtype=str)
    frimley = changes[changes.area_code == "E54000034"].residents.astype(int).sum()
    assert frimley == int(_observations("E54000034", "residents_by_ethnic_group").denominator.iloc[0])


def test_the_share_in_core20_is_the_groups_residents_in_core20_over_all_its_residents():
    rows = _observations("E54000062", "residents_in_core20")
    population = _observations("E54000062", "residents_by_ethnic_group")
    assert rows.loc["eth5_asian", "denominator"] == population.loc["eth5_asian", "count"]
    shown = rows[rows.status == "published"]
    assert (shown["count"].astype(int) <= shown.denominator.astype(int)).all()
    value = 100 * int(rows.loc["total", "count"]) / int(rows.loc["total", "denominator"])
    assert float(rows.loc["total", "value"]) == pytest.approx(value, abs=1e-4)


def test_a_place_with_few_people_in_a_group_hides_them():
    """The Isles of Scilly have about 2,000 residents: small groups are hidden, and no count is published
    from 1 to 7 anywhere."""
    rows = pd.read_csv(paths.DATAPACKAGES / "E54000036" / "observations.csv", dtype=str, keep_default_na=False)
    scilly = rows[(rows.area_code == "E06000053") & (rows.indicator_id == "residents_by_ethnic_group")]
    assert (scilly.status == "suppressed").sum() >= 2
    assert (scilly[scilly.status == "suppressed"][["count", "value", "denominator"]] == "").all().all()
    counts = rows[rows.indicator_id.str.startswith("residents_")]["count"]
    assert not counts[counts != ""].astype(int).between(SUPPRESS_FROM, SUPPRESS_TO).any()


GROUPS = {"total": ["a", "b", "c"], "a": ["a1", "a2", "a3"], "b": ["b1", "b2"]}


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=7, max_size=7))
def test_hidden_cells_leave_no_group_with_a_single_hidden_cell(parts):
    a1, a2, a3, b1, b2, c, _ = parts
    counts = {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "b2": b2, "c": c}
    counts.update(a=a1 + a2 + a3, b=b1 + b2)
    counts["total"] = counts["a"] + counts["b"] + c
    hidden = hidden_cells(counts, GROUPS)
    assert {k for k, n in counts.items() if SUPPRESS_FROM <= n <= SUPPRESS_TO} <= hidden
    for whole, members in GROUPS.items():
        in_group = sum(cell in hidden for cell in [whole, *members])
        shown_parts = [m for m in members if m not in hidden]
        assert in_group != 1 or not shown_parts, (whole, hidden)


def test_hidden_cells_prefers_a_count_above_the_threshold_as_the_second_cell():
    counts = {"total": 120, "a": 3, "b": 0, "c": 117}
    assert hidden_cells(counts, {"total": ["a", "b", "c"]}) == {"a", "c"}
