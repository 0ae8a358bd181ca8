"""What an ICS team adds to its package is never lost: a re-import of the national data keeps it, a file the
package does not list is reported, and a hand edit to an imported file is caught before it can vanish."""
import csv
import json
import shutil

import pytest

from generator import importer, paths
from generator.load import load_package
from generator.paths import TEAM_RESOURCES, resource_entry
from generator.validate import validate_paths

SHARED = paths.ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"raw public files not found at {SHARED}")
REAL, EXAMPLE = "E54000062", "X54000099"
CONTACT = {"title": "Health inequalities team", "path": "https://www.example.nhs.uk/contact"}
TEAM_SOURCE = {"id": "icb_engagement", "title": "Our engagement reports", "path": "https://www.example.nhs.uk/reports"}


def _copy(tmp_path, *codes):
    out = tmp_path / "datapackages"
    shutil.copytree(paths.reference_dir(), out / "reference")
    for code in codes:
        shutil.copytree(paths.DATAPACKAGES / code, out / code)
    return out


def _add_team_tables(folder):
    """The Example's self-assessment, PLUS groups and actions, added to a real package as a team would, with a
    correction of one of its imported figures."""
    for name in TEAM_RESOURCES:
        if name != "corrections":
            shutil.copy(paths.DATAPACKAGES / EXAMPLE / f"{name}.csv", folder / f"{name}.csv")
    _correct_first_rounded_figure(folder)
    descriptor = json.loads((folder / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["resources"] += [resource_entry(name) for name in TEAM_RESOURCES]
    descriptor["sources"].append(TEAM_SOURCE)
    descriptor["contact"] = CONTACT
    (folder / paths.DESCRIPTOR).write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return {name: (folder / f"{name}.csv").read_bytes() for name in TEAM_RESOURCES}


def _correct_first_rounded_figure(folder):
    """corrections.csv replacing the first imported figure that has no counts or interval, 0.1 higher."""
    with open(folder / "observations.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["value"] and not (r["count"] or r["lower_ci_95"]) and r["status"] == "published")
    corrected = {**row, "value": f"{float(row['value']) + 0.1:.1f}", "source_id": TEAM_SOURCE["id"],
                 "reason": "The source's copy was rounded before a late revision.", "corrected_on": "2026-06-01"}
    with open(folder / "corrections.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(corrected), lineterminator="\n")
        writer.writeheader()
        writer.writerow(corrected)
    return row, corrected


def _codes(report):
    return sorted((issue.code, issue.file.rsplit("/", 1)[-1]) for issue in report.issues if issue.severity == "error")


@needs_shared
def test_a_reimport_keeps_a_teams_tables_sources_and_properties(tmp_path):
    out = _copy(tmp_path, REAL)
    team_files = _add_team_tables(out / REAL)
    assert _codes(validate_paths([out / REAL, out / "reference"], out)) == []

    assert importer.import_shared(SHARED, out) == 0

    descriptor = json.loads((out / REAL / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == ["observations", "places", *TEAM_RESOURCES]
    assert descriptor["sources"][-1] == TEAM_SOURCE and descriptor["contact"] == CONTACT
    assert {name: (out / REAL / f"{name}.csv").read_bytes() for name in TEAM_RESOURCES} == team_files
    assert _codes(validate_paths([out / REAL, out / "reference"], out)) == []
    # The correction still replaces its imported row, which names corrections.csv as its source.
    correction = load_package(out / REAL, ics=True, root=out).table("corrections").iloc[0]
    observations = load_package(out / REAL, ics=True, root=out).table("observations")
    shown = observations[(observations.indicator_id == correction.indicator_id) & (observations.period == correction.period)
                         & (observations.area_code == correction.area_code) & (observations.sex == correction.sex)
                         & (observations.age == correction.age) & (observations.breakdown == correction.breakdown)]
    assert len(shown) == 1 and shown.value.iloc[0] == correction.value != correction.previous_value
    assert shown._file.iloc[0].endswith(f"{REAL}/corrections.csv") and shown._line.iloc[0] == 2


def test_a_csv_the_package_does_not_list_is_an_error_that_says_what_to_add(tmp_path):
    out = _copy(tmp_path, REAL)
    shutil.copy(paths.DATAPACKAGES / EXAMPLE / "ratings.csv", out / REAL / "ratings.csv")
    (out / REAL / "Ratings 2025.CSV").write_text("a,b\n", encoding="utf-8")
    report = validate_paths([out / REAL, out / "reference"], out)
    assert _codes(report) == [("file-not-listed", "Ratings 2025.CSV"), ("file-not-listed", "ratings.csv")]
    fixes = {issue.file.rsplit("/", 1)[-1]: issue.fix for issue in report.issues}
    assert '{"name": "ratings", "path": "ratings.csv"}' in fixes["ratings.csv"]
    assert "Rename it to the name of a table" in fixes["Ratings 2025.CSV"] and "plus_groups" in fixes["Ratings 2025.CSV"]


def test_a_listed_table_with_no_file_is_an_error(tmp_path):
    out = _copy(tmp_path, REAL)
    descriptor = json.loads((out / REAL / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["resources"].append(resource_entry("actions"))
    (out / REAL / paths.DESCRIPTOR).write_text(json.dumps(descriptor), encoding="utf-8")
    assert ("file-missing", "actions.csv") in _codes(validate_paths([out / REAL, out / "reference"], out))


def test_a_hand_edit_to_an_imported_file_is_caught(tmp_path):
    out = _copy(tmp_path, REAL)
    observations = out / REAL / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    observations.write_text("".join(lines[:-1]), encoding="utf-8")  # a row deleted: still a valid table
    report = validate_paths([out / REAL, out / "reference"], out)
    assert _codes(report) == [("imported-file-edited", "observations.csv")]
    assert "Restore the file" in report.issues[0].fix


def test_packages_list_tables_by_name_and_path_with_no_pasted_schema():
    for folder in paths.package_dirs():
        resources = json.loads((folder / paths.DESCRIPTOR).read_text(encoding="utf-8"))["resources"]
        assert resources and all(set(r) == {"name", "path"} for r in resources), folder.name


@needs_shared
def test_an_unreadable_descriptor_stops_the_import_before_anything_is_written(tmp_path, capsys):
    out = _copy(tmp_path, REAL, EXAMPLE)
    (out / REAL / paths.DESCRIPTOR).write_text('{"resources": [', encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert importer.import_shared(SHARED, out) == 2
    assert "is not valid JSON" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("contact, code", [
    ({"title": "Team", "path": "javascript:alert(1)"}, "link-not-https"),
    ({"title": "Team", "path": "http://www.example.nhs.uk"}, "link-not-https"),
    ("email us", "property-wrong-type"),
])
def test_a_teams_contact_link_must_be_https(tmp_path, contact, code):
    out = _copy(tmp_path, REAL)
    descriptor = json.loads((out / REAL / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["contact"] = contact
    (out / REAL / paths.DESCRIPTOR).write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert _codes(validate_paths([out / REAL, out / "reference"], out)) == [(code, "datapackage.json")]


def test_the_blank_tables_on_the_contribute_page_are_accepted_as_they_are(tmp_path):
    from types import SimpleNamespace

    from generator.pages import TEMPLATES, write_templates

    out = _copy(tmp_path, REAL)
    write_templates(SimpleNamespace(reference=SimpleNamespace(folder=out / "reference")), out / REAL)
    descriptor = json.loads((out / REAL / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["resources"] += [resource_entry(name) for name in TEAM_RESOURCES]
    (out / REAL / paths.DESCRIPTOR).write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate_paths([out / REAL, out / "reference"], out)
    assert report.valid and sorted(i.code for i in report.warnings) == ["no-rows"] * len(TEAM_RESOURCES)
    page = (paths.CONTENT / "contribute.md").read_text(encoding="utf-8")
    assert all(f"]({TEMPLATES}/{name}.csv)" in page for name in TEAM_RESOURCES)
