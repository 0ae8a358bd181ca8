"""Tests for the rules on the figures of observations.csv (generator.validate.figures): values inside their
confidence intervals, figures only where the status says there is one, small counts of people suppressed
(disclosure control, with its range and the status rules read from the reference package), and periods in
the form and span of each indicator. Each test breaks one row of the fixture (tests/validation_helpers.py).
"""
from __future__ import annotations

import csv
import io

import pytest

from generator.validate import validate_paths
from validation_helpers import OBS, REF, change_descriptor, only_problem, problems, replace_in


# --- observations: figures, statuses, disclosure, periods ------------------------------------------------

@pytest.mark.parametrize("old, new, expected", [
    ("80.1,79.8,80.4", "81.1,79.8,80.4",
     ("value-outside-ci", 2, "value", "The value 81.1 is outside its 95% confidence interval (79.8 to 80.4).")),
    ("80.1,79.8,80.4", "79.7,79.8,80.4",
     ("value-outside-ci", 2, "value", "The value 79.7 is outside its 95% confidence interval (79.8 to 80.4).")),
    ("80.1,79.8,80.4", "80.1,80.4,79.8",
     ("ci-out-of-order", 2, "lower_ci_95", "The lower confidence limit (80.4) is above the upper limit (79.8).")),
    ("imd2019_q5,,,,,40", "imd2019_q5,3.5,,,,40",
     ("value-with-no-value-status", 6, "value", 'Status "suppressed" means there is no figure, but column value has "3.5".')),
    ("imd2019_q5,,,,,40", "imd2019_q5,,1.0,,,40",
     ("value-with-no-value-status", 6, "lower_ci_95",
      'Status "suppressed" means there is no figure, but column lower_ci_95 has "1.0".')),
    ("imd2019_q5,,,,,40", "imd2019_q5,,,9.9,,40",
     ("value-with-no-value-status", 6, "upper_ci_95",
      'Status "suppressed" means there is no figure, but column upper_ci_95 has "9.9".')),
    ("imd2019_q5,,,,,40", "imd2019_q5,,,,5,40",
     ("value-with-no-value-status", 6, "count", 'Status "suppressed" means there is no figure, but column count has "5".')),
    ("total,1500.2,1476.3,1524.4,15002", "total,,,,15002",
     ("value-missing", 7, "value", 'Status "published" means there is a figure, but column value is empty.')),
    ("12.5,10.6,14.7,125,1000", "0.7,,,7,1000",
     ("count-not-suppressed", 4, "count",
      "The count 7 is from 1 to 7, small enough to identify people, so it must not be published.")),
    ("12.5,10.6,14.7,125,1000", "0.1,,,1,1000",
     ("count-not-suppressed", 4, "count",
      "The count 1 is from 1 to 7, small enough to identify people, so it must not be published.")),
    ("2020-22,persons", "2020-21,persons",
     ("period-span-wrong", 2, "period", 'Period "2020-21" has the wrong end year for life_expectancy (Three calendar '
                                        "years, pooled): a period starting in 2020 ends in 2022.")),
    ("2023/24,persons,all_ages,total,1500.2", "2023/25,persons,all_ages,total,1500.2",
     ("period-span-wrong", 7, "period", 'Period "2023/25" has the wrong end year for admissions (Financial year (April '
                                        "to March)): a period starting in 2023 ends in 2024.")),
    ("2023/24,persons,all_ages,total,1500.2", "2023-24,persons,all_ages,total,1500.2",
     ("period-malformed", 7, "period",
      'Period "2023-24" is not in the form used for admissions (Financial year (April to March)).')),
    ("2023,persons,age_65_plus", "2023 ,persons,age_65_plus",
     ("period-malformed", 4, "period", 'Period "2023 " is not in the form used for smoking_prevalence (Calendar year).')),
])
def test_observation_figures(validation_packages, old, new, expected):
    replace_in(validation_packages, OBS, old, new)
    assert only_problem(validation_packages) == (expected[0], OBS, *expected[1:])


def test_period_fixes_suggest_the_right_form(validation_packages):
    replace_in(validation_packages, OBS, "2020-22,persons", "2020-21,persons")
    replace_in(validation_packages, OBS, "2023/24,persons,all_ages,total,1500.2", "2023-24,persons,all_ages,total,1500.2")
    fixes = {i.line: i.fix for i in validate_paths(None, root=validation_packages).issues}
    assert fixes == {2: "Write 2020-22.", 7: "Write it like 2023/24."}


def test_disclosure_range_comes_from_the_reference_descriptor(validation_packages):
    change_descriptor(validation_packages, REF, lambda d: d["disclosure_control"].update(suppress_counts_to=200))
    replace_in(validation_packages, OBS, "12.5,10.6,14.7,125,1000", "15.0,,,150,1000")
    assert only_problem(validation_packages)[:4] == ("count-not-suppressed", OBS, 4, "count")


def test_small_counts_of_areas_need_no_suppression(validation_packages):
    # An indicator whose counts are of neighbourhoods (counts_people false) may show a count of 5.
    replace_in(validation_packages, OBS, "12.5,10.6,14.7,125,1000", "0.5,,,5,1000")
    assert only_problem(validation_packages)[0] == "count-not-suppressed"
    indicators = validation_packages / REF / "indicators.csv"
    lines = indicators.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    smoking = next(i for i, line in enumerate(lines) if line.startswith("smoking_prevalence,"))
    cells = next(csv.reader([lines[smoking]]))
    cells[header.index("counts_people")] = "false"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[smoking] = out.getvalue()
    indicators.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(validation_packages) == []


def test_status_rules_come_from_the_reference_statuses(validation_packages):
    # If the reference says a provisional figure has no value, a provisional row with one is an error.
    replace_in(validation_packages, f"{REF}/observation_statuses.csv", "provisional,Provisional,[p],true",
               "provisional,Provisional,[p],false")
    found = {(code, line, field) for code, _, line, field, _ in problems(validation_packages)}
    assert found == {("value-with-no-value-status", 4, c) for c in ("value", "lower_ci_95", "upper_ci_95", "count")}
