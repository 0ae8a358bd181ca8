"""A second accessibility engine agrees with axe: HTML_CodeSniffer, the engine behind pa11y (which Open SDG
runs), finds no WCAG 2 AA error on any page of the built site.

The two engines test differently (HTML_CodeSniffer wants, for instance, a submit button in every form and a
label on every form control, hidden or not), so each catches what the other lets pass. The pages are the
same visits as axe's (conftest.py page_audits): each page is opened once, its charts drawn, and both engines
run on it. Warnings and notices need a person's judgement, so only errors fail."""
from __future__ import annotations

import pytest

from browser_helpers import DESKTOP, HTMLCS_STANDARD, run_htmlcs
from page_checks import report_by_code

pytestmark = pytest.mark.browser

# A page with the three errors the site had: a form with no submit button, and a checkbox with no label.
_BROKEN_FORM = """<!doctype html><html lang="en"><head><title>Broken form</title></head><body><main>
<h1>Broken form</h1><form><input type="checkbox" id="toggle"><input type="text" aria-label="Search"></form>
</main></body></html>"""


def test_htmlcs_reports_errors_it_is_given(chromium, htmlcs_script):
    """The engine runs and its errors reach the test: a form like the site's old search form, with no
    submit button and an unlabelled checkbox, fails (else a broken install would pass every page)."""
    async def check():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            await page.set_content(_BROKEN_FORM)
            return await run_htmlcs(page, htmlcs_script)
        finally:
            await context.close()

    found = {error["code"] for error in chromium.run(check())}
    for expected in ("WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2",
                     "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputCheckbox.Name",
                     "WCAG2AA.Principle1.Guideline1_3.1_3_1.F68"):
        assert expected in found, f"HTML_CodeSniffer did not report {expected} on a page made to fail it: {found}"


def test_every_page_has_no_htmlcs_errors(htmlcs_script, page_audits, site_pages):
    results = {page: audit if isinstance(audit, Exception) else audit.htmlcs for page, audit in page_audits.items()}
    assert set(results) == set(site_pages), "some pages were not checked"
    assert all(result is not None for result in results.values()), "HTML_CodeSniffer did not run on some pages"
    failing = sum(1 for result in results.values() if result)
    if failing:
        pytest.fail(f"HTML_CodeSniffer ({HTMLCS_STANDARD}) found errors on {failing} of {len(results)} pages:"
                    + report_by_code(results), pytrace=False)
