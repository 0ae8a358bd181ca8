"""The site's search finds a system by its name, by one of its places, and a community group by its name.

The words searched for come from the bundled data packages, not from this file, so the test follows the
data: a real ICS, a local authority in that ICS's places list, and a community group."""
from __future__ import annotations

import csv
import re

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from browser_helpers import DESKTOP
from generator import paths
from generator.pages import common

pytestmark = pytest.mark.browser

RESULT_LINKS = ".md-search-result__link"
RESULT_META = ".md-search-result__meta"
# Material builds its search index in a web worker after the page loads, and says "Initializing search"
# until it is ready; on a busy two-core machine that took over 15 s once, so wait for it, as a reader would,
# then type: Material reads the query on keyup and focus, so a value set without keys is not searched.
INDEX_READY_TIMEOUT_MS = 60_000
RESULTS_TIMEOUT_MS = 30_000


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cases() -> list[tuple[str, str, str]]:
    """(what, words typed, expected page address fragment)."""
    reference = paths.DATAPACKAGES / "reference"
    areas = {row["area_code"]: row for row in _rows(reference / "areas.csv")}
    icbs = sorted((a for a in areas.values() if a["area_type"] == "icb" and a["is_fictional"] != "true"),
                  key=lambda a: a["area_code"])
    places_of = {a["area_code"]: sorted(_rows(paths.DATAPACKAGES / a["area_code"] / "places.csv"),
                                        key=lambda p: p["area_code"]) for a in icbs}
    several = [a for a in icbs if len(places_of[a["area_code"]]) > 1]
    ics = several[len(several) // 2]  # any real ICS with several places; one from the middle, not the easy first
    ics_slug = common.slug(ics["short_name"])
    places = places_of[ics["area_code"]]
    # A place whose name is only in this ICS, so the first result can be expected to be this ICS's page.
    # and not named like the ICS itself (Somerset is both), so the place's own name is what is found.
    names = [areas[p["area_code"]]["name"] for p in places if float(p["share_of_lsoas"]) == 1.0]
    place = next(n for n in names + [areas[p["area_code"]]["name"] for p in places]
                 if n.lower() not in ics["short_name"].lower())
    group = sorted(_rows(reference / "community_groups.csv"), key=lambda g: g["group_id"])[0]
    return [("an ICS by name", ics["short_name"], f"ics/{ics_slug}/"),
            ("an ICS by one of its places", place, f"ics/{ics_slug}/"),
            ("a community group by name", group["name"], f"groups/{common.slug(group['group_id'])}/")]


@pytest.mark.parametrize("what, words, expected", _cases(), ids=[case[0] for case in _cases()])
def test_search_finds(chromium, base_url, built_site, what, words, expected):
    async def search():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            await page.goto(base_url, wait_until="load")
            box = page.locator("input.md-search__input")
            await box.click()
            await page.wait_for_function(
                "selector => !/initializ/i.test(document.querySelector(selector)?.textContent ?? 'initializing')",
                arg=RESULT_META, timeout=INDEX_READY_TIMEOUT_MS)
            await box.press_sequentially(words)
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


def test_search_index_loads_only_when_the_reader_starts_to_search(chromium, base_url, built_site):
    """Most visitors never search: the index and its worker wait until the search box is used."""
    async def visit():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            requested = []
            page.on("request", lambda request: requested.append(request.url))
            await page.goto(base_url, wait_until="load")
            await page.wait_for_timeout(1500)  # time enough for Material to have asked for them on its own
            before = [url for url in requested if "search" in url]
            await page.locator("input.md-search__input").click()
            await page.wait_for_function(
                "selector => !/initializ/i.test(document.querySelector(selector)?.textContent ?? 'initializing')",
                arg=RESULT_META, timeout=INDEX_READY_TIMEOUT_MS)
            return before, [url for url in requested if "search" in url]
        finally:
            await context.close()

    before, after = chromium.run(visit())
    assert before == [], f"search files were downloaded before anyone searched: {before}"
    assert any(url.endswith("search/search_index.json") for url in after), after
    assert any("/workers/search." in url for url in after), after
