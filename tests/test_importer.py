"""The bundled real data is exactly what the importer makes from the raw public files, and matches them."""
import csv
import filecmp
import shutil

import pandas as pd
import pytest

from generator import importer, paths

SHARED = paths.ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"raw public files not found at {SHARED} "
                                                              "(../shared is only beside CI and developer checkouts)")


def _observations(area_code: str) -> pd.DataFrame:
    return pd.read_csv(paths.DATAPACKAGES / area_code / "observations.csv", dtype=str, keep_default_na=False)


def _raw(name: str) -> pd.DataFrame:
    return pd.read_csv(SHARED / name, dtype=str, keep_default_na=False)


@needs_shared
def test_committed_packages_equal_a_fresh_import(tmp_path):
    """A re-import over the committed packages changes nothing: what the importer owns is what it makes from
    the raw files, and what ICS teams added is kept as it is."""
    out = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, out)
    assert importer.import_shared(SHARED, out) == 0
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert len(files) > 100 and sorted(p.relative_to(paths.DATAPACKAGES) for p in paths.DATAPACKAGES.rglob("*") if p.is_file()) == files
    different = [str(p) for p in files if not filecmp.cmp(out / p, paths.DATAPACKAGES / p, shallow=False)]
    assert not different, f"run `python -m generator import-shared ../shared/data` and commit: {different[:5]}"


@needs_shared
def test_fingertips_life_expectancy_is_copied_for_each_place():
    raw = _raw("fingertips_la_indicators.csv")
    hartlepool = raw[(raw.indicator_id == "90366") & (raw.area_code == "E06000001") & (raw.sex == "Male")
                     & (raw.period == "2018 - 20")]
    bundled = _observations("E54000050")  # North East and North Cumbria contains Hartlepool
    row = bundled[(bundled.indicator_id == "life_expectancy") & (bundled.area_code == "E06000001")
                  & (bundled.sex == "male") & (bundled.period == "2018-20")]
    assert len(hartlepool) == 1 and len(row) == 1
    assert row.value.item() == hartlepool.value.item()
    assert row.published_comparison.item() == hartlepool.compared_to_england.item()


@needs_shared
def test_heec_fifths_are_reversed_so_that_one_is_most_deprived():
    raw = _raw("core20plus5/heec_icb_by_practice_imd_quintile.csv")
    source = raw[(raw.indicator == "COPD: QOF prevalence (all ages)") & (raw.year == "2023") & (raw.icb_code == "E54000061")]
    bundled = _observations("E54000061").query("indicator_id == 'copd_prevalence' and period == '2023'")
    by_fifth = dict(zip(bundled.breakdown, bundled.value))
    assert by_fifth["practice_imd_q1"] == source.quin_5.item()  # HEEC's quintile 5 is the most deprived
    assert by_fifth["practice_imd_q5"] == source.quin_1.item()


@needs_shared
def test_smi_checks_are_summed_from_sub_icb_locations():
    raw = _raw("core20plus5/smi_physical_health_checks_sicbl.csv")
    quarter = raw[(raw.icb_code == "E54000057") & (raw.financial_year == "2023-24") & (raw.quarter == "Q4")]
    checks = quarter[quarter.measure == "All6PHC"].value.astype(int).sum()
    register = quarter[quarter.measure == "SMIRegister"].value.astype(int).sum()
    row = _observations("E54000057").query("indicator_id == 'smi_health_checks' and period == '2023/24 Q4'")
    assert (int(row["count"].item()), int(row.denominator.item())) == (checks, register)
    assert float(row.value.item()) == pytest.approx(100 * checks / register, abs=1e-4)
    assert float(row.lower_ci_95.item()) < float(row.value.item()) < float(row.upper_ci_95.item())


@needs_shared
def test_deprivation_profile_counts_neighbourhoods_per_national_decile():
    lookup = _raw("lsoa21_to_sicbl24_icb24_lad24.csv")
    imd = _raw("imd2025_lsoa21.csv").merge(lookup[lookup.icb24_code == "E54000062"], on="lsoa21_code")
    most_deprived = (imd.imd_decile == "1").sum()
    bundled = _observations("E54000062").query("indicator_id == 'neighbourhoods_by_deprivation'")
    decile_1 = bundled[bundled.breakdown == "imd2025_d1"]
    assert int(decile_1["count"].item()) == most_deprived
    assert int(decile_1.denominator.item()) == len(imd)
    reference = _raw("icb_reference_2024.csv").set_index("icb_code")
    assert len(imd) == int(reference.loc["E54000062", "n_lsoa21"])
    core20 = _observations("E54000062").query("indicator_id == 'core20_neighbourhoods'")
    assert int(core20["count"].item()) == imd.imd_decile.isin(["1", "2"]).sum()


