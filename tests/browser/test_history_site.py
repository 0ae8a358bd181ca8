"""The published history in Chromium: a page of v1.0 that a later correction names shows the correction, with
links to the corrected page; a page it does not name shows none; without JavaScript every page of a release
says where to find later corrections."""
from __future__ import annotations

import pytest

from browser_helpers import DESKTOP
from history_builds import CHANGED_PAGE, WRONG, publish_two_releases

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def history_url(tmp_path_factory, chromium_path):
    from conftest import _serve

    published = publish_two_releases(tmp_path_factory.mktemp("repo"), tmp_path_factory.mktemp("history") / "site")
    with _serve(published["site"]) as url:
        yield url


def _notices(chromium, address: str, javascript: bool = True) -> tuple[list[str], list[str], bool]:
    """The correction notices a page shows (title and links), and whether its no-JavaScript line is shown."""
    async def visit():
        context = await chromium.browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
        try:
            page = await context.new_page()
            await page.goto(address, wait_until="load")
            if javascript:
                await page.wait_for_selector("[data-release-notices][data-checked]", state="attached")
            shown = await page.locator(".release-correction").all_inner_texts()
            links = [await a.get_attribute("href") for a in await page.locator(".release-correction a").all()]
            return shown, links, await page.locator(".release-noscript").is_visible()
        finally:
            await context.close()

    return chromium.run(visit())


def test_a_page_the_correction_names_shows_it_in_the_corrected_release(chromium, history_url):
    page = CHANGED_PAGE.removesuffix("index.md")
    shown, links, noscript = _notices(chromium, f"{history_url}v1.0/{page}")
    assert len(shown) == 1 and "corrected in release 1.1" in shown[0] and WRONG in shown[0]
    assert links == [f"{history_url}v1.1/{page}", f"{history_url}v1.1/releases/corrections/"]
    assert not noscript


def test_other_pages_and_the_newest_release_show_no_correction(chromium, history_url):
    assert _notices(chromium, f"{history_url}v1.0/")[0] == []
    assert _notices(chromium, f"{history_url}v1.1/{CHANGED_PAGE.removesuffix('index.md')}")[0] == []


def test_without_javascript_a_release_says_where_corrections_are(chromium, history_url):
    shown, _, noscript = _notices(chromium, f"{history_url}v1.0/{CHANGED_PAGE.removesuffix('index.md')}",
                                  javascript=False)
    assert shown == [] and noscript
