"""Rebuild the bundled real-data packages from the raw public files (`python -m generator import-shared`).

Values are copied, never modelled or imputed. The only arithmetic is counting neighbourhoods per
deprivation tenth, summing SMI health-check counts from whole sub-ICB locations to ICBs, dividing a count
by its denominator, and the Wilson interval of that proportion. The ICBs of 2024 and those formed in April
2026 each get a package on their own boundaries (`areas.py` says how the two maps relate). Output is deterministic: rows are sorted,
copied values keep the text the source published, computed values are rounded to 4 decimal places.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from generator import paths
from generator.importer.areas import ENGLAND, EVERYONE, Boundaries, build_areas, short_icb_name
from generator.importer.census import ethnicity_observations
from generator.importer.package_files import csv_bytes, existing_descriptor, write_package
from generator.importer.raw import ImportProblem, RawData, read_raw
from generator.stats import wilson_ci

COMPUTED_DECIMALS = 4
OGL = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
       "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
ATTRIBUTION = ("Contains public sector information licensed under the Open Government Licence v3.0. "
               "Contains OS data © Crown copyright and database right. Source: Office for National Statistics (ONS), "
               "Office for Health Improvement and Disparities (OHID, Fingertips), Ministry of Housing, Communities and "
               "Local Government (MHCLG), NHS England / NHS ODS.")

FINGERTIPS_INDICATORS = {  # Fingertips indicator ID -> (our indicator, age category)
    "90366": ("life_expectancy", "age_at_birth"),
    "90362": ("healthy_life_expectancy", "age_at_birth"),
    "92901": ("life_expectancy_gap_sii", "age_at_birth"),
    "92443": ("smoking_prevalence_adults", "age_18_plus"),
    "93721": ("preventable_mortality_under_75", "age_under_75"),
}
HEEC_AGE_SEX = {  # our indicator -> (sex, age category) the HEEC indicator describes
    "hypertension_prevalence": ("persons", "all_ages"), "blood_pressure_controlled": ("persons", "age_under_80"),
    "chd_prevalence": ("persons", "all_ages"), "stroke_prevalence": ("persons", "all_ages"),
    "atrial_fibrillation_prevalence": ("persons", "all_ages"), "ckd_prevalence": ("persons", "age_18_plus"),
    "diabetes_prevalence": ("persons", "age_17_plus"), "copd_prevalence": ("persons", "all_ages"),
    "asthma_prevalence": ("persons", "age_6_plus"), "smi_prevalence": ("persons", "all_ages"),
    "emergency_admissions_with_cancer": ("persons", "all_ages"), "cervical_screening_25_49": ("female", "age_25_49"),
    "cervical_screening_50_64": ("female", "age_50_64"), "smoking_prevalence_gp": ("persons", "age_15_plus"),
    "obesity_prevalence": ("persons", "age_18_plus"), "practice_life_expectancy_female": ("female", "age_at_birth"),
    "practice_life_expectancy_male": ("male", "age_at_birth"),
}
HEEC_QUINTILES = 5  # HEEC's quin_5 is the most deprived fifth of practices: the reverse of our order

SOURCES = json.loads((Path(__file__).parent / "sources.json").read_text(encoding="utf-8"))
CENSUS_SOURCES = ("census2021_ts021", "census2021_imd2025")
ICS_SOURCES = ("imd2025", "fingertips", "heec", "smi_checks", *CENSUS_SOURCES)
ENGLAND_SOURCES = ("imd2025", "fingertips", "heec", "smi_checks", "ons_le_deprivation", "cvdprevent", *CENSUS_SOURCES)

OBSERVATION_COLUMNS = ["indicator_id", "area_code", "period", "sex", "age", "breakdown", "value", "lower_ci_95",
                       "upper_ci_95", "count", "denominator", "status", "note", "published_comparison", "source_id"]


def import_shared(shared_dir: Path, out_root: Path = paths.DATAPACKAGES) -> int:
    """Write reference areas and their changes, the England package and one package per ICB (of 2024 and of
    2026); 0 on success, 2 on bad input. Everything is built before anything is written, and only what the
    importer owns is written: an ICS team's own tables and properties stay as they are (`package_files`)."""
    try:
        raw = read_raw(shared_dir)
        indicators = pd.read_csv(paths.reference_dir(out_root) / "indicators.csv", dtype=str, keep_default_na=False)
        categories = pd.read_csv(paths.reference_dir(out_root) / "categories.csv", dtype=str, keep_default_na=False)
        boundaries = Boundaries.of(raw)
        areas, changes = build_areas(raw, boundaries), boundaries.changes()
        packages = build_packages(raw, indicators, categories, boundaries)
        existing = {code: existing_descriptor(out_root / code) for code in packages}
    except ImportProblem as problem:
        print(f"import-shared: {problem}", file=sys.stderr)
        return 2
    (paths.reference_dir(out_root) / "areas.csv").write_bytes(csv_bytes(areas))
    (paths.reference_dir(out_root) / "area_changes.csv").write_bytes(csv_bytes(changes))
    for area_code, (descriptor, tables) in packages.items():
        write_package(out_root / area_code, descriptor, tables, existing[area_code])
    print(f"Wrote reference areas, {len(changes)} area changes and {len(packages)} packages into {out_root}/")
    return 0


