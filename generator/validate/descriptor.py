"""Checks of datapackage.json: its properties, its sources and its list of resources."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator import paths as layout
from generator.links import is_safe_https_url
from generator.digests import file_fingerprint
from generator.paths import ICS_RESOURCES, resource_entry
from generator.validate.files import _is_file, _unsafe_reason
from generator.validate.schema import canonical_schema
from generator.validate.issues import Issue, _display, _issue, _link_reason, _shown
from generator.validate.jsonfile import _json_kind, _json_line
from generator.validate.reference import _Reference


@dataclass
class _Package:
    folder: Path
    descriptor: dict
    text: str
    is_reference: bool
    reference: _Reference
    file: str = ""

    def __post_init__(self) -> None:
        self.file = _display(self.folder / layout.DESCRIPTOR)

    @property
    def allowed_resources(self) -> list[str]:
        if not self.is_reference:
            return list(ICS_RESOURCES)
        schemas = self.reference.folder / "schemas"
        return sorted(p.stem for p in schemas.glob("*.json") if not p.stem.startswith("ics-"))

    def schema_path(self, name: str) -> Path:
        return self.reference.folder / "schemas" / (f"{name}.json" if self.is_reference else f"ics-{name}.json")

    def at(self, code: str, *needles: str, field: str | None = None, **values: object) -> Issue:
        """An issue in datapackage.json, pointing at the first line that holds the needles."""
        line = _json_line(self.text, *needles) if needles else None
        return _issue(code, self.file, line, field, **values)


_EXAMPLES = {
    "version": '"1.0.0"',
    "licenses": '[{"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0", "path": '
                '"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}]',
    "sources": '[{"id": "fingertips", "title": "OHID Fingertips", "path": "https://fingertips.phe.org.uk/"}]',
    "resources": '[{"name": "ratings", "path": "ratings.csv"}]',
    "illustrative": "false",
    "contact": '{"title": "Our health inequalities team", "path": "https://www.example.nhs.uk/contact"}',
    "disclosure_control": '{"suppress_counts_from": 1, "suppress_counts_to": 7}',
}
_KINDS = {list: "a list", str: "text", dict: "an object"}


def _check_descriptor(package: _Package) -> list[Issue]:
    wanted = {"version": str, "licenses": list, "resources": list}
    if package.is_reference:
        wanted["disclosure_control"] = dict
    else:
        wanted |= {"area_code": str, "illustrative": bool, "sources": list}
    issues = [issue for key, kind in wanted.items() for issue in _check_property(package, key, kind)]
    if package.is_reference:
        return issues + _check_disclosure(package)
    return issues + _check_area(package) + _check_sources(package) + _check_contact(package)


def _check_contact(package: _Package) -> list[Issue]:
    """The optional contact ({"title", "path"} or {"title", "email"}) is shown on the ICS page; its path is a link."""
    contact = package.descriptor.get("contact")
    if contact is None:
        return []
    if not isinstance(contact, dict):
        return [package.at("property-wrong-type", '"contact"', field="contact", property="contact", expected="an object",
                           actual=_json_kind(contact), example=_EXAMPLES["contact"])]
    path = contact.get("path")
    if path is None or (isinstance(path, str) and is_safe_https_url(path)):
        return []
    text = path if isinstance(path, str) else json.dumps(path)
    return [package.at("link-not-https", '"contact"', field="contact.path", value=_shown(text),
                       place="the path of the contact", reason=_link_reason(text))]


def _check_property(package: _Package, key: str, kind: type) -> list[Issue]:
    example = _EXAMPLES.get(key, f'"{package.folder.name}"')
    value = package.descriptor.get(key)
    if value is None or value == [] or value == "":
        return [package.at("property-missing", field=key, property=key, example=example)]
    if isinstance(value, kind):
        return []
    if kind is bool:
        return [package.at("illustrative-not-boolean", f'"{key}"', field=key, value=json.dumps(value))]
    return [package.at("property-wrong-type", f'"{key}"', field=key, property=key, expected=_KINDS[kind],
                       actual=_json_kind(value), example=example)]


def _check_disclosure(package: _Package) -> list[Issue]:
    control = package.descriptor.get("disclosure_control")
    if not isinstance(control, dict) or package.reference.disclosure_range() is not None:
        return []
    return [package.at("property-wrong-type", '"disclosure_control"', field="disclosure_control",
                       property="disclosure_control", expected="an object with two whole numbers",
                       actual="something else", example=_EXAMPLES["disclosure_control"])]


def _check_area(package: _Package) -> list[Issue]:
    code = package.descriptor.get("area_code")
    if not isinstance(code, str) or not code:
        return []
    issues = []
    if code != package.folder.name:
        issues.append(package.at("area-code-mismatch", '"area_code"', field="area_code", value=code,
                                 folder=package.folder.name))
    areas = package.reference.areas()
    if areas is None:
        return issues
    if code not in areas:
        return issues + [package.at("area-unknown", '"area_code"', field="area_code", value=code,
                                    reference_file=package.reference.file("areas"))]
    illustrative = package.descriptor.get("illustrative")
    fictional = areas[code].get("is_fictional") == "true"
    if isinstance(illustrative, bool) and illustrative != fictional:
        issues.append(package.at("illustrative-mismatch", '"illustrative"', field="illustrative",
                                 value=json.dumps(illustrative), area=code, expected=json.dumps(fictional),
                                 kind="a fictional" if fictional else "a real"))
    return issues


def _check_sources(package: _Package) -> list[Issue]:
    sources = package.descriptor.get("sources")
    if not isinstance(sources, list):
        return []
    issues, seen = [], set()
    # Invented figures have no publisher's address: a source of an illustrative package may omit its path.
    required = ("id", "title") if package.descriptor.get("illustrative") is True else ("id", "title", "path")
    for number, source in enumerate(sources, start=1):
        source = source if isinstance(source, dict) else {}
        for key in required:
            if not isinstance(source.get(key), str) or not source[key].strip():
                issues.append(package.at("source-incomplete", '"sources"', field=f"sources[{number}].{key}",
                                         number=number, property=key))
        source_id = source.get("id")
        if isinstance(source_id, str) and source_id in seen:
            issues.append(package.at("source-duplicate-id", f'"{source_id}"', field=f"sources[{number}].id",
                                     value=source_id))
        if isinstance(source_id, str):  # an id of another kind (a list, say) is reported above, not hashed
            seen.add(source_id)
        issues += _check_source_link(package, number, source.get("path"))
        issues += _check_source_boundaries(package, number, source.get("boundaries"))
    return issues


def _check_source_boundaries(package: _Package, number: int, boundaries: object) -> list[Issue]:
    """A source's "boundaries" is a list of boundary set ids from the reference boundary_sets.csv."""
    sets = package.reference.boundary_sets()
    if boundaries is None or sets is None:
        return []
    listed = boundaries if isinstance(boundaries, list) else [boundaries]
    return [package.at("unknown-boundary-set", '"boundaries"', field=f"sources[{number}].boundaries", number=number,
                       value=_shown(str(b)), allowed=", ".join(sorted(sets)), reference_file=package.reference.file("boundary_sets"))
            for b in listed if not isinstance(b, str) or b not in sets]


