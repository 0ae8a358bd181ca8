"""Instant navigation on GitHub Pages: the site is served at its published address, under /<repository>/,
and a link between its pages swaps the next page in without a reload, on both engines. The new page has
its own title, focus moves to its heading, its charts draw, axe finds nothing, and the browser's Back
button brings the first page back the same way.

Material and Zensical intercept a click only for a page listed in sitemap.xml, whose addresses come from
site_url, so this is also the test that site_url is right."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from site_builds import PAGES_ADDRESS

from browser_helpers import DESKTOP, draw_charts, run_axe, serve_at

pytestmark = pytest.mark.browser


def _shown(site: Path, path: str) -> tuple[str, str]:
    """The <title> and main heading of a built page, as a reader sees them."""
    page = (site / path / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, flags=re.DOTALL).group(1)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, flags=re.DOTALL).group(1)
    return html.unescape(title).strip(), html.unescape(re.sub(r"<[^>]+>", "", heading)).strip()


async def _state(page) -> dict:
    return await page.evaluate("""() => ({
        sameDocument: window.__sameDocument === true,
        title: document.title,
        heading: document.querySelector('h1').textContent.trim(),
        focused: document.activeElement && document.activeElement.tagName,
    })""")


async def _wait_for_heading(page, heading: str) -> None:
    await page.wait_for_function("wanted => document.querySelector('h1')?.textContent.trim() === wanted",
                                 arg=heading)


@pytest.fixture(params=["mkdocs", "zensical"])
def engine_site(request) -> Path:
    if request.param == "mkdocs":
        return request.getfixturevalue("built_site")
    return request.getfixturevalue("zensical_site")


def test_a_link_swaps_in_the_next_page_and_back_brings_the_first(chromium, engine_site):
    site = engine_site
    if PAGES_ADDRESS not in (site / "sitemap.xml").read_text(encoding="utf-8"):
        pytest.fail(f"{site} was not built for {PAGES_ADDRESS}: build it with SITE_URL={PAGES_ADDRESS}",
                    pytrace=False)

    async def visit():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        await serve_at(context, site, PAGES_ADDRESS)
        try:
            page = await context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(PAGES_ADDRESS, wait_until="networkidle")  # sitemap.xml read, so clicks are caught
            await page.evaluate("window.__sameDocument = true")  # gone if the browser loads a new document
            # The first link in the home page's text to a system's page (the engines make every link absolute).
            target = await page.evaluate("""address => [...document.querySelectorAll('article a[href]')]
                .map(a => a.href).find(href => /\\/ics\\/[^/]+\\/$/.test(href)).slice(address.length)""", PAGES_ADDRESS)
            link = page.locator(f"article a[href$='{target}']").first
            title, heading = _shown(site, target)
            await link.click()
            await page.wait_for_url(PAGES_ADDRESS + target)
            await _wait_for_heading(page, heading)
            after_click = await _state(page)
            chart_problems = await draw_charts(page)
            violations = await run_axe(page, AXE_SCRIPT)
            await page.go_back()
            await page.wait_for_url(PAGES_ADDRESS)
            await _wait_for_heading(page, _shown(site, "")[1])
            after_back = await _state(page)
            chart_problems += await draw_charts(page)
            return target, title, heading, after_click, chart_problems, violations, after_back, errors
        finally:
            await context.close()

    target, title, heading, after_click, chart_problems, violations, after_back, errors = chromium.run(visit())
    assert target.startswith("ics/") and target.endswith("/")
    assert after_click["sameDocument"], "following a link reloaded the whole page: instant navigation is off"
    assert after_click["title"] == title and after_click["heading"] == heading
    assert after_click["focused"] == "H1", "after an instant navigation, focus should be on the new page's heading"
    assert chart_problems == [] and errors == []
    assert violations == [], f"axe, on a page swapped in by instant navigation: {violations}"
    assert after_back["sameDocument"] and after_back["title"] == _shown(site, "")[0]