# ---- observations ----------------------------------------------------------------------------------

def build_packages(raw: RawData, indicators: pd.DataFrame, categories: pd.DataFrame,
                   boundaries: Boundaries) -> dict[str, tuple[dict, dict[str, pd.DataFrame]]]:
    icbs = raw["icb_reference_2024.csv"]
    region_of = dict(zip(icbs.icb_code, icbs.nhser24_code))
    places = pd.concat([build_places(raw["lad24_to_icb24_lsoa_counts.csv"]), new_icb_places(boundaries)])
    kept_whole = smi_icbs_kept_whole(raw, boundaries)
    lsoas_2024 = raw["lsoa21_to_sicbl24_icb24_lad24.csv"].rename(columns={"icb24_code": "icb_code"})
    lsoas_2026 = boundaries.lsoas[boundaries.lsoas.icb26_code.isin(boundaries.new)].rename(columns={"icb26_code": "icb_code"})
    observations = pd.concat([
        deprivation_profile(raw, lsoas_2024, "imd2025", region_of),
        deprivation_profile(raw, lsoas_2026, "imd2025_icb2026"),
        fingertips_observations(raw, places),
        heec_observations(raw, indicators),
        smi_observations(raw, region_of, boundaries, kept_whole),
        ons_deprivation_observations(raw),
        cvdprevent_observations(raw, indicators),
        ethnicity_observations(raw, boundaries, categories, places),
    ], ignore_index=True)
    descriptors = {icb.icb_code: ics_descriptor(icb.icb_code, short_icb_name(icb.icb_name)) for icb in icbs.itertuples()}
    for code in boundaries.new:
        descriptors[code] = new_ics_descriptor(code, short_icb_name(boundaries.names_2026[code]), code in kept_whole)
    packages = {}
    for code, descriptor in descriptors.items():
        tables = {"observations": _sorted(observations[observations.package == code]),
                  "places": places[places.icb_code == code][["area_code", "share_of_lsoas", "note"]]}
        packages[code] = (descriptor, tables)
    england = _sorted(observations[observations.package == ENGLAND])
    packages[ENGLAND] = (england_descriptor(), {"observations": england})
    return packages


SPLIT_PLACE_NOTE = ("Split across more than one ICS: figures for this authority cover the whole authority, "
                    "not only the part in this ICS.")


def build_places(lad_counts: pd.DataFrame) -> pd.DataFrame:
    """Local authorities per ICB of 2024. An authority split across ICBs is listed in each, with a note."""
    split = lad_counts.groupby("lad24_code").icb24_code.transform("size") > 1
    return pd.DataFrame({
        "icb_code": lad_counts.icb24_code, "area_code": lad_counts.lad24_code,
        "share_of_lsoas": lad_counts.share_of_lad_lsoa21, "note": split.map({True: SPLIT_PLACE_NOTE, False: ""}),
    }).sort_values(["icb_code", "area_code"], kind="stable")


