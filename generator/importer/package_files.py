"""Write an imported package without touching what an ICS team added to it.

The importer owns the tables it makes from national sources (`observations`, `places`) and the descriptor
properties that describe them. Everything else in the folder belongs to the ICS team: its tables (PLUS
groups, self-assessment, actions, corrections), its own sources, and any property it adds, such as a
contact. A re-import rewrites only what the importer owns and keeps the rest as it was, in its order.
The descriptor records a fingerprint of each imported file (`imported`), so the validator can tell a team
that an imported figure was edited by hand and must be corrected through `corrections.csv` instead.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from generator import paths
from generator.importer.raw import ImportProblem
from generator.digests import fingerprint
from generator.paths import resource_entry

IMPORT_COMMAND = "python -m generator import-shared"
# The descriptor properties the importer writes; every other property is the team's.
OWNED_PROPERTIES = ("name", "title", "version", "area_code", "illustrative", "description", "attribution",
                    "licenses", "sources", "imported", "resources")


def write_package(folder: Path, descriptor: dict, tables: dict[str, pd.DataFrame], existing: dict) -> None:
    """Write the importer's tables into folder and merge its descriptor with the one already there (existing)."""
    folder.mkdir(parents=True, exist_ok=True)
    fingerprints = {}
    for name, frame in tables.items():
        data = csv_bytes(frame)
        (folder / f"{name}.csv").write_bytes(data)
        fingerprints[name] = fingerprint(data)
    owned = {**descriptor, "imported": {"by": IMPORT_COMMAND, "files": fingerprints},
             "resources": [resource_entry(name) for name in tables]}
    merged = merge_descriptor(owned, existing)
    (folder / paths.DESCRIPTOR).write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def merge_descriptor(owned: dict, existing: dict) -> dict:
    """The importer's properties, sources and resources, then the team's, each kept in its own order."""
    own_sources = {s["id"] for s in owned["sources"]}
    own_resources = {r["name"] for r in owned["resources"]}
    team_sources = [s for s in existing.get("sources", []) if not (isinstance(s, dict) and s.get("id") in own_sources)]
    team_resources = [r for r in existing.get("resources", [])
                      if not (isinstance(r, dict) and r.get("name") in own_resources)]
    merged = {key: owned[key] for key in OWNED_PROPERTIES if key in owned}
    merged["sources"] = owned["sources"] + team_sources
    merged["resources"] = owned["resources"] + team_resources
    merged |= {key: value for key, value in existing.items() if key not in OWNED_PROPERTIES}
    return merged


def existing_descriptor(folder: Path) -> dict:
    """The descriptor already in folder ({} for a new package). A broken one stops the import: replacing it
    would drop the team's tables from the package without a word."""
    path = folder / paths.DESCRIPTOR
    if not path.exists():
        return {}
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportProblem(f"{path} is not valid JSON ({error}); fix it (python -m generator validate says where) "
                            "and import again, so the ICS team's tables stay listed") from error
    if not isinstance(existing, dict):
        raise ImportProblem(f"{path} is not a JSON object; fix it and import again")
    return existing


def csv_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")
