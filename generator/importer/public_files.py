"""Rebuild the bundled real-data packages from the raw public files (`python -m generator import-shared`).

Values are copied, never modelled or imputed. The only arithmetic is counting neighbourhoods per
deprivation tenth, summing SMI health-check counts from sub-ICB locations to ICBs, dividing a count by
its denominator, and the Wilson interval of that proportion. Output is deterministic: rows are sorted,
copied values keep the text the source published, computed values are rounded to 4 decimal places.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from generator import paths
from generator.importer import EXAMPLE_AREA
from generator.stats import wilson_ci

ENGLAND = "E92000001"
COMPUTED_DECIMALS = 4
OGL = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
       "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
ATTRIBUTION = ("Contains public sector information licensed under the Open Government Licence v3.0. "
               "Contains OS data © Crown copyright and database right. Source: Office for National Statistics (ONS), "
               "Office for Health Improvement and Disparities (OHID, Fingertips), Ministry of Housing, Communities and "
               "Local Government (MHCLG), NHS England / NHS ODS.")

# Its places, invented too, so the Example shows a system's places section and chart.
EXAMPLE_PLACES = [("X06000901", "Example Bay (fictional)"), ("X06000902", "Example City (fictional)"),
                  ("X06000903", "Example Vale (fictional)")]

# ICBs created in July 2022; Surrey Heartlands and Sussex took new codes with their April 2023 boundary change.
ICB_START, ICB_2023_CODES, ICB_2023_START = "2022-07-01", {"E54000063", "E54000064"}, "2023-04-01"
# The current set of local authority districts dates from the April 2023 reorganisation
# (Cumberland, Westmorland and Furness, North Yorkshire, Somerset).
LAD_START = "2023-04-01"

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

SOURCES = {
    "imd2025": {"id": "imd2025", "title": "English indices of deprivation 2025, file 7 (LSOA ranks, scores and deciles), with the ONS LSOA (2021) to sub-ICB location to ICB (April 2024) lookup",
                "path": "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025",
                "publisher": "Ministry of Housing, Communities and Local Government; Office for National Statistics",
                "repository": "humaniverse/IMD; humaniverse/geographr",
                "commit": "a9cf28d4848c1a5f7928bfef6877e1654ae7edd7; 8fa83ff1f9b5cebfc5c83dd4e28851a369f7ab2c",
                "date": "2025-10-30", "licence_note": "Open Government Licence v3.0."},
    "fingertips": {"id": "fingertips", "title": "OHID Fingertips: life expectancy (90366), healthy life expectancy (90362), inequality in life expectancy (92901), adult smoking (92443), preventable mortality under 75 (93721), districts and unitary authorities",
                   "path": "https://fingertips.phe.org.uk/", "publisher": "Office for Health Improvement and Disparities",
                   "repository": "traffordDataLab/trafford_themes", "commit": "ae20a088ae35b93b57843c79ee56e0072915db9e",
                   "date": "2026-05-13",
                   "licence_note": "Open Government Licence v3.0. Values were rounded to 1 decimal place by the copy used, which carries no confidence intervals."},
    "heec": {"id": "heec", "title": "Health Equity Evidence Centre, ICB datapacks: median GP practice values by national practice deprivation fifth",
             "path": "https://github.com/HealthEquityEvidenceCentre/HEEC", "publisher": "Health Equity Evidence Centre (from OHID Fingertips GP practice data)",
             "repository": "HealthEquityEvidenceCentre/HEEC", "commit": "293084e3e6aa5de1bc6e8e50430a6c6f1b370f67",
             "date": "2025-01-20",
             "licence_note": "The practice-level inputs are public sector information under the Open Government Licence v3.0. The HEEC repository has no licence file: HEEC is cited as the producer of the aggregation."},
    "smi_checks": {"id": "smi_checks", "title": "Physical health checks for people with severe mental illness, quarterly, by sub-ICB location (summed to ICBs here)",
                   "path": "https://github.com/katpham12/NHS-SMI-Health-Check", "publisher": "NHS England (probable: the workbook names no publisher)",
                   "repository": "katpham12/NHS-SMI-Health-Check", "commit": "d78ce225d2faf432d7520f499204d2ec6c3e5075",
                   "date": "2026-02-26",
                   "licence_note": "No licence is stated in the workbook or the repository; NHS England normally publishes its statistics under the Open Government Licence v3.0. To be confirmed before wider reuse."},
    "ons_le_deprivation": {"id": "ons_le_deprivation", "title": "ONS: Healthy life expectancy by national area deprivation, England: time series (life expectancy and healthy life expectancy at birth)",
                           "path": "https://www.ons.gov.uk/peoplepopulationandcommunity/healthandsocialcare/healthinequalities/datasets/healthylifeexpectancybynationalareadeprivationenglandtimeseries",
                           "publisher": "Office for National Statistics", "repository": "olayinka-ysf/nhs-health-inequalities",
                           "commit": "a624bad348420a0854c8356aeb3e32bfe46713b7", "date": "2026-04-18",
                           "licence_note": "Open Government Licence v3.0. Secondary re-export: not yet checked against the ONS workbook."},
    "cvdprevent": {"id": "cvdprevent", "title": "CVDPREVENT audit, England by patient deprivation fifth, to March 2026",
                   "path": "https://www.cvdprevent.nhs.uk/", "publisher": "NHS England (CVDPREVENT)",
                   "repository": "RamanDeshlahre/cvd-inequalities-england", "commit": "2a3947c9cec3d9f0fab03fddbf7ac2d3aa5f3945",
                   "date": "2026-03-31", "licence_note": "Open Government Licence v3.0, as stated by the repository."},
}
ICS_SOURCES = ("imd2025", "fingertips", "heec", "smi_checks")
ENGLAND_SOURCES = ("imd2025", "fingertips", "heec", "smi_checks", "ons_le_deprivation", "cvdprevent")

REQUIRED_FILES = {  # file -> columns the import relies on
    "icb_reference_2024.csv": {"icb_code", "icb_ods_code", "icb_name", "nhser_name", "nhser_ods_code", "nhser24_code",
                               "ons_label_long", "ons_label_lat"},
    "lad24_to_icb24_lsoa_counts.csv": {"lad24_code", "lad24_name", "icb24_code", "n_lsoa21", "share_of_lad_lsoa21"},
    "lsoa21_to_sicbl24_icb24_lad24.csv": {"lsoa21_code", "icb24_code"},
    "imd2025_lsoa21.csv": {"lsoa21_code", "imd_decile"},
    "fingertips_la_indicators.csv": {"indicator_id", "area_code", "area_type", "period", "sex", "value", "compared_to_england"},
    "ons_le_hle_by_imd_decile_england.csv": {"period", "imd_decile", "sex", "life_expectancy_at_birth", "healthy_life_expectancy_at_birth"},
    "core20plus5/heec_icb_by_practice_imd_quintile.csv": {"indicator", "year", "icb_code", *(f"quin_{q}" for q in range(1, 6)), "england_median_all_practices"},
    "core20plus5/smi_physical_health_checks_sicbl.csv": {"financial_year", "quarter", "icb_code", "measure", "value"},
    "core20plus5/cvdprevent_england_by_deprivation_quintile.csv": {"indicator_code", "imd_quintile", "numerator", "denominator", "value_pct", "lower_ci", "upper_ci"},
}
OBSERVATION_COLUMNS = ["indicator_id", "area_code", "period", "sex", "age", "breakdown", "value", "lower_ci_95",
                       "upper_ci_95", "count", "denominator", "status", "note", "published_comparison", "source_id"]


class ImportProblem(Exception):
    """The raw files are not what the import expects; the message says which and why."""


@dataclass(frozen=True)
class RawData:
    tables: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def import_shared(shared_dir: Path, out_root: Path = paths.DATAPACKAGES) -> int:
    """Write reference areas, the England package and one package per ICB; 0 on success, 2 on bad input."""
    try:
        raw = read_raw(shared_dir)
        indicators = pd.read_csv(paths.reference_dir(out_root) / "indicators.csv", dtype=str, keep_default_na=False)
        packages = build_packages(raw, indicators)
    except ImportProblem as problem:
        print(f"import-shared: {problem}", file=sys.stderr)
        return 2
    _write_csv(paths.reference_dir(out_root) / "areas.csv", build_areas(raw))
    for area_code, (descriptor, tables) in packages.items():
        write_package(out_root / area_code, descriptor, tables, out_root)
    print(f"Wrote reference areas and {len(packages)} packages into {out_root}/")
    return 0


def read_raw(shared_dir: Path) -> RawData:
    if not shared_dir.is_dir():
        raise ImportProblem(f"{shared_dir} is not a folder. Give the folder of raw files, e.g. ../shared/data.")
    tables = {}
    for name, columns in REQUIRED_FILES.items():
        path = shared_dir / name
        if not path.is_file():
            raise ImportProblem(f"{path} is missing. The import needs every file listed in generator/importer.py REQUIRED_FILES.")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = columns - set(frame.columns)
        if missing:
            raise ImportProblem(f"{path} has no column(s) {', '.join(sorted(missing))}; the file's layout has changed.")
        tables[name] = frame
    return RawData(tables)


# ---- reference areas -------------------------------------------------------------------------------

def build_areas(raw: RawData) -> pd.DataFrame:
    icbs = raw["icb_reference_2024.csv"]
    rows = [{"area_code": ENGLAND, "ods_code": "", "name": "England", "short_name": "England", "area_type": "country",
             "parent_code": "", "valid_from": "2022-07-01", "valid_to": "", "is_fictional": "false"}]
    for region in icbs.drop_duplicates("nhser24_code").itertuples():
        rows.append({"area_code": region.nhser24_code, "ods_code": region.nhser_ods_code, "name": region.nhser_name,
                     "short_name": region.nhser_name, "area_type": "nhs_region", "parent_code": ENGLAND,
                     "valid_from": "2022-07-01", "valid_to": "", "is_fictional": "false"})
    for icb in icbs.itertuples():
        rows.append({"area_code": icb.icb_code, "ods_code": icb.icb_ods_code, "name": icb.icb_name,
                     "short_name": short_icb_name(icb.icb_name), "area_type": "icb", "parent_code": icb.nhser24_code,
                     "valid_from": ICB_2023_START if icb.icb_code in ICB_2023_CODES else ICB_START, "valid_to": "",
                     "label_longitude": icb.ons_label_long, "label_latitude": icb.ons_label_lat, "is_fictional": "false"})
    for lad in raw["lad24_to_icb24_lsoa_counts.csv"].drop_duplicates("lad24_code").itertuples():
        rows.append({"area_code": lad.lad24_code, "ods_code": "", "name": lad.lad24_name, "short_name": lad.lad24_name,
                     "area_type": "local_authority", "parent_code": "", "valid_from": LAD_START, "valid_to": "",
                     "is_fictional": "false"})
    rows.append(EXAMPLE_AREA)
    rows.extend({"area_code": code, "ods_code": "", "name": name, "short_name": name, "area_type": "local_authority",
                 "parent_code": "", "valid_from": EXAMPLE_AREA["valid_from"], "valid_to": "", "is_fictional": "true"}
                for code, name in EXAMPLE_PLACES)
    columns = ["area_code", "ods_code", "name", "short_name", "area_type", "parent_code", "valid_from", "valid_to",
               "label_longitude", "label_latitude", "is_fictional"]
    return pd.DataFrame(rows).reindex(columns=columns).fillna("").sort_values("area_code", kind="stable")


def short_icb_name(name: str) -> str:
    """'NHS Black Country Integrated Care Board' -> 'Black Country'."""
    return name.removeprefix("NHS ").removesuffix(" Integrated Care Board")


# ---- observations ----------------------------------------------------------------------------------

def build_packages(raw: RawData, indicators: pd.DataFrame) -> dict[str, tuple[dict, dict[str, pd.DataFrame]]]:
    icbs = raw["icb_reference_2024.csv"]
    places = build_places(raw["lad24_to_icb24_lsoa_counts.csv"])
    observations = pd.concat([
        deprivation_profile(raw),
        fingertips_observations(raw, places),
        heec_observations(raw, indicators),
        smi_observations(raw),
        ons_deprivation_observations(raw),
        cvdprevent_observations(raw, indicators),
    ], ignore_index=True)
    packages = {}
    for icb in icbs.itertuples():
        tables = {"observations": _sorted(observations[observations.package == icb.icb_code]),
                  "places": places[places.icb_code == icb.icb_code][["area_code", "share_of_lsoas", "note"]]}
        packages[icb.icb_code] = (ics_descriptor(icb.icb_code, short_icb_name(icb.icb_name)), tables)
    england = _sorted(observations[observations.package == ENGLAND])
    packages[ENGLAND] = (england_descriptor(), {"observations": england})
    return packages


def build_places(lad_counts: pd.DataFrame) -> pd.DataFrame:
    """Local authorities per ICB. An authority split across ICBs is listed in each, with a note."""
    split = lad_counts.groupby("lad24_code").icb24_code.transform("size") > 1
    note = ("Split across more than one ICS: figures for this authority cover the whole authority, "
            "not only the part in this ICS.")
    return pd.DataFrame({
        "icb_code": lad_counts.icb24_code, "area_code": lad_counts.lad24_code,
        "share_of_lsoas": lad_counts.share_of_lad_lsoa21, "note": split.map({True: note, False: ""}),
    }).sort_values(["icb_code", "area_code"], kind="stable")


def deprivation_profile(raw: RawData) -> pd.DataFrame:
    """Share of each ICB's 2021 LSOAs in each national IMD 2025 decile, and the Core20 share (deciles 1-2)."""
    lsoas = raw["lsoa21_to_sicbl24_icb24_lad24.csv"].merge(raw["imd2025_lsoa21.csv"], on="lsoa21_code", validate="one_to_one")
    counts = lsoas.groupby(["icb24_code", "imd_decile"]).size().unstack(fill_value=0)
    counts.columns = counts.columns.astype(int)
    rows = []
    for icb_code, by_decile in counts.iterrows():
        total = int(by_decile.sum())
        for decile in range(1, 11):
            rows.append(_observation(icb_code, "neighbourhoods_by_deprivation", "2025", breakdown=f"imd2025_d{decile}",
                                     count=int(by_decile.get(decile, 0)), denominator=total, source_id="imd2025"))
        rows.append(_observation(icb_code, "core20_neighbourhoods", "2025", breakdown="total",
                                 count=int(by_decile.get(1, 0) + by_decile.get(2, 0)), denominator=total, source_id="imd2025"))
    # NHS England regions and England (in the England package), so a system's Core20 share can be set beside them.
    region_of = dict(zip(raw["icb_reference_2024.csv"].icb_code, raw["icb_reference_2024.csv"].nhser24_code))
    by_region = counts.groupby(counts.index.map(region_of)).sum()
    by_region.loc[ENGLAND] = counts.sum()  # and England: by construction close to 20%
    for region_code, by_decile in by_region.iterrows():
        rows.append({**_observation(region_code, "core20_neighbourhoods", "2025", breakdown="total",
                                    count=int(by_decile.get(1, 0) + by_decile.get(2, 0)), denominator=int(by_decile.sum()),
                                    source_id="imd2025"), "package": ENGLAND})
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
                     "period": normalise_period(row.period), "sex": row.sex.lower(), "age": age, "breakdown": "total",
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
        rows.append(_copied(ENGLAND, by_name[row.indicator], row.year, sex, age, "total", row.england_median_all_practices,
                            "heec", "No England median published for this year."))
    return pd.DataFrame(rows)