def new_icb_places(boundaries: Boundaries) -> pd.DataFrame:
    """Local authorities per new ICB of 2026, counted from the neighbourhoods in each."""
    counts = boundaries.lsoas.groupby(["icb26_code", "lad24_code"]).size().rename("n").reset_index()
    counts = counts.assign(share=counts.n / counts.groupby("lad24_code").n.transform("sum"),
                           split=counts.groupby("lad24_code").n.transform("size") > 1)
    counts = counts[counts.icb26_code.isin(boundaries.new)]
    return pd.DataFrame({
        "icb_code": counts.icb26_code, "area_code": counts.lad24_code, "share_of_lsoas": counts.share.map(_number),
        "note": counts.split.map({True: SPLIT_PLACE_NOTE, False: ""}),
    }).sort_values(["icb_code", "area_code"], kind="stable")


def deprivation_profile(raw: RawData, lsoas: pd.DataFrame, source_id: str,
                        region_of: dict[str, str] | None = None) -> pd.DataFrame:
    """Share of each ICB's 2021 LSOAs in each national IMD 2025 decile, and the Core20 share (deciles 1-2).
    With `region_of`, also the Core20 share of each NHS region and of England (in the England package)."""
    lsoas = lsoas[["lsoa21_code", "icb_code"]].merge(raw["imd2025_lsoa21.csv"], on="lsoa21_code", validate="one_to_one")
    counts = lsoas.groupby(["icb_code", "imd_decile"]).size().unstack(fill_value=0)
    counts.columns = counts.columns.astype(int)
    rows = []
    for icb_code, by_decile in counts.iterrows():
        total = int(by_decile.sum())
        for decile in range(1, 11):
            rows.append(_observation(icb_code, "neighbourhoods_by_deprivation", "2025", breakdown=f"imd2025_d{decile}",
                                     count=int(by_decile.get(decile, 0)), denominator=total, source_id=source_id))
        rows.append(_observation(icb_code, "core20_neighbourhoods", "2025", breakdown=EVERYONE,
                                 count=int(by_decile.get(1, 0) + by_decile.get(2, 0)), denominator=total, source_id=source_id))
    if region_of is None:
        return pd.DataFrame(rows)
    by_region = counts.groupby(counts.index.map(region_of)).sum()
    by_region.loc[ENGLAND] = counts.sum()  # and England: by construction close to 20%
    for region_code, by_decile in by_region.iterrows():
        rows.append({**_observation(region_code, "core20_neighbourhoods", "2025", breakdown=EVERYONE,
                                    count=int(by_decile.get(1, 0) + by_decile.get(2, 0)), denominator=int(by_decile.sum()),
                                    source_id=source_id), "package": ENGLAND})
    return pd.DataFrame(rows)


def fingertips_observations(raw: RawData, places: pd.DataFrame) -> pd.DataFrame:
    """Fingertips place values copied into every ICB the place lies in; England rows into England."""
    fingertips = raw["fingertips_la_indicators.csv"]
    fingertips = fingertips[fingertips.indicator_id.isin(FINGERTIPS_INDICATORS)]
    on_places = fingertips.merge(places[["icb_code", "area_code"]], on="area_code")
    in_england = fingertips[fingertips.area_code == ENGLAND].assign(icb_code=ENGLAND)
    rows = []
    for row in pd.concat([on_places, in_england]).itertuples():
        indicator, age = FINGERTIPS_INDICATORS[row.indicator_id]
        has_value = row.value != ""
        rows.append({"package": row.icb_code, "indicator_id": indicator, "area_code": row.area_code,
                     "period": normalise_period(row.period), "sex": row.sex.lower(), "age": age, "breakdown": EVERYONE,
                     "value": row.value, "status": "published" if has_value else "not_available",
                     "note": "" if has_value else "No value published by Fingertips for this area and period.",
                     "published_comparison": row.compared_to_england if has_value else "", "source_id": "fingertips"})
    return pd.DataFrame(rows)


def normalise_period(period: str) -> str:
    """Fingertips '2015 - 17' and ONS '2015 to 2017' become '2015-17'; single years stay as they are."""
    period = period.strip()
    if " to " in period:
        start, end = period.split(" to ")
        return f"{start}-{end[-2:]}"
    return period.replace(" - ", "-")


