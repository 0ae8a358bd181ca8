"""`python -m generator history --site-dir DIR`: the whole published history, from the repository's v* tags.

Each release is built once, from its own tag (that commit's generator and data, checked out in a git worktree),
at the address it is published at (SITE_URL followed by vMAJOR.MINOR/) and dated by its commit
(SOURCE_DATE_EPOCH), into DIR/vMAJOR.MINOR/ with a MANIFEST.sha256 of every file. A release already in DIR
whose manifest verifies and names the same commit is kept as it is, so the bytes of a published release never
change; one whose files no longer match its manifest stops the run (it is restored, never silently rebuilt).

Around the releases, rewritten on every run from releases/ at the checkout (the newest records, corrections
included): versions.json, which Material's version selector reads and whose `properties` tell every release's
pages about later corrections; the root page, which sends readers to the newest release; releases/ and
corrections/, which do the same for those pages; and a 404 page that finds the newest release's page for an
address without a release in it.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator import paths, release, shell
from generator.citation import Edition, citation_cff
from generator.provenance import Provenance, git_output

MANIFEST = "MANIFEST.sha256"
RECORD = "release.json"
PAGES_LIMIT = 1_000_000_000  # GitHub Pages publishes a site of at most 1 GB


class HistoryError(Exception):
    """The history cannot be built as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Tagged:
    version: str
    commit: str
    epoch: str  # the commit's time, seconds since 1970: its build's SOURCE_DATE_EPOCH

    @property
    def folder(self) -> str:
        return f"v{self.version}"

    def address(self, site_url: str | None) -> str:
        """Where the release is published: SITE_URL followed by its folder ('' without a SITE_URL)."""
        return f"{site_url.rstrip('/')}/{self.folder}/" if site_url else ""


def release_tags(root: Path = paths.ROOT) -> list[Tagged]:
    """Every release tag (annotated, vMAJOR.MINOR), oldest first; HistoryError for a lightweight one."""
    try:
        release.repository_tags(root)  # refuses a shallow clone, whose tags are incomplete
    except release.ReleaseError as problem:
        raise HistoryError(str(problem)) from problem
    listed = release.run_git(["for-each-ref", "--format=%(refname:short)%09%(objecttype)%09%(*objectname)", "refs/tags/v*"], root)
    found = []
    for line in listed.splitlines():
        name, kind, commit = (line.split("\t") + ["", ""])[:3]
        version = release.tag_version(name)
        if not version:
            continue
        if kind != "tag":
            raise HistoryError(f"{name} is a lightweight tag; a release is an annotated tag, which records who made it "
                               f"and when. Replace it: git tag -d {name} && git tag -a {name} {name}^{{}} -m \"Release "
                               f"{version}\"")
        found.append(Tagged(version, commit, release.run_git(["log", "-1", "--format=%ct", commit], root)))
    return sorted(found, key=lambda t: release.parse_version(t.version))


def build_history(site_dir: Path, site_url: str | None, root: Path = paths.ROOT) -> list[tuple[str, int, bool]]:
    """Every release into site_dir and the shell around them: (folder, bytes, built now) for each release."""
    tags = release_tags(root)
    if not tags:
        raise HistoryError("There is no release yet: record one with `python -m generator release 1.0 --kind edition "
                           "--summary \"...\"`, commit it, tag it with `git tag -a v1.0 -m \"Release 1.0\"` and push the tag.")
    records = {r.version: r for r in release.read_releases(root / "releases")}
    unrecorded = [t.folder for t in tags if t.version not in records]
    if unrecorded:
        raise HistoryError(f"The tag {unrecorded[0]} has no record in releases/releases.csv: every release says what "
                           "changed and why. Record it with `python -m generator release`.")
    site_dir.mkdir(parents=True, exist_ok=True)
    done = []
    for tagged in tags:
        target = site_dir / tagged.folder
        built = not _kept(target, tagged)
        if built:
            _build_release(tagged, target, site_url, root, records[tagged.version].released_on)
        done.append((tagged.folder, _size(target), built))
    shell.write_shell(site_dir, [records[t.version] for t in tags], release.read_corrections(root / "releases"),
                      urlsplit(site_url).path if site_url else "/")
    return done


