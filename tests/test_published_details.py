"""Issue 13: everything a system publishes is shown, free text keeps its paragraphs and lists and stays text,
and every "not published yet" sentence is worked out from the data, in neutral words."""
from __future__ import annotations


import pandas as pd
import yaml
import pytest

from generator import paths
from generator.pages import common, safe
from generator.pages.framework import _gaps, _known

HOSTILE = ('<script>alert(1)</script> [x](javascript:alert(1)) {{ 7 * 7 }} {% if 1 %}J{% endif %} '
           '=HYPERLINK("https://evil.example","x") | a | b | &amp; **bold** # h')


def test_rich_text_keeps_paragraphs_and_lists():
    shown = str(safe.rich_text("First paragraph,\nsame paragraph.\n\n- one\n* two\n\n1. first\n2) second\n\nLast."))
    assert shown == ("<p>First paragraph,<br>same paragraph.</p><ul><li>one</li><li>two</li></ul>"
                     "<ol><li>first</li><li>second</li></ol><p>Last.</p>")


def test_rich_text_keeps_the_shape_of_a_long_narrative():
    paragraphs = [f"Paragraph {n}: " + "we talked with people in every part of our area about what matters. " * 7
                  for n in range(1, 6)]
    bullets = [f"- point {n}, " + "with some detail about what we did. " * 3 for n in range(1, 8)]
    text = "\n\n".join(paragraphs[:3]) + "\n\n" + "\n".join(bullets) + "\n\n" + "\n\n".join(paragraphs[3:])
    assert len(text) >= 3000
    shown = str(safe.rich_text(text))
    assert shown.count("<p>") == 5 and shown.count("<ul>") == 1 and shown.count("<li>") == 7
    assert "\n" not in shown, "one line, so no blank line can end the HTML block in Markdown"



@pytest.mark.parametrize("layout", ["{}", "- {}", "1. {}", "para\n\n{}", "{}\n\n# heading"])
def test_rich_text_shows_hostile_text_as_text(layout):
    shown = str(safe.rich_text(layout.format(HOSTILE)))
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "{{ 7 * 7 }}" in shown and "{% if 1 %}" in shown and "49" not in shown
    assert "[x](javascript:alert(1))" in shown and "<a " not in shown
    assert '=HYPERLINK(&#34;https://evil.example&#34;,&#34;x&#34;)' in shown and "| a | b |" in shown
    assert "&amp;amp;" in shown and "**bold**" in shown and "<strong>" not in shown


def test_rich_text_of_nothing_is_nothing():
    assert safe.rich_text(None) == "" and safe.rich_text(float("nan")) == "" and safe.rich_text(" \n\n ") == ""


def test_framework_gaps_are_worked_out_from_the_listed_codes():
    assert "None of this phase's sub-topics" in _gaps(2, pd.Series([], dtype=str))
    assert _gaps(1, pd.Series(["1b", "1d"])).startswith("Only some are in our list: 1a and 1c are missing")
    assert "after 7b" in _gaps(7, pd.Series(["7a", "7b"])) and "missing" not in _gaps(7, pd.Series(["7a", "7b"]))
    phases = pd.DataFrame({"phase_number": range(1, 8)})
    listed = pd.DataFrame({"phase_number": [1, 1, 4, 5], "subtopic_code": ["1b", "1d", "4a", "5a"]})
    assert _known(phases, listed) == ("Our list has 4 sub-topics, in 3 of the 7 phases. Phases 2, 3, 6 and 7 have "
                                      "none listed yet.")


@pytest.fixture
def fresh_repository_url():
    common.repository_url.cache_clear()
    yield
    common.repository_url.cache_clear()


def test_the_contact_route_comes_from_the_one_declared_repository(fresh_repository_url, monkeypatch):
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    declared = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))["extra"]["repository_url"]
    assert common.issues_url() == declared.rstrip("/") + "/issues"


@pytest.mark.parametrize("server, repository, expected", [
    ("https://github.com", "nhs-example/ics-site", "https://github.com/nhs-example/ics-site"),
    ("https://github.com", 'owner/repo"><script>', None),  # not a repository name: the declared one is used
    ("javascript:", "owner/repo", None),
])
def test_a_site_built_by_github_actions_links_the_repository_it_was_built_from(fresh_repository_url, monkeypatch,
                                                                              server, repository, expected):
    monkeypatch.setenv("GITHUB_SERVER_URL", server)
    monkeypatch.setenv("GITHUB_REPOSITORY", repository)
    declared = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))["extra"]["repository_url"]
    assert common.repository_url() == (expected or declared.rstrip("/"))
