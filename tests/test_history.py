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


def test_the_what_changed_page_lists_exactly_the_changed_rows_traced_to_line_and_commit(published):
    import csv

    repo, site = published["repo"], published["site"]
    page = (site / "v1.1" / "releases" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "What changed in release 1.1" in page and "Puts right a rating of the Example ICS." in page
    assert "Compared with release 1.0 (5 January 2026): 1 value changed." in page
    assert ">Self-assessment ratings</h3>" in page  # the table's own title, from its Table Schema
    with open(site / "v1.1" / "downloads" / "releases" / "changes" / "changes.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["Area code"], r["Table"], r["Change"], r["Column"], r["Before"], r["After"]) for r in rows] == [
        ("X54000099", "ratings", "changed", "level", published["old"], published["new"])]
    # The source names the line, and links it at the release's commit, where the line holds the new value.
    commit = git(repo, "rev-parse", "v1.1^{commit}")
    path, line = rows[0]["Source (file:line)"].rsplit(":", 1)
    assert rows[0]["Source link"].endswith(f"/blob/{commit}/{path}?plain=1#L{line}")
    at_release = git(repo, "show", f"{commit}:{path}").split("\n")
    assert f",{published['new']}," in at_release[int(line) - 1]
    assert f'href="{rows[0]["Source link"]}"'.replace("&", "&amp;") in page


def test_the_releases_and_corrections_pages_list_every_release_and_correction(published):
    site = published["site"]
    releases = (site / "v1.1" / "releases" / "index.html").read_text(encoding="utf-8")
    assert releases.index("Puts right a rating of the Example ICS.") < releases.index("The first edition.")
    assert "This is release 1.1, published on 9 February 2026." in releases
    corrections = (site / "v1.1" / "releases" / "corrections" / "index.html").read_text(encoding="utf-8")
    assert WRONG.replace("'", "&#39;") in corrections and "ics/example-ics-fictional/" in corrections
    first = (site / "v1.0" / "releases" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "There is no earlier release to compare with" in first


def test_a_release_packed_as_its_assets_unpacks_to_the_same_bytes_and_is_kept(published, tmp_path):
    """The publish workflow keeps each release's files as the assets of its GitHub Release
    (scripts/pack-release.sh) and unpacks them into the next history (scripts/fetch-releases.sh does the
    unpacking after checking the hash); history then keeps them as they are."""
    repo, site = published["repo"], published["site"]
    for attempt in ("first", "second"):
        subprocess.run(["scripts/pack-release.sh", str(site), "v1.0", str(tmp_path / attempt)], cwd=repo, check=True)
    archive = (tmp_path / "first" / "site-v1.0.tar.gz").read_bytes()
    assert archive == (tmp_path / "second" / "site-v1.0.tar.gz").read_bytes()  # reproducible
    assert subprocess.run(["sha256sum", "-c", "site-v1.0.tar.gz.sha256"], cwd=tmp_path / "first").returncode == 0
    assert "The first edition." in (tmp_path / "first" / "notes.md").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    subprocess.run(["tar", "-xzf", str(tmp_path / "first" / "site-v1.0.tar.gz"), "-C", str(fresh)], check=True)
    assert files(fresh / "v1.0") == published["v10"]
    assert history._kept(fresh / "v1.0", history.release_tags(repo)[0])


def test_building_a_tag_again_gives_the_same_bytes(published, tmp_path):
    """Reproducible: the same tag built again elsewhere (and later) gives every file byte for byte, sitemap.xml.gz
    included, because every date comes from the tag's commit."""
    again = tmp_path / "again"
    history.build_history(again, SITE_URL, root=published["repo"])
    assert files(again / "v1.0") == published["v10"]
    assert (again / "v1.0" / "sitemap.xml.gz").is_file()


def test_the_index_lists_every_release_with_downloads_whose_hashes_verify(published, tmp_path):
    import hashlib
    import zipfile

    import frictionless
    import yaml

    site, repo = published["site"], published["repo"]
    index = json.loads((site / "releases.json").read_text(encoding="utf-8"))
    assert [(e["version"], e["kind"], e["commit"]) for e in index] == [
        (v, k, git(repo, "rev-parse", f"v{v}^{{commit}}")) for v, k in (("1.1", "correction"), ("1.0", "edition"))]
    downloads = index[0]["downloads"]
    assert len(downloads) > 40  # the reference, England, every system and the Example
    for item in downloads:
        assert hashlib.sha256((site / item["path"]).read_bytes()).hexdigest() == item["sha256"]
    example = next(d for d in downloads if d["path"].endswith("/X54000099.zip"))
    with zipfile.ZipFile(site / example["path"]) as archive:
        archive.extractall(tmp_path / "example")
    cited = yaml.safe_load((tmp_path / "example" / "CITATION.cff").read_text(encoding="utf-8"))
    assert (cited["version"], cited["date-released"], cited["commit"]) == ("1.1", "2026-02-09", index[0]["commit"])
    assert "release 1.1" in (tmp_path / "example" / "README.md").read_text(encoding="utf-8")
    assert frictionless.validate(tmp_path / "example" / "datapackage.json").valid
    ratings = tmp_path / "example" / "ratings.csv"
    ratings.write_text(ratings.read_text(encoding="utf-8").replace("maturing", "thriving", 1), encoding="utf-8")
    report = frictionless.validate(tmp_path / "example" / "datapackage.json")
    assert not report.valid and "hash-count" in {e.type for task in report.tasks for e in task.errors}
    whole = yaml.safe_load((site / "v1.0" / "CITATION.cff").read_text(encoding="utf-8"))
    assert (whole["version"], whole["date-released"], whole["url"]) == ("1.0", "2026-01-05", f"{SITE_URL}v1.0/")


def test_the_change_counts_are_in_plain_words():
    import doctest

    from generator.pages import releases

    results = doctest.testmod(releases)
    assert results.attempted >= 1 and results.failed == 0


def test_a_history_over_the_pages_limit_is_refused_before_anything_is_published(tmp_path, monkeypatch, capsys):
    (tmp_path / "v1.0").mkdir()
    (tmp_path / "v1.0" / "index.html").write_bytes(b"x" * 2_000)
    monkeypatch.setattr(history, "build_history", lambda site_dir, site_url: [("v1.0", 2_000, True)])
    monkeypatch.setattr(history, "PAGES_LIMIT", 1_000)
    assert history.run(tmp_path, None) == 2
    assert "over GitHub Pages' limit" in capsys.readouterr().err
    monkeypatch.setattr(history, "PAGES_LIMIT", 2_400)  # within the limit but over 80% of it: a warning only
    assert history.run(tmp_path, None) == 0
    assert "over 80%" in capsys.readouterr().err
