"""Hostile data: with markup, scripts, javascript: links, Markdown and Jinja in every free-text field of
every package (hostile_data.py), the whole site builds, and on every page nothing of it runs or renders.

Each page is loaded with its charts drawn. It fails if any injected script ran (the payload sets
window.__injected), if any element the payload describes exists (class or id "injected", an event-handler
attribute, a javascript: link anywhere, Markdown turned into emphasis, links or headings), if a template
ran (its output appears), or if the payload is not shown as the text it is. Search results for the payload
are checked the same way."""
from __future__ import annotations

import pytest

from browser_helpers import DESKTOP, describe_failures, draw_charts, for_each_page
from hostile_data import SHOWN_AS_TEXT, TEMPLATE_OUTPUTS

pytestmark = pytest.mark.browser

_INJECTED = """([templateOutputs]) => {
  const problems = [];
  if (window.__injected) problems.push('an injected script ran (window.__injected is set)');
  const describe = el => el.outerHTML.replace(/\\s+/g, ' ').slice(0, 120);
  document.querySelectorAll('.injected, #injected, [onerror], [onmouseover], [onclick], [onload], [data-injected]')
    .forEach(el => problems.push(`injected element: ${describe(el)}`));
  document.querySelectorAll('[href], [src], [action]').forEach(el => {
    const target = el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action') || '';
    if (/^\\s*(javascript|data|vbscript):/i.test(target)) problems.push(`script link: ${describe(el)}`);
  });
  document.querySelectorAll('svg a, svg [*|href^="javascript"]').forEach(el => problems.push(`link in a chart: ${describe(el)}`));
  document.querySelectorAll('strong, em, b, i, a, h1, h2, h3, h4, tspan').forEach(el => {
    const text = el.textContent.trim();
    if (/^(injected-(strong|em|md|bold|heading))/.test(text)) problems.push(`markup from the data: ${describe(el)}`);
    if (el.tagName.toLowerCase() === 'tspan' && /bold/.test(el.getAttribute('style') || '') && text.includes('injected-bold'))
      problems.push(`a chart drew data as bold text: ${describe(el)}`);
  });
  const text = document.documentElement.textContent;
  templateOutputs.forEach(output => { if (text.includes(output)) problems.push(`a template ran: "${output}" is on the page`); });
  return problems;
}"""


def test_hostile_text_never_runs_or_renders_on_any_page(chromium, hostile_url, hostile_pages):
    async def check(page, site_page):
        response = await page.goto(hostile_url + site_page.path, wait_until="load")
        if response is None or not response.ok:
            return [f"HTTP {response.status if response else 'no response'}"]
        problems = await draw_charts(page)
        problems += await page.evaluate(_INJECTED, [list(TEMPLATE_OUTPUTS)])
        shown = await page.evaluate("words => document.body.textContent.includes(words)", SHOWN_AS_TEXT)
        if site_page.kind != "hand-written" and not shown:
            problems.append(f"the payload is not shown as text ({SHOWN_AS_TEXT!r} is missing)")
        return problems

    results = chromium.run(for_each_page(chromium.browser, hostile_pages, check, viewport=DESKTOP))
    assert len(results) > 100, f"only {len(results)} pages were built from the hostile data"
    if any(results.values()):
        pytest.fail(describe_failures(results, "the hostile-data check"), pytrace=False)


def test_searching_for_hostile_text_shows_it_as_text(chromium, hostile_url):
    async def search():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            await page.goto(hostile_url, wait_until="load")
            await page.locator("input.md-search__input").focus()
            await page.wait_for_function(
                "() => !/Initializing search/.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
                timeout=60_000)
            await page.keyboard.type("injected bold")
            results = page.locator(".md-search-result__link")
            await results.first.wait_for(state="visible", timeout=30_000)
            return await page.evaluate(_INJECTED, [list(TEMPLATE_OUTPUTS)]), await results.count()
        finally:
            await context.close()

    problems, found = chromium.run(search())
    assert found > 0, "search found nothing for the payload's words, so its results were not checked"
    assert problems == []
