"""What the browser tests look for on a page, and the in-page checks they run (Playwright async API)."""
from __future__ import annotations

import asyncio
import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import paths
from generator.pages import common

# The page contract: every chart is a <figure class="chart"> holding a caption, a plain-English summary,
# a data table and the Plotly container, which holds an <svg class="main-svg"> once drawn, and has
# data-drawn="done" once plotly has finished drawing it (charts.js).
CHART = "figure.chart"
CHART_SVG = ".js-plotly-plot svg.main-svg"
CHART_DRAWN = '.chart-plot[data-drawn="done"]'
SUMMARY = ".chart-summary, .summary"

# Chart text that is cut off at the edge of its chart, that a legend covers, or that covers the next label
# on its axis: axis labels and titles, and legend entries. Each drawn chart is checked; returns a problem per text.
CHART_TEXT_HIDDEN = """() => {
  const problems = [];
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const drawn = el => { const box = el.getBoundingClientRect(); return box.width > 0 && box.height > 0 ? box : null; };
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const svg = plot.querySelector('svg.main-svg');
    const edge = svg && drawn(svg);
    if (!edge) return;
    const figure = plot.closest('figure');
    const name = (figure && figure.id) || `chart ${index + 1}`;
    const quoted = el => `"${el.textContent.trim().slice(0, 40)}"`;
    const texts = [...plot.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .legendtext')];
    texts.forEach(el => {
      const box = drawn(el);
      if (box && (box.left < edge.left - 1 || box.right > edge.right + 1 || box.top < edge.top - 1 || box.bottom > edge.bottom + 1))
        problems.push(`${name}: ${quoted(el)} is cut off at the edge of the chart`);
    });
    ['.xtick text', '.ytick text'].forEach(selector => {
      const labels = [...plot.querySelectorAll(selector)].filter(drawn);
      labels.slice(1).forEach((el, i) => {
        if (overlap(drawn(el), drawn(labels[i]))) problems.push(`${name}: ${quoted(labels[i])} and ${quoted(el)} overlap`);
      });
    });
    const legend = plot.querySelector('.legend');
    const covered = legend && drawn(legend);
    if (covered) texts.filter(el => !legend.contains(el)).forEach(el => {
      const box = drawn(el);
      if (box && overlap(box, covered)) problems.push(`${name}: the legend covers ${quoted(el)}`);
    });
  });
  return problems;
}"""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
PARALLEL_PAGES = 3  # 2 cores: one page renders while another runs axe and a third loads
CHART_TIMEOUT_MS = 15_000

# The second accessibility engine: HTML_CodeSniffer, pa11y's engine (Open SDG runs pa11y), from npm at the
# version pinned in package-lock.json (`make test` installs it). Its errors fail; warnings and notices
# ask for a human's judgement, so they do not.
HTMLCS_SCRIPT = paths.ROOT / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
HTMLCS_STANDARD = "WCAG2AA"
HTMLCS_TIMEOUT_S = 120  # a guard against a run that never calls back; a page takes well under a second

# Page kinds, by where the generator puts them (generator/paths.py GENERATED_DIRS); anything else is hand-written.
KINDS = ("home", "ics", "ics-group", "group", "indicator", "framework", "hand-written")


@dataclass(frozen=True)
class SitePage:
    path: str  # URL path from the site root: "" for home, "ics/E54000008/" ...
    kind: str
    charts: int

    def __str__(self) -> str:
        return f"/{self.path} ({self.kind})"


