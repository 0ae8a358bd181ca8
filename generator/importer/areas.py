"""Reference areas and how they changed: England, its NHS regions, the ICBs of 2024 and of April 2026,
local authorities, and the lineage from each of the 13 ICBs that ended to its successors.

Everything here is counted from one derived LSOA lookup (each 2021 neighbourhood with its 2024 and 2026
ICB) and Census 2021 usual residents per neighbourhood: nothing is estimated.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.importer import EXAMPLE_AREA
from generator.importer.raw import ImportProblem, RawData

ENGLAND = "E92000001"  # the one place the importer names England; the site reads it from the reference areas
EVERYONE = "total"  # and the figure for everyone; the site reads it from the reference dimensions (no_breakdown)
LOOKUP_2026 = "icb2026/lsoa21_to_sicbl26_icb26.csv"
ICB_NAMES_2026 = "icb2026/sicbl_icb_2024_2026.csv"
CENSUS_ETHNICITY = "census2021_ts021_ethnic_group_lsoa21.csv"
CENSUS_TOTAL = "Ethnic group: Total: All usual residents"
# ICBs created in July 2022; Surrey Heartlands and Sussex took new codes with their April 2023 boundary change.
ICB_START, ICB_2023_CODES, ICB_2023_START = "2022-07-01", {"E54000063", "E54000064"}, "2023-04-01"
# The April 2026 boundaries: the first day of the 36 ICBs, and the last day of the 13 that ended.
ICB_2026_START, ICB_2024_LAST_DAY = "2026-04-01", "2026-03-31"
# The current set of local authority districts dates from the April 2023 reorganisation
# (Cumberland, Westmorland and Furness, North Yorkshire, Somerset).
LAD_START = "2023-04-01"
SHARE_DECIMALS = 4
AREA_COLUMNS = ["area_code", "ods_code", "name", "short_name", "area_type", "parent_code", "valid_from", "valid_to",
                "label_longitude", "label_latitude", "is_fictional"]

# The Example's places, invented too, so the Example shows a system's places section and chart.
EXAMPLE_PLACES = [("X06000901", "Example Bay (fictional)"), ("X06000902", "Example City (fictional)"),
                  ("X06000903", "Example Vale (fictional)")]


@dataclass(frozen=True)
class Boundaries:
    """Every English neighbourhood (2021 LSOA) with its ICB and sub-ICB location in 2024 and in 2026, its
    local authority and its Census 2021 residents."""
    lsoas: pd.DataFrame
    names_2026: dict[str, str]

    @classmethod
    def of(cls, raw: RawData) -> Boundaries:
        census = raw[CENSUS_ETHNICITY][["geography code", CENSUS_TOTAL]]
        residents = census.rename(columns={"geography code": "lsoa21_code", CENSUS_TOTAL: "residents"})
        lsoas = raw[LOOKUP_2026].merge(residents, on="lsoa21_code", how="left", validate="one_to_one")
        if lsoas.residents.isna().any():
            missing = lsoas.lsoa21_code[lsoas.residents.isna()].iloc[0]
            raise ImportProblem(f"{CENSUS_ETHNICITY} has no row for neighbourhood {missing} of {LOOKUP_2026}.")
        names = raw[ICB_NAMES_2026]
        names = names[names.boundary_year == "2026"].drop_duplicates("icb_code")
        return cls(lsoas.assign(residents=lsoas.residents.astype(int)), dict(zip(names.icb_code, names.icb_name)))

    @property
    def former(self) -> list[str]:
        """ICBs of 2024 that no longer exist in 2026."""
        return sorted(set(self.lsoas.icb24_code) - set(self.lsoas.icb26_code))

    @property
    def new(self) -> list[str]:
        """ICBs of 2026 that did not exist in 2024."""
        return sorted(set(self.lsoas.icb26_code) - set(self.lsoas.icb24_code))

    def changes(self) -> pd.DataFrame:
        """One row per former ICB and successor: neighbourhoods and residents moved, and their share."""
        moved = self.lsoas[self.lsoas.icb24_code.isin(self.former)]
        rows = moved.groupby(["icb24_code", "icb26_code"]).agg(neighbourhoods=("lsoa21_code", "size"),
                                                                residents=("residents", "sum")).reset_index()
        total = rows.groupby("icb24_code").residents.transform("sum")
        return pd.DataFrame({
            "area_code": rows.icb24_code, "successor_code": rows.icb26_code, "changed_on": ICB_2026_START,
            "neighbourhoods": rows.neighbourhoods, "residents": rows.residents,
            "share_of_residents": (rows.residents / total).round(SHARE_DECIMALS).map(repr),
        }).sort_values(["area_code", "successor_code"], kind="stable")


def build_areas(raw: RawData, boundaries: Boundaries) -> pd.DataFrame:
    icbs = raw["icb_reference_2024.csv"]
    former = set(boundaries.former)
    rows = [{"area_code": ENGLAND, "ods_code": "", "name": "England", "short_name": "England", "area_type": "country",
             "parent_code": "", "valid_from": "2022-07-01", "valid_to": "", "is_fictional": "false"}]
    for region in icbs.drop_duplicates("nhser24_code").itertuples():
        rows.append({"area_code": region.nhser24_code, "ods_code": region.nhser_ods_code, "name": region.nhser_name,
                     "short_name": region.nhser_name, "area_type": "nhs_region", "parent_code": ENGLAND,
                     "valid_from": "2022-07-01", "valid_to": "", "is_fictional": "false"})
    for icb in icbs.itertuples():
        rows.append({"area_code": icb.icb_code, "ods_code": icb.icb_ods_code, "name": icb.icb_name,
                     "short_name": short_icb_name(icb.icb_name), "area_type": "icb", "parent_code": icb.nhser24_code,
                     "valid_from": ICB_2023_START if icb.icb_code in ICB_2023_CODES else ICB_START,
                     "valid_to": ICB_2024_LAST_DAY if icb.icb_code in former else "",
                     "label_longitude": icb.ons_label_long, "label_latitude": icb.ons_label_lat, "is_fictional": "false"})
    rows.extend(new_icb_rows(icbs, boundaries))
    for lad in raw["lad24_to_icb24_lsoa_counts.csv"].drop_duplicates("lad24_code").itertuples():
        rows.append({"area_code": lad.lad24_code, "ods_code": "", "name": lad.lad24_name, "short_name": lad.lad24_name,
                     "area_type": "local_authority", "parent_code": "", "valid_from": LAD_START, "valid_to": "",
                     "is_fictional": "false"})
    rows.append(EXAMPLE_AREA)
    rows.extend({"area_code": code, "ods_code": "", "name": name, "short_name": name, "area_type": "local_authority",
                 "parent_code": "", "valid_from": EXAMPLE_AREA["valid_from"], "valid_to": "", "is_fictional": "true"}
                for code, name in EXAMPLE_PLACES)
    return pd.DataFrame(rows).reindex(columns=AREA_COLUMNS).fillna("").sort_values("area_code", kind="stable")


def new_icb_rows(icbs: pd.DataFrame, boundaries: Boundaries) -> list[dict]:
    """The ICBs of April 2026. The lookups carry no ODS code, so none is given. Each takes its predecessors'
    NHS region (the import stops if they differ). Its map point is its predecessors' label points weighted
    by the residents who moved: a place to put a marker, not a boundary centroid."""
    reference = icbs.set_index("icb_code")
    moved = boundaries.lsoas.groupby(["icb26_code", "icb24_code"]).residents.sum().reset_index()
    rows = []
    for code in boundaries.new:
        parts = moved[moved.icb26_code == code]
        regions = set(reference.loc[parts.icb24_code, "nhser24_code"])
        if len(regions) != 1:
            raise ImportProblem(f"New ICB {code} is formed from ICBs of different NHS regions ({sorted(regions)}).")
        weights = parts.residents.to_numpy() / parts.residents.sum()
        points = reference.loc[parts.icb24_code, ["ons_label_long", "ons_label_lat"]].astype(float).to_numpy()
        longitude, latitude = weights @ points
        name = boundaries.names_2026[code]
        rows.append({"area_code": code, "ods_code": "", "name": name, "short_name": short_icb_name(name),
                     "area_type": "icb", "parent_code": regions.pop(), "valid_from": ICB_2026_START, "valid_to": "",
                     "label_longitude": f"{longitude:.6f}", "label_latitude": f"{latitude:.6f}", "is_fictional": "false"})
    return rows


def short_icb_name(name: str) -> str:
    """'NHS Black Country Integrated Care Board' -> 'Black Country'."""
    return name.removeprefix("NHS ").removesuffix(" Integrated Care Board")
