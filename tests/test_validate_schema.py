"""A canonical schema changed by a pull request (generator.validate.schema): one the checks cannot use is reported
as schema-invalid, once, and its tables are left unchecked rather than stopping the checks with a traceback or
passing unchecked in silence.
"""
from __future__ import annotations

import json

import pytest

from generator.validate import validate_paths

PHASES = "reference/schemas/framework_phases.json"


def change_schema(root, relative, change) -> None:
    path = root / relative
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema)
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")


def schema_issues(root) -> list[str]:
    report = validate_paths(None, root=root)
    found = [issue.message for issue in report.issues if issue.code == "schema-invalid"]
    assert not found or not report.valid
    return found


def test_a_schema_that_is_not_json_is_reported_once(validation_packages):
    """ics-places.json is used by both fixture packages; the problem is the schema's, so it is said once."""
    path = validation_packages / "reference/schemas/ics-places.json"
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    [message] = schema_issues(validation_packages)
    assert message.startswith("The canonical schema ") and "ics-places.json cannot be used, so no places table " \
        "can be checked: it is not valid JSON" in message


def first_field(change):
    return lambda schema: change(schema["fields"][0])


@pytest.mark.parametrize("change, reason", [
    (lambda s: s.update(fields={}), '"fields" must be a list of field objects'),
    (lambda s: s.update(fields=[]), '"fields" must be a list of field objects'),
    (lambda s: s["fields"][0].pop("name"), "every field needs a name of its own"),
    (lambda s: s["fields"].append(dict(s["fields"][0])), "every field needs a name of its own"),
    (lambda s: s.update(missingValues=0), '"missingValues" must be a list of texts'),
    (first_field(lambda f: f.update(type=["integer"])), 'the type of field "phase_number" must be text'),
    (first_field(lambda f: f.update(constraints=[])), 'the constraints of field "phase_number" must be an object'),
    (first_field(lambda f: f["constraints"].update(minimum=True)),
     'the constraint "minimum" of field "phase_number" has a value of the wrong kind (true)'),
    (first_field(lambda f: f.update(type="string", constraints={"pattern": "(a"})),
     'the pattern of field "phase_number" is not a regular expression (missing ), unterminated subpattern at '
     'position 0)'),
    (lambda s: s.update(primaryKey=["phase"]), '"primaryKey" must be a list of the schema\'s field names'),
    (lambda s: s.update(primaryKey="phase_number"), '"primaryKey" must be a list of the schema\'s field names'),
    (lambda s: s.update(foreignKeys=[{"fields": ["phase_number"], "reference": {"resource": "x"}}]),
     'each of "foreignKeys" must give "fields"'),
    (first_field(lambda f: f["constraints"].update(maximum="x")),  # frictionless accepts it, but cannot read by it
     'frictionless cannot read cells of field "phase_number" by it'),
    (first_field(lambda f: f.update(type="no-such-type")), "frictionless refuses it"),
])
def test_a_schema_the_checks_cannot_use_is_reported(validation_packages, change, reason):
    change_schema(validation_packages, PHASES, change)
    [message] = schema_issues(validation_packages)
    assert "framework_phases.json cannot be used, so no framework_phases table can be checked: " in message
    assert reason in message


def test_a_field_only_frictionless_reads_is_still_checked_by_it(validation_packages):
    """A field of a type the checks read through frictionless (datetime) makes a usable schema, and its cells are
    still checked."""
    change_schema(validation_packages, PHASES, lambda s: s["fields"].append({"name": "reviewed", "type": "datetime"}))
    path = validation_packages / "reference/framework_phases.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",reviewed", lines[1] + ",yesterday", *(line + ",2024-01-01T00:00:00Z" for line in lines[2:])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate_paths(None, root=validation_packages)
    assert [issue.code for issue in report.issues] == ["type-error"]
    assert report.issues[0].line == 2 and report.issues[0].field == "reviewed"
