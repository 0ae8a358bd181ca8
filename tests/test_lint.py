"""ruff finds nothing in the project's Python (its settings are in pyproject.toml): no unused imports or
names, no undefined names, no lines longer than the project keeps."""
from __future__ import annotations

import subprocess

from site_builds import REPO, tool


def test_ruff_finds_nothing():
    result = subprocess.run([tool("ruff"), "check", "--no-cache", "--output-format", "concise", "."], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"ruff check found problems (fix them, or run `ruff check --fix`):\n{result.stdout}{result.stderr}"
