"""The committed plotly.js bundle, which every page with a chart loads, is byte for byte what
scripts/build_plotly_bundle.sh builds from the versions pinned in package-lock.json. What a reviewer can read (the
script and the lock file) is then what runs: code slipped into the minified bundle itself fails the tests, and a
change to how it is built cannot be forgotten in the bundle."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import paths

COMMITTED = paths.ROOT / "site_overrides" / "assets" / "javascripts" / "plotly.min.js"
SCRIPT = paths.ROOT / "scripts" / "build_plotly_bundle.sh"
NEEDED = (paths.ROOT / "node_modules" / "plotly.js" / "package.json", paths.ROOT / "node_modules" / "esbuild")


def test_the_committed_bundle_is_what_the_build_script_makes(tmp_path: Path):
    missing = [str(path.relative_to(paths.ROOT)) for path in NEEDED if not path.exists()]
    if missing or not shutil.which("node"):
        reason = f"node or the npm packages are missing ({', '.join(missing) or 'node'}): run make test (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    built = tmp_path / "plotly.min.js"
    run = subprocess.run(["sh", str(SCRIPT), str(built)], cwd=paths.ROOT, capture_output=True, text=True,
                         env={**os.environ, "PLOTLY_BUNDLE_INSTALLED": "1"}, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert built.stat().st_size > 100_000, "the script wrote no bundle worth the name"
    assert built.read_bytes() == COMMITTED.read_bytes(), (
        f"{COMMITTED.relative_to(paths.ROOT)} is not what scripts/build_plotly_bundle.sh builds: run it and commit "
        "the result (or undo the change to the bundle)")
