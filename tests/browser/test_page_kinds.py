"""One page of each kind, in depth: its charts draw at desktop width, no text of theirs cut off or covered, and a
keyboard alone reaches every link and control with a visible focus indicator. The page of each kind with the most
charts stands for its template."""
from __future__ import annotations

import pytest

from browser_helpers import (CHART, CHART_SVG, CHART_TEXT_HIDDEN, DESKTOP, KINDS, NARROW, SUMMARY, describe_failures,
                             draw_charts, for_each_page, representatives)

pytestmark = pytest.mark.browser

# Elements a keyboard user must be able to reach: every visible link and control.
_MARK_FOCUSABLES = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, '
    + '[tabindex], [contenteditable=""], [contenteditable="true"]';
  const shown = el => {
    if (el.closest('[inert], [aria-hidden="true"], [hidden]')) return false;
    // Content of a closed <details> is reached by opening it: its <summary> must be reachable instead.
    const closed = el.closest('details:not([open])');
    if (closed && !(el.tagName === 'SUMMARY' && el.parentElement === closed)) return false;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility !== 'visible') return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const found = [...document.querySelectorAll(selector)].filter(el => !el.disabled && el.tabIndex >= 0 && shown(el));
  return found.map((el, index) => { el.setAttribute('data-gate-kbd', index); return window.__gateDescribe(el); });
}"""

# How an element looks, for the comparison focused versus not focused.
_HELPERS = """() => {
  window.__gateDescribe = el => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
    const cls = (el.getAttribute('class') || '').split(/\\s+/).filter(Boolean).slice(0, 2).join('.');
    const href = el.getAttribute('href');
    return `<${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}${href ? ' href=' + href : ''}> "${text.slice(0, 40)}"`;
  };
  window.__gateLook = el => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !/rgba\\(.*, 0\\)$/.test(s.outlineColor)
      ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none';
    return {outline, shadow: s.boxShadow, background: s.backgroundColor, border: s.borderColor,
            decoration: `${s.textDecorationLine} ${s.textDecorationThickness}`};
  };
}"""

_LOOK_UNFOCUSED = """() => Object.fromEntries([...document.querySelectorAll('[data-gate-kbd]')]
  .map(el => [el.getAttribute('data-gate-kbd'), window.__gateLook(el)]))"""

_ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  return {id: el.getAttribute('data-gate-kbd'), look: window.__gateLook(el), what: window.__gateDescribe(el)};
}"""


@pytest.fixture(scope="session")
def kind_pages(site_pages):
    return representatives(site_pages)


def _page_of_kind(kind_pages, kind):
    if kind not in kind_pages:
        pytest.fail(f"The built site has no {kind!r} page, so that template was not checked "
                    f"(kinds found: {', '.join(sorted(kind_pages))}).", pytrace=False)
    return kind_pages[kind]


def test_the_site_has_charts(site_pages):
    assert any(page.charts for page in site_pages), f"No page has a chart (no {CHART} in any page)."


