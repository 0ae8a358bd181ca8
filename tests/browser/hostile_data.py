"""A hostile copy of the bundled data: every free-text field of every resource carries markup.

Free text is every string field whose Table Schema gives it no enum or pattern and that is no key (those
are checked values, not text), plus the free text of each package's datapackage.json. The payload tries
every way text could become code on the site: HTML elements and event handlers, a script-ending tag for
the chart JSON, javascript: links in HTML and Markdown, Markdown and attribute-list syntax after a blank
line (which would end an HTML block), Jinja expressions, and a spreadsheet formula at the start.
Anything that runs sets window.__injected; any element it creates has the class or id "injected".
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from generator.digests import fingerprint

FORMULA = '=HYPERLINK("https://example.org/","injected-formula") '
PAYLOAD = (' <script>window.__injected=1</script><img src=x class="injected" onerror="window.__injected=1">'
           '<b class="injected">injected-bold</b> <a class="injected" href="javascript:window.__injected=1">a</a>'
           '</script><script>window.__injected=1</script> " onmouseover="window.__injected=1" data-injected="1\' data-injected=\'1'
           ' [injected-md](javascript:window.__injected=1) **injected-strong** {{ "JINJA" ~ "-RAN" }}'
           ' {% if true %}{{ "BLOCK" ~ "-RAN" }}{% endif %} &lt;b&gt;'
           '\n\n# injected-heading {: #injected onclick="window.__injected=1" }\n\n'
           '<div markdown="1" class="injected">*injected-em*</div> end')
# Strings that are not text to show: a period type's pattern is a regular expression the validator runs.
NOT_TEXT = {"pattern"}
# Shown as text, the payload's own words appear; run as a template, these would appear instead.
TEMPLATE_OUTPUTS = ("JINJA-RAN", "BLOCK-RAN")
SHOWN_AS_TEXT = '<b class="injected">injected-bold</b>'


def hostile_copy(source: Path, target: Path) -> Path:
    """Copy the datapackages folder `source` to `target` with the payload in every free-text field."""
    shutil.copytree(source, target)
    schemas = target / "reference" / "schemas"
    for descriptor_path in sorted(target.glob("*/datapackage.json")):
        package = descriptor_path.parent
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        is_reference = package.name == "reference"
        for resource in descriptor.get("resources", []):
            schema_name = resource["name"] if is_reference else f"ics-{resource['name']}"
            schema = json.loads((schemas / f"{schema_name}.json").read_text(encoding="utf-8"))
            _poison_csv(package / resource["path"], free_text_fields(schema))
        if not is_reference:
            _poison_descriptor(descriptor)
            # A contribution can rewrite the fingerprints of imported files too (CI's re-import test is what
            # catches that); here they are made to match, so the poisoned packages validate and get published.
            for name in descriptor.get("imported", {}).get("files", {}):
                descriptor["imported"]["files"][name] = fingerprint((package / f"{name}.csv").read_bytes())
            descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def free_text_fields(schema: dict) -> list[str]:
    keys = set(_as_list(schema.get("primaryKey")))
    for foreign in schema.get("foreignKeys", []):
        keys.update(_as_list(foreign["fields"]))
    return [f["name"] for f in schema["fields"]
            if f.get("type", "string") == "string" and f.get("format") != "uri" and f["name"] not in keys | NOT_TEXT
            and not {"enum", "pattern"} & set(f.get("constraints", {}))]


def _as_list(value) -> list:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _poison(text: str) -> str:
    return FORMULA + text + PAYLOAD if text else text


def _poison_csv(path: Path, fields: list[str]) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        header = list(rows[0].keys()) if rows else []
    if not rows or not fields:
        return
    for row in rows:
        for name in fields:
            row[name] = _poison(row.get(name, ""))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _poison_descriptor(descriptor: dict) -> None:
    for key in ("title", "description", "attribution"):
        if isinstance(descriptor.get(key), str):
            descriptor[key] = _poison(descriptor[key])
    contact = descriptor.get("contact")
    if isinstance(contact, dict):  # the team's contact is shown on its page: its words are text, never markup
        for key in ("title", "email"):
            contact[key] = _poison(contact.get(key, ""))
    for source in descriptor.get("sources", []):
        for key in ("title", "publisher", "licence_note"):
            if isinstance(source.get(key), str):
                source[key] = _poison(source[key])