def reverse_quintile(heec_quintile: int) -> int:
    """HEEC's quin_5 (most deprived) is our fifth 1; its quin_1 (least deprived) is our fifth 5."""
    return HEEC_QUINTILES + 1 - heec_quintile


def smi_observations(raw: RawData) -> pd.DataFrame:
    """All six checks / people on the SMI register, summed to ICBs and England, with Wilson limits."""
    smi = raw["core20plus5/smi_physical_health_checks_sicbl.csv"]
    smi = smi[smi.measure.isin(["All6PHC", "SMIRegister"])].assign(value=lambda f: f.value.astype(int))
    smi = smi.assign(period=smi.financial_year.str.replace("-", "/") + " " + smi.quarter)
    by_icb = smi.pivot_table(index=["icb_code", "period"], columns="measure", values="value", aggfunc="sum").reset_index()
    england = by_icb.groupby("period")[["All6PHC", "SMIRegister"]].sum().reset_index().assign(icb_code=ENGLAND)
    note = "Counts summed from sub-ICB locations. 95% confidence interval computed here (Wilson score)."
    rows = [_observation(r.icb_code, "smi_health_checks", r.period, breakdown="total", count=int(r.All6PHC),
                         denominator=int(r.SMIRegister), source_id="smi_checks", ci=True, note=note)
            for r in pd.concat([by_icb, england]).itertuples()]
    # NHS England regions, for comparing a system with its region: the sums of their systems' counts.
    region_of = dict(zip(raw["icb_reference_2024.csv"].icb_code, raw["icb_reference_2024.csv"].nhser24_code))
    in_region = by_icb[by_icb.icb_code.isin(region_of)].assign(region=lambda f: f.icb_code.map(region_of))
    regions = in_region.groupby(["region", "period"])[["All6PHC", "SMIRegister"]].sum().reset_index()
    region_note = "Counts summed from the region's integrated care systems. 95% confidence interval computed here (Wilson score)."
    rows += [{**_observation(r.region, "smi_health_checks", r.period, breakdown="total", count=int(r.All6PHC),
                             denominator=int(r.SMIRegister), source_id="smi_checks", ci=True, note=region_note),
              "package": ENGLAND} for r in regions.itertuples()]
    return pd.DataFrame(rows)


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
        "and physical health checks for people with severe mental illness. Fingertips values were rounded to 1 decimal "
        "place by the copy used. A local authority split across ICSs is listed in each, with its whole-authority figures. "
        "No self-assessment or action has been published by this system yet. Rebuilt by `python -m generator import-shared`."))


