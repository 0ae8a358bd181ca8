"""`python -m generator new-ics CODE`: start the data package of an ICS that has none yet.

The package is what an ICS team would otherwise copy by hand: a datapackage.json with the canonical Table
Schema of every table, each CSV with its header row and no rows, and a short README saying what to do
next. It validates as it is (empty tables are a warning, not an error), so a team can add one table at a
time. The code must be an ICB in the reference areas, and an existing folder is never touched; the folder
also gets its own line in .github/CODEOWNERS, so the team reviews its own changes.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from generator import paths
from generator.load import read_json
from generator.paths import ICS_RESOURCES, resource_entry

OWNERS = paths.ROOT / ".github" / "CODEOWNERS"
# Until the team names its own source, the package points at NHS England's list of systems; the README says
# to replace it with the address where the ICB publishes its figures.
PLACEHOLDER_SOURCE = {"id": "icb", "title": "NHS England: integrated care in your area (replace with your own source)",
                      "path": "https://www.england.nhs.uk/integratedcare/integrated-care-in-your-area/",
                      "publisher": "NHS England"}
LICENCE = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
           "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}


class ScaffoldError(Exception):
    """The code names no ICB, or its folder exists already."""


def new_ics(code: str, root: Path = paths.DATAPACKAGES, owners: Path | None = OWNERS) -> Path:
    """Write the package of ICB `code` under root; returns its folder."""
    area = _icb(code, root)
    folder = root / code
    if folder.exists():
        raise ScaffoldError(f"{folder} exists already; new-ics never overwrites a package. Edit its files instead.")
    folder.mkdir()
    resources = []
    for name in ICS_RESOURCES:
        schema = read_json(paths.schema_path(f"ics-{name}", root))
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow([f["name"] for f in schema["fields"]])
        resources.append(resource_entry(name))
    descriptor = {"name": f"ics-{code.lower()}", "title": f"{area['short_name']} integrated care system",
                  "version": "0.1.0", "area_code": code, "illustrative": False,
                  "description": f"Data published by {area['name']}.", "licenses": [LICENCE],
                  "sources": [PLACEHOLDER_SOURCE], "resources": resources}
    (folder / paths.DESCRIPTOR).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(_readme(code, area), encoding="utf-8")
    if owners is not None and owners.exists():
        _add_owners(owners, code, area)
    return folder


def _icb(code: str, root: Path) -> dict:
    with open(paths.reference_dir(root) / "areas.csv", encoding="utf-8", newline="") as handle:
        areas = {row["area_code"]: row for row in csv.DictReader(handle)}
    area = areas.get(code)
    if area is None:
        raise ScaffoldError(f"{code!r} is not in the reference areas (datapackages/reference/areas.csv). "
                            "Give the ICB's ONS code, for example E54000062.")
    if area.get("area_type") != "icb":
        raise ScaffoldError(f"{code} is {area.get('name', '')}, a {area.get('area_type', '').replace('_', ' ')}, not an "
                            "integrated care board: only an ICB gets a package of its own.")
    return area


def _add_owners(owners: Path, code: str, area: dict) -> None:
    from generator.pages.common import slug

    line = f"/datapackages/{code}/".ljust(37) + f"@ics-transparency/{slug(area['short_name'])}-data @ics-transparency/maintainers"
    text = owners.read_text(encoding="utf-8")
    if f"/datapackages/{code}/" not in text:
        owners.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def _readme(code: str, area: dict) -> str:
    return f"""# {area['short_name']} integrated care system: data package

This folder holds the data {area['name']} publishes on the site. Every table starts empty, with its
header row only; add rows to the tables you are ready to publish, one at a time.

1. Replace the placeholder source in `datapackage.json` ("sources") with the address where you publish the
   figures, and give it an `id` your rows use in `source_id`.
2. Add your rows: figures in `observations.csv`, your places (local authorities) in `places.csv`, your
   PLUS groups in `plus_groups.csv`, and your self-assessment and "you said, we did" in `assessments.csv`,
   `ratings.csv`, `evidence.csv` and `actions.csv`.
3. Check them: `.venv/bin/python -m generator validate datapackages/{code}`, or open a pull request and read
   what its checks say (see CONTRIBUTING.md).

What every column means, and every message the checker can give, is on the page "How to contribute data"
(content/contribute.md). Replace the placeholder team in `.github/CODEOWNERS` with your own GitHub team.
"""
