"""Property-based tests: whatever bytes a pull request brings, the validator returns a report and never raises.

Each test builds one small package (a copy of tests/fixtures/validation with a single resource) in a
temporary folder, then lets hypothesis write random or mutated content into one of its files. Every
example must give a report whose issues are all in the catalogue, each naming a file inside the package,
and the report must render in every format. Fast and repeatable: a fixed number of examples, a fixed seed
and no example database, so a run never replays or saves examples (hypothesis still keeps its caches in
.hypothesis/, which git ignores).
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validation_packages import VALIDATION_FIXTURES, copy_validation_packages
from generator.messages import ISSUE_TYPES
from generator.validate import ValidationReport, render_report, validate_paths
from generator.validate.report import FORMATS

ICS = "X54000001"
PROPERTIES = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow])
ROWS = list(csv.reader(io.StringIO((VALIDATION_FIXTURES / ICS / "observations.csv").read_text(encoding="utf-8"))))


@contextmanager
def package_with(resource: str) -> Iterator[Path]:
    """A datapackages folder whose ICS package has only the one resource; yields the package folder."""
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_validation_packages(Path(tmp) / "datapackages").resolve()
        path = root / ICS / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] == resource]
        path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
        yield root / ICS


def check(folder: Path) -> ValidationReport:
    """Validate the package alone (the reference package under its root gives the lookups)."""
    report = validate_paths([folder], root=folder.parent)
    assert isinstance(report, ValidationReport) and report.packages_checked == 1
    for issue in report.issues:
        assert issue.code in ISSUE_TYPES and issue.message.strip() and issue.fix.strip(), issue
        assert Path(issue.file).is_relative_to(folder), issue
    for fmt in FORMATS:
        assert render_report(report, fmt)
    return report


# --- random bytes -----------------------------------------------------------------------------------------

# Text made of what breaks CSV and JSON: separators, quotes, line breaks, blanks, formula signs, NUL, a BOM.
TRICKY = st.text(alphabet=st.sampled_from(list(',;"\'\r\n\t {}[]:\\=+-@x1.é€\x00\ufeff\u2028')), max_size=300)
BYTES = st.one_of(st.binary(max_size=600), TRICKY.map(lambda t: t.encode("utf-8")),
                  TRICKY.map(lambda t: t.encode("utf-16")))


@PROPERTIES
@given(data=BYTES)
def test_any_bytes_as_a_csv_file(data):
    with package_with("places") as folder:
        (folder / "places.csv").write_bytes(b"area_code,share_of_lsoas,note\n" + data if data[:1] == b"X" else data)
        check(folder)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)
DESCRIPTOR_KEYS = st.sampled_from(["version", "licenses", "resources", "area_code", "illustrative", "sources", "name"])


def descriptor_with(folder: Path, key: str, value: object) -> bytes:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor[key] = value
    return json.dumps(descriptor).encode("utf-8")


@PROPERTIES
@given(data=st.one_of(BYTES, st.tuples(DESCRIPTOR_KEYS, JSON_VALUES), st.tuples(st.just("resources"), st.lists(
    st.fixed_dictionaries({"name": st.sampled_from(["places", "observations", "x"]) | JSON_VALUES,
                           "path": st.sampled_from(["places.csv", "../x.csv", "/etc/passwd", "."]) | JSON_VALUES}),
    max_size=3))))
def test_any_bytes_as_datapackage_json(data):
    with package_with("places") as folder:
        path = folder / "datapackage.json"
        path.write_bytes(descriptor_with(folder, *data) if isinstance(data, tuple) else data)
        check(folder)


# --- real rows, mutated -----------------------------------------------------------------------------------

CHARACTERS = st.sampled_from(['"', ",", "\n", "\r", "\r\n", " ", "\t", "=", "é", "\u200b", "\ufeff", "\U0001F600", '""'])


@st.composite
def mutated_rows(draw) -> tuple[list[list[str]], bool]:
    """The observations rows with cells deleted, repeated, swapped or given awkward characters."""
    rows = [list(row) for row in ROWS]
    for _ in range(draw(st.integers(1, 6))):
        row = rows[draw(st.integers(0, len(rows) - 1))]
        if not row:
            continue
        at = draw(st.integers(0, len(row) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace"]))
        if action == "delete":
            del row[at]
        elif action == "duplicate":
            row.insert(at, row[at])
        elif action == "swap":
            other = draw(st.integers(0, len(row) - 1))
            row[at], row[other] = row[other], row[at]
        else:
            cell = row[at]
            where = draw(st.integers(0, len(cell)))
            added = draw(CHARACTERS)
            row[at] = cell[:where] + added + (cell[where:] if action == "insert" else cell[where + 1:])
    return rows, draw(st.booleans())


def as_csv(rows: list[list[str]], quoted: bool) -> str:
    """Written by the csv module (well quoted), or joined with commas as a careless hand would."""
    if not quoted:
        return "".join(",".join(row) + "\n" for row in rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@PROPERTIES
@given(mutation=mutated_rows())
def test_mutated_real_rows(mutation):
    rows, quoted = mutation
    with package_with("observations") as folder:
        (folder / "observations.csv").write_text(as_csv(rows, quoted), encoding="utf-8")
        check(folder)
