"""How to cite what the site publishes: a CITATION.cff (Citation File Format 1.2.0, type dataset) and a short
README for each package download and for each release, naming the release (or saying it is a preview), its
date, the commit and the licence. Text from the data goes in as YAML strings (yaml.safe_dump quotes whatever it
must) and as plain text in the README, which no one renders as a page."""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from generator.provenance import Provenance

SITE_TITLE = "ICS health inequalities"


@dataclass(frozen=True)
class Edition:
    """What is being cited: the release (or a preview) of the site, from where and when."""

    origin: Provenance
    released_on: str = ""  # the release's date; '' for a preview

    @property
    def version(self) -> str:
        if self.origin.release:
            return self.origin.release
        return f"preview of commit {self.origin.short_commit}" if self.origin.commit else "preview"


def citation_cff(edition: Edition, title: str, licence: str = "", url: str = "") -> str:
    """CITATION.cff for one dataset of this edition (a package, or the whole release)."""
    origin = edition.origin
    entries = {"cff-version": "1.2.0", "message": "If you use this dataset, please cite it as below.",
               "type": "dataset", "title": f"{title} ({SITE_TITLE}, release {edition.version})"
               if origin.release else f"{title} ({SITE_TITLE}, {edition.version})",
               "authors": [{"name": f"{SITE_TITLE} contributors"}], "version": edition.version}
    if edition.released_on:
        entries["date-released"] = edition.released_on
    if origin.commit:
        entries["commit"] = origin.commit
    if origin.repository:
        entries["repository-code"] = origin.repository
    if url:
        entries["url"] = url
    if licence:
        entries["license"] = licence
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=10_000)


def readme(edition: Edition, title: str, description: str, licence: str, attribution: str) -> str:
    """The README of a package download: what it is, its licence, and how to cite it."""
    origin = edition.origin
    lines = [title, "=" * len(title), "", description.strip(), "",
             f"From {SITE_TITLE}, {'release ' + edition.version if origin.release else edition.version}"
             + (f", released on {edition.released_on}" if edition.released_on else "") + "."]
    if origin.commit:
        lines.append(f"Built from commit {origin.commit}" + (f" of {origin.repository}" if origin.repository else "") + ".")
    lines += ["", "Licence: " + (licence or "see datapackage.json") + ".", *(["", attribution.strip()] if attribution else []),
              "", "datapackage.json gives every table's schema, size and sha256 hash: check the files with",
              "`frictionless validate datapackage.json`. CITATION.cff says how to cite this data.", ""]
    return "\n".join(lines)
