"""Write the fictional Example ICS package (datapackages/X54000099): ILLUSTRATIVE, INVENTED data.

It exists to show every feature of the site: breakdowns by deprivation fifth, ethnic group, sex and age,
several periods for trends, suppressed and missing values, a self-assessment across all seven phases,
and actions in every status. Numbers come from a seeded random generator around anchors taken from the
real national figures (for example ONS life expectancy 2018-20: about 79 years for men, 83 for women,
and a gap of about 9.7 and 7.9 years between the most and least deprived tenths), so they look plausible.
None of it describes a real place. Run: `.venv/bin/python -m generator.importer.example [OUT_DIR]`.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import numpy as np

from generator import paths
from generator.importer import EXAMPLE_AREA
from generator.importer.areas import EVERYONE
from generator.paths import resource_entry
from generator.stats import byar_ci, wilson_ci

ROOT = paths.ROOT
AREA = EXAMPLE_AREA["area_code"]
SEED = 20261122
SOURCE = "illustrative"
IMD_FIFTHS = [f"imd2025_q{q}" for q in range(1, 6)]
ETHNIC_GROUPS = ["eth5_asian", "eth5_black", "eth5_mixed", "eth5_white", "eth5_other", "eth5_not_stated", "eth5_not_known"]
SUPPRESS_UP_TO = 7  # the reference package's disclosure control: counts 1 to 7 are never published
COLUMNS = ["indicator_id", "area_code", "period", "sex", "age", "breakdown", "value", "lower_ci_95", "upper_ci_95",
           "count", "denominator", "status", "note", "published_comparison", "source_id"]

rng = np.random.default_rng(SEED)


def row(indicator, period, sex="persons", age="all_ages", breakdown=EVERYONE, **figures) -> dict:
    return {"indicator_id": indicator, "area_code": AREA, "period": period, "sex": sex, "age": age,
            "breakdown": breakdown, "status": "published", "source_id": SOURCE, **figures}


def published_ci(indicator, period, value, half_width, **keys) -> dict:
    return row(indicator, period, value=f"{value:.1f}", lower_ci_95=f"{value - half_width:.1f}",
               upper_ci_95=f"{value + half_width:.1f}", **keys)


def from_counts(indicator, period, count, denominator, method="wilson", **keys) -> dict:
    if 1 <= count <= SUPPRESS_UP_TO:
        return row(indicator, period, status="suppressed", note="Fewer than 8 people: hidden to protect privacy.", **keys)
    multiplier = 100 if method == "wilson" else 100_000
    lower, upper = (wilson_ci if method == "wilson" else byar_ci)(count, denominator, multiplier=multiplier)
    return row(indicator, period, value=f"{multiplier * count / denominator:.4f}", lower_ci_95=f"{lower:.4f}",
               upper_ci_95=f"{upper:.4f}", count=str(count), denominator=str(denominator), **keys)


def life_expectancy() -> list[dict]:
    rows = []
    periods = ["2016-18", "2017-19", "2018-20", "2019-21", "2020-22", "2021-23"]
    for sex, total, gap in (("male", 78.9, 9.4), ("female", 82.7, 7.6)):
        for i, period in enumerate(periods):
            value = total - 0.35 * max(0, i - 3) + rng.normal(0, 0.1)
            rows.append(published_ci("life_expectancy", period, value, 0.4, sex=sex, age="age_at_birth"))
            if i >= len(periods) - 2:  # fifths for the latest two periods: the gradient spans about the national gap
                for q, fifth in enumerate(IMD_FIFTHS):
                    shifted = value - gap / 2 + gap * q / 4 + rng.normal(0, 0.15)
                    rows.append(published_ci("life_expectancy", period, shifted, 0.8, sex=sex, age="age_at_birth", breakdown=fifth))
    return rows


def smi_checks() -> list[dict]:
    rows = []
    quarters = [f"{y}/{str(y + 1)[-2:]} Q{q}" for y in (2022, 2023) for q in (1, 2, 3, 4)]
    for i, quarter in enumerate(quarters):
        register = 9800 + 40 * i
        rows.append(from_counts("smi_health_checks", quarter, int(register * (0.42 + 0.03 * i)), register))
    shares = {"eth5_asian": 0.09, "eth5_black": 0.11, "eth5_mixed": 0.03, "eth5_white": 0.70, "eth5_other": 0.0006,
              "eth5_not_stated": 0.04, "eth5_not_known": 0.0294}
    rates = {"eth5_asian": 0.58, "eth5_black": 0.47, "eth5_mixed": 0.55, "eth5_white": 0.66, "eth5_other": 0.6,
             "eth5_not_stated": 0.50, "eth5_not_known": 0.40}
    register = 10080
    groups = [from_counts("smi_health_checks", quarters[-1], int(max(int(register * shares[g]), 9) * rates[g]),
                          max(int(register * shares[g]), 9), breakdown=g) for g in ETHNIC_GROUPS]
    return rows + complementary_suppression(groups)


def complementary_suppression(parts: list[dict]) -> list[dict]:
    """With one part of a total suppressed, the total minus the others gives it back: also hide the smallest
    published part, as the validator's secondary suppression rule asks (and as real publishers do)."""
    if sum(p["status"] == "suppressed" for p in parts) != 1:
        return parts
    smallest = min((p for p in parts if p["status"] != "suppressed"), key=lambda p: int(p["count"]))
    hidden = row(smallest["indicator_id"], smallest["period"], sex=smallest["sex"], age=smallest["age"],
                 breakdown=smallest["breakdown"], status="suppressed",
                 note="Hidden so that a smaller hidden figure cannot be worked out from the total.")
    return [hidden if p is smallest else p for p in parts]


