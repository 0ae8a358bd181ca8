"""The raw public files the import reads (from ../shared/data), checked for the columns it relies on."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REQUIRED_FILES = {  # file -> columns the import relies on
    "icb_reference_2024.csv": {"icb_code", "icb_ods_code", "icb_name", "nhser_name", "nhser_ods_code", "nhser24_code",
                               "ons_label_long", "ons_label_lat"},
    "lad24_to_icb24_lsoa_counts.csv": {"lad24_code", "lad24_name", "icb24_code", "n_lsoa21", "share_of_lad_lsoa21"},
    "lsoa21_to_sicbl24_icb24_lad24.csv": {"lsoa21_code", "icb24_code"},
    "icb2026/lsoa21_to_sicbl26_icb26.csv": {"lsoa21_code", "sicbl24_code", "icb24_code", "sicbl26_code", "icb26_code",
                                            "lad24_code"},
    "icb2026/sicbl_icb_2024_2026.csv": {"boundary_year", "sicbl_code", "icb_code", "icb_name"},
    "census2021_ts021_ethnic_group_lsoa21.csv": {"geography code", "Ethnic group: Total: All usual residents"},
    "imd2025_lsoa21.csv": {"lsoa21_code", "imd_decile"},
    "fingertips_la_indicators.csv": {"indicator_id", "area_code", "area_type", "period", "sex", "value", "compared_to_england"},
    "ons_le_hle_by_imd_decile_england.csv": {"period", "imd_decile", "sex", "life_expectancy_at_birth", "healthy_life_expectancy_at_birth"},
    "core20plus5/heec_icb_by_practice_imd_quintile.csv": {"indicator", "year", "icb_code", *(f"quin_{q}" for q in range(1, 6)),
                                                          "england_median_all_practices"},
    "core20plus5/smi_physical_health_checks_sicbl.csv": {"financial_year", "quarter", "sicbl_code", "icb_code", "measure", "value"},
    "core20plus5/cvdprevent_england_by_deprivation_quintile.csv": {"indicator_code", "imd_quintile", "numerator", "denominator",
                                                                   "value_pct", "lower_ci", "upper_ci"},
}


class ImportProblem(Exception):
    """The raw files are not what the import expects; the message says which and why."""


@dataclass(frozen=True)
class RawData:
    tables: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def read_raw(shared_dir: Path) -> RawData:
    if not shared_dir.is_dir():
        raise ImportProblem(f"{shared_dir} is not a folder. Give the folder of raw files, e.g. ../shared/data.")
    tables = {}
    for name, columns in REQUIRED_FILES.items():
        path = shared_dir / name
        if not path.is_file():
            raise ImportProblem(f"{path} is missing. The import needs every file listed in generator/importer/raw.py REQUIRED_FILES.")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = columns - set(frame.columns)
        if missing:
            raise ImportProblem(f"{path} has no column(s) {', '.join(sorted(missing))}; the file's layout has changed.")
        tables[name] = frame
    return RawData(tables)
