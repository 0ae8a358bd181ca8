"""The pages around the published releases, rewritten whenever the history is (generator.history).

- versions.json, in the format Material's version selector reads (mike's: newest first, the newest aliased
  `latest`), whose `properties` carry each release's date, kind and status and the corrections that a later
  release made to it: every release's pages read them at run time to show a correction banner, so a frozen
  release learns of a mistake found after it was published;
- index.html, releases/ and corrections/, which send readers to the newest release's pages;
- 404.html, which sends an address without a release in it (an old link) to the newest release's page of the
  same address, and otherwise helps the reader find it;
- releases.json, the machine-readable index of every release: its record, commit, citation and each data
  package download with its size and sha256 (from the release's MANIFEST.sha256).
"""
from __future__ import annotations

import json
from pathlib import Path

from generator.pages import safe
from generator.release import Release, affects, page_address


def versions(records: list[Release], corrections: list[dict[str, str]]) -> list[dict]:
    """versions.json's entries, newest first, for these releases (oldest first)."""
    log = {c["release"]: c for c in corrections}
    newest = records[-1].version
    entries = []
    for record in reversed(records):
        fixes = [_correction(later, log.get(later.version)) for later in records if affects(later, record)]
        entries.append({"version": f"v{record.version}", "title": record.version,
                        "aliases": ["latest"] if record.version == newest else [],
                        "properties": {"released_on": record.released_on, "kind": record.kind, "summary": record.summary,
                                       "status": "newest" if record.version == newest else "superseded",
                                       "corrections": fixes}})
    return entries


def _correction(later: Release, logged: dict[str, str] | None) -> dict:
    """What a release's pages need to know of a later correction; `pages` empty means every page."""
    pages = [page_address(p) for p in (logged or {}).get("pages", "").split(";") if p.strip()]
    return {"release": later.version, "kind": later.kind, "released_on": later.released_on,
            "what_was_wrong": (logged or {}).get("what_was_wrong") or later.summary, "pages": sorted(pages)}


def write_shell(site_dir: Path, records: list[Release], corrections: list[dict[str, str]], base_path: str) -> None:
    """Every file of the shell into site_dir (the releases themselves are already there)."""
    newest = f"v{records[-1].version}"
    write_json(site_dir / "versions.json", versions(records, corrections))
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    pages = {"index.html": (f"{newest}/", "The newest release"),
             "releases/index.html": (f"../{newest}/releases/", "Releases of the site"),
             "corrections/index.html": (f"../{newest}/releases/corrections/", "Corrections")}
    for name, (target, title) in pages.items():
        (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / name).write_text(safe.document("redirect", target=target, title=title, newest=newest[1:]),
                                     encoding="utf-8")
    (site_dir / "404.html").write_text(safe.document("not_found", base=base, newest=newest,
                                                     releases=[f"v{r.version}" for r in reversed(records)]),
                                       encoding="utf-8")
    (site_dir / ".nojekyll").write_text("", encoding="utf-8")
    write_json(site_dir / "releases.json", index(site_dir, records))


def write_json(path: Path, value) -> None:
    """JSON as the history writes it: keys sorted, one item a line, so the same history gives the same bytes."""
    path.write_text(json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def index(site_dir: Path, records: list[Release]) -> list[dict]:
    """releases.json's entries, newest first: each release's record, where it is, and its downloads with hashes."""
    entries = []
    for record in reversed(records):
        folder = site_dir / f"v{record.version}"
        built = json.loads((folder / "release.json").read_text(encoding="utf-8"))
        hashes = dict(reversed(line.split("  ", 1)) for line in
                      (folder / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines())
        downloads = [{"path": f"v{record.version}/{name}", "bytes": (folder / name).stat().st_size,
                      "sha256": hashes[name]} for name in sorted(hashes)
                     if name.startswith("downloads/data/") and name.endswith(".zip")]
        entries.append({"version": record.version, "released_on": record.released_on, "kind": record.kind,
                        "summary": record.summary, "corrects": record.corrects, "commit": built["commit"],
                        "address": f"v{record.version}/", "citation": f"v{record.version}/CITATION.cff",
                        "manifest": f"v{record.version}/MANIFEST.sha256", "downloads": downloads})
    return entries