def cervical_screening() -> list[dict]:
    rows = []
    keys = dict(sex="female", age="age_25_49")
    for i, year in enumerate(range(2019, 2025)):
        eligible = 61000 + 300 * i
        rows.append(from_counts("cervical_screening_25_49", str(year), int(eligible * (0.70 - 0.006 * i)), eligible, **keys))
    for q, fifth in enumerate(IMD_FIFTHS):
        eligible = 12500 - 500 * q
        rows.append(from_counts("cervical_screening_25_49", "2024", int(eligible * (0.59 + 0.035 * q)), eligible, breakdown=fifth, **keys))
    for group, rate, eligible in (("eth5_asian", 0.61, 7100), ("eth5_black", 0.64, 4300), ("eth5_mixed", 0.62, 1500),
                                  ("eth5_white", 0.69, 43000), ("eth5_other", 0.55, 1200)):
        rows.append(from_counts("cervical_screening_25_49", "2024", int(eligible * rate), eligible, breakdown=group, **keys))
    return rows


def smoking() -> list[dict]:
    rows = []
    for i, year in enumerate(range(2019, 2025)):
        for sex, base in (("male", 16.0), ("female", 12.5)):
            value = base - 0.6 * i + rng.normal(0, 0.2)
            extra = {"status": "provisional", "note": "Provisional: the survey's final figures are due next year."} if year == 2024 else {}
            rows.append({**published_ci("smoking_prevalence_adults", str(year), value, 2.1, sex=sex, age="age_18_plus"), **extra})
    for age, value in (("age_18_64", 14.2), ("age_65_plus", 7.9)):
        rows.append(published_ci("smoking_prevalence_adults", "2023", value, 2.6, age=age))
    rows.append({**published_ci("smoking_prevalence_adults", "2023", 21.5, 7.9, breakdown="imd2025_q1"),
                 "status": "low_reliability", "note": "Based on a small survey sample: treat with caution."})
    return rows


def preventable_mortality() -> list[dict]:
    rows = []
    for i, year in enumerate(range(2018, 2024)):
        for sex, rate in (("male", 0.00185), ("female", 0.00118)):
            population = 640_000 + 2_000 * i
            if year == 2020:
                rows.append(row("preventable_mortality_under_75", str(year), sex=sex, age="age_under_75", status="not_available",
                                note="Illustrative gap: no figure for this year, to show how a missing value looks."))
                continue
            deaths = int(population * (rate - 0.00003 * i))
            rows.append(from_counts("preventable_mortality_under_75", str(year), deaths, population, method="byar",
                                    sex=sex, age="age_under_75"))
    return rows


