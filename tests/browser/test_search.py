"""The site's search finds a system by its name, by one of its places, and a community group by its name.

The words searched for come from the bundled data packages, not from this file, so the test follows the
data: a real ICS, a local authority in that ICS's places list, and a community group."""
from __future__ import annotations

import re

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from browser_helpers import DESKTOP, search_cases

pytestmark = pytest.mark.browser

RESULT_LINKS = ".md-search-result__link"
RESULT_META = ".md-search-result__meta"
# Material builds its search index in a web worker after the page loads, and says "Initializing search"
# until it is ready; on a busy two-core machine that took over 15 s once, so wait for it, as a reader would,
# then type: Material reads the query on keyup and focus, so a value set without keys is not searched.
INDEX_READY_TIMEOUT_MS = 60_000
RESULTS_TIMEOUT_MS = 30_000


async def _typed_into_search(context, base_url: str, words: str):
    """A new page of the site with words typed into the search box once the index is ready."""
    page = await context.new_page()
    await page.goto(base_url, wait_until="load")
    box = page.locator("input.md-search__input")
    await box.click()
    await page.wait_for_function(
        "selector => !/initializ/i.test(document.querySelector(selector)?.textContent ?? 'initializing')",
        arg=RESULT_META, timeout=INDEX_READY_TIMEOUT_MS)
    await box.press_sequentially(words)
    return page


@pytest.mark.parametrize("what, words, expected", search_cases(), ids=[case[0] for case in search_cases()])
def test_search_finds(chromium, base_url, built_site, what, words, expected):
    async def search():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await _typed_into_search(context, base_url, words)
            # The results are redrawn after each key, so read them in one step once the expected page is
            # among the first five (or the wait is over, for the failure message).
            try:
                await page.wait_for_function(
                    "([selector, wanted]) => [...document.querySelectorAll(selector)].slice(0, 5)"
                    ".some(link => (link.getAttribute('href') || '').includes(wanted))",
                    arg=[RESULT_LINKS, expected], timeout=RESULTS_TIMEOUT_MS)
            except PlaywrightTimeout:
                pass
            return await page.eval_on_selector_all(RESULT_LINKS, "links => links.map(l => l.getAttribute('href'))")
        finally:
            await context.close()

    found = chromium.run(search())
    top = found[:5]
    assert any(re.search(re.escape(expected), href or "") for href in top), (
        f"Searching for {words!r} ({what}) should list a page under {expected} among the first results; "
        f"it listed {top}")


def test_search_submit_button_opens_the_best_match(chromium, base_url):
    """The search form has a submit button (HTML_CodeSniffer H32.2, form-controls.js), the next stop for Tab
    after the box, and pressing it opens the best match, as Enter in the box does."""
    what, words, expected = search_cases()[0]

    async def search():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await _typed_into_search(context, base_url, words)
            await page.wait_for_function(
                "([selector, wanted]) => (document.querySelector(selector)?.getAttribute('href') || '').includes(wanted)",
                arg=[RESULT_LINKS, expected], timeout=RESULTS_TIMEOUT_MS)
            await page.keyboard.press("Tab")
            focused = await page.evaluate("() => document.activeElement.matches('form.md-search__form button[type=submit]')"
                                          " && document.activeElement.getAttribute('aria-label')")
            if not focused:
                return None, page.url
            await page.keyboard.press("Enter")
            await page.wait_for_url(f"**/{expected}", timeout=RESULTS_TIMEOUT_MS)
            return focused, page.url
        finally:
            await context.close()

    name, url = chromium.run(search())
    assert name, "Tab from the search box did not reach a named submit button in the search form"
    assert url.endswith(expected), f"The submit button opened {url}, not the best match for {words!r} ({expected})"


# What starts each engine's search, and the index file it then downloads. Zensical's search is its own: a
# button opens a dialog, in a shadow root.
SEARCH_UI = {
    "mkdocs": ("base_url", "input.md-search__input", "/search/search_index.json"),
    "zensical": ("zensical_url", ".md-search__button", "/search.json"),
}


@pytest.mark.parametrize("engine", sorted(SEARCH_UI))
def test_search_files_load_only_when_the_reader_starts_to_search(request, chromium, engine):
    """Most visitors never search: the index and its worker wait until search is opened, on both engines."""
    url_fixture, start, index = SEARCH_UI[engine]
    address = request.getfixturevalue(url_fixture)

    async def visit():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            requested = []
            page.on("request", lambda request: requested.append(request.url))
            await page.goto(address, wait_until="networkidle")  # all the engine asks for on its own has come
            before = [url for url in requested if "search" in url]
            async with page.expect_event("worker", timeout=INDEX_READY_TIMEOUT_MS) as started, \
                    page.expect_response(lambda response: response.url.endswith(index), timeout=INDEX_READY_TIMEOUT_MS):
                await page.locator(start).first.click()
            return before, (await started.value).url
        finally:
            await context.close()

    before, worker = chromium.run(visit())
    assert before == [], f"search files were downloaded before anyone searched: {before}"
    assert "/workers/search." in worker, worker
