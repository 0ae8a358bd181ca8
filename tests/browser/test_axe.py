"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on any page of the built site."""
from __future__ import annotations

from collections import defaultdict

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from browser_helpers import DESKTOP, draw_charts, for_each_page, run_axe

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


def test_every_page_has_no_axe_violations(chromium, base_url, site_pages):
    async def check(page, site_page):
        await page.goto(base_url + site_page.path, wait_until="load")
        chart_problems = await draw_charts(page)  # axe must see the drawn charts too
        violations = await run_axe(page, AXE_SCRIPT)
        if chart_problems:
            violations.append({"rule": "chart-not-drawn", "impact": "serious", "help": "Chart was not drawn",
                               "nodes": [{"target": problem, "html": ""} for problem in chart_problems]})
        return violations

    results = chromium.run(for_each_page(chromium.browser, site_pages, check, viewport=DESKTOP))
    failing = sum(1 for result in results.values() if result)
    if failing:
        pytest.fail(f"axe found problems on {failing} of {len(results)} pages:" + _report_by_rule(results),
                    pytrace=False)