def heec_observations(raw: RawData, indicators: pd.DataFrame) -> pd.DataFrame:
    """HEEC medians by practice deprivation fifth, with the fifths reversed so that 1 is the most deprived."""
    by_name = dict(zip(indicators.source_id, indicators.indicator_id))
    heec = raw["core20plus5/heec_icb_by_practice_imd_quintile.csv"]
    unknown = sorted(set(heec.indicator) - set(by_name))
    if unknown:
        raise ImportProblem(f"HEEC indicators with no catalogue entry (source_id in indicators.csv): {unknown}")
    rows = []
    for row in heec.itertuples():
        indicator = by_name[row.indicator]
        sex, age = HEEC_AGE_SEX[indicator]
        for heec_quintile in range(1, HEEC_QUINTILES + 1):
            value = getattr(row, f"quin_{heec_quintile}")
            rows.append(_copied(row.icb_code, indicator, row.year, sex, age, f"practice_imd_q{reverse_quintile(heec_quintile)}",
                                value, "heec", "No practice in this area falls in this deprivation fifth."))
    medians = heec.drop_duplicates(["indicator", "year"])
    for row in medians.itertuples():
        sex, age = HEEC_AGE_SEX[by_name[row.indicator]]
        rows.append(_copied(ENGLAND, by_name[row.indicator], row.year, sex, age, EVERYONE, row.england_median_all_practices,
                            "heec", "No England median published for this year."))
    return pd.DataFrame(rows)


def reverse_quintile(heec_quintile: int) -> int:
    """HEEC's quin_5 (most deprived) is our fifth 1; its quin_1 (least deprived) is our fifth 5."""
    return HEEC_QUINTILES + 1 - heec_quintile


def smi_icbs_kept_whole(raw: RawData, boundaries: Boundaries) -> set[str]:
    """New ICBs whose every sub-ICB location is one of 2024 with the same neighbourhoods: only for those is
    the sum of sub-ICB health-check counts exact. Where a location was split (Frimley), no sum is made."""
    lsoas = boundaries.lsoas
    # A location of 2026 is one of 2024 kept whole when it has the same code and the same neighbourhoods.
    same_code = (lsoas.sicbl24_code == lsoas.sicbl26_code).groupby(lsoas.sicbl26_code).all()
    sizes_2026 = lsoas.sicbl26_code.value_counts().reindex(same_code.index)
    sizes_2024 = lsoas.sicbl24_code.value_counts().reindex(same_code.index)
    same = same_code & (sizes_2026 == sizes_2024)
    counted = set(raw["core20plus5/smi_physical_health_checks_sicbl.csv"].sicbl_code)
    whole = lsoas.sicbl26_code.map(same) & lsoas.sicbl26_code.isin(counted)
    return {code for code, all_whole in whole.groupby(lsoas.icb26_code).all().items() if all_whole and code in boundaries.new}


