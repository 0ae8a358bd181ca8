"""The publish workflow's own steps (.github/workflows/publish.yml), run in order as two tag pushes would run
them, on a repository made here, with GitHub's releases stood in for by a folder: a `gh` on PATH that keeps and
returns release assets there. What cannot run here is GitHub itself (the runner, Pages, upload-pages-artifact
and deploy-pages); everything the workflow does between them does.

Each run starts from an empty _site/, as a fresh runner does: the first publishes v1.0 and keeps its files;
the second fetches v1.0 as first published (checked against its sha256), builds only v1.1, and keeps that."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import paths

from history_builds import CHANGED_PAGE, SITE_URL, WRONG, add_release, change_first_rating, files, project_copy

WORKFLOW = paths.ROOT / ".github" / "workflows" / "publish.yml"
FETCH, BUILD, PACK = ("Fetch the releases as first published", "Build the releases not kept yet, and the pages around them",
                      "Pack the release of this tag, to be kept")
KEEP = "Create the GitHub Release with the built files"
REPOSITORY = "example/ics-inequalities"

# GitHub's releases, as the workflow uses them: `gh release download TAG --pattern P --dir D`, `gh release view
# TAG`, `gh release create TAG ... --notes-file F FILE...`; each release a folder of GH_STORE.
FAKE_GH = r'''#!/usr/bin/env python3
import fnmatch, shutil, sys
from pathlib import Path
import os
store = Path(os.environ["GH_STORE"])
args = sys.argv[1:]
assert args[0] == "release", args
verb, tag, rest = args[1], args[2], args[3:]
kept = store / tag
def option(name):
    return rest[rest.index(name) + 1] if name in rest else None
if verb == "view":
    sys.exit(0 if kept.is_dir() else 1)
if verb == "download":
    if not kept.is_dir():
        print(f"release not found: {tag}", file=sys.stderr); sys.exit(1)
    target = Path(option("--dir")); target.mkdir(parents=True, exist_ok=True)
    for asset in sorted(kept.iterdir()):
        if fnmatch.fnmatch(asset.name, option("--pattern")):
            shutil.copy(asset, target / asset.name)
    sys.exit(0)
if verb == "create":
    assert "--verify-tag" in rest and option("--repo") and option("--notes-file"), rest
    skip = {option(o) for o in ("--repo", "--title", "--notes-file")}
    kept.mkdir(parents=True)
    shutil.copy(option("--notes-file"), kept / "notes.md")
    for name in rest:
        if not name.startswith("--") and name not in skip:
            shutil.copy(name, kept / Path(name).name)
    sys.exit(0)
sys.exit(f"gh release {verb}: not stood in for")
'''


def _steps() -> dict[str, str]:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return {step["name"]: step["run"] for job in jobs.values() for step in job["steps"] if "name" in step and "run" in step}


def _run(repo: Path, script: str, **env: str) -> subprocess.CompletedProcess:
    """One step's script, as the runner runs it (bash -e), with the project's Python for .venv/bin/python."""
    environment = {**os.environ, "GH_TOKEN": "not-a-token"}
    environment.pop("SITE_URL", None)  # only the build step is given one, as in the workflow
    environment.update(env)
    return subprocess.run(["bash", "-e", "-c", script.replace(".venv/bin/python", sys.executable)], cwd=repo,
                          env=environment, capture_output=True, text=True, timeout=900)


def _push_tag(repo: Path, tag: str, gh: dict[str, str]) -> dict[str, subprocess.CompletedProcess]:
    """The steps a push of `tag` runs, on a fresh _site/ and release-assets/, stopping at the first that fails."""
    subprocess.run(["rm", "-rf", "_site", "release-assets"], cwd=repo, check=True)
    steps, done = _steps(), {}
    for name, env in ((FETCH, {}), (BUILD, {"SITE_URL": SITE_URL}), (PACK, {"TAG": tag}),
                      (KEEP, {"TAG": tag, "REPOSITORY": REPOSITORY})):
        done[name] = _run(repo, steps[name], **gh, **env)
        if done[name].returncode:
            break
    return done


@pytest.fixture(scope="module")
def two_pushes(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("publish")
    repo, store, tools = project_copy(base / "repo"), base / "releases", base / "bin"
    tools.mkdir()
    (tools / "gh").write_text(FAKE_GH, encoding="utf-8")
    (tools / "gh").chmod(0o755)
    gh = {"GH_STORE": str(store), "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    add_release(repo, "1.0", "edition", "The first edition.", "2026-01-05")
    first = _push_tag(repo, "v1.0", gh)
    v10 = files(repo / "_site" / "v1.0")
    change_first_rating(repo)
    add_release(repo, "1.1", "correction", "Puts right a rating of the Example ICS.", "2026-02-09", corrects="1.0",
             wrong=WRONG, pages=[CHANGED_PAGE])
    second = _push_tag(repo, "v1.1", gh)
    return {"repo": repo, "store": store, "gh": gh, "first": first, "second": second, "v10": v10}


def _ok(done: dict[str, subprocess.CompletedProcess]) -> None:
    for name, result in done.items():
        assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"
    assert list(done) == [FETCH, BUILD, PACK, KEEP]


def test_each_tag_push_builds_its_release_and_keeps_it_as_a_github_release(two_pushes):
    _ok(two_pushes["first"])
    _ok(two_pushes["second"])
    store = two_pushes["store"]
    for tag in ("v1.0", "v1.1"):
        assert sorted(p.name for p in (store / tag).iterdir()) == ["notes.md", f"site-{tag}.tar.gz",
                                                                   f"site-{tag}.tar.gz.sha256"]
    assert "Puts right a rating of the Example ICS." in (store / "v1.1" / "notes.md").read_text(encoding="utf-8")


def test_the_next_push_publishes_the_kept_release_byte_for_byte_and_builds_only_the_new_one(two_pushes):
    second = two_pushes["second"]
    assert "v1.0: kept as first published." in second[FETCH].stdout
    assert "v1.1: no files kept yet" in second[FETCH].stdout
    assert "v1.0: " in second[BUILD].stdout and "kept as published" in second[BUILD].stdout
    assert "Building release 1.0" not in second[BUILD].stdout and "Building release 1.1" in second[BUILD].stdout
    site = two_pushes["repo"] / "_site"
    assert files(site / "v1.0") == two_pushes["v10"]
    assert (site / "versions.json").is_file() and (site / "index.html").is_file() and (site / "v1.1" / "index.html").is_file()


def test_an_asset_that_does_not_match_its_hash_stops_the_publication(two_pushes):
    repo, store = two_pushes["repo"], two_pushes["store"]
    archive = store / "v1.0" / "site-v1.0.tar.gz"
    kept = archive.read_bytes()
    try:
        archive.write_bytes(kept + b"\0")
        subprocess.run(["rm", "-rf", "_site"], cwd=repo, check=True)
        fetched = _run(repo, _steps()[FETCH], **two_pushes["gh"])
    finally:
        archive.write_bytes(kept)
    assert fetched.returncode != 0
    assert "site-v1.0.tar.gz does not match its sha256: not publishing." in fetched.stderr