# (code, share of its neighbourhoods in the Example, men's and women's life expectancy 2021-23, the gap in
# men's life expectancy inside the place, adult smoking %, and how each compares with England). Invented:
# a deprived coastal town, a city near the national average and a better-off rural district.
PLACES = [
    ("X06000901", 1.0, 75.8, 80.6, 11.2, 19.4, ("Worse", "Worse", "Worse")),
    ("X06000902", 1.0, 78.9, 82.9, 8.6, 12.1, ("Similar", "Similar", "Similar")),
    ("X06000903", 1.0, 81.2, 84.7, 5.1, 8.3, ("Better", "Better", "Better")),
]


def place_figures() -> list[dict]:
    rows = []
    for code, _share, men, women, gap, smokers, (men_vs, women_vs, smoking_vs) in PLACES:
        here = {"area_code": code}
        rows.append({**row("life_expectancy", "2021-23", sex="male", age="age_at_birth", value=f"{men:.1f}",
                           published_comparison=men_vs), **here})
        rows.append({**row("life_expectancy", "2021-23", sex="female", age="age_at_birth", value=f"{women:.1f}",
                           published_comparison=women_vs), **here})
        rows.append({**row("life_expectancy_gap_sii", "2019-21", sex="male", age="age_at_birth", value=f"{gap:.1f}"), **here})
        rows.append({**row("smoking_prevalence_adults", "2023", age="age_18_plus", value=f"{smokers:.1f}",
                           published_comparison=smoking_vs), **here})
    return rows


def deprivation_profile() -> list[dict]:
    counts = [130, 98, 80, 70, 62, 55, 50, 44, 40, 31]
    total = sum(counts)
    rows = [row("neighbourhoods_by_deprivation", "2025", breakdown=f"imd2025_d{d}", value=f"{100 * c / total:.4f}",
                count=str(c), denominator=str(total)) for d, c in enumerate(counts, start=1)]
    rows.append(row("core20_neighbourhoods", "2025", value=f"{100 * sum(counts[:2]) / total:.4f}",
                    count=str(sum(counts[:2])), denominator=str(total)))
    return rows


def hypertension_by_ethnicity() -> list[dict]:
    rows = [row("hypertension_prevalence", "2024", value="14.1")]
    for group, value in (("eth5_asian", "15.2"), ("eth5_black", "17.8"), ("eth5_mixed", "9.4"), ("eth5_white", "14.0"),
                         ("eth5_other", "11.3")):
        rows.append(row("hypertension_prevalence", "2024", breakdown=group, value=value))
    rows.append(row("hypertension_prevalence", "2024", breakdown="eth5_not_known", status="not_applicable",
                    note="Prevalence is not worked out for people whose ethnic group is not known."))
    return rows