def smi_observations(raw: RawData, region_of: dict[str, str], boundaries: Boundaries, kept_whole: set[str]) -> pd.DataFrame:
    """All six checks / people on the SMI register, summed to ICBs (of 2024, and of 2026 where exact), regions
    and England, with Wilson limits."""
    smi = raw["core20plus5/smi_physical_health_checks_sicbl.csv"]
    smi = smi[smi.measure.isin(["All6PHC", "SMIRegister"])].assign(value=lambda f: f.value.astype(int))
    smi = smi.assign(period=smi.financial_year.str.replace("-", "/") + " " + smi.quarter)
    icb_2026 = dict(zip(boundaries.lsoas.sicbl26_code, boundaries.lsoas.icb26_code))
    in_new = smi.assign(icb_code=smi.sicbl_code.map(icb_2026))
    in_new = in_new[in_new.icb_code.isin(kept_whole)]
    by_icb = _smi_sums(smi, "icb_code")
    england = by_icb.groupby("period")[["All6PHC", "SMIRegister"]].sum().reset_index().assign(icb_code=ENGLAND)
    note = "Counts summed from sub-ICB locations. 95% confidence interval computed here (Wilson score)."
    new_note = ("Counts summed from the sub-ICB locations that make up this system since April 2026, each unchanged "
                "since 2024. 95% confidence interval computed here (Wilson score).")
    rows = [_observation(r.icb_code, "smi_health_checks", r.period, breakdown=EVERYONE, count=int(r.All6PHC),
                         denominator=int(r.SMIRegister), source_id="smi_checks", ci=True, note=text)
            for frame, text in ((pd.concat([by_icb, england]), note), (_smi_sums(in_new, "icb_code"), new_note))
            for r in frame.itertuples()]
    # NHS England regions, for comparing a system with its region: the sums of their systems' counts.
    in_region = by_icb[by_icb.icb_code.isin(region_of)].assign(region=lambda f: f.icb_code.map(region_of))
    regions = in_region.groupby(["region", "period"])[["All6PHC", "SMIRegister"]].sum().reset_index()
    region_note = "Counts summed from the region's integrated care systems. 95% confidence interval computed here (Wilson score)."
    rows += [{**_observation(r.region, "smi_health_checks", r.period, breakdown=EVERYONE, count=int(r.All6PHC),
                             denominator=int(r.SMIRegister), source_id="smi_checks", ci=True, note=region_note),
              "package": ENGLAND} for r in regions.itertuples()]
    return pd.DataFrame(rows)


def _smi_sums(smi: pd.DataFrame, by: str) -> pd.DataFrame:
    return smi.pivot_table(index=[by, "period"], columns="measure", values="value", aggfunc="sum").reset_index()


def ons_deprivation_observations(raw: RawData) -> pd.DataFrame:
    """England life expectancy and healthy life expectancy by national deprivation tenth, as ONS published them."""
    ons = raw["ons_le_hle_by_imd_decile_england.csv"]
    rows = []
    for row in ons.itertuples():
        for indicator, value in (("life_expectancy", row.life_expectancy_at_birth),
                                 ("healthy_life_expectancy", row.healthy_life_expectancy_at_birth)):
            rows.append(_copied(ENGLAND, indicator, normalise_period(row.period), row.sex.lower(), "age_at_birth",
                                f"ons_imd_d{row.imd_decile}", value, "ons_le_deprivation", "No value in the ONS series."))
    return pd.DataFrame(rows)


def cvdprevent_observations(raw: RawData, indicators: pd.DataFrame) -> pd.DataFrame:
    by_code = dict(zip(indicators.source_id, indicators.indicator_id))
    rows = []
    for row in raw["core20plus5/cvdprevent_england_by_deprivation_quintile.csv"].itertuples():
        if row.indicator_code not in by_code:
            raise ImportProblem(f"CVDPREVENT indicator {row.indicator_code} has no catalogue entry (source_id in indicators.csv).")
        rows.append({**_copied(ENGLAND, by_code[row.indicator_code], "2026-03", "persons", "all_ages",
                               f"cvdp_imd_q{row.imd_quintile}", row.value_pct, "cvdprevent", ""),
                     "lower_ci_95": row.lower_ci, "upper_ci_95": row.upper_ci, "count": row.numerator,
                     "denominator": row.denominator})
    return pd.DataFrame(rows)


def _copied(package: str, indicator: str, period: str, sex: str, age: str, breakdown: str, value: str,
            source_id: str, missing_note: str) -> dict:
    """An observation whose value is copied as published text; an empty value is 'not available'."""
    has_value = value != ""
    return {"package": package, "indicator_id": indicator, "area_code": package, "period": period, "sex": sex,
            "age": age, "breakdown": breakdown, "value": value, "status": "published" if has_value else "not_available",
            "note": "" if has_value else missing_note, "source_id": source_id}


def _observation(area_code: str, indicator: str, period: str, *, breakdown: str, count: int, denominator: int,
                 source_id: str, ci: bool = False, note: str = "") -> dict:
    """A percentage computed here from a count and its denominator."""
    row = {"package": area_code, "indicator_id": indicator, "area_code": area_code, "period": period, "sex": "persons",
           "age": "all_ages", "breakdown": breakdown, "count": str(count), "denominator": str(denominator),
           "value": _number(100 * count / denominator), "status": "published", "note": note, "source_id": source_id}
    if ci:
        lower, upper = wilson_ci(count, denominator)
        row.update(lower_ci_95=_number(lower), upper_ci_95=_number(upper))
    return row