def england_descriptor() -> dict:
    return _descriptor(ENGLAND, "England: national figures", ENGLAND_SOURCES, (
        "National figures that ICS figures are compared with, and the national picture for the Core20 group: OHID "
        "Fingertips England values, ONS life expectancy and healthy life expectancy by national deprivation tenth, "
        "CVDPREVENT hypertension and cardiovascular indicators by deprivation fifth, HEEC England medians by practice "
        "deprivation fifth, and SMI physical health checks summed over all ICBs. For the 7 NHS England regions, so a "
        "system can be set beside its region: the Core20 share of neighbourhoods (IMD 2025) and SMI physical health "
        "checks, each the sum of the region's systems' counts. Copied or summed, never modelled. Rebuilt by "
        "`python -m generator import-shared`."))


def _descriptor(area_code: str, title: str, source_ids: tuple[str, ...], description: str) -> dict:
    return {"name": f"ics-{area_code.lower()}", "title": title, "version": "1.0.0", "area_code": area_code,
            "illustrative": False, "description": description, "attribution": ATTRIBUTION, "licenses": [OGL],
            "sources": [SOURCES[s] for s in source_ids], "resources": []}


def write_package(folder: Path, descriptor: dict, tables: dict[str, pd.DataFrame], root: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, frame in tables.items():
        _write_csv(folder / f"{name}.csv", frame)
        schema = json.loads(paths.schema_path(f"ics-{name}", root).read_text(encoding="utf-8"))
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
                          "encoding": "utf-8", "schema": schema})
    descriptor = {**descriptor, "resources": resources}
    (folder / paths.DESCRIPTOR).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    path.write_text(buffer.getvalue(), encoding="utf-8")
