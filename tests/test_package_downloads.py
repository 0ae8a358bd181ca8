"""Issue 13: the repository's descriptors list tables by name and path, but the downloads carry full schemas,
so anyone can validate a system's data with the Frictionless tools on its own."""
from __future__ import annotations

import hashlib
import io
import json
import posixpath
import re
import zipfile

import frictionless
import pytest

from generator import paths
from generator.pages.packages import DATA, package_zip

SCHEMAS = paths.reference_dir() / "schemas"
PACKAGES = ["E54000062", "X54000099", "E92000001", "reference"]


@pytest.mark.parametrize("name", PACKAGES)
def test_each_download_is_a_valid_self_contained_package(site_build, tmp_path, name):
    with zipfile.ZipFile(site_build.content / DATA / f"{name}.zip") as archive:
        archive.extractall(tmp_path)
    descriptor = json.loads((tmp_path / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    listed = json.loads((paths.DATAPACKAGES / name / paths.DESCRIPTOR).read_text(encoding="utf-8"))["resources"]
    assert [r["name"] for r in descriptor["resources"]] == [r["name"] for r in listed]
    for resource in descriptor["resources"]:
        data = (tmp_path / resource["path"]).read_bytes()
        assert data == (paths.DATAPACKAGES / name / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest() and resource["bytes"] == len(data)
        canonical = json.loads((SCHEMAS / f"{'' if name == 'reference' else 'ics-'}{resource['name']}.json").read_text("utf-8"))
        assert resource["schema"] == canonical  # every foreign key here points at a table the package lists
    report = frictionless.validate(tmp_path / paths.DESCRIPTOR)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_a_foreign_key_to_a_table_the_package_lacks_is_left_out(tmp_path):
    folder = tmp_path / "X54000099"
    folder.mkdir()
    descriptor = json.loads((paths.DATAPACKAGES / "X54000099" / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] == "ratings"]
    (folder / paths.DESCRIPTOR).write_text(json.dumps(descriptor), encoding="utf-8")
    (folder / "ratings.csv").write_bytes((paths.DATAPACKAGES / "X54000099" / "ratings.csv").read_bytes())
    with zipfile.ZipFile(io.BytesIO(package_zip(folder, SCHEMAS, is_reference=False))) as archive:
        [ratings] = json.loads(archive.read(paths.DESCRIPTOR))["resources"]
    assert "foreignKeys" in json.loads((SCHEMAS / "ics-ratings.json").read_text(encoding="utf-8"))
    assert "foreignKeys" not in ratings["schema"]


def test_the_same_data_gives_the_same_zip(site_build):
    from generator import provenance
    from generator.citation import Edition
    from generator.pages.common import repository_url

    edition = Edition(provenance.of(paths.DATAPACKAGES, repository_url()))  # as the build cites a preview
    made = package_zip(paths.DATAPACKAGES / "X54000099", SCHEMAS, is_reference=False, edition=edition)
    assert made == package_zip(paths.DATAPACKAGES / "X54000099", SCHEMAS, is_reference=False, edition=edition)
    assert made == (site_build.content / DATA / "X54000099.zip").read_bytes()
    with zipfile.ZipFile(site_build.content / DATA / "X54000099.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_every_system_page_links_its_download_with_its_size(site_build):
    page = (site_build.content / "ics/black-country/index.md").read_text(encoding="utf-8")
    link = re.search(r'<a href="([^"]+)" download>Download all of this system\'s data</a> \(ZIP, (\d+) KB\)', page)
    assert link, "no download link on the Black Country page"
    target = posixpath.normpath(posixpath.join("ics/black-country/", link.group(1)))  # the page's address is its folder
    assert target == f"{DATA}/E54000062.zip"
    assert int(link.group(2)) == round((site_build.content / target).stat().st_size / 1000)
    assert (site_build.site / target).is_file()
