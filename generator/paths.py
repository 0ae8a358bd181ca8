"""Where things live, by convention, so no other module builds paths by hand."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATAPACKAGES = ROOT / "datapackages"
REFERENCE_NAME = "reference"
DESCRIPTOR = "datapackage.json"
CONTENT = ROOT / "content"
SITE = ROOT / "site"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
GENERATED_CONFIG = "mkdocs.generated.yml"  # mkdocs.yml plus the menu of the generated pages, beside it
TEMPLATES = Path(__file__).resolve().parent / "templates"

# Sub-folders of content/ that the generator owns and rewrites on every build (kept out of git).
GENERATED_DIRS = ("ics", "groups", "indicators", "framework", "releases", "downloads")

ICS_RESOURCES = ("observations", "places", "plus_groups", "assessments", "ratings", "evidence", "actions", "corrections")
# The tables an ICS team writes itself (the workbook's sheets); an import of the national data never touches them.
TEAM_RESOURCES = ("plus_groups", "assessments", "ratings", "evidence", "actions", "corrections")


def resource_entry(name: str) -> dict:
    """How datapackage.json lists a table: its name and file. The validator and the loader take its Table
    Schema from the reference package, so no one pastes (or mis-pastes) a copy."""
    return {"name": name, "path": f"{name}.csv"}


def reference_dir(root: Path = DATAPACKAGES) -> Path:
    return root / REFERENCE_NAME


def schema_path(resource_name: str, root: Path = DATAPACKAGES) -> Path:
    """Canonical Table Schema of a resource; ICS resources are prefixed 'ics-'."""
    return reference_dir(root) / "schemas" / f"{resource_name}.json"


def package_dirs(root: Path = DATAPACKAGES) -> list[Path]:
    """Every package folder except the reference package, in a stable order."""
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name != REFERENCE_NAME and not p.name.startswith((".", "_")))
