"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on any page of the built site.

The pages are visited once for both accessibility engines (conftest.py page_audits); test_htmlcs.py
checks the same visits with HTML_CodeSniffer."""
from __future__ import annotations

import pytest

from page_checks import report_by_rule

pytestmark = pytest.mark.browser


def test_every_page_has_no_axe_violations(page_audits):
    results = {page: audit if isinstance(audit, Exception) else audit.axe for page, audit in page_audits.items()}
    failing = sum(1 for result in results.values() if result)
    if failing:
        pytest.fail(f"axe found problems on {failing} of {len(results)} pages:" + report_by_rule(results),
                    pytrace=False)
