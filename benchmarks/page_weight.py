"""Page weight on a first visit, as a cheap phone on a static host would download it.

Loads the home page and the heaviest ICS page, group page and indicator page of the built site in headless
Chromium (a fresh browser context each, so nothing is cached) and adds up every response body,
gzip-compressed as a static host would serve it (or as is, when gzip does not make it smaller, as for
images and fonts). "initial" is after the page has loaded; "scrolled" after scrolling to the end, which
loads the charts that draw lazily. Target: an ICS page at most 400 KB including chart code; pages
without charts load no chart code.

It then swaps plotly.py's full plotly.js bundle into a temporary copy of the site, to show the weight
the partial bundle saves.

Usage: .venv/bin/python benchmarks/page_weight.py [--site-dir site] [--build]
(builds the site first when the folder has no index.html or with --build).
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 412, "height": 915}  # a common cheap Android phone
TARGET_ICS_KB = 400


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=REPO / "site")
    parser.add_argument("--build", action="store_true", help="rebuild the site first")
    args = parser.parse_args(argv)
    site = args.site_dir.resolve()
    if args.build or not (site / "index.html").is_file():
        print(f"Building the site into {site} ...", flush=True)
        subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(site)], cwd=REPO, check=True)

    chromium = os.environ.get("CHROMIUM") or "chromium"
    chromium = shutil.which(chromium) or chromium
    pages = _pick_pages(site)
    print(f"First visit, {VIEWPORT['width']} px wide, bodies gzipped (level 6) as a static host serves them.\n")
    after = asyncio.run(_measure_all(site, pages, chromium))
    _print_table("AFTER: partial plotly.js bundle (scatter, bar), as committed", after)

    full_bundle = _plotly_py_bundle()
    with tempfile.TemporaryDirectory(prefix="page-weight-") as temp:
        copy = Path(temp) / "site"
        shutil.copytree(site, copy)
        swapped = [path for path in copy.rglob("plotly*.js") if "assets" in path.parts]
        for path in swapped:
            shutil.copyfile(full_bundle, path)
        before = asyncio.run(_measure_all(copy, pages, chromium)) if swapped else None
    if before:
        _print_table(f"BEFORE: plotly.py's full bundle ({full_bundle.stat().st_size / 1e6:.1f} MB) in its place", before)
    else:
        print("BEFORE: no plotly*.js under the site's assets, so nothing to swap.")

    ics = next((row for row in after if row["kind"] == "ICS page"), None)
    if ics:
        verdict = "met" if ics["scrolled_kb"] <= TARGET_ICS_KB else "MISSED"
        print(f"\nTarget, ICS page <= {TARGET_ICS_KB} KB after scrolling (all charts drawn): {verdict} "
              f"({ics['scrolled_kb']:.0f} KB).")
    chartless = [row["kind"] for row in after if row["charts"] == 0 and row["chart_code_kb"] > 0]
    print("Pages without charts load no chart code: " + ("yes." if not chartless else f"NO: {', '.join(chartless)}."))
    return 0


def _pick_pages(site: Path) -> list[tuple[str, str]]:
    """(kind, URL path): the home page and the heaviest page of each generated kind (the most bytes of HTML,
    gzipped), since a target met on a light page says nothing of the others."""
    def heaviest(pattern: str) -> str | None:
        found = max(sorted(site.glob(pattern)), key=lambda page: len(gzip.compress(page.read_bytes(), 6, mtime=0)),
                    default=None)
        return found.parent.relative_to(site).as_posix() + "/" if found else None

    wanted = [("home page", ""), ("ICS page", heaviest("ics/*/index.html")),
              ("group page", heaviest("groups/*/index.html")), ("indicator page", heaviest("indicators/*/index.html"))]
    missing = [kind for kind, path in wanted if path is None]
    if missing:
        print(f"Not in the built site, so not measured: {', '.join(missing)}.")
    return [(kind, path) for kind, path in wanted if path is not None]


def _plotly_py_bundle() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@contextmanager
def _serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


async def _measure_all(site: Path, pages, chromium: str) -> list[dict]:
    from playwright.async_api import async_playwright

    with _serve(site) as base_url:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                return [await _measure(browser, base_url, kind, path) for kind, path in pages]
            finally:
                await browser.close()


async def _measure(browser, base_url: str, kind: str, path: str) -> dict:
    context = await browser.new_context(viewport=VIEWPORT)
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = await context.new_page()
    await page.goto(base_url + path, wait_until="load")
    await page.wait_for_load_state("networkidle")
    initial = await _weigh(list(responses))
    plots = page.locator(".chart-plot[data-figure]")
    charts = await plots.count()
    for index in range(charts):  # each chart draws when it scrolls into view; charts.js says when it is done
        await plots.nth(index).scroll_into_view_if_needed()
        await page.wait_for_function(
            "i => document.querySelectorAll('.chart-plot[data-figure]')[i].dataset.drawn === 'done'", arg=index)
    await page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    await page.wait_for_load_state("networkidle")
    scrolled = await _weigh(list(responses))
    await context.close()
    return {"kind": kind, "path": "/" + path, "charts": charts,
            "initial_kb": initial["total"] / 1024, "initial_requests": initial["requests"],
            "scrolled_kb": scrolled["total"] / 1024, "scrolled_requests": scrolled["requests"],
            "chart_code_kb": scrolled["chart_code"] / 1024}


async def _weigh(responses) -> dict:
    total = chart_code = 0
    for response in responses:
        try:
            body = await response.body()
        except Exception:  # redirects and aborted requests have no body
            body = b""
        size = min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0))) if body else 0
        total += size
        if "plotly" in response.url.rsplit("/", 1)[-1]:
            chart_code += size
    return {"total": total, "requests": len(responses), "chart_code": chart_code}


def _print_table(title: str, rows: list[dict]) -> None:
    print(title)
    header = f"{'page':<15} {'path':<34} {'charts':>6} {'initial KB':>10} {'req':>4} {'scrolled KB':>11} {'req':>4} {'chart code KB':>13}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['kind']:<15} {row['path'][:34]:<34} {row['charts']:>6} {row['initial_kb']:>10.0f} "
              f"{row['initial_requests']:>4} {row['scrolled_kb']:>11.0f} {row['scrolled_requests']:>4} "
              f"{row['chart_code_kb']:>13.0f}")
    print()


if __name__ == "__main__":
    sys.exit(main())
