"""Importers: what writes the bundled data packages, one module per source.

- `raw`: the raw public files the import reads, checked for the columns it relies on.
- `areas`: reference areas, the ICB maps of 2024 and April 2026, and how one became the other.
- `public_files`: the real packages, rebuilt from the raw public files (`python -m generator import-shared`).
- `example`: the fictional Example ICS, invented around real national figures
  (`python -m generator.importer.example [OUT_DIR]`).

The Example's area row is declared once, here, for both.
"""
from __future__ import annotations

# The fictional Example ICS has no source file: its reference row is declared here, flagged as fictional.
EXAMPLE_AREA = {"area_code": "X54000099", "ods_code": "XMPL", "name": "Example ICS (fictional)",
                "short_name": "Example ICS (fictional)", "area_type": "icb", "parent_code": "",
                "valid_from": "2022-07-01", "valid_to": "", "label_longitude": "", "label_latitude": "",
                "is_fictional": "true"}

from generator.importer.public_files import (  # noqa: E402,F401 - the importer's public names
    build_places, import_shared, normalise_period, reverse_quintile)
from generator.importer.raw import REQUIRED_FILES  # noqa: E402,F401
