"""The site builds the same on Zensical, Material's successor, as on MkDocs: the same pages, and the same
menu on each kind of page (titles and links). MkDocs 1.x is unmaintained and Material's maintenance ends
in May 2027, so the move must stay possible."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

PAGES = ("index.html", "ics/black-country/index.html", "ics/black-country/core20/index.html",
         "groups/core20/index.html", "indicators/life-expectancy/index.html", "framework/index.html",
         "contribute/index.html")
NAV_LINK = re.compile(r'<a href="([^"]*)"[^>]*class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>)?\s*([^<]*)')


@pytest.fixture(scope="module")
def both(site_build, zensical_site):
    """The bundled data's pages as built by MkDocs and by Zensical, with the same config."""
    return site_build.site, zensical_site


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
