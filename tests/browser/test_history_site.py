"""The published history in Chromium: a page of v1.0 that a later correction names shows the correction, with
links to the corrected page; a page it does not name shows none; without JavaScript every page of a release
says where to find later corrections. Every page of the newest release, as published with its version
selector, passes the same accessibility, 320 px and no-JavaScript checks as the ordinary build, and so does a
corrected page with its notice shown."""
from __future__ import annotations

import pytest

from browser_helpers import DESKTOP, describe_failures, discover_pages
from history_builds import CHANGED_PAGE, WRONG, publish_two_releases
from page_checks import audits, no_javascript_problems, reflow_problems, report_by_code, report_by_rule

pytestmark = pytest.mark.browser


# What Material's and our scripts add once a page has loaded: the version selector (from versions.json) and
# the check for later corrections. The checks wait for both, so they see the page as a reader does (a page
# where either never comes fails).
PUBLISHED_READY = "html:has(.md-version):has([data-release-notices][data-checked])"
NEWEST = "v1.1"


@pytest.fixture(scope="module")
def published_site(tmp_path_factory, chromium_path):
    return publish_two_releases(tmp_path_factory.mktemp("repo"), tmp_path_factory.mktemp("history") / "site")["site"]


@pytest.fixture(scope="module")
def history_url(published_site):
    from conftest import _serve

    with _serve(published_site) as url:
        yield url


@pytest.fixture(scope="module")
def newest_pages(published_site):
    pages = discover_pages(published_site / NEWEST)
    assert len(pages) > 100, "the newest release has too few pages"
    return pages


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


def test_every_page_of_the_newest_release_passes_both_accessibility_engines(chromium, history_url, newest_pages):
    found = audits(chromium, f"{history_url}{NEWEST}/", newest_pages, ready=PUBLISHED_READY)
    axe = {page: audit if isinstance(audit, Exception) else audit.axe for page, audit in found.items()}
    if any(axe.values()):
        pytest.fail(f"axe found problems on {sum(map(bool, axe.values()))} pages of {NEWEST}:" + report_by_rule(axe),
                    pytrace=False)
    htmlcs = {page: audit if isinstance(audit, Exception) else audit.htmlcs for page, audit in found.items()}
    if any(htmlcs.values()):
        pytest.fail(f"HTML_CodeSniffer found errors on {NEWEST}:" + report_by_code(htmlcs), pytrace=False)


def test_a_corrected_page_with_its_notice_passes_both_accessibility_engines(chromium, history_url, published_site):
    corrected = [page for page in discover_pages(published_site / "v1.0")
                 if page.path == CHANGED_PAGE.removesuffix("index.md")]
    assert len(corrected) == 1
    found = audits(chromium, f"{history_url}v1.0/", corrected, ready="html:has(.md-version):has(.release-correction)")
    audit = found[corrected[0]]
    assert not isinstance(audit, Exception), audit
    assert audit.axe == [], report_by_rule({corrected[0]: audit.axe})
    assert not audit.htmlcs, report_by_code({corrected[0]: audit.htmlcs})


def test_every_page_of_the_newest_release_reflows_at_320_px(chromium, history_url, newest_pages):
    results = reflow_problems(chromium, f"{history_url}{NEWEST}/", newest_pages, ready=PUBLISHED_READY)
    if any(results.values()):
        pytest.fail(describe_failures(results, f"reflow at 320 px in {NEWEST}"), pytrace=False)


def test_every_page_of_the_newest_release_reads_without_javascript(chromium, history_url, newest_pages):
    results = no_javascript_problems(chromium, f"{history_url}{NEWEST}/", newest_pages)
    if any(results.values()):
        pytest.fail(describe_failures(results, f"reading {NEWEST} without JavaScript"), pytrace=False)
