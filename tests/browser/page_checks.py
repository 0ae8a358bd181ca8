"""The checks every page of a built site must pass, for any site and address: the ordinary build's
(test_axe.py, test_htmlcs.py, test_every_page.py) and the newest release of a published history's
(test_history_site.py). Each returns {SitePage: problems, or the exception that stopped the check}; the
report functions turn them into a readable failure."""
from __future__ import annotations

from collections import defaultdict

from browser_helpers import (CHART, CHART_TEXT_HIDDEN, DESKTOP, HTMLCS_SCRIPT, NARROW, SUMMARY, audit_page, draw_charts,
                             for_each_page)

# WCAG 1.4.10: the page may not scroll sideways at 320 CSS px. Data tables may, inside their own box.
# When it does, name the outermost elements that stick out and are not inside a scrolling/clipping box.
_OVERFLOW = """() => {
  const limit = window.innerWidth;
  const scrollWidth = document.scrollingElement.scrollWidth;
  if (scrollWidth <= limit) return {scrollWidth, limit, culprits: []};
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    return false;
  };
  const sticksOut = el => el.getBoundingClientRect().right > limit + 1 && !clipped(el);
  const culprits = [...document.body.querySelectorAll('*')]
    .filter(el => sticksOut(el) && !(el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)))
    .slice(0, 5)
    .map(el => {
      const cls = (el.getAttribute('class') || '').split(/\\s+/).filter(Boolean).slice(0, 2).join('.');
      const text = (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
      const box = el.getBoundingClientRect();
      return `<${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}> ${Math.round(box.width)} px wide, `
        + `right edge at ${Math.round(box.right)} px: "${text}"`;
    });
  return {scrollWidth, limit, culprits};
}"""

# Without JavaScript the heading, the text, and each chart's caption, summary and table must be shown.
# Something inside a closed <details> counts as shown when its <summary> is (a click opens it, no script).
_NO_JS_PROBLEMS = """([chartSelector, summarySelector]) => {
  const visible = el => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility === 'visible' && style.display !== 'none' && parseFloat(style.opacity) > 0
      && box.width > 0 && box.height > 0;
  };
  const shown = el => {
    const closed = el.parentElement && el.parentElement.closest('details:not([open])');
    if (closed && !el.matches('details > summary')) {
      const summary = closed.querySelector(':scope > summary');
      return !!summary && visible(summary);
    }
    return visible(el);
  };
  const problems = [];
  const article = document.querySelector('article') || document.querySelector('main');
  const h1 = document.querySelector('h1');
  if (!h1 || !shown(h1)) problems.push('the page heading (h1) is not shown');
  if (!article || (article.innerText || '').trim().length < 20) problems.push('the main text is not shown');
  document.querySelectorAll(chartSelector).forEach((figure, index) => {
    const name = figure.id || `chart ${index + 1}`;
    const caption = figure.querySelector('figcaption');
    if (!caption || !shown(caption) || !caption.innerText.trim()) problems.push(`${name}: caption not shown`);
    const summaries = [...figure.querySelectorAll(summarySelector)];
    if (!summaries.length || !summaries.some(s => shown(s) && s.textContent.trim())) problems.push(`${name}: text summary not shown`);
    const table = figure.querySelector('table');
    if (!table || !shown(table) || !table.querySelector('tbody tr')) problems.push(`${name}: data table not shown`);
  });
  return problems;
}"""



def audits(chromium, base_url: str, pages, ready: str = "") -> dict:
    """Every page visited once at desktop width with its charts drawn (and `ready`, a selector, attached),
    checked by axe-core and, where it is installed, HTML_CodeSniffer: {site_page: PageAudit, or the exception
    that stopped the visit}."""
    from axe_playwright_python.base import AXE_SCRIPT

    htmlcs = HTMLCS_SCRIPT if HTMLCS_SCRIPT.is_file() else None

    async def check(page, site_page):
        return await audit_page(page, base_url + site_page.path, AXE_SCRIPT, htmlcs, ready)

    return chromium.run(for_each_page(chromium.browser, pages, check, viewport=DESKTOP))


def reflow_problems(chromium, base_url: str, pages, ready: str = "") -> dict:
    """What scrolls sideways at 320 CSS px on each page (WCAG 1.4.10), and chart text cut off or covered there,
    charts drawn (and `ready` attached)."""
    async def check(page, site_page):
        await page.goto(base_url + site_page.path, wait_until="load")
        if ready:
            await page.wait_for_selector(ready, state="attached")
        problems = await draw_charts(page)
        problems += await page.evaluate(CHART_TEXT_HIDDEN)
        overflow = await page.evaluate(_OVERFLOW)
        if overflow["culprits"] or overflow["scrollWidth"] > overflow["limit"]:
            problems.append(f"scrolls sideways: scrollWidth {overflow['scrollWidth']} px > {overflow['limit']} px")
            problems += [f"  {culprit}" for culprit in overflow["culprits"]]
        return problems

    return chromium.run(for_each_page(chromium.browser, pages, check, viewport=NARROW))


def no_javascript_problems(chromium, base_url: str, pages) -> dict:
    """What a reader without JavaScript misses on each page: the heading, the text, a chart's caption, summary
    or table."""
    async def check(page, site_page):
        response = await page.goto(base_url + site_page.path, wait_until="load")
        if response is None or not response.ok:
            return [f"HTTP {response.status if response else 'no response'}"]
        return await page.evaluate(_NO_JS_PROBLEMS, [CHART, SUMMARY])

    return chromium.run(for_each_page(chromium.browser, pages, check, viewport=DESKTOP, java_script_enabled=False))


def _grouped(results: dict, key: str) -> tuple[list[str], dict[str, list]]:
    """The pages that could not be checked, and each finding as (page, finding) under its `key`."""
    unchecked, grouped = [], defaultdict(list)
    for page, result in results.items():
        if isinstance(result, Exception):
            unchecked.append(f"- {page}: could not be checked: {type(result).__name__}: {result}")
            continue
        for finding in result:
            grouped[finding[key]].append((page, finding))
    return unchecked, grouped


def report_by_rule(results: dict) -> str:
    """Group violations by rule: the pages (with their kind) and the first offending elements."""
    errors, by_rule = _grouped(results, "rule")
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


def report_by_code(results: dict) -> str:
    """Group errors by code: the message, the pages (with their kind) and the first offending elements."""
    lines, by_code = _grouped(results, "code")
    for code, hits in sorted(by_code.items()):
        kinds = sorted({page.kind for page, _ in hits})
        pages = len({page for page, _ in hits})
        lines.append(f"\n{code}: {pages} pages, kinds: {', '.join(kinds)}\n  {hits[0][1]['message']}")
        shown = []
        for page, error in hits:
            if len(shown) == 5:
                break
            if page not in shown:
                shown.append(page)
                lines.append(f"  {page}")
            lines.append(f"    {error['where']}  {error['html']}")
        if pages > len(shown):
            lines.append(f"  ... and {pages - len(shown)} more pages")
    return "\n".join(lines)