@needs_shared
def test_every_icb_has_a_package_and_every_area_is_in_the_reference():
    icbs = set(_raw("icb_reference_2024.csv").icb_code)
    folders = {p.name for p in paths.package_dirs()}
    assert icbs <= folders and "E92000001" in folders
    with open(paths.reference_dir() / "areas.csv", encoding="utf-8") as fh:
        areas = {row["area_code"]: row for row in csv.DictReader(fh)}
    assert icbs <= set(areas)
    assert areas["X54000099"]["is_fictional"] == "true"
    assert sum(a["area_type"] == "nhs_region" for a in areas.values()) == 7


def test_periods_are_normalised_to_one_form():
    assert importer.normalise_period("2015 - 17") == "2015-17"
    assert importer.normalise_period("2013 to 2015") == "2013-15"
    assert importer.normalise_period("2019") == "2019"


def test_heec_quintiles_reverse():
    assert [importer.reverse_quintile(q) for q in range(1, 6)] == [5, 4, 3, 2, 1]


def test_split_local_authorities_are_listed_in_each_ics_with_a_note():
    counts = pd.DataFrame({"lad24_code": ["E1", "E2", "E2"], "icb24_code": ["A", "A", "B"],
                           "share_of_lad_lsoa21": ["1.0", "0.6", "0.4"]})
    places = importer.build_places(counts)
    assert list(places.icb_code) == ["A", "A", "B"]
    assert places.set_index(["icb_code", "area_code"]).loc[("B", "E2"), "note"].startswith("Split across")
    assert places.set_index(["icb_code", "area_code"]).loc[("A", "E1"), "note"] == ""


def test_missing_folder_is_a_clear_error(tmp_path, capsys):
    assert importer.import_shared(tmp_path / "nowhere", tmp_path) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_changed_file_layout_is_a_clear_error(tmp_path, capsys):
    for name in importer.REQUIRED_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("unexpected\n1\n", encoding="utf-8")
    assert importer.import_shared(tmp_path, tmp_path / "out") == 2
    assert "has no column(s)" in capsys.readouterr().err


CENSUS, RESIDENTS = "census2021_ts021_ethnic_group_lsoa21.csv", "Ethnic group: Total: All usual residents"


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.reference_dir() / name, dtype=str, keep_default_na=False)


@needs_shared
def test_each_former_system_is_shared_out_in_full_among_its_successors():
    """area_changes.csv against the 2024 lookup and Census 2021: every neighbourhood and resident of a former
    ICB went to exactly one successor. Frimley went three ways."""
    lookup = _raw("lsoa21_to_sicbl24_icb24_lad24.csv")
    census = _raw(CENSUS).rename(columns={"geography code": "lsoa21_code"})
    residents = lookup.merge(census, on="lsoa21_code").assign(n=lambda f: f[RESIDENTS].astype(int)).groupby("icb24_code").n.sum()
    changes = _reference("area_changes.csv").astype({"neighbourhoods": int, "residents": int, "share_of_residents": float})
    assert changes.area_code.nunique() == 13 and changes.successor_code.nunique() == 7
    for code, rows in changes.groupby("area_code"):
        assert rows.neighbourhoods.sum() == (lookup.icb24_code == code).sum(), code
        assert rows.residents.sum() == residents[code], code
        assert rows.share_of_residents.sum() == pytest.approx(1, abs=0.00005 * len(rows)), code
    frimley = changes[changes.area_code == "E54000034"].set_index("successor_code")
    assert sorted(frimley.index) == ["E54000067", "E54000069", "E54000070"]
    assert frimley.loc["E54000070", "share_of_residents"] == pytest.approx(436606 / (174249 + 153488 + 436606), abs=1e-4)
    areas = _reference("areas.csv").set_index("area_code")
    assert set(areas.loc[changes.area_code, "valid_to"]) == {"2026-03-31"}
    assert set(areas.loc[changes.successor_code, "valid_from"]) == {"2026-04-01"}
    assert (areas[(areas.area_type == "icb") & (areas.is_fictional == "false")].valid_to == "").sum() == 36