PLUS_GROUPS = [
    ("black_communities", "Black residents told us they find it harder to get their blood pressure checked, and our data shows more high blood pressure among them.", "2024-09-30"),
    ("coastal_communities", "Our coastal towns have pockets of deep deprivation that area averages hide.", "2024-09-30"),
    ("gypsy_roma_traveller", "Families on our two permanent sites told us they are often turned away when they try to register with a GP.", "2024-09-30"),
    ("learning_disability_autism", "Fewer people with a learning disability had their annual health check here than we planned.", "2024-09-30"),
]
ASSESSMENTS = [
    ("sa_2025", "Engaging people and communities to reduce health inequalities: self-assessment 2025", "strategic", "system",
     "2025-06-30", "Our voluntary sector alliance, Healthwatch, a lived-experience panel of 14 residents, and staff from the NHS and councils.", "published"),
    ("sa_2026_draft", "Self-assessment 2026 (in progress)", "strategic", "system", "2026-10-15",
     "The same partners as in 2025.", "draft"),
]
RATINGS = [  # (sub-topic or phase, level, narrative, groups)
    ("1b", "developing", "We use national and local data to find gaps in health between our communities. We have written down where our data is weak, but communities have not yet checked it with us.", "core20"),
    ("1d", "emerging", "Only a few staff have training in engaging with communities. We rely on two community partners for most of this work.", ""),
    ("2", "developing", "Our board has agreed that equity comes first in our plans. We have started to talk openly about who holds power in our decisions, but this is new.", ""),
    ("3", "maturing", "Our plan names the groups most affected and was written with them. Each aim has a measure we will report on.\n\n"
     "The plan has three aims:\n- more blood pressure checks in Black communities\n- every Traveller family registered with a GP\n"
     "- a yearly report back to the people who helped write it", "black_communities;gypsy_roma_traveller"),
    ("4a", "maturing", "We now meet people where they are: at community centres, places of worship and on the Traveller sites. Community partners are paid for their time.", "gypsy_roma_traveller"),
    ("4c", "developing", "We agree the scope of each piece of work at the start, but we do not always tell people what is out of scope.", ""),
    ("5a", "thriving", "We use a range of methods, including easy read, interpreters and drop-in sessions, and we check they work for each group.", "learning_disability_autism"),
    ("5c", "maturing", "Our sessions are accessible and we pay for travel and care costs. We still reach few young men.", "coastal_communities"),
    ("6", "emerging", "People with lived experience sit on two of our programme boards. They do not yet help decide how money is spent.", ""),
    ("7a", "developing", "We plan how to evaluate engagement at the start of new projects, but not yet across all our work.", ""),
    ("7b", "emerging", "We count sessions and who came. We do not yet measure whether what we changed made a difference.", ""),
]
EVIDENCE_TYPES = ["document", "data", "case_study", "community_feedback", "video", "meeting_papers"]
ACTIONS = [  # (id, sub-topic, you said, we will, we did, owner, due, status, updated, groups, indicators)
    ("act_01", "4a", "It is hard to get a blood pressure check if you work long hours.", "Run evening and weekend blood pressure checks in community venues.",
     "We ran 46 sessions in barbershops, churches and mosques and checked 1,212 people.", "Cardiovascular prevention team", "2025-03-31", "done", "2025-04-10",
     "black_communities", "hypertension_prevalence;blood_pressure_controlled"),
    ("act_02", "4a", "GP receptions turn us away when we have no fixed address.", "Make sure every practice registers people without a fixed address, and check it.",
     "Training has reached 40 of our 61 practices.", "Primary care team", "2026-03-31", "in_progress", "2026-09-01",
     "gypsy_roma_traveller", ""),
    ("act_03", "5a", "Letters about health checks are hard to understand.", "Send easy read invitations for annual health checks.",
     "", "Learning disability programme", "2026-12-31", "planned", "2026-06-15", "learning_disability_autism", ""),
    ("act_04", "5c", "There is no public transport to the screening clinic from the coast.", "Run a mobile screening unit in coastal towns.",
     "The unit is bought, but we have not yet found staff to run it.", "Cancer screening partnership", "2025-12-31", "delayed", "2026-08-20",
     "coastal_communities;core20", "cervical_screening_25_49"),
    ("act_05", "7b", "You ask for our views but never tell us what happened.", "Publish a 'you said, we did' update every three months.",
     "We publish an update every quarter on our website and at community meetings.", "Engagement team", "2025-09-30", "done", "2025-10-02", "", ""),
    ("act_06", "1d", "Staff do not know how to talk with our community.", "Train 200 staff a year in working with communities.",
     "We stopped this in favour of paying community partners to co-deliver sessions, which people told us works better.",
     "Workforce team", "2025-12-31", "stopped", "2025-07-01", "", ""),
]


