"""The site works on Zensical, Material's successor, as it does on MkDocs: one page of each kind draws its
charts without a script error, and search finds what the MkDocs site's search finds. tests/test_zensical.py
checks the pages and the menu; test_search.py that the search files wait until search is used.

Zensical's search is its own: a button opens a dialog (in a shadow root, which Playwright's selectors
enter) with a combobox, a status line and a list of results."""
from __future__ import annotations

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from browser_helpers import DESKTOP, discover_pages, draw_charts, representatives, search_cases

pytestmark = pytest.mark.browser

OPEN_SEARCH = ".md-search__button"
SEARCH_BOX = "dialog input[role=combobox]"
RESULT_LINKS = "dialog [role=listbox] a"
SEARCH_READY_TIMEOUT_MS = 60_000
RESULTS_TIMEOUT_MS = 30_000


def test_one_page_of_each_kind_draws_its_charts(chromium, zensical_site, zensical_url):
    pages = representatives(discover_pages(zensical_site))
    assert {"home", "ics", "indicator"} <= set(pages), sorted(pages)

    async def visit():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        problems, errors = {}, []
        try:
            page = await context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            for kind, site_page in sorted(pages.items()):
                await page.goto(zensical_url + site_page.path, wait_until="load")
                problems[f"{kind} {site_page}"] = await draw_charts(page)
            return problems, errors
        finally:
            await context.close()

    problems, errors = chromium.run(visit())
    assert errors == [], f"script errors on Zensical's pages: {errors}"
    assert {page: found for page, found in problems.items() if found} == {}


@pytest.mark.parametrize("what, words, expected", search_cases(), ids=[case[0] for case in search_cases()])
def test_search_finds(chromium, zensical_url, what, words, expected):
    async def search():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            await page.goto(zensical_url, wait_until="load")
            await page.locator(OPEN_SEARCH).first.click()
            box = page.locator(SEARCH_BOX)
            await box.wait_for(state="visible", timeout=SEARCH_READY_TIMEOUT_MS)
            # As a reader would, wait for "Loading search…" to go before typing.
            await page.wait_for_function(
                """() => [...document.querySelectorAll('*')].filter(e => e.shadowRoot)
                    .map(e => e.shadowRoot.querySelector('dialog [role=status]')).some(s => s && !/loading/i.test(s.textContent))""",
                timeout=SEARCH_READY_TIMEOUT_MS)
            await box.press_sequentially(words)
            try:
                await page.locator(RESULT_LINKS).first.wait_for(timeout=RESULTS_TIMEOUT_MS)
                # The results are redrawn after each key: wait until the expected page is among the first five.
                await page.wait_for_function(
                    """wanted => [...document.querySelectorAll('*')].filter(e => e.shadowRoot)
                        .flatMap(e => [...e.shadowRoot.querySelectorAll('[role=listbox] a')]).slice(0, 5)
                        .some(link => (link.getAttribute('href') || '').includes(wanted))""",
                    arg=expected, timeout=RESULTS_TIMEOUT_MS)
            except PlaywrightTimeout:
                pass
            return [await link.get_attribute("href") for link in (await page.locator(RESULT_LINKS).all())[:5]]
        finally:
            await context.close()

    top = chromium.run(search())
    assert any(expected in (href or "") for href in top), (
        f"Zensical's search for {words!r} ({what}) should list a page under {expected} among the first "
        f"results; it listed {top}")
