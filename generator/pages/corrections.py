"""The corrections a system's team made to imported figures (its corrections.csv), as its ICS page shows
them: each figure before and after, why, when, and the file and line of both rows.

The corrected figure is the one every chart and table of the site uses (`generator.load.apply_corrections`),
so this section is where a reader learns that a figure differs from the national source, and why."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from generator import wording
from generator.load import Package
from generator.pages import common, safe
from generator.pages.common import PageWriter
from generator.reference import Reference


def corrections_section(package: Package, ref: Reference, writer: PageWriter) -> Markup:
    """The section's body, or EMPTY when the system has corrected nothing (the page then has no such section)."""
    corrections = package.table("corrections")
    if corrections.empty:
        return safe.EMPTY
    ordered = corrections.sort_values(["corrected_on", "_line"], ascending=[False, True])
    count = wording.pluralise(len(ordered), "figure", "figures")
    intro = (f"The system's team corrected {count} copied from national sources. Every chart and table on "
             "this site uses the corrected figure; the national source itself is unchanged.")
    variety = common.Variety(package.table("observations"))
    table = {
        "Measure": [_measure(row, variety, ref) for row in common.records(ordered)],
        "Published by the source": [_figure(row, ref, "previous_") for row in common.records(ordered)],
        "Corrected to": [_figure(row, ref, "") for row in common.records(ordered)],
        "Why": list(ordered.reason),
        "Date": [wording.format_date(d) for d in ordered.corrected_on],
    }
    sources = common.joined_sources(common.row_sources(ordered),
                                    [f"{f}:{int(line)}" for f, line in zip(ordered.previous_file, ordered.previous_line)])
    return safe.join([safe.paragraph(intro), writer.table(table, "Figures corrected by the system's team", sources)])


def _measure(row, variety: common.Variety, ref: Reference) -> str:
    """'Cervical screening, women aged 25 to 49, Black, Black British, Caribbean or African, Example ICS, 2024'."""
    name = ref.indicator(row.indicator_id).name if row.indicator_id in ref.indicators.index else row.indicator_id
    who = variety.words(ref, row.indicator_id, row.sex, row.age)
    group = [] if row.breakdown == ref.everyone else [ref.label(row.breakdown)]
    area = ref.areas.short_name.get(row.area_code, row.area_code)
    return ", ".join([name + who, *group, area, str(row.period)])


def _figure(row, ref: Reference, prefix: str) -> str:
    """The value with its interval and counts, as a reader would check it against the source."""
    value = getattr(row, f"{prefix}value")
    if pd.isna(value):
        return ref.statuses.set_index("status").label.get(getattr(row, f"{prefix}status"), "not available")
    parts = [ref.format(row.indicator_id, value)]
    lower, upper = getattr(row, f"{prefix}lower_ci_95"), getattr(row, f"{prefix}upper_ci_95")
    if not (pd.isna(lower) or pd.isna(upper)):
        parts.append(f"(95% interval {ref.interval(row.indicator_id, lower, upper)})")
    count, denominator = getattr(row, f"{prefix}count"), getattr(row, f"{prefix}denominator")
    if not (pd.isna(count) or pd.isna(denominator)):
        return " ".join(parts) + f", {int(count):,} of {denominator:,.0f}"
    return " ".join(parts)