def _kept(target: Path, tagged: Tagged) -> bool:
    """Whether a built release is here and intact; HistoryError if it is here but not intact."""
    if not target.exists():
        return False
    record, manifest = target / RECORD, target / MANIFEST
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
        listed = manifest.read_text(encoding="utf-8")
    except (OSError, ValueError) as error:
        raise HistoryError(f"{target} is not a release this command built ({error}); move it away.") from error
    if recorded.get("commit") != tagged.commit:
        raise HistoryError(f"{target} was built from commit {recorded.get('commit')}, but {tagged.folder} tags "
                           f"{tagged.commit}. A published release never changes: find out why the tag moved.")
    if listed != manifest_text(target):
        raise HistoryError(f"The files of {target} no longer match its {MANIFEST}. A published release never changes: "
                           f"restore the folder from its release asset, or delete it to build {tagged.folder} again.")
    return True


def _build_release(tagged: Tagged, target: Path, site_url: str | None, root: Path, released_on: str) -> None:
    """Build the tag's own generator and data, in a worktree, into target (moved in only when complete)."""
    with tempfile.TemporaryDirectory(prefix="history-") as work:
        tree, built = Path(work) / "tree", Path(work) / "site"
        release.run_git(["worktree", "add", "--detach", "--quiet", str(tree), tagged.commit], root)
        try:
            environment = {**os.environ, "SOURCE_DATE_EPOCH": tagged.epoch, "TZ": "UTC", "PYTHONHASHSEED": "0",
                           "PYTHONPATH": str(tree)}
            environment.pop("SITE_URL", None)
            if site_url:
                environment["SITE_URL"] = tagged.address(site_url)
            print(f"Building release {tagged.version} from {tagged.commit[:10]}...", flush=True)
            done = subprocess.run([sys.executable, "-m", "generator", "build", "--clean", "--site-dir", str(built)],
                                  cwd=tree, env=environment)
            if done.returncode:
                raise HistoryError(f"Release {tagged.version} (commit {tagged.commit[:10]}) could not be built (see above); "
                                   "nothing of it was published.")
        finally:
            git_output(["worktree", "remove", "--force", str(tree)], root)  # a leftover is pruned by git
        _write_citation(built, tagged, released_on, site_url)
        shell.write_json(built / RECORD, {"version": tagged.version, "tag": tagged.folder, "commit": tagged.commit})
        (built / MANIFEST).write_text(manifest_text(built), encoding="utf-8")
        staged = target.with_name(f".{target.name}.new")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.move(str(built), str(staged))
        staged.rename(target)


def _write_citation(built: Path, tagged: Tagged, released_on: str, site_url: str | None) -> None:
    """The release's CITATION.cff, part of its published files (so in its manifest)."""
    from generator.pages.common import repository_url

    origin = Provenance(repository=repository_url(), commit=tagged.commit, release=tagged.version)
    (built / "CITATION.cff").write_text(citation_cff(Edition(origin, released_on), "Every page and data package",
                                                     "OGL-UK-3.0", tagged.address(site_url)), encoding="utf-8")


def manifest_text(folder: Path) -> str:
    """`sha256sum`'s lines for every file of the folder but the manifest itself, sorted by path (check a copy with
    `sha256sum -c MANIFEST.sha256` inside it)."""
    files = sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*") if p.is_file())
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {name}\n" for name, p in files if name != MANIFEST]
    return "".join(lines)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(site_dir: Path, site_url: str | None) -> int:
    """The command: 0 when the history is built, 2 when it cannot be, saying why."""
    try:
        done = build_history(site_dir, site_url)
    except (HistoryError, release.ReleaseError) as problem:
        print(f"python -m generator history: error: {problem}", file=sys.stderr)
        return 2
    total = _size(site_dir)
    for folder, size, built in done:
        print(f"  {folder}: {size / 1e6:.1f} MB, {'built now' if built else 'kept as published'}")
    print(f"The history of {len(done)} releases is in {site_dir}/: {total / 1e6:.1f} MB of GitHub Pages' "
          f"{PAGES_LIMIT / 1e6:,.0f} MB.")
    if total > PAGES_LIMIT:  # GitHub would refuse the deployment; say so before anything is uploaded
        print(f"python -m generator history: error: the history is {total / 1e6:,.1f} MB, over GitHub Pages' limit "
              f"of {PAGES_LIMIT / 1e6:,.0f} MB, so it cannot be published. Every release is kept whole in its GitHub "
              "Release assets; to publish, the releases must share their unchanged files, or the oldest must be "
              "served from their assets alone (a decision for the maintainers, not a data fix).", file=sys.stderr)
        return 2
    if total > PAGES_LIMIT * 0.8:
        print("Warning: the history is over 80% of GitHub Pages' limit of 1 GB.", file=sys.stderr)
    return 0
