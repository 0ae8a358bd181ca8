"""Tests for reading a package's files before any row is checked (generator.validate.files, and jsonfile for
datapackage.json): a datapackage.json that cannot be read, CSV files that are missing, empty, not UTF-8 or
start with a byte order mark, resource paths that would reach outside the package folder, and paths that are
not package folders. Each gets a clear issue (or usage error), never a traceback.

Uses the tiny packages of tests/fixtures/validation, copied into tmp_path by conftest.
"""
from __future__ import annotations

import pytest

from generator import paths
from generator.validate import UsageError, validate_paths
from validation_inputs import DESC, PLACES, change_descriptor, problems, write_bytes


# --- datapackage.json that cannot be read ------------------------------------------------------------------

def test_broken_json_names_line_and_column(validation_packages):
    write_bytes(validation_packages, DESC, lambda b: b.replace(b'"version": "1.0.0",', b'"version": "1.0.0"', 1))
    assert problems(validation_packages) == [(
        "descriptor-invalid-json", DESC, 6, None,
        "datapackage.json is not valid JSON: Expecting ',' delimiter (line 6, column 3).")]


def test_descriptor_must_be_an_object(validation_packages):
    (validation_packages / DESC).write_text("[]", encoding="utf-8")
    assert problems(validation_packages) == [(
        "descriptor-not-object", DESC, 1, None,
        "datapackage.json must contain one JSON object ({ ... }), but it contains a list.")]


def test_folder_without_descriptor(validation_packages):
    (validation_packages / DESC).unlink()
    assert problems(validation_packages) == [
        ("descriptor-missing", DESC, None, None, "This folder has no datapackage.json file.")]


def test_descriptor_in_a_windows_encoding(validation_packages):
    write_bytes(validation_packages, DESC, lambda b: b.replace(b"Made-up figures for tests", b"Caf\xe9 figures", 1))
    line = next(n for n, text in enumerate((validation_packages / DESC).read_bytes().split(b"\n"), 1) if b"\xe9" in text)
    assert problems(validation_packages) == [
        ("encoding-error", DESC, line, None, f"The file contains text that is not UTF-8 (byte 0xE9 on line {line} cannot be read).")]


# --- CSV files that cannot be read ------------------------------------------------------------------------

def test_missing_csv_file(validation_packages):
    (validation_packages / PLACES).unlink()
    path = (validation_packages / PLACES).as_posix()
    # Observations for the places are not blamed while places.csv itself is missing.
    assert problems(validation_packages) == [
        ("file-missing", PLACES, None, None, f"The file {path} listed in datapackage.json does not exist.")]


def test_empty_csv_file(validation_packages):
    (validation_packages / PLACES).write_bytes(b"")
    assert problems(validation_packages) == [("file-empty", PLACES, None, None, "The file is empty (0 bytes).")]


def test_latin1_bytes_name_the_line(validation_packages):
    write_bytes(validation_packages, PLACES, lambda b: b.replace(b"whole place", b"caf\xe9 place"))
    assert problems(validation_packages) == [
        ("encoding-error", PLACES, 3, None, "The file contains text that is not UTF-8 (byte 0xE9 on line 3 cannot be read).")]


def test_byte_order_mark_is_reported_and_the_rest_still_checked(validation_packages):
    write_bytes(validation_packages, PLACES, lambda b: b"\xef\xbb\xbf" + b.replace(b"X06000002,0.5", b"X06000002,lots"))
    found = problems(validation_packages)
    assert found == [
        ("utf8-bom", PLACES, 1, None,
         "The file starts with a UTF-8 byte order mark (BOM), an invisible marker before the first column name."),
        ("type-error", PLACES, 3, "share_of_lsoas", 'The value "lots" in column share_of_lsoas is not a number.'),
    ]
    fix = validate_paths(None, root=validation_packages).issues[0].fix
    assert 'choose the encoding "UTF-8" (not "UTF-8 with BOM")' in fix


def test_first_line_empty(validation_packages):
    write_bytes(validation_packages, PLACES, lambda b: b"\n" + b)
    found = problems(validation_packages)
    assert found[0] == ("header-missing", PLACES, 1, None, "The first line is empty, so the file has no column names.")


# --- resource paths ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, reason", [
    ("/etc/passwd", "is an absolute path"),
    ("C:\\data\\places.csv", "is an absolute path"),
    ("../E92000001/observations.csv", "uses .. to reach outside the package folder"),
    ("data/../../secret.csv", "uses .. to reach outside the package folder"),
    ("https://example.org/places.csv", "is a web address or names another scheme; only files in the package folder are read"),
    ("file:///etc/passwd", "is a web address or names another scheme; only files in the package folder are read"),
])
def test_unsafe_resource_paths_are_refused(validation_packages, path, reason):
    change_descriptor(validation_packages, lambda d: d["resources"][1].update(path=path))
    found = problems(validation_packages)
    assert [(code, file, field, message) for code, file, _, field, message in found] == [
        ("path-unsafe", DESC, "resources[2].path", f'The resource "places" has the path "{path}", which {reason}.')]


def test_resource_path_must_be_text(validation_packages):
    change_descriptor(validation_packages, lambda d: d["resources"][1].update(path=["a.csv", "b.csv"]))
    assert [p[0] for p in problems(validation_packages)] == ["resource-incomplete"]


def test_frictionless_still_refuses_unsafe_paths():
    # Our own check comes first, but frictionless' protection stays on (the package is not trusted).
    from frictionless import FrictionlessException, Package

    with pytest.raises(FrictionlessException, match="not safe"):
        Package({"name": "p", "resources": [{"name": "r", "path": "../x.csv"}]}, basepath=str(paths.ROOT))


# --- paths that are not package folders ----------------------------------------------------------------

def test_path_that_does_not_exist_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        validate_paths([tmp_path / "nowhere"], root=tmp_path)


def test_a_csv_path_is_a_usage_error(validation_packages):
    with pytest.raises(UsageError, match="is not a package folder"):
        validate_paths([validation_packages / PLACES], root=validation_packages)


def test_a_file_the_file_system_refuses_is_reported_not_a_crash(validation_packages):
    """A reference resource whose path is longer than any file name may be (the file system refuses even to look
    for it) is reported as a file that cannot be read, with the system's reason."""
    import json

    path = validation_packages / "reference" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    long_name = "x" * 300 + ".csv"
    descriptor["resources"][0]["path"] = long_name
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    [message] = [message for code, _, _, _, message in problems(validation_packages) if code == "file-unreadable"]
    assert message.endswith(f"/reference/{long_name} cannot be read: File name too long.")
