"""Shared pytest fixtures. Keep each fixture small and say what it gives."""
from __future__ import annotations

from pathlib import Path

import pytest

from validation_packages import copy_validation_packages


@pytest.fixture
def validation_packages(tmp_path: Path) -> Path:
    """A datapackages folder with a tiny reference package, a fictional ICS (X54000001) and England."""
    return copy_validation_packages(tmp_path / "datapackages")
