"""Issue 13 on the built pages: the Example ICS shows everything it publishes, a real system's page says in
neutral words what is not published here yet, every ICS page starts with a list of its sections, terms are
explained where they first appear, every page has a contact route, and the framework page shows its gaps."""
from __future__ import annotations

import html
import re

import pytest

from generator import paths
from generator.load import load_dataset
from generator.pages import common

EXAMPLE = "ics/example-ics-fictional/index.md"


@pytest.fixture(scope="module")
def pages(site_build) -> dict[str, str]:
    content = site_build.content
    return {p.relative_to(content).as_posix(): html.unescape(p.read_text(encoding="utf-8")) for p in content.rglob("*.md")}


def test_the_example_shows_its_self_assessment_details(pages):
    page = pages[EXAMPLE]
    details = re.search(r'<div class="assessment">.*?</div>', page).group(0)
    for text in ("<h3>Engaging people and communities to reduce health inequalities: self-assessment 2025</h3>",
                 "<dt>Agreed on</dt><dd>30 June 2025</dd>", "a lived-experience panel of 14 residents",
                 "<dt>What it looked at</dt><dd>Strategy", "<dt>Area it covers</dt><dd>The whole system</dd>",
                 "<dt>Status</dt><dd>Published by the system</dd>"):
        assert text in details, text
    assert "Self-assessment 2026 (in progress)" not in page, "a draft is never shown"
    assert "published on 30 June 2025" in page  # each evidence item's date


def test_the_example_shows_each_groups_reason_date_and_source(pages):
    page = pages[EXAMPLE]
    groups = re.search(r'<ul class="plus-groups">.*?</ul>', page).group(0)
    assert groups.count("Chosen on 30 September 2024.") == 4
    assert groups.count('<a href="https://example.org/example-ics/plus-groups">Where the system published this choice</a>') == 4
    assert "Our coastal towns have pockets of deep deprivation" in groups
    group_page = pages["ics/example-ics-fictional/coastal-communities.md"]
    assert "on 30 September 2024. Its reason:</p><p>Our coastal towns" in group_page


def test_a_narrative_keeps_its_list_and_the_system_contact_is_a_link(pages):
    page = pages[EXAMPLE]
    assert ("<p>The plan has three aims:</p><ul><li>more blood pressure checks in Black communities</li>"
            "<li>every Traveller family registered with a GP</li>") in page
    assert '<a href="https://example.org/example-ics/contact">The Example ICS engagement team (invented)</a>' in page


def test_a_real_system_without_a_self_assessment_says_so_in_neutral_words(pages):
    page = pages["ics/black-country/index.md"]
    assert "The PLUS groups this system chose are not published in this site's format yet." in page
    assert "This system's self-assessment is not published in this site's format yet." in page
    assert "This system's actions are not published in this site's format yet." in page
    for page_text in pages.values():
        assert "has not published" not in page_text and "No system has published" not in page_text


def test_the_home_page_counts_the_published_self_assessments(pages):
    real = [p for p in load_dataset().packages if not p.illustrative and len(p.table("assessments"))]
    home = pages["index.md"]
    if real:
        assert "No integrated care system's self-assessment is published" not in home
    else:
        assert "No integrated care system's self-assessment is published in this site's format yet." in home


def test_every_ics_page_starts_with_links_to_each_of_its_sections(pages):
    for name, page in pages.items():
        if not re.fullmatch(r"ics/[^/]+/index\.md", name):
            continue
        ids = re.findall(r"^## .* \{ #([a-z0-9-]+) \}$", page, flags=re.M)
        sections = re.search(r'<nav class="page-sections".*?</nav>', page)
        assert sections, f"{name}: no list of sections"
        assert re.findall(r'href="#([a-z0-9-]+)"', sections.group(0)) == ids, name
        assert "self-assessment" in ids and "contact" in ids
        assert page.index("page-sections") < page.index("\n## "), f"{name}: the list is not at the top"


def test_terms_are_explained_where_they_first_appear_and_link_to_methods(pages):
    page = pages["ics/black-country/index.md"]
    gaps = page[page.index("{ #gaps }"):page.index("{ #smi }")]
    assert 'href="../../methods/#median"' in gaps and 'href="../../methods/#percentage-points"' in gaps
    assert 'href="../../methods/#confidence-intervals"' in page
    example = pages[EXAMPLE]
    assert 'href="../../methods/#subtopic-codes"' in example and 'href="../../methods/#maturity-levels"' in example
    assert "<li>Maturing: Working with communities" in example
    assert '<a href="../../framework/">The framework page</a> explains each phase' in example
    methods = (paths.ROOT / "content" / "methods.md").read_text(encoding="utf-8")
    for anchor in ("median", "percentage-points", "confidence-intervals", "subtopic-codes", "maturity-levels"):
        assert f"{{ #{anchor} }}" in methods, anchor


def test_a_group_no_indicator_measures_is_told_apart_from_missing_data(pages):
    page = pages["ics/example-ics-fictional/learning-disability-autism.md"]
    assert "No indicator in this site's catalogue measures this group yet" in page


def test_every_built_page_has_the_contact_route(site_build):
    issues = common.issues_url()
    for name in ("index.html", "about-data/index.html", "accessibility/index.html", "ics/black-country/index.html"):
        built = (site_build.site / name).read_text(encoding="utf-8")
        assert f'<a href="{issues}">' in built, name
    assert "will be added here" not in (site_build.site / "accessibility/index.html").read_text(encoding="utf-8")


def test_the_framework_page_shows_which_subtopics_are_not_listed_yet(pages):
    page = pages["framework/index.md"]
    listed = load_dataset().reference.tables["framework_subtopics"]
    assert f"Our list has {len(listed)} sub-topics" in page
    assert page.count('class="subtopic-gaps"') == 7
    assert "Only some are in our list: 1a and 1c are missing" in page
    assert "framework_subtopics.csv" in page and "pull request" in page