@pytest.mark.parametrize("kind", KINDS)
def test_charts_draw_with_their_text_and_nothing_comes_from_elsewhere(chromium, base_url, kind_pages, kind):
    site_page = _page_of_kind(kind_pages, kind)

    async def check():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            script_errors = []  # a chart module left out of the plotly.js bundle shows up here
            page.on("pageerror", lambda error: script_errors.append(f"script error: {error}"))
            page.on("console", lambda message: message.type == "error" and script_errors.append(
                f"console error: {message.text}"))
            elsewhere = []  # the site must make no request to a third-party host (no CDN, no web fonts)
            page.on("request", lambda request: request.url.startswith((base_url, "data:", "blob:")) or elsewhere.append(
                f"request to another host: {request.url}"))
            await page.goto(base_url + site_page.path, wait_until="load")
            problems = await draw_charts(page)
            problems += await page.evaluate(CHART_TEXT_HIDDEN) + script_errors + elsewhere
            figures = page.locator(CHART)
            for index in range(await figures.count()):
                figure = figures.nth(index)
                name = await figure.get_attribute("id") or f"chart {index + 1}"
                if not (await figure.locator("figcaption").all_inner_texts() or [""])[0].strip():
                    problems.append(f"{name}: no caption (figcaption) text")
                if not "".join(await figure.locator(SUMMARY).all_inner_texts()).strip():
                    problems.append(f"{name}: no text summary ({SUMMARY})")
                if not await figure.locator("table tbody tr").count():
                    problems.append(f"{name}: no data table with rows")
                drawn = figure.locator(CHART_SVG).first
                if await drawn.count() and (await drawn.bounding_box() or {"width": 0})["width"] < 100:
                    problems.append(f"{name}: the chart was drawn less than 100 px wide")
            return problems
        finally:
            await context.close()

    problems = chromium.run(check())
    if problems:
        pytest.fail(f"Charts on {site_page}:\n" + "\n".join(problems), pytrace=False)


# Every drawn chart has the layout for its width and plotly has finished drawing it (charts.js).
_ALL_IN_LAYOUT = """layout => [...document.querySelectorAll('.chart-plot[data-figure]')]
  .every(c => c.getAttribute('data-layout') === layout && c.getAttribute('data-drawn') === 'done')"""


def test_charts_take_the_layout_for_their_width_when_the_window_changes(chromium, base_url, kind_pages):
    """A phone turned round, or a window resized, past the narrow width: each chart is drawn again in the layout
    for its new width, with no text cut off or covered in either."""
    async def check(page, site_page):
        await page.goto(base_url + site_page.path, wait_until="load")
        problems = await draw_charts(page)
        if await page.locator('.chart-plot[data-layout="wide"]').count() != site_page.charts:
            problems.append("not every chart was drawn in the wide layout at desktop width")
        for viewport, layout in ((NARROW, "narrow"), (DESKTOP, "wide")):
            await page.set_viewport_size(viewport)
            await page.wait_for_function(_ALL_IN_LAYOUT, arg=layout)
            problems += [f"at {viewport['width']} px: {problem}" for problem in await page.evaluate(CHART_TEXT_HIDDEN)]
        return problems

    site_page = _page_of_kind(kind_pages, "ics")
    assert site_page.charts > 1
    results = chromium.run(for_each_page(chromium.browser, [site_page], check, viewport=DESKTOP))
    if any(results.values()):
        pytest.fail(describe_failures(results, "charts redrawn for their width"), pytrace=False)


# The hover labels plotly shows on a chart: the text of each, and the contrast of its text against its box (WCAG
# 2.x relative luminance), worked out here in the browser rather than by plotly's own colour code, which it checks.
_HOVER_LABELS = """chart => [...document.getElementById(chart).querySelectorAll('.hoverlayer .hovertext')].map(label => {
  const luminance = colour => {
    const [r, g, b] = (colour.match(/[\\d.]+/g) || []).slice(0, 3).map(c => Number(c) / 255)
      .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(getComputedStyle(label.querySelector('text.nums')).fill),
                             luminance(getComputedStyle(label.querySelector('path')).fill)].sort((a, b) => b - a);
  return {text: label.textContent, contrast: (lighter + 0.05) / (darker + 0.05)};
})"""