@needs_shared
def test_new_systems_figures_are_counted_on_their_own_neighbourhoods():
    """Each new ICB's deprivation profile counts the neighbourhoods that moved into it, as many as ONS publishes
    for its 2026 sub-ICB locations; the most deprived tenth is recounted here from IMD 2025."""
    changes = _reference("area_changes.csv").astype({"neighbourhoods": int})
    published = _raw("icb2026/sicbl_icb_2024_2026.csv").query("boundary_year == '2026'").astype({"n_lsoa21": int})
    lookup = _raw("icb2026/lsoa21_to_sicbl26_icb26.csv").merge(_raw("imd2025_lsoa21.csv"), on="lsoa21_code")
    for code, moved in changes.groupby("successor_code"):
        profile = _observations(code).query("indicator_id == 'neighbourhoods_by_deprivation'")
        total = {int(d) for d in profile.denominator}
        assert total == {moved.neighbourhoods.sum()} == {published[published.icb_code == code].n_lsoa21.sum()}, code
        here = lookup[lookup.icb26_code == code]
        assert int(profile[profile.breakdown == "imd2025_d1"]["count"].item()) == (here.imd_decile == "1").sum(), code
        core20 = _observations(code).query("indicator_id == 'core20_neighbourhoods'")
        assert int(core20["count"].item()) == here.imd_decile.isin(["1", "2"]).sum(), code


@needs_shared
def test_new_systems_places_share_out_each_authority_in_full():
    """A local authority's shares over the systems of April 2026 (those that continue and the new ones) add up to 1."""
    changes = _reference("area_changes.csv")
    areas = _reference("areas.csv")
    current = areas[(areas.area_type == "icb") & (areas.valid_to == "") & (areas.is_fictional == "false")].area_code
    places = pd.concat([pd.read_csv(paths.DATAPACKAGES / c / "places.csv", dtype=str).assign(icb=c) for c in current])
    totals = places.assign(share=places.share_of_lsoas.astype(float)).groupby("area_code").share.sum()
    assert totals.to_numpy() == pytest.approx(1, abs=1e-3)
    new_places = places[places.icb.isin(set(changes.successor_code))]
    assert len(new_places) > 40 and places.area_code.nunique() == len(totals)


@needs_shared
def test_new_systems_health_checks_are_the_exact_sums_of_whole_predecessors_or_absent():
    """West and North London is North West London and North Central London whole: its checks are their sums.
    Frimley's successors have none, because its sub-ICB location was divided."""
    def counts(code: str) -> pd.DataFrame:
        rows = _observations(code).query("indicator_id == 'smi_health_checks'").set_index("period")
        return rows[["count", "denominator"]].astype(int)

    assert (counts("E54000071") == counts("E54000027") + counts("E54000028")).all().all()
    assert len(counts("E54000071")) == 12
    for code in ("E54000067", "E54000069", "E54000070"):
        assert counts(code).empty, code


def test_a_figure_published_for_2024_boundaries_is_refused_for_a_system_formed_in_2026(tmp_path):
    """Central East (E54000065) was formed in April 2026: a GP-practice figure HEEC published for the ICBs of
    2024 cannot be given to it, however it is labelled."""
    import json

    from generator.validate import validate_paths

    root = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, root)
    package = root / "E54000065"
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    heec = json.loads((paths.DATAPACKAGES / "E54000024" / "datapackage.json").read_text(encoding="utf-8"))["sources"]
    descriptor["sources"].append(next(s for s in heec if s["id"] == "heec"))
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    with open(package / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("copd_prevalence,E54000065,2023,persons,all_ages,practice_imd_q1,2.5,,,,,published,,,heec\n")
    report = validate_paths([package], root=root)
    found = [i for i in report.errors if i.code == "area-not-in-boundary-set"]
    assert len(found) == 1 and found[0].field == "area_code"
    assert 'Area "E54000065" (in force from 2026-04-01 to today) is not in icb2023' in found[0].message