def _check_source_link(package: _Package, number: int, path: object) -> list[Issue]:
    """A source's path becomes a link on the ICS page, so it must be a safe https address."""
    if not isinstance(path, str) or not path.strip() or is_safe_https_url(path):
        return []
    return [package.at("link-not-https", json.dumps(path, ensure_ascii=False)[1:-1], field=f"sources[{number}].path",
                       value=_shown(path), place=f"the path of source number {number}", reason=_link_reason(path))]


def _source_ids(package: _Package) -> set[str]:
    sources = package.descriptor.get("sources")
    return {s["id"] for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)} if isinstance(sources, list) else set()


# --- Resources -------------------------------------------------------------------------------------------

def _usable_resources(package: _Package) -> tuple[list[tuple[str, str, dict]], list[Issue]]:
    """Resources that are safe and known, each with its canonical schema; issues for the rest."""
    resources = package.descriptor.get("resources")
    if not isinstance(resources, list):
        return [], []
    usable, issues, seen = [], [], set()
    for number, resource in enumerate(resources, start=1):
        problem = _resource_problem(package, number, resource, seen)
        if problem:
            issues.append(problem)
            continue
        name, path = resource["name"], resource["path"]
        seen.add(name)
        schema, problem = canonical_schema(package.schema_path(name))
        if schema is None:  # the resource's rows cannot be checked: say why (once, whichever package asks)
            if problem:
                shown = _display(package.schema_path(name))
                issues.append(_issue("schema-invalid", shown, schema=shown, resource=name, reason=problem))
            continue
        mismatch = _schema_mismatch(package, number, name, resource.get("schema"), schema)
        issues += [mismatch] if mismatch else []
        usable.append((name, path, schema))
    listed = {r["name"] for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)}
    issues += _missing_related(package, usable, listed)
    issues += _unlisted_files(package, resources) + _edited_imports(package, usable)
    return usable, issues


