"""Tests for generator.validate.disclosure: suppressed counts that a total, its other parts or a rate give away."""

import csv
from dataclasses import dataclass, field
from typing import NamedTuple

import pytest

from generator import paths
from generator.validate.disclosure import Partition, disclosure_issues, rules_from_records
from generator.messages import ISSUE_TYPES

OBS = "datapackages/E54000008/observations.csv"
HEADER = ["indicator_id", "area_code", "period", "sex", "age", "breakdown", "value", "lower_ci_95",
          "upper_ci_95", "count", "denominator", "status", "note", "published_comparison", "source_id"]


def _category(category_id, dimension_id, parent="", unknown="false"):
    return {"category_id": category_id, "dimension_id": dimension_id, "parent_category_id": parent,
            "is_unknown": unknown}


# The shape of the reference categories.csv, with adds_up_to on dimensions.csv as recommended.
CATEGORIES = [
    _category("total", "total"),
    *(_category(c, "sex") for c in ("persons", "male", "female")),
    *(_category(c, "age") for c in ("all_ages", "age_18_plus", "age_65_plus")),
    *(_category(f"imd2019_q{q}", "imd2019_quintile") for q in range(1, 6)),
    *(_category(f"imd2019_d{d}", "imd2019_decile", f"imd2019_q{(d + 1) // 2}") for d in range(1, 11)),
    *(_category(f"eth5_{g}", "ethnicity_5") for g in ("asian", "black", "mixed", "white", "other")),
    *(_category(f"eth5_{g}", "ethnicity_5", unknown="true") for g in ("not_stated", "not_known")),
]
DIMENSIONS = [{"dimension_id": "total", "adds_up_to": ""}, {"dimension_id": "sex", "adds_up_to": "persons"},
              {"dimension_id": "age", "adds_up_to": ""},
              {"dimension_id": "imd2019_quintile", "adds_up_to": "total"},
              {"dimension_id": "imd2019_decile", "adds_up_to": "total"},
              {"dimension_id": "ethnicity_5", "adds_up_to": "total"}]
INDICATORS = [
    {"indicator_id": "screened", "value_type": "proportion", "multiplier": "100", "counts_people": "true"},
    {"indicator_id": "neighbourhoods", "value_type": "proportion", "multiplier": "100", "counts_people": "false"},
    {"indicator_id": "mortality", "value_type": "directly_standardised_rate", "multiplier": "100000",
     "counts_people": "true"},
]


@dataclass
class _Records:
    rows: list[dict]

    def records(self):
        return [(number, row) for number, row in enumerate(self.rows, start=2)]


@dataclass(eq=False)
class _Reference:
    tables: dict = field(default_factory=lambda: {"categories": _Records(CATEGORIES),
                                                  "dimensions": _Records(DIMENSIONS),
                                                  "indicators": _Records(INDICATORS)})
    limits: tuple | None = (1, 7)

    def disclosure_range(self):
        return self.limits


@dataclass
class _Observations(_Records):
    file: str = OBS


class Found(NamedTuple):
    code: str
    file: str
    line: int
    field: str
    values: dict
    message: str
    fix: str


def _make_issue(code, file, line=None, field=None, **values):
    message, fix = ISSUE_TYPES[code].render(field=field or "", line=line or "", **values)
    return Found(code, file, line, field, values, message, fix)


def _row(breakdown="total", sex="persons", count="", status="published", **cells):
    row = dict.fromkeys(HEADER, "")
    row.update(indicator_id="screened", area_code="E54000008", period="2023", sex=sex, age="all_ages",
               breakdown=breakdown, count=count, status=status, source_id="heec")
    if status == "published" and count and not cells.get("value"):
        row["value"] = "50.0"
    row.update(cells)
    return row


def _hidden(breakdown="total", sex="persons", **cells):
    return _row(breakdown, sex, status="suppressed", note="Fewer than 8 people.", **cells)


def _found(*rows, reference=None):
    return list(disclosure_issues(_Observations(list(rows)), reference or _Reference(), _make_issue))


def _fifths(counts, total="500"):
    """The total on line 2, then fifths 1 to 5 on lines 3 to 7; None is a suppressed fifth."""
    parts = [_hidden(f"imd2019_q{q}") if c is None else _row(f"imd2019_q{q}", count=c)
             for q, c in enumerate(counts, start=1)]
    return [_hidden() if total is None else _row(count=total), *parts]


# --- complementary suppression: a part ----------------------------------------------------------------------

