"""Whether a canonical schema (datapackages/reference/schemas) is one the checks can use.

A pull request can change a canonical schema as it can change data. A schema that is not JSON, or not shaped as
the checks read a Table Schema, would otherwise stop the checks with a traceback or, worse, leave a table
unchecked: the resources that use it are not checked and one issue names the schema and what is wrong with it.

What is checked here is what the checks themselves rely on (which properties are lists, objects or text, and
that a pattern is a regular expression). A field the checks read without frictionless (`cellreaders`) needs no
more; any other field is left to frictionless, which judges the whole schema as a Table Schema.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from generator.validate.cellreaders import DEFAULT_MISSING_VALUES, reader_for

_TEXT_LISTS = ("missingValues", "trueValues", "falseValues")
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_LENGTHS = ("minLength", "maxLength")
_FLAGS = ("required", "unique")


def canonical_schema(path: Path) -> tuple[dict | None, str | None]:
    """A canonical schema, or None and what makes it unusable, in words (None for both when there is none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None  # a resource with no canonical schema is reported as an unknown resource
    except (OSError, ValueError) as exc:
        return None, f"it cannot be read ({exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'})"
    try:
        schema = json.loads(text)  # a new copy for each caller, which may change it
    except ValueError as exc:
        return None, f"it is not valid JSON ({exc})"
    problem = _problem_of(text, schema)
    return (None, problem) if problem else (schema, None)


_VERDICTS: dict[str, str | None] = {}  # each schema text's problem, worked out once a process


def _problem_of(text: str, schema: dict) -> str | None:
    if text not in _VERDICTS:
        _VERDICTS[text] = schema_problem(schema)
    return _VERDICTS[text]


def schema_problem(schema: object) -> str | None:
    """What makes a schema unusable by the checks, in words, or None."""
    if not isinstance(schema, dict):
        return "it is not a JSON object"
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields or not all(isinstance(f, dict) for f in fields):
        return '"fields" must be a list of field objects'
    names = [field.get("name") for field in fields]
    if not all(isinstance(name, str) and name for name in names) or len(set(names)) != len(names):
        return "every field needs a name of its own"
    problem = _list_of_text(schema, "missingValues") or next(filter(None, map(_field_problem, fields)), None)
    problem = problem or _keys_problem(schema, set(names))
    if problem:
        return problem
    missing = schema.get("missingValues", DEFAULT_MISSING_VALUES)
    if any(reader_for(field, missing) is None for field in fields):
        return _frictionless_problem(schema)
    return None


def _field_problem(field: dict) -> str | None:
    name = field["name"]
    for key in ("type", "format"):
        if key in field and not isinstance(field[key], str):
            return f'the {key} of field "{name}" must be text'
    problem = next(filter(None, (_list_of_text(field, key) for key in _TEXT_LISTS)), None)
    constraints = field.get("constraints", {})
    if problem or not isinstance(constraints, dict):
        return problem or f'the constraints of field "{name}" must be an object'
    for key, value in constraints.items():
        wrong = ((key in _BOUNDS and (isinstance(value, bool) or not isinstance(value, (str, int, float))))
                 or (key in _LENGTHS and (isinstance(value, bool) or not isinstance(value, int)))
                 or (key in _FLAGS and not isinstance(value, bool)) or (key == "enum" and not isinstance(value, list))
                 or (key == "pattern" and not isinstance(value, str)))
        if wrong:
            return f'the constraint "{key}" of field "{name}" has a value of the wrong kind ({json.dumps(value)[:40]})'
    if "pattern" in constraints:
        try:
            re.compile(constraints["pattern"])
        except re.error as exc:
            return f'the pattern of field "{name}" is not a regular expression ({exc})'
    return None


def _list_of_text(owner: dict, key: str) -> str | None:
    value = owner.get(key, [])
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return None
    return f'"{key}"{" of field " + json.dumps(owner["name"]) if "fields" not in owner else ""} must be a list of texts'


def _keys_problem(schema: dict, names: set[str]) -> str | None:
    """primaryKey: a list of field names; foreignKeys: a list of objects naming fields here and in a resource."""
    if not _names_of(schema.get("primaryKey", []), names):
        return '"primaryKey" must be a list of the schema\'s field names'
    keys = schema.get("foreignKeys", [])
    if not isinstance(keys, list):
        return '"foreignKeys" must be a list'
    for key in keys:
        reference = key.get("reference") if isinstance(key, dict) else None
        if (not isinstance(reference, dict) or not _names_of(key.get("fields"), names)
                or not isinstance(reference.get("resource"), str)
                or not _names_of(reference.get("fields"), None) or len(reference["fields"]) != len(key["fields"])):
            return ('each of "foreignKeys" must give "fields" (the schema\'s field names) and a "reference" with a '
                    '"resource" and as many "fields"')
    return None


def _names_of(value: object, names: set[str] | None) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and (names is None or item in names) for item in value)


# Cells of every kind, read by each of frictionless' readers once: some constraints it accepts in a schema (a
# bound of the wrong type) only fail when a cell is read.
_SAMPLE_CELLS = ("", "1", "-1.5", "x", "true", "2020-01-01", "2020-01-01T00:00:00Z")


def _frictionless_problem(schema: dict) -> str | None:
    """frictionless' verdict on a schema with a field `cellreaders` does not read (it is imported only then)."""
    from frictionless import FrictionlessException, Schema

    try:
        checked = Schema.from_descriptor(schema)
    except FrictionlessException as exc:
        return f"frictionless refuses it ({exc.error.note or exc.error.message})"
    for field in checked.fields:
        try:
            read = field.create_cell_reader()
            for cell in _SAMPLE_CELLS:
                read(cell)
        except Exception as exc:  # noqa: BLE001 - any failure of the library's reader makes the field unusable
            return f'frictionless cannot read cells of field "{field.name}" by it ({type(exc).__name__}: {exc})'
    return None
