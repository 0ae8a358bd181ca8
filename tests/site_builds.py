"""Building the site from the tests: one command, and what a build gives."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The site is built as the publishing workflow builds it, for a GitHub Pages address under /<repository>/.
# The address is a pretend one: the browser tests serve the build at it from the folder (no network).
PAGES_ADDRESS = "https://ics-team.github.io/ics-health-inequalities/"
BUILD_TIMEOUT_S = 900


@dataclass(frozen=True)
class SiteBuild:
    content: Path  # the generated pages (Markdown and downloads) and their manifest
    site: Path  # the site mkdocs built from them
    site_url: str


def run_build(site: Path, *options: str, env: dict | None = None) -> Path:
    """`python -m generator build --site-dir SITE OPTIONS`; the site folder, or the test fails with the output."""
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(site), *options],
                            cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
                            env={**os.environ, **(env or {})})
    if result.returncode:
        pytest.fail(f"`python -m generator build` failed (exit {result.returncode}), so nothing could be "
                    f"checked:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}", pytrace=False)
    return site


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is missing: it is a test dependency (make .venv/.installed-stamp installs it)")
    return found
