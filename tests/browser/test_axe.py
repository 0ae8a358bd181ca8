"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on any page of the built site.

The pages are visited once for both accessibility engines (conftest.py page_audits); test_htmlcs.py
checks the same visits with HTML_CodeSniffer."""
from __future__ import annotations

from collections import defaultdict

import pytest

pytestmark = pytest.mark.browser


def _report_by_rule(results: dict) -> str:
    """Group violations by rule: the pages (with their kind) and the first offending elements."""
    by_rule = defaultdict(list)
    errors = []
    for page, result in results.items():
        if isinstance(result, Exception):
            errors.append(f"- {page}: could not be checked: {type(result).__name__}: {result}")
            continue
        for violation in result:
            by_rule[violation["rule"]].append((page, violation))
    lines = []
    for rule, hits in sorted(by_rule.items()):
        kinds = sorted({page.kind for page, _ in hits})
        lines.append(f"\n{rule} ({hits[0][1]['impact']}): {hits[0][1]['help']}: {len(hits)} pages, "
                     f"kinds: {', '.join(kinds)}")
        for page, violation in hits[:5]:
            lines.append(f"  {page}")
            for node in violation["nodes"][:3]:
                lines.append(f"    {node['target']}  {node['html']}")
        if len(hits) > 5:
            lines.append(f"  ... and {len(hits) - 5} more pages")
    return "\n".join(errors + lines)


def test_every_page_has_no_axe_violations(page_audits):
    results = {page: audit if isinstance(audit, Exception) else audit.axe for page, audit in page_audits.items()}
    failing = sum(1 for result in results.values() if result)
    if failing:
        pytest.fail(f"axe found problems on {failing} of {len(results)} pages:" + _report_by_rule(results),
                    pytrace=False)