def test_hovering_a_point_shows_a_readable_label(chromium, base_url, kind_pages):
    """On the page of each kind with the most charts, pointing at a bar, marker or square of any series of any
    chart shows plotly's hover label, in text with at least 4.5:1 contrast against the label's box (WCAG 1.4.3),
    and on the ICS page with a figure in it. This runs the parts of plotly.js that drawing does not: hover, and
    the colour arithmetic that picks the label's text colour (scripts/plotly_esbuild.mjs cuts both down to what
    plotly.js uses)."""
    async def check(page, site_page):
        await page.goto(base_url + site_page.path, wait_until="load")
        problems = await draw_charts(page)
        plots = page.locator(".chart-plot[data-figure]")
        hovered = 0
        for index in range(await plots.count()):
            chart = await plots.nth(index).get_attribute("id")
            series = plots.nth(index).locator(".trace:has(.point)")
            for number in range(await series.count()):
                point = series.nth(number).locator(".point").first
                await point.evaluate("point => point.scrollIntoView({block: 'center'})")  # clear of the sticky header
                box = await point.bounding_box()
                await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                await page.wait_for_function(f"chart => ({_HOVER_LABELS})(chart).length > 0", arg=chart)
                for label in await page.evaluate(_HOVER_LABELS, chart):
                    if not label["text"].strip() or (site_page.kind == "ics" and not any(
                            character.isdigit() for character in label["text"])):
                        problems.append(f"{chart}: a hover label shows no figure: {label['text']!r}")
                    if label["contrast"] < 4.5:
                        problems.append(f"{chart}: a hover label's text has {label['contrast']:.2f}:1 contrast, "
                                        f"under 4.5:1 ({label['text']!r})")
                await page.mouse.move(0, 0)
                await page.wait_for_function(f"chart => ({_HOVER_LABELS})(chart).length === 0", arg=chart)
                hovered += 1
        return problems + ([] if hovered >= await plots.count() else [f"only {hovered} series hovered"])

    with_charts = [page for page in kind_pages.values() if page.charts]
    assert {page.kind for page in with_charts} >= {"home", "ics", "group", "indicator"}
    results = chromium.run(for_each_page(chromium.browser, with_charts, check, viewport=DESKTOP))
    if any(results.values()):
        pytest.fail(describe_failures(results, "hover labels"), pytrace=False)


@pytest.mark.parametrize("kind", KINDS)
def test_keyboard_reaches_every_link_and_control_with_visible_focus(chromium, base_url, kind_pages, kind):
    site_page = _page_of_kind(kind_pages, kind)

    async def check():
        context = await chromium.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            await page.goto(base_url + site_page.path, wait_until="load")
            await draw_charts(page)  # charts add their own controls when drawn
            await page.evaluate("window.scrollTo(0, 0)")
            await page.evaluate(_HELPERS)
            focusables = await page.evaluate(_MARK_FOCUSABLES)
            unfocused = await page.evaluate(_LOOK_UNFOCUSED)
            await page.evaluate("document.activeElement && document.activeElement.blur()")
            reached, no_indicator, first, outside = set(), [], None, 0
            for _ in range(len(focusables) * 2 + 20):
                await page.keyboard.press("Tab")
                active = await page.evaluate(_ACTIVE)
                if active is None:
                    outside += 1
                    if reached and outside >= 3:
                        break  # focus left the page after its last element (once can be a passing blur)
                    continue
                outside = 0
                key = active["id"] or active["what"]
                if key == first:
                    break  # wrapped round
                first = first or key
                reached.add(key)
                if active["id"] is not None and active["look"] == unfocused.get(active["id"]):
                    no_indicator.append(active["what"])
                elif active["look"]["outline"] == "none" and active["look"]["shadow"] == "none" \
                        and active["id"] is None:
                    no_indicator.append(active["what"])
            missed = [what for index, what in enumerate(focusables) if str(index) not in reached]
            return focusables, missed, no_indicator
        finally:
            await context.close()

    focusables, missed, no_indicator = chromium.run(check())
    problems = []
    if missed:
        problems.append(f"{len(missed)} of {len(focusables)} links/controls cannot be reached with Tab:")
        problems += [f"  {what}" for what in missed[:15]]
    if no_indicator:
        problems.append(f"{len(no_indicator)} elements show no visible focus indicator (outline, shadow, "
                        f"background, border or underline unchanged when focused):")
        problems += [f"  {what}" for what in no_indicator[:15]]
    if problems:
        pytest.fail(f"Keyboard use of {site_page}:\n" + "\n".join(problems), pytrace=False)