def _assert_part_refused(issue, line, others, smallest, total_line):
    """A suppressed part on line, given away by the lines others; the fix names smallest or the total."""
    assert (issue.code, issue.file, issue.line, issue.field) == ("suppressed-count-recoverable", OBS, line, "status")
    assert issue.values["other_line"] == others
    suggestion = f"line {smallest}, the smallest published part, or the total on line {total_line}"
    assert issue.values["suggestion"] == suggestion


def test_a_suppressed_sex_with_persons_and_the_other_sex_published_is_refused():
    [issue] = _found(_row(count="100"), _hidden(sex="male"), _row(sex="female", count="95"))
    _assert_part_refused(issue, 3, "2 and 4", "4 (female, count 95)", 2)
    assert issue.message == ("The count suppressed on this line (screened, E54000008, 2023, all_ages, total: "
                             "male + female = persons) can be worked out by subtraction: the total and the other "
                             "parts of its group publish counts on lines 2 and 4.")
    assert issue.fix.startswith("Suppress one more cell of the group: line 4 (female, count 95)")


def test_both_sexes_suppressed_is_fine():
    assert _found(_row(count="100"), _hidden(sex="male"), _hidden(sex="female")) == []


def test_one_suppressed_fifth_with_the_others_and_the_total_published_is_refused():
    [issue] = _found(*_fifths(["120", "110", None, "40", "226"]))
    _assert_part_refused(issue, 5, "2, 3, 4, 6 and 7", "6 (imd2019_q4, count 40)", 2)
    assert "imd2019_q1 + imd2019_q2 + imd2019_q3 + imd2019_q4 + imd2019_q5 = total" in issue.message


def test_two_suppressed_fifths_are_fine():
    assert _found(*_fifths(["120", None, None, "40", "226"])) == []


def test_a_fifth_with_no_row_or_no_count_leaves_the_hidden_one_safe():
    rows = _fifths(["120", "110", None, "40", "226"])
    assert _found(*rows[:-1]) == []
    assert _found(*rows[:-1], _row("imd2019_q5", status="not_available")) == []


def test_a_suppressed_tenth_within_its_published_fifth_is_refused():
    [issue] = _found(_row("imd2019_q1", count="60"), _hidden("imd2019_d1"), _row("imd2019_d2", count="55"))
    _assert_part_refused(issue, 3, "2 and 4", "4 (imd2019_d2, count 55)", 2)
    assert "imd2019_d1 + imd2019_d2 = imd2019_q1" in issue.message


def test_unknown_categories_are_parts_of_the_group():
    counts = {"asian": "40", "black": "30", "mixed": "20", "white": "300"}
    known = [_row(f"eth5_{group}", count=count) for group, count in counts.items()]
    rows = [_row(count="420"), *known, _hidden("eth5_other")]
    assert _found(*rows) == []  # not stated and not known are missing, so the difference is not eth5_other
    [issue] = _found(*rows, _row("eth5_not_stated", count="12"), _row("eth5_not_known", count="10"))
    _assert_part_refused(issue, 7, "2, 3, 4, 5, 6, 8 and 9", "9 (eth5_not_known, count 10)", 2)


# --- complementary suppression: the total -------------------------------------------------------------------

def test_a_suppressed_total_with_every_part_published_is_refused():
    [issue] = _found(*_fifths(["120", "110", "14", "40", "226"], total=None))
    assert (issue.code, issue.line, issue.field) == ("suppressed-total-recoverable", 2, "status")
    assert issue.values["other_line"] == "3, 4, 5, 6 and 7"
    assert issue.values["suggestion"] == "line 5 (imd2019_q3, count 14), the smallest published part"
    assert issue.fix.startswith("Suppress a part as well: line 5 (imd2019_q3, count 14)")


def test_a_suppressed_total_with_a_suppressed_part_is_fine():
    assert _found(*_fifths(["120", "110", None, "40", "226"], total=None)) == []


# --- disclosure through a rate ------------------------------------------------------------------------------

def test_a_percentage_and_denominator_giving_a_count_of_3_are_refused():
    [issue] = _found(_row(value="2.5", denominator="120"))
    assert (issue.code, issue.line, issue.field) == ("count-implied-by-rate", 2, "denominator")
    assert issue.values["number"] == 3
    assert issue.message == ("The count is empty, but value 2.5 with denominator 120 gives a count of 3, from 1 to 7, "
                             "small enough to identify people.")
    assert issue.fix == ('Set status to "suppressed" and leave the figures empty, '
                         "or publish no denominator for this row.")