def page_kind(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    if not parts:
        return "home"
    section = parts[0]
    if section == "ics":
        return "ics" if len(parts) <= 2 else "ics-group"
    if section == "groups":
        return "group"
    if section == "indicators":
        return "indicator"
    if section == "framework":
        return "framework"
    return "hand-written"


def discover_pages(site: Path) -> list[SitePage]:
    """Every page of the built site (each index.html), in a stable order."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        path = "" if relative == "." else relative + "/"
        if path.startswith(("assets/", "search/")):
            continue
        html = index.read_text(encoding="utf-8", errors="replace")
        charts = len(re.findall(r'<figure\b[^>]*\bclass="[^"]*\bchart\b', html))
        pages.append(SitePage(path, page_kind(path), charts))
    return pages


def representatives(pages: list[SitePage]) -> dict[str, SitePage]:
    """One page per kind: the one with the most charts (the fullest test of that template)."""
    chosen: dict[str, SitePage] = {}
    for page in pages:
        best = chosen.get(page.kind)
        if best is None or page.charts > best.charts:
            chosen[page.kind] = page
    return chosen


async def for_each_page(browser, pages, check, *, parallel: int = PARALLEL_PAGES, **context_options):
    """Run `check(page, site_page)` on every page, `parallel` at a time, each worker in its own context.
    Returns {site_page: result}; an exception on one page becomes its result instead of stopping the rest."""
    queue: asyncio.Queue = asyncio.Queue()
    for site_page in pages:
        queue.put_nowait(site_page)
    results = {}

    async def worker():
        context = await browser.new_context(**context_options)
        page = await context.new_page()
        try:
            while not queue.empty():
                site_page = queue.get_nowait()
                try:
                    results[site_page] = await check(page, site_page)
                except Exception as error:  # reported per page by the test, never swallowed
                    results[site_page] = error
                    await page.close()
                    page = await context.new_page()
        finally:
            await context.close()

    await asyncio.gather(*(worker() for _ in range(max(1, min(parallel, len(pages))))))
    return results


async def draw_charts(page) -> list[str]:
    """Scroll each chart into view (they may draw lazily) and wait until it is drawn. Returns problems found."""
    problems = []
    figures = page.locator(CHART)
    for index in range(await figures.count()):
        figure = figures.nth(index)
        # The plot itself, not its figure: under a long caption and summary, a figure can be in view while
        # its plot is still far below, where it is not drawn yet.
        await figure.locator(".chart-plot").scroll_into_view_if_needed()
        try:
            await figure.locator(CHART_DRAWN).wait_for(state="attached", timeout=CHART_TIMEOUT_MS)
        except Exception:
            figure_id = await figure.get_attribute("id") or f"chart {index + 1}"
            problems.append(f"{figure_id}: no chart was drawn (no {CHART_DRAWN} after scrolling it into view)")
    return problems


async def run_axe(page, axe_script: str) -> list[dict]:
    await page.evaluate(axe_script)
    results = await page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        {"rule": v["id"], "impact": v.get("impact"), "help": v["help"],
         "nodes": [{"target": " ".join(map(str, n["target"])), "html": " ".join(n["html"].split())[:200]} for n in v["nodes"]]}
        for v in results["violations"]
    ]


# HTMLCS.process calls back once it has run every sniff: resolve then with its errors (type HTMLCS.ERROR),
# each with where the element is and the start of its HTML.
_HTMLCS_ERRORS = """standard => new Promise((resolve, reject) => {
  const name = el => {
    const cls = (el.getAttribute('class') || '').split(/\\s+/).filter(Boolean).slice(0, 2).map(c => '.' + c).join('');
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls;
  };
  const where = el => {
    if (!el || el.nodeType !== Node.ELEMENT_NODE) return el && el.nodeType === Node.DOCUMENT_NODE ? '(the document)' : '';
    const path = [];
    for (let node = el; node && node.nodeType === Node.ELEMENT_NODE && path.length < 4; node = node.parentElement) {
      path.unshift(name(node));
      if (node.id) break;
    }
    return path.join(' > ');
  };
  const html = el => el && el.outerHTML ? el.outerHTML.replace(/\\s+/g, ' ').slice(0, 240) : '';
  HTMLCS.process(standard, document, () => resolve(HTMLCS.getMessages()
      .filter(message => message.type === HTMLCS.ERROR)
      .map(message => ({code: message.code, message: message.msg, where: where(message.element),
                        html: html(message.element)}))),
    error => reject(new Error(`HTML_CodeSniffer could not check the page: ${error}`)), 'en');
})"""


async def run_htmlcs(page, script: Path = HTMLCS_SCRIPT) -> list[dict]:
    """HTML_CodeSniffer's errors on the page as it is now (WCAG 2 AA): [{code, message, where, html}]."""
    await page.add_script_tag(path=str(script))
    return await asyncio.wait_for(page.evaluate(_HTMLCS_ERRORS, HTMLCS_STANDARD), HTMLCS_TIMEOUT_S)


@dataclass
class PageAudit:
    """What both accessibility engines found on one page: a list of findings each, or the exception that
    stopped that engine (htmlcs is None where HTML_CodeSniffer is not installed)."""
    axe: list | Exception
    htmlcs: list | Exception | None


async def audit_page(page, url: str, axe_script: str, htmlcs_script: Path | None, ready: str = "") -> PageAudit:
    """Open the page, wait for the `ready` selector if given (something a script adds after loading), draw its
    charts (both engines must see them), then run axe-core and HTML_CodeSniffer on the same page, so the site
    is visited once for both."""
    await page.goto(url, wait_until="load")
    if ready:
        await page.wait_for_selector(ready, state="attached")
    chart_problems = await draw_charts(page)
    try:
        axe = await run_axe(page, axe_script)
        if chart_problems:
            axe.append({"rule": "chart-not-drawn", "impact": "serious", "help": "Chart was not drawn",
                        "nodes": [{"target": problem, "html": ""} for problem in chart_problems]})
    except Exception as error:  # reported by test_axe.py; HTML_CodeSniffer still checks the page
        axe = error
    htmlcs = None
    if htmlcs_script is not None:
        try:
            htmlcs = await run_htmlcs(page, htmlcs_script)
        except Exception as error:  # reported by test_htmlcs.py
            htmlcs = error
    return PageAudit(axe, htmlcs)


def describe_failures(results: dict, what: str, limit: int = 40) -> str:
    """A readable failure message: which pages failed and how, errors first, at most `limit` pages."""
    failing = {page: result for page, result in results.items() if result}
    lines = [f"{len(failing)} of {len(results)} pages fail {what}:"]
    for page, result in list(failing.items())[:limit]:
        if isinstance(result, Exception):
            lines.append(f"- {page}: the check itself failed: {type(result).__name__}: {result}")
        else:
            lines.extend([f"- {page}:"] + [f"    {problem}" for problem in result])
    if len(failing) > limit:
        lines.append(f"... and {len(failing) - limit} more pages")
    return "\n".join(lines)


async def serve_at(context, site: Path, address: str) -> None:
    """Answer every request the pages of `context` make to `address` (https://host/path/) from the built site
    folder, as GitHub Pages would serve it there, and refuse every other request: a site published under
    /<repository>/ can be tested at its real address with no server and no network."""
    prefix = urlsplit(address).path

    async def answer(route):
        path = unquote(urlsplit(route.request.url).path)
        target = (site / path[len(prefix):]) if path.startswith(prefix) else None
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is None or not target.is_file() or site.resolve() not in target.resolve().parents:
            await route.fulfill(status=404, path=site / "404.html")
        else:
            await route.fulfill(path=target)

    await context.route(lambda url: not url.startswith(address), lambda route: route.abort())
    await context.route(address + "**", answer)


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def search_cases() -> list[tuple[str, str, str]]:
    """What the search tests look for: (what, words typed, a fragment of the page address expected). The
    words come from the bundled data packages, so the tests follow the data: a real ICS, a local authority
    in that ICS's places list, and a community group."""
    reference = paths.DATAPACKAGES / "reference"
    areas = {row["area_code"]: row for row in _rows(reference / "areas.csv")}
    icbs = sorted((a for a in areas.values() if a["area_type"] == "icb" and a["is_fictional"] != "true"),
                  key=lambda a: a["area_code"])
    places_of = {a["area_code"]: sorted(_rows(paths.DATAPACKAGES / a["area_code"] / "places.csv"),
                                        key=lambda p: p["area_code"]) for a in icbs}
    several = [a for a in icbs if len(places_of[a["area_code"]]) > 1]
    ics = several[len(several) // 2]  # any real ICS with several places; one from the middle, not the easy first
    ics_slug = common.slug(ics["short_name"])
    places = places_of[ics["area_code"]]
    # A place whose name is only in this ICS, so the first result can be expected to be this ICS's page.
    # and not named like the ICS itself (Somerset is both), so the place's own name is what is found.
    names = [areas[p["area_code"]]["name"] for p in places if float(p["share_of_lsoas"]) == 1.0]
    place = next(n for n in names + [areas[p["area_code"]]["name"] for p in places]
                 if n.lower() not in ics["short_name"].lower())
    group = sorted(_rows(reference / "community_groups.csv"), key=lambda g: g["group_id"])[0]
    return [("an ICS by name", ics["short_name"], f"ics/{ics_slug}/"),
            ("an ICS by one of its places", place, f"ics/{ics_slug}/"),
            ("a community group by name", group["name"], f"groups/{common.slug(group['group_id'])}/")]
