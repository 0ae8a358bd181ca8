"""The validator's tiny test packages, copied with the repository's canonical schemas (shared by conftest.py
and tests that build packages outside a fixture, such as the property tests)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator import paths

VALIDATION_FIXTURES = Path(__file__).parent / "fixtures" / "validation"


def copy_validation_packages(target: Path) -> Path:
    """Copy the validator's tiny packages to target (a datapackages folder) and return it.

    The fixtures keep no schemas of their own: the repository's canonical schemas are copied into the
    reference package and inlined into each package's resources, as the repository contract requires,
    so the tests always check against the schemas in use.
    """
    shutil.copytree(VALIDATION_FIXTURES, target, ignore=shutil.ignore_patterns("*.md"))
    canonical = paths.reference_dir() / "schemas"
    shutil.copytree(canonical, target / paths.REFERENCE_NAME / "schemas")
    for descriptor_path in sorted(target.glob(f"*/{paths.DESCRIPTOR}")):
        if descriptor_path.parent.name == paths.REFERENCE_NAME:
            continue
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            schema_file = canonical / f"ics-{resource['name']}.json"
            resource["schema"] = json.loads(schema_file.read_text(encoding="utf-8"))
        descriptor_path.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    return target