def _number(value: float) -> str:
    return repr(round(float(value), COMPUTED_DECIMALS))


def _sorted(observations: pd.DataFrame) -> pd.DataFrame:
    frame = observations.reindex(columns=OBSERVATION_COLUMNS).fillna("")
    return frame.sort_values(["indicator_id", "area_code", "period", "sex", "age", "breakdown"], kind="stable")


# ---- descriptors and files ---------------------------------------------------------------------------

def ics_descriptor(area_code: str, short_name: str) -> dict:
    return _descriptor(area_code, f"{short_name} ICS: health inequalities data", ICS_SOURCES, (
        f"Real public data about {short_name} integrated care system, copied from the sources listed and never "
        "modelled or imputed: its deprivation profile (IMD 2025), OHID Fingertips figures for the local authorities "
        "(places) in it, Core20PLUS5 clinical indicators by GP practice deprivation fifth (Health Equity Evidence Centre), "
        "physical health checks for people with severe mental illness, and its residents and those of its places by "
        "ethnic group (Census 2021), with the share of each group living in the most deprived 20% of neighbourhoods. "
        "Fingertips values were rounded to 1 decimal place by the copy used. A local authority split across ICSs is "
        "listed in each, with its whole-authority figures. "
        "Rebuilt by `python -m generator import-shared`."))


def new_ics_descriptor(area_code: str, short_name: str, smi_exact: bool) -> dict:
    smi = ("physical health checks for people with severe mental illness, summed from its sub-ICB locations, each "
           "unchanged since 2024" if smi_exact else
           "no physical health checks for people with severe mental illness: part of it came from a sub-ICB location that "
           "was divided in April 2026, and the checks are only counted for whole locations")
    sources = ("imd2025_icb2026", "fingertips", *(("smi_checks",) if smi_exact else ()), *CENSUS_SOURCES)
    return _descriptor(area_code, f"{short_name} ICS: health inequalities data", sources, (
        f"Real public data about {short_name} integrated care system, formed on 1 April 2026, on its own boundaries: "
        "its deprivation profile (IMD 2025, counted from the neighbourhoods in it), OHID Fingertips figures for the local "
        f"authorities (places) in it, its residents and those of its places by ethnic group (Census 2021) with the share "
        f"of each group living in the most deprived 20% of neighbourhoods, and {smi}. The Health Equity Evidence "
        "Centre's figures by GP practice deprivation fifth exist only for the ICBs of 2024, so they are on the pages of "
        "the systems this one was formed from. "
        "Nothing is estimated from the earlier systems' figures. Rebuilt by `python -m generator import-shared`."))


def england_descriptor() -> dict:
    return _descriptor(ENGLAND, "England: national figures", ENGLAND_SOURCES, (
        "National figures that ICS figures are compared with, and the national picture for the Core20 group: OHID "
        "Fingertips England values, ONS life expectancy and healthy life expectancy by national deprivation tenth, "
        "CVDPREVENT hypertension and cardiovascular indicators by deprivation fifth, HEEC England medians by practice "
        "deprivation fifth, and SMI physical health checks summed over all ICBs. For the 7 NHS England regions, so a "
        "system can be set beside its region: the Core20 share of neighbourhoods (IMD 2025) and SMI physical health "
        "checks, each the sum of the region's systems' counts. England's residents by ethnic group (Census 2021) and the "
        "share of each group living in the most deprived 20% of neighbourhoods. Copied or summed, never modelled. Rebuilt by "
        "`python -m generator import-shared`."))


def _descriptor(area_code: str, title: str, source_ids: tuple[str, ...], description: str) -> dict:
    return {"name": f"ics-{area_code.lower()}", "title": title, "version": "1.0.0", "area_code": area_code,
            "illustrative": False, "description": description, "attribution": ATTRIBUTION, "licenses": [OGL],
            "sources": [SOURCES[s] for s in source_ids], "resources": []}