# How a team corrects a figure it was given (corrections.csv): (indicator, sex, age, breakdown, period, count,
# denominator, why, when). Invented like everything here; the row it replaces stays in observations.csv.
CORRECTIONS = [
    ("smi_health_checks", "persons", "all_ages", breakdown, "2023/24 Q4", count, denominator,
     "Illustrative, invented for this example: 28 health checks recorded late were missing from the count for "
     "Black people, so that count and the total each rise by 28.", "2025-07-15")
    for breakdown, count, denominator in (("eth5_black", 548, 1108), (EVERYONE, 6378, 10080))
]


def corrections() -> list[dict]:
    return [{**from_counts(indicator, period, count, denominator, sex=sex, age=age, breakdown=breakdown),
             "reason": reason, "corrected_on": corrected_on}
            for indicator, sex, age, breakdown, period, count, denominator, reason, corrected_on in CORRECTIONS]


def build_tables() -> dict[str, list[dict]]:
    observations = (deprivation_profile() + life_expectancy() + smi_checks() + cervical_screening() + smoking()
                    + preventable_mortality() + hypertension_by_ethnicity() + place_figures())
    observations.sort(key=lambda r: (r["indicator_id"], r["period"], r["sex"], r["age"], r["breakdown"], r["area_code"]))
    ratings = [{"assessment_id": "sa_2025", "subtopic_code": code, "level": level, "narrative": narrative, "community_groups": groups}
               for code, level, narrative, groups in RATINGS]
    evidence = [{"assessment_id": "sa_2025", "subtopic_code": code, "title": f"Example evidence for {code} (invented)",
                 "evidence_type": EVIDENCE_TYPES[i % len(EVIDENCE_TYPES)], "url": f"https://example.org/example-ics/evidence/{code}",
                 "published_on": "2025-06-30"} for i, (code, *_rest) in enumerate(RATINGS)]
    return {
        "observations": observations,
        "places": [{"area_code": code, "share_of_lsoas": f"{share:.1f}", "note": ""} for code, share, *_rest in PLACES],
        "plus_groups": [{"group_id": g, "reason": r, "chosen_on": d, "source_url": "https://example.org/example-ics/plus-groups"} for g, r, d in PLUS_GROUPS],
        "assessments": [dict(zip(["assessment_id", "title", "scope", "footprint", "assessed_on", "participants", "status"], a)) for a in ASSESSMENTS],
        "ratings": ratings, "evidence": evidence,
        "actions": [dict(zip(["action_id", "subtopic_code", "you_said", "we_will", "we_did", "owner", "due_on", "status", "updated_on",
                              "community_groups", "indicators"], a), assessment_id="sa_2025") for a in ACTIONS],
        "corrections": corrections(),
    }


def write_package(out_dir: Path) -> None:
    schemas = ROOT / "datapackages" / "reference" / "schemas"
    out_dir.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows in build_tables().items():
        schema = json.loads((schemas / f"ics-{name}.json").read_text(encoding="utf-8"))
        columns = [f["name"] for f in schema["fields"]]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
        (out_dir / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
        resources.append(resource_entry(name))
    descriptor = {
        "name": "ics-x54000099", "title": "Example ICS (fictional): illustrative data", "version": "1.0.0",
        "area_code": AREA, "illustrative": True,
        "description": ("ILLUSTRATIVE DATA. Every figure, narrative, action and link in this package is invented to show "
                        "how the site presents a system that publishes everything. It is not about any real place. "
                        "Made by generator/importer/example.py with a fixed random seed, around real national figures."),
        "licenses": [{"name": "CC0-1.0", "title": "Creative Commons Zero v1.0 Universal",
                      "path": "https://creativecommons.org/publicdomain/zero/1.0/"}],
        "sources": [{"id": SOURCE, "title": "Invented for demonstration by the project (not real data)",
                     "publisher": "This project",
                     "description": "Made by generator/importer/example.py; invented figures have no web address."}],
        "resources": resources,
        # How to reach the system itself (optional): shown on its page; only an https path becomes a link.
        "contact": {"title": "The Example ICS engagement team (invented)", "path": "https://example.org/example-ics/contact"},
    }
    (out_dir / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_package(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "datapackages" / AREA)
