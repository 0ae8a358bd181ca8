"""The pull request's preview (`python -m generator build --offline`) opens from its folder, with no server:
every link between its files resolves to a file, and in Chromium a page opened from disk draws its charts
and its links lead to the other pages."""
from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

import pytest

from browser_helpers import DESKTOP, draw_charts

pytestmark = pytest.mark.browser


def test_every_link_in_the_preview_names_a_file_in_it(preview_site):
    preview = preview_site
    broken, checked = [], 0
    for page in sorted(preview.rglob("*.html")):
        if page.name == "404.html":  # served by a web server only; it links from the site's root
            continue
        for target in re.findall(r'\b(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(html.unescape(target))
            if parts.scheme or not parts.path or target.startswith("//"):
                continue
            checked += 1
            resolved = (page.parent / unquote(parts.path)).resolve()
            if not resolved.is_file():
                broken.append(f"{page.relative_to(preview)}: {target}")
    assert checked > 10_000, f"only {checked} links were checked"
    assert broken == [], f"{len(broken)} links lead nowhere, for example {broken[:5]}"


def test_a_page_opened_from_disk_draws_its_charts_and_links_to_the_others(chromium, preview_site):
    preview = preview_site
    async def visit():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            ics = next(p for p in sorted((preview / "ics").glob("*/index.html")) if "example" not in p.parent.name)
            await page.goto(ics.as_uri(), wait_until="load")
            problems = await draw_charts(page)
            link = page.locator("article a[href$='.html']").filter(has_text="Core20").first
            await link.click()
            await page.wait_for_load_state("load")
            return problems, errors, page.url, await page.locator("h1").first.inner_text()
        finally:
            await context.close()

    problems, errors, address, heading = chromium.run(visit())
    assert problems == [] and errors == []
    assert address.startswith("file://") and address.endswith(".html") and "Core20" in heading
