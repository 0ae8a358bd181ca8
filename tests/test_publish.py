"""Nothing is half-published: a build that fails at any step leaves site/, content/ and the repository as
they were, says why without a traceback, and exits 1. Each step is made to fail in turn, with the steps
before it replaced by quick stand-ins (the real steps are tested end to end in test_build.py)."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

import generator.load
import generator.pages
import generator.pages.nav
import generator.pages.site
import generator.validate
from generator import paths, publish
from generator.provenance import Provenance
from generator.validate import ValidationReport

FAKE_MKDOCS = ("import sys, pathlib; site = pathlib.Path(sys.argv[sys.argv.index('--site-dir') + 1]); "
               "(site / 'index.html').write_text('new site')")


class _FakeRendered:
    def __init__(self, previous: Path | None):
        self.previous = previous

    def record(self) -> None:
        """A clean build writes it while MkDocs runs, any other before."""


def _fake_pages(dataset, out_dir: Path, directory_urls: bool = True, previous: Path | None = None,
                origin: Provenance | None = None) -> _FakeRendered:
    (out_dir / "ics").mkdir(parents=True)
    (out_dir / "ics" / "new.md").write_text("# New\n", encoding="utf-8")
    (out_dir / "index.md").write_text("# Home\n", encoding="utf-8")
    return _FakeRendered(previous)


@pytest.fixture
def previous(tmp_path, monkeypatch):
    """A site and a content folder from an earlier build, and quick stand-ins for every step."""
    content, site = tmp_path / "content", tmp_path / "site"
    (content / "ics").mkdir(parents=True)
    (content / "ics" / "old.md").write_text("# Old\n", encoding="utf-8")
    (content / "about.md").write_text("hand-written\n", encoding="utf-8")
    (content / publish.MANIFEST).write_text('["ics"]\n', encoding="utf-8")
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    monkeypatch.setattr(generator.validate, "validate_paths", lambda paths_, root, cache=True, processes=None: ValidationReport([], 1))
    monkeypatch.setattr(generator.load, "load_dataset", lambda root, cache=False, processes=1: object())
    monkeypatch.setattr(generator.pages.site, "provenance_of", lambda dataset: Provenance())
    monkeypatch.setattr(generator.pages, "render_pages", _fake_pages)
    monkeypatch.setattr(generator.pages.nav, "generated_config",
                        lambda dataset, site_url=None, directory_urls=True, origin=None: "INHERIT: mkdocs.yml\n")
    monkeypatch.setattr(publish, "mkdocs_command",
                        lambda config, site_dir: [sys.executable, "-c", FAKE_MKDOCS, "--site-dir", str(site_dir)])
    return content, site


def _snapshot(*folders: Path) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _leftovers(site: Path) -> list[str]:
    return sorted(p.name for folder in (paths.ROOT, site.parent) for p in folder.iterdir()
                  if p.name.startswith((".build-", ".mkdocs-build-", ".site-new-", ".site-old-")))


def _boom(*args, **kwargs):
    raise RuntimeError("injected failure")


STAGES = {
    "loading the data": (generator.load, "load_dataset", _boom),
    "rendering the pages": (generator.pages, "render_pages", _boom),
    "recording the pages for the next build": (_FakeRendered, "record", _boom),
    "writing the menu": (generator.pages.nav, "generated_config", _boom),
    "mkdocs": (publish, "mkdocs_command", lambda config, site_dir: [sys.executable, "-c", "raise SystemExit(3)"]),
    "moving the new site into place": (publish, "_swap_site", _boom),
}


@pytest.mark.parametrize("clean", [False, True], ids=["build", "clean build"])
@pytest.mark.parametrize("stage", STAGES)
def test_a_failure_at_any_step_changes_nothing(previous, monkeypatch, capsys, stage, clean):
    content, site = previous
    before = _snapshot(content, site)
    module, name, failing = STAGES[stage]
    monkeypatch.setattr(module, name, failing)
    assert publish.build_site(site_dir=site, content_dir=content, clean=clean) == 1
    error = capsys.readouterr().err
    assert "The site was not built" in error and publish.UNCHANGED in error
    assert "Traceback" not in error
    assert ("mkdocs could not build the site" in error) if stage == "mkdocs" else ("injected failure" in error)
    assert _snapshot(content, site) == before
    assert _leftovers(site) == []


def test_when_every_step_succeeds_the_new_pages_and_site_replace_the_old(previous, capsys):
    content, site = previous
    assert publish.build_site(site_dir=site, content_dir=content) == 0
    assert (site / "index.html").read_text() == "new site"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()) == [
        ".generated.json", "about.md", "ics/new.md", "index.md"]
    assert _leftovers(site) == []


def test_invalid_data_is_reported_and_nothing_is_built(previous, monkeypatch, capsys):
    content, site = previous
    before = _snapshot(content, site)
    issue = generator.validate.Issue("type-error", "datapackages/X/observations.csv", 3, "value", "bad", "fix it")
    monkeypatch.setattr(generator.validate, "validate_paths", lambda paths_, root, cache=True, processes=None: ValidationReport([issue], 1))
    assert publish.build_site(site_dir=site, content_dir=content) == 1
    error = capsys.readouterr().err
    assert "line 3" in error and "fix the problems above first" in error
    assert _snapshot(content, site) == before


def test_the_address_the_site_is_published_at_comes_from_site_url(previous, monkeypatch):
    content, site = previous
    given = {}
    monkeypatch.setattr(generator.pages.nav, "generated_config",
                        lambda dataset, site_url=None, directory_urls=True, origin=None:
                            given.setdefault("site_url", site_url) and "INHERIT: mkdocs.yml\n")
    monkeypatch.setenv("SITE_URL", "https://ics-team.github.io/ics-inequalities")
    assert publish.build_site(site_dir=site, content_dir=content) == 0
    assert given["site_url"] == "https://ics-team.github.io/ics-inequalities/"


@pytest.mark.parametrize("address", ["javascript:alert(1)", "http://example.org/", "example.org"])
def test_a_site_url_that_is_not_https_is_refused_before_anything_is_built(previous, monkeypatch, capsys, address):
    content, site = previous
    before = _snapshot(content, site)
    monkeypatch.setenv("SITE_URL", address)
    assert publish.build_site(site_dir=site, content_dir=content) == 2
    assert "SITE_URL must be the https:// address" in capsys.readouterr().err
    assert _snapshot(content, site) == before


def test_the_generated_menu_names_the_site_url_only_when_given(monkeypatch):
    from generator.load import Dataset
    from generator.pages.nav import generated_config

    monkeypatch.setattr(generator.pages.nav, "site_nav", lambda dataset, nav: nav)
    assert "site_url: https://a.example/\n" in generated_config(Dataset(None, []), "https://a.example/")
    assert "site_url" not in generated_config(Dataset(None, []))