@pytest.mark.parametrize("value", ["0", "10.0"])  # counts of 0 and 12
def test_a_percentage_giving_a_count_of_0_or_12_is_fine(value):
    assert _found(_row(value=value, denominator="120")) == []


def test_a_rate_that_is_not_count_over_denominator_gives_no_count():
    assert _found(_row(indicator_id="mortality", value="3.0", denominator="100000")) == []


def test_a_published_count_is_left_to_primary_suppression():
    assert _found(_row(count="3", value="2.5", denominator="120")) == []


def test_a_suppressed_row_keeping_its_denominator_gives_nothing_away_on_its_own():
    rows = [_row(count="500", denominator="1000"), _row("imd2019_q1", count="120", denominator="200"),
            _hidden("imd2019_q2", denominator="150"), _hidden("imd2019_q3", denominator="150"),
            *(_row(f"imd2019_q{q}", count="100", denominator="250") for q in (4, 5))]
    assert _found(*rows) == []


def test_a_count_implied_by_a_rate_is_known_to_the_group():
    [issue] = _found(_row(count="100"), _hidden(sex="male"), _row(sex="female", value="47.5", denominator="200"))
    _assert_part_refused(issue, 3, "2 and 4", "4 (female, count 95)", 2)


# --- what is exempt, and what is never mixed ----------------------------------------------------------------

def test_indicators_not_counting_people_are_exempt():
    rows = [_row(indicator_id="neighbourhoods", count="100"), _hidden(sex="male", indicator_id="neighbourhoods"),
            _row(sex="female", count="95", indicator_id="neighbourhoods"),
            _row(indicator_id="neighbourhoods", breakdown="imd2019_q1", value="2.5", denominator="120")]
    assert _found(*rows) == []


@pytest.mark.parametrize("column, other", [("period", "2022"), ("area_code", "E06000001"), ("age", "age_65_plus"),
                                           ("indicator_id", "mortality")])
def test_groups_never_mix_periods_areas_ages_or_indicators(column, other):
    assert _found(_row(count="100"), _hidden(sex="male", **{column: other}), _row(sex="female", count="95")) == []
    assert _found(_row(count="100", **{column: other}), _hidden(sex="male"), _row(sex="female", count="95")) == []


def test_the_sex_group_is_checked_within_each_breakdown():
    rows = [_row("imd2019_q1", count="100"), _hidden("imd2019_q1", sex="male"),
            _row("imd2019_q2", sex="female", count="95")]
    assert _found(*rows) == []


def test_nothing_is_checked_without_a_disclosure_range():
    assert _found(_row(count="100"), _hidden(sex="male"), _row(sex="female", count="95"),
                  reference=_Reference(limits=None)) == []


# --- groups come from the reference data --------------------------------------------------------------------

def _reference_rows(name):
    with open(paths.reference_dir() / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_groups_come_from_parents_and_adds_up_to_not_from_ids_in_the_code():
    rules = rules_from_records((1, 7), CATEGORIES, DIMENSIONS, INDICATORS)
    assert Partition("sex", "persons", ("male", "female")) in rules.partitions
    assert Partition("breakdown", "imd2019_q3", ("imd2019_d5", "imd2019_d6")) in rules.partitions
    assert Partition("breakdown", "total", tuple(f"imd2019_d{d}" for d in range(1, 11))) in rules.partitions
    assert not any(p.column == "age" for p in rules.partitions)  # age bands overlap: no adds_up_to
    as_parents = [_category("persons", "sex"), *(_category(c, "sex", "persons") for c in ("male", "female"))]
    both = rules_from_records((1, 7), as_parents, DIMENSIONS[1:2], INDICATORS)
    assert both.partitions == (Partition("sex", "persons", ("male", "female")),)  # given both ways, kept once


def test_the_bundled_reference_gives_the_parent_groups():
    rules = rules_from_records((1, 7), _reference_rows("categories"), _reference_rows("dimensions"),
                               _reference_rows("indicators"))
    assert Partition("breakdown", "imd2025_q1", ("imd2025_d1", "imd2025_d2")) in rules.partitions
    assert Partition("breakdown", "eth5_not_stated", ("nhs_eth_z",)) in rules.partitions
    assert "neighbourhoods_by_deprivation" in rules.exempt and rules.multipliers["smi_health_checks"] == 100