def _unlisted_files(package: _Package, resources: list) -> list[Issue]:
    """A CSV in the folder that datapackage.json does not list would never be checked or published. A file
    named after a listed resource whose entry is broken is that entry's file: its problem is reported there."""
    listed = {r["path"] for r in resources if isinstance(r, dict) and isinstance(r.get("path"), str)}
    named = {r["name"] for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)}
    issues = []
    for path in sorted(package.folder.iterdir()):
        if not path.is_file() or path.suffix.lower() != ".csv" or path.name in listed or path.stem in named:
            continue
        if path.stem in package.allowed_resources and path.suffix == ".csv":
            action = f'Add {json.dumps(resource_entry(path.stem))} to "resources" in datapackage.json'
        else:
            action = (f"Rename it to the name of a table a package can have ({', '.join(package.allowed_resources)}), "
                      "in lower case and ending .csv, and list it in datapackage.json")
        issues.append(_issue("file-not-listed", _display(path), path=path.name, action=action))
    return issues


def _edited_imports(package: _Package, usable: list[tuple[str, str, dict]]) -> list[Issue]:
    """Files the importer wrote must be as it wrote them: an edit by hand would vanish at the next import."""
    imported = package.descriptor.get("imported")
    if imported is None:
        return []
    files = imported.get("files") if isinstance(imported, dict) else None
    if not isinstance(files, dict):
        return [package.at("imported-wrong-type", '"imported"', field="imported", actual=_json_kind(imported))]
    issues = []
    for name, path, _ in usable:
        file = package.folder / path
        if name in files and _is_file(file) and file_fingerprint(file) != files[name]:
            issues.append(_issue("imported-file-edited", _display(file), path=path))
    return issues


def _resource_problem(package: _Package, number: int, resource: object, seen: set[str]) -> Issue | None:
    field_prefix = f"resources[{number}]"
    if not isinstance(resource, dict):
        return package.at("resource-incomplete", field=field_prefix, number=number, property="name")
    for key in ("name", "path"):
        if not isinstance(resource.get(key), str) or not resource[key]:
            return package.at("resource-incomplete", field=f"{field_prefix}.{key}", number=number, property=key)
    name, path = resource["name"], resource["path"]
    if name not in package.allowed_resources:
        return package.at("resource-unknown", f'"{name}"', field=f"{field_prefix}.name", value=name,
                          allowed=", ".join(package.allowed_resources))
    if name in seen:
        return package.at("resource-duplicate", f'"{name}"', field=f"{field_prefix}.name", value=name)
    reason = _unsafe_reason(path)
    if reason:
        return package.at("path-unsafe", json.dumps(path)[1:-1], field=f"{field_prefix}.path", resource=name,
                          value=path, reason=reason)
    return None


def _schema_mismatch(package: _Package, number: int, name: str, given: object, canonical: dict) -> Issue | None:
    canonical_file = _display(package.schema_path(name))
    if package.is_reference and given == f"schemas/{name}.json":
        return None
    if given is None or given == canonical:  # no schema: the canonical one applies
        return None
    return package.at("schema-mismatch", f'"{name}"', field=f"resources[{number}].schema", resource=name,
                      canonical=canonical_file, difference=_schema_difference(given, canonical))


def _schema_difference(given: object, canonical: dict) -> str:
    if not isinstance(given, dict):
        return "there is no inline schema" if given is None else f"it is {_json_kind(given)}, not a copy of the schema"
    fields = given.get("fields", [])
    if not isinstance(fields, list):
        return f'its "fields" is {_json_kind(fields)}, not a list of fields'
    given_fields = {f["name"]: f for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)}
    unnamed = sum(1 for f in fields if not (isinstance(f, dict) and isinstance(f.get("name"), str)))
    notes = [f"{unnamed} of its fields {'has' if unnamed == 1 else 'have'} no name"] if unnamed else []
    notes += [f'field "{f["name"]}" is missing' for f in canonical["fields"] if f["name"] not in given_fields]
    canonical_fields = {f["name"]: f for f in canonical["fields"]}
    notes += [f'field "{n}" is not in the canonical schema' for n in given_fields if n not in canonical_fields]
    notes += [f'field "{n}" differs' for n, f in canonical_fields.items() if n in given_fields and given_fields[n] != f]
    if not notes and [f.get("name") if isinstance(f, dict) else None for f in fields] != list(canonical_fields):
        notes.append("the fields are in a different order")
    notes += [f"{key} differs" for key in sorted(set(given) | set(canonical)) if key != "fields"
              and given.get(key) != canonical.get(key)]
    return "; ".join(notes[:4]) + ("; and more" if len(notes) > 4 else "")


def _missing_related(package: _Package, usable: list[tuple[str, str, dict]], listed: set[str]) -> list[Issue]:
    issues = []
    for name, path, schema in usable:
        for key in schema.get("foreignKeys", []):
            target = key["reference"]["resource"]
            if target and target not in listed:
                issues.append(_issue("related-resource-missing", _display(package.folder / path), target=target,
                                     fields=", ".join(key["fields"])))
    return issues
