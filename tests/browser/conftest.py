"""Fixtures for the browser tests: build the site once, serve it on 127.0.0.1, drive the system's Chromium.

Playwright cannot download browsers on our machines, so the tests launch Chromium from the system
(`make browser` installs Debian's; set CHROMIUM to a command or path to use another one). Without
Chromium the tests are skipped with a reason, except in CI (CI=true), where they fail: CI must not pass
without them. Set SITE_UNDER_TEST (and HOSTILE_SITE_UNDER_TEST for test_hostile_data.py) to an already
built site folder to skip the build while iterating.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser_helpers import HTMLCS_SCRIPT, discover_pages
from hostile_data import hostile_copy
from page_checks import audits
from site_builds import run_build

from generator import paths

# Flags measured to work for headless Debian Chromium on our machines (shared/docs/toolchain.md).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVER_LIFETIME_S = 3600  # the server stops with the session, and in any case after an hour


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _find_chromium() -> str | None:
    wanted = os.environ.get("CHROMIUM") or "chromium"
    found = shutil.which(wanted) or shutil.which("chromium-browser")
    return found or (wanted if Path(wanted).is_file() and os.access(wanted, os.X_OK) else None)


def _unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"{reason}. Browser tests cannot be skipped in CI (CI=true).", pytrace=False)
    pytest.skip(f"{reason}; skipping the browser tests (they fail instead when CI=true)")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    try:
        import playwright  # noqa: F401
    except ImportError:
        _unavailable("The playwright package is missing: run `make .venv/.installed-stamp`")
    path = _find_chromium()
    if path is None:
        _unavailable("Chromium is not installed: run `make browser` (Debian's package)")
    return path


@pytest.fixture(scope="session")
def built_site(site_build, chromium_path) -> Path:
    """The site under test: SITE_UNDER_TEST if given, else the run's one build of the repository's data."""
    given = os.environ.get("SITE_UNDER_TEST")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"SITE_UNDER_TEST={given} has no index.html: build the site first (make site).",
                        pytrace=False)
        return site
    return site_build.site


@pytest.fixture(scope="session")
def site_pages(built_site):
    pages = discover_pages(built_site)
    assert pages, f"The built site in {built_site} has no pages (no index.html files)."
    return pages


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@contextlib.contextmanager
def _serve(site: Path):
    """Serve a built site on 127.0.0.1 (a free port) from a thread; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    deadline = threading.Timer(SERVER_LIFETIME_S, server.shutdown)
    deadline.daemon = True
    deadline.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        deadline.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(built_site):
    with _serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def zensical_url(zensical_site, chromium_path):
    """The same pages built by Zensical (tests/conftest.py), served like the MkDocs build."""
    with _serve(zensical_site) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, chromium_path) -> Path:
    """The site built from a copy of the bundled data with hostile text in every free-text field
    (HOSTILE_SITE_UNDER_TEST names one built before, to skip the build while iterating)."""
    given = os.environ.get("HOSTILE_SITE_UNDER_TEST")
    if given:
        return Path(given).resolve()
    work = tmp_path_factory.mktemp("hostile")
    data = hostile_copy(paths.DATAPACKAGES, work / "datapackages")
    return run_build(work / "site", "--data", str(data), "--content-dir", str(work / "content"))


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory, chromium_path) -> Path:
    """The site built as a pull request's preview: it opens from its folder, without a server."""
    work = tmp_path_factory.mktemp("preview")
    return run_build(work / "site", "--offline", "--content-dir", str(work / "content"))


@pytest.fixture(scope="module")
def hostile_pages(hostile_site):
    return discover_pages(hostile_site)


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with _serve(hostile_site) as url:
        yield url


class Chromium:
    """One headless Chromium for the session, driven by Playwright's async API on a private event loop,
    so a test can check several pages at once in separate browser contexts (`run` blocks until done)."""

    def __init__(self, executable: str):
        self.loop = asyncio.new_event_loop()
        self.browser = self.run(self._launch(executable))

    async def _launch(self, executable: str):
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        return await self._playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                                      headless=True)

    def run(self, coroutine):
        return self.loop.run_until_complete(coroutine)

    def close(self):
        async def _stop():
            await self.browser.close()
            await self._playwright.stop()

        try:
            self.run(_stop())
        finally:
            self.loop.close()


@pytest.fixture(scope="session")
def chromium(chromium_path):
    browser = Chromium(chromium_path)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def htmlcs_script(chromium_path) -> Path:
    """HTML_CodeSniffer's browser build, installed from package-lock.json (`make test` runs `npm ci`)."""
    if not HTMLCS_SCRIPT.is_file():
        _unavailable(f"HTML_CodeSniffer is not installed ({HTMLCS_SCRIPT.relative_to(paths.ROOT)} is missing): "
                     "run `make htmlcs` (npm ci)")
    return HTMLCS_SCRIPT


@pytest.fixture(scope="session")
def page_audits(chromium, base_url, site_pages) -> dict:
    """Every page, visited once at desktop width with its charts drawn, checked by axe-core (test_axe.py)
    and by HTML_CodeSniffer where it is installed (test_htmlcs.py): {site_page: PageAudit, or the exception
    that stopped the visit}."""
    return audits(chromium, base_url, site_pages)
