"""Every page reflows to 320 px without sideways scrolling, with no chart text cut off or covered there, and
reads fully without JavaScript."""
from __future__ import annotations

import pytest

from browser_helpers import describe_failures
from page_checks import no_javascript_problems, reflow_problems

pytestmark = pytest.mark.browser

def test_every_page_reflows_at_320_px(chromium, base_url, site_pages):
    results = reflow_problems(chromium, base_url, site_pages)
    if any(results.values()):
        pytest.fail(describe_failures(results, "reflow at 320 px (WCAG 1.4.10), chart text in full"), pytrace=False)


def test_every_page_reads_without_javascript(chromium, base_url, site_pages):
    results = no_javascript_problems(chromium, base_url, site_pages)
    if any(results.values()):
        pytest.fail(describe_failures(results, "reading without JavaScript"), pytrace=False)
