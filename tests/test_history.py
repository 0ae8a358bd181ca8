"""The published history, end to end: a repository made from the bundled data is released as v1.0, some values
change and a correction is recorded and tagged v1.1, and `history` builds both. Each release has its address,
v1.0's bytes are the same after v1.1 is published, versions.json tells v1.0's pages of the correction, and a
published release that was tampered with stops the next run."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from generator import history

from history_builds import SITE_URL, WRONG, files, git, publish_two_releases


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return publish_two_releases(tmp_path_factory.mktemp("repo"), tmp_path_factory.mktemp("history") / "site")


def test_every_release_has_its_own_address_and_the_root_sends_readers_to_the_newest(published):
    site = published["site"]
    assert (site / "v1.0" / "index.html").is_file() and (site / "v1.1" / "index.html").is_file()
    assert 'url=v1.1/' in (site / "index.html").read_text(encoding="utf-8")
    assert "../v1.1/releases/" in (site / "releases" / "index.html").read_text(encoding="utf-8")
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert '"/history/"' in not_found and '"v1.1"' in not_found  # old links find the newest release's page
    # Each release is built at its own address, so its links, sitemap and canonical URLs name it.
    assert f"{SITE_URL}v1.0/" in (site / "v1.0" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}v1.1/" in (site / "v1.1" / "sitemap.xml").read_text(encoding="utf-8")


def test_publishing_a_release_leaves_every_byte_of_the_earlier_one_unchanged(published):
    assert [(folder, built) for folder, _, built in published["first"]] == [("v1.0", True)]
    assert [(folder, built) for folder, _, built in published["second"]] == [("v1.0", False), ("v1.1", True)]
    assert files(published["site"] / "v1.0") == published["v10"]
    # The manifest lists every file of the release with its hash, as sha256sum -c reads it.
    checked = subprocess.run(["sha256sum", "--quiet", "-c", history.MANIFEST], cwd=published["site"] / "v1.0",
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    manifest = (published["site"] / "v1.0" / history.MANIFEST).read_text(encoding="utf-8")
    assert len(manifest.splitlines()) == len(published["v10"]) - 1  # every file but the manifest itself


def test_versions_json_tells_the_corrected_release_of_its_correction(published):
    entries = json.loads((published["site"] / "versions.json").read_text(encoding="utf-8"))
    assert [(e["version"], e["title"], e["aliases"]) for e in entries] == [("v1.1", "1.1", ["latest"]),
                                                                          ("v1.0", "1.0", [])]
    newest, first = entries[0]["properties"], entries[1]["properties"]
    assert (newest["status"], newest["corrections"]) == ("newest", [])
    assert first["status"] == "superseded"
    assert first["corrections"] == [{"release": "1.1", "kind": "correction", "released_on": "2026-02-09",
                                     "what_was_wrong": WRONG,
                                     "pages": ["ics/example-ics-fictional/"]}]


def test_a_published_release_that_changed_stops_the_next_run(published, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(published["site"], site)
    page = site / "v1.0" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- changed -->", encoding="utf-8")
    with pytest.raises(history.HistoryError, match="no longer match"):
        history.build_history(site, SITE_URL, root=published["repo"])


def test_a_lightweight_tag_or_a_tag_without_its_record_is_refused(published, tmp_path):
    repo = published["repo"]
    git(repo, "tag", "v1.2")
    try:
        with pytest.raises(history.HistoryError, match="lightweight"):
            history.release_tags(repo)
        git(repo, "tag", "-d", "v1.2")
        git(repo, "tag", "-a", "v1.2", "-m", "no record")
        with pytest.raises(history.HistoryError, match="has no record"):
            history.build_history(tmp_path / "site", SITE_URL, root=repo)
    finally:
        git(repo, "tag", "-d", "v1.2")


def test_every_page_of_a_release_says_which_release_and_commit_it_is(published):
    repo, site = published["repo"], published["site"]
    for version in ("1.0", "1.1"):
        commit = git(repo, "rev-parse", f"v{version}^{{commit}}")
        page = (site / f"v{version}" / "ics" / "example-ics-fictional" / "index.html").read_text(encoding="utf-8")
        assert f"Release {version}, built from commit" in page and f"/commit/{commit}" in page
        assert f'data-release-notices="{version}"' in page  # where later corrections are announced
        assert "release-noscript" in page and "/../corrections/" in page  # and where to look without JavaScript
        assert '"provider":"mike"' in page.replace(" ", "")  # Material's version selector reads versions.json
