"""Every page reflows to 320 px without sideways scrolling, and reads fully without JavaScript."""
from __future__ import annotations

import pytest

from browser_helpers import CHART, DESKTOP, NARROW, SUMMARY, describe_failures, draw_charts, for_each_page

pytestmark = pytest.mark.browser

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


def test_every_page_reflows_at_320_px(chromium, base_url, site_pages):
    async def check(page, site_page):
        await page.goto(base_url + site_page.path, wait_until="load")
        problems = await draw_charts(page)
        await page.wait_for_timeout(100)  # let responsive charts settle to the narrow width
        overflow = await page.evaluate(_OVERFLOW)
        if overflow["culprits"] or overflow["scrollWidth"] > overflow["limit"]:
            problems.append(f"scrolls sideways: scrollWidth {overflow['scrollWidth']} px > {overflow['limit']} px")
            problems += [f"  {culprit}" for culprit in overflow["culprits"]]
        return problems

    results = chromium.run(for_each_page(chromium.browser, site_pages, check, viewport=NARROW))
    if any(results.values()):
        pytest.fail(describe_failures(results, "reflow at 320 px (WCAG 1.4.10)"), pytrace=False)


def test_every_page_reads_without_javascript(chromium, base_url, site_pages):
    async def check(page, site_page):
        response = await page.goto(base_url + site_page.path, wait_until="load")
        if response is None or not response.ok:
            return [f"HTTP {response.status if response else 'no response'}"]
        return await page.evaluate(_NO_JS_PROBLEMS, [CHART, SUMMARY])

    results = chromium.run(for_each_page(chromium.browser, site_pages, check, viewport=DESKTOP,
                                         java_script_enabled=False))
    if any(results.values()):
        pytest.fail(describe_failures(results, "reading without JavaScript"), pytrace=False)
