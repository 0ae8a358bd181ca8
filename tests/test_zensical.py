"""The site builds the same on Zensical, Material's successor, as on MkDocs: the same pages, and the same
menu on each kind of page (titles and links). MkDocs 1.x is unmaintained and Material's maintenance ends
in May 2027, so the move must stay possible."""
from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from generator import paths, publish
from generator.load import load_dataset
from generator.pages import render_site
from generator.pages.nav import generated_config

PAGES = ("index.html", "ics/black-country/index.html", "ics/black-country/core20/index.html",
         "groups/core20/index.html", "indicators/life-expectancy/index.html", "framework/index.html",
         "contribute/index.html")
NAV_LINK = re.compile(r'<a href="([^"]*)"[^>]*class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>)?\s*([^<]*)')


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is missing: it is a test dependency (make .venv/.installed-stamp installs it)")
    return found


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The bundled data rendered once and built by each engine. Zensical wants the pages and the site inside
    the project, so they are built in a work folder there, and the config sits beside mkdocs.yml so that
    custom_dir and the other relative paths resolve as in a normal build."""
    out = tmp_path_factory.mktemp("engines")
    dataset = load_dataset()
    with tempfile.TemporaryDirectory(prefix=".zensical-", dir=paths.ROOT) as inside:
        work = Path(inside)
        render_site(dataset, work / "pages")
        docs = publish._assemble_docs(work / "pages", work / "docs")
        config = paths.ROOT / f".zensical-test-{work.name}.yml"
        relative = work.relative_to(paths.ROOT)  # Zensical stops at absolute paths here
        settings = {**yaml.safe_load(generated_config(dataset)), "docs_dir": str(relative / docs.name),
                    "site_dir": str(relative / "zensical")}
        config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
        try:
            mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config),
                                     "-d", str(out / "mkdocs")], cwd=paths.ROOT, capture_output=True, text=True,
                                    env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
            assert mkdocs.returncode == 0, mkdocs.stderr[-3000:]
            zensical = subprocess.run([_tool("zensical"), "build", "-f", str(config)], cwd=paths.ROOT,
                                      capture_output=True, text=True)
            assert zensical.returncode == 0, zensical.stdout[-3000:] + zensical.stderr[-3000:]
            shutil.copytree(work / "zensical", out / "zensical")
        finally:
            config.unlink(missing_ok=True)
    return out / "mkdocs", out / "zensical"


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def _menu(site: Path, page: str) -> list[tuple[str, str]]:
    """The menu's links, as addresses from the site's root, with their titles. The engines write the same
    link differently ('ics/' or './ics/'), and the current page's own link as '', '.' or './', so each is
    resolved and the page's own link left out."""
    here = posixpath.dirname(page)
    found = []
    for href, title in NAV_LINK.findall((site / page).read_text(encoding="utf-8")):
        if href.startswith("#"):
            continue
        target = posixpath.normpath(posixpath.join(here, href)) if href else here or "."
        if target != (here or "."):
            found.append((target, " ".join(title.split())))
    return found


def test_both_engines_build_the_same_pages(both):
    mkdocs, zensical = both
    assert len(_pages(mkdocs)) > 150
    assert _pages(zensical) == _pages(mkdocs)


@pytest.mark.parametrize("page", PAGES)
def test_both_engines_give_the_same_menu(both, page):
    mkdocs, zensical = both
    menu = _menu(mkdocs, page)
    assert len(menu) > 50
    assert _menu(zensical, page) == menu
