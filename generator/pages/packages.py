"""Each data package as a download other Frictionless users can open on its own: a ZIP per package
(downloads/data/<folder>.zip) whose datapackage.json carries every resource's full Table Schema.

In the repository a descriptor lists its tables by name and path only, and the canonical schemas live in
the reference package, so no team pastes (or mis-pastes) a copy. A user of `frictionless validate` or of
another tool needs them inline, with each file's size and sha256 hash, so the ZIP adds them; the CSV files
are the repository's, byte for byte. Every foreign key points inside its own package; one whose table a
package does not list is left out. Each ZIP has a README (what it is, its licence, how to cite it) and a
CITATION.cff naming the release or preview and the commit (generator.citation). The same data and commit give
the same bytes: entries are sorted and dated 1980-01-01, never the clock.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator import paths
from generator.atomic import write_whole
from generator.citation import Edition, citation_cff, readme
from generator.load import Dataset, Package, read_json

DATA = "downloads/data"
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP entry can hold


@dataclass(frozen=True)
class Downloads:
    """Where a build writes each package's ZIP, and what the ZIPs cite. The ZIPs of packages no system page
    shows are written before the pages (`write_unshown`); a system's, by the process that makes its page, which
    gives its size (`download`), so compressing them is shared out between the processes like the pages."""

    out_dir: Path
    reference: Path  # the reference package's folder, whose schemas each ZIP carries
    edition: Edition | None = None
    reused: frozenset[str] = frozenset()  # units copied from the previous build (generator.pages.reuse)

    def write_unshown(self, dataset: Dataset, shown: set[Path]) -> None:
        """Remove any ZIP in out_dir the previous build's did not give (out_dir is new in a build, but need not
        be), then write the ZIPs of the packages whose folders are not in `shown`."""
        from generator.pages.reuse import zip_unit

        for stale in (self.out_dir / DATA).glob("*.zip"):
            if zip_unit(stale.stem) not in self.reused:
                stale.unlink()
        for package in [dataset.reference, *dataset.packages]:
            if package.folder not in shown:
                self.download(package)

    def download(self, package: Package) -> tuple[str, int]:
        """(path under content/, size in bytes) of the package's ZIP, written now unless it is there already:
        copied from the previous build, or written for another system with the same package, maybe by another
        process (each is written whole, under another name first, and the same data gives the same bytes)."""
        relative = f"{DATA}/{package.folder.name}.zip"
        target = self.out_dir / relative
        if not target.is_file():
            write_whole(target, package_zip(package.folder, self.reference / "schemas",
                                            is_reference=package.folder == self.reference, edition=self.edition))
        return relative, target.stat().st_size


def package_zip(folder: Path, schemas: Path, *, is_reference: bool, edition: Edition | None = None) -> bytes:
    descriptor = read_json(folder / paths.DESCRIPTOR)
    files = {}
    resources = []
    listed = {r["name"] for r in descriptor.get("resources", [])}
    for resource in descriptor.get("resources", []):
        data = (folder / resource["path"]).read_bytes()
        files[resource["path"]] = data
        schema_file = schemas / (f"{resource['name']}.json" if is_reference else f"ics-{resource['name']}.json")
        resources.append({**resource, "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                          "schema": _within(read_json(schema_file), listed)})
    whole = {**descriptor, "profile": "tabular-data-package", "resources": resources}
    files[paths.DESCRIPTOR] = (json.dumps(whole, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if edition is not None:
        files.update(_citation_files(descriptor, edition))
    return _zip(files)


def _citation_files(descriptor: dict, edition: Edition) -> dict[str, bytes]:
    licences = [lic for lic in descriptor.get("licenses", []) if isinstance(lic, dict)]
    licence = next((str(lic.get("name", "")) for lic in licences if lic.get("name")), "")
    title = str(descriptor.get("title") or descriptor.get("name") or "Data package")
    words = readme(edition, title, str(descriptor.get("description", "")),
                   ", ".join(str(lic.get("title") or lic.get("name")) for lic in licences), str(descriptor.get("attribution", "")))
    return {"README.md": words.encode("utf-8"), "CITATION.cff": citation_cff(edition, title, licence).encode("utf-8")}


def _within(schema: dict, listed: set[str]) -> dict:
    """The schema with only the foreign keys whose table the package lists ("" is the table itself)."""
    keys = [k for k in schema.get("foreignKeys", []) if k["reference"]["resource"] in listed | {""}]
    trimmed = {name: value for name, value in schema.items() if name != "foreignKeys"}
    return {**trimmed, "foreignKeys": keys} if keys else trimmed


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, files[name])
    return buffer.getvalue()
