"""Light on a cheap phone (issue 4's target): the heaviest ICS page, visited for the first time at a phone's width
with every chart drawn, downloads at most 400 KB, each file gzipped as GitHub Pages serves it; a page without
charts downloads no chart code. These are sizes, not times, so they are the same on every run.
benchmarks/page_weight.py prints the same figures for a page of each kind, with what the partial plotly.js bundle
saves."""
from __future__ import annotations

import gzip

import pytest

from browser_helpers import draw_charts

pytestmark = pytest.mark.browser

TARGET_ICS_BYTES = 400 * 1024
PHONE = {"width": 412, "height": 915}  # a common cheap Android phone, as in the benchmark


def _is_chart_code(url: str) -> bool:
    return "plotly" in url.rsplit("/", 1)[-1]


def _served_bytes(body: bytes) -> int:
    """A file's size as a static host sends it: gzipped (level 6) where that makes it smaller."""
    return min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))


async def _first_visit(browser, url: str) -> tuple[dict[str, int], list[str]]:
    """Every file a first visit to the page downloads once its charts are drawn: {url: bytes served}, and any
    problems drawing them."""
    context = await browser.new_context(viewport=PHONE)
    try:
        responses = []
        context.on("response", lambda response: responses.append(response))
        page = await context.new_page()
        await page.goto(url, wait_until="load")
        problems = await draw_charts(page)
        return {response.url: _served_bytes(await response.body()) for response in responses
                if response.ok}, problems
    finally:
        await context.close()


def _heaviest(site, pages, kind: str):
    """The page of a kind whose HTML is largest once gzipped: its figures and tables are in it."""
    candidates = [page for page in pages if page.kind == kind]
    assert candidates, f"the built site has no {kind} page"
    return max(candidates, key=lambda page: _served_bytes((site / page.path / "index.html").read_bytes()))


def test_the_heaviest_ics_page_downloads_at_most_400_kb(chromium, base_url, built_site, site_pages):
    site_page = _heaviest(built_site, site_pages, "ics")
    files, problems = chromium.run(_first_visit(chromium.browser, base_url + site_page.path))
    assert not problems, problems
    assert any(map(_is_chart_code, files)), "the page drew charts without plotly.js?"
    total = sum(files.values())
    largest = ", ".join(f"{url.rsplit('/', 1)[-1] or url} {size / 1024:.0f} KB"
                        for url, size in sorted(files.items(), key=lambda item: -item[1])[:5])
    assert total <= TARGET_ICS_BYTES, (
        f"{site_page} downloads {total / 1024:.0f} KB on a first visit, over {TARGET_ICS_BYTES // 1024} KB; "
        f"the largest files: {largest}")


def test_a_page_without_charts_downloads_no_chart_code(chromium, base_url, site_pages):
    site_page = next(page for page in site_pages if page.charts == 0 and page.kind != "hand-written")
    files, problems = chromium.run(_first_visit(chromium.browser, base_url + site_page.path))
    assert not problems, problems
    assert len(files) > 3, f"{site_page}: only {len(files)} files were downloaded, so the visit did not load"
    chart_code = [url for url in files if _is_chart_code(url)]
    assert not chart_code, f"{site_page} has no chart but downloads {chart_code}"
