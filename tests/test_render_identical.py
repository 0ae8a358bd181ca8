"""Rendering is made faster without changing a byte: every generated file (pages, chart CSVs, downloads) equals
what the generator of REFERENCE_COMMIT writes from the same data.

REFERENCE_COMMIT was first the last commit before the rendering was rewritten for speed (issue 12), and moved to
the commit that gave every figure its source link, every page its data's date, the site its releases pages and
every package download its citation (issue 11), then to the commit that gave the count tables and maps their
sources, then to the one that made charts readable on a phone, then to the one that made hover labels readable
(each time every page with a chart changed), then to the one that gave the home page's map a key, then to the
one that drew trend lines' markers in shapes with outlines. A change that alters pages on purpose moves it:
check that the differences this test lists are the intended ones, then set REFERENCE_COMMIT to the commit that
makes them. Skipped only where the commit is not in the checkout's history (a shallow clone), and then says so.
"""
from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from generator import paths
from generator.pages import reuse

REFERENCE_COMMIT = "5df4f37c2140e029c3dec1fcbf2f0544fb21f49f"
RENDER = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
          "from generator.load import load_dataset; from generator.pages import render_site; "
          "render_site(load_dataset(Path(sys.argv[2])), Path(sys.argv[3]))")


def _render_with(tree: Path, out: Path) -> None:
    """The generator in `tree` renders the repository's data into `out`, in a process of its own, so that it
    imports that tree's modules and reads that tree's mkdocs.yml."""
    subprocess.run([sys.executable, "-c", RENDER, str(tree), str(paths.DATAPACKAGES), str(out)], cwd=tree, check=True,
                   timeout=600)


def _files(root: Path) -> dict[str, bytes]:
    """Every file written, but the records of the build itself (which the reference generator did not write)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in (reuse.KEYS, reuse.ROWS)}


def test_every_generated_file_is_byte_identical_to_the_reference_generator(tmp_path):
    found = subprocess.run(["git", "cat-file", "-e", f"{REFERENCE_COMMIT}^{{commit}}"], cwd=paths.ROOT,
                           capture_output=True)
    if found.returncode:
        pytest.skip(f"commit {REFERENCE_COMMIT[:10]} is not in this checkout's history (a shallow clone?)")
    archive = tmp_path / "reference.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), REFERENCE_COMMIT], cwd=paths.ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "reference", filter="data")
    _render_with(tmp_path / "reference", tmp_path / "before")
    _render_with(paths.ROOT, tmp_path / "after")

    before, after = _files(tmp_path / "before"), _files(tmp_path / "after")
    assert len(after) > 500  # the whole site: every page type, chart CSVs and downloads
    assert sorted(after) == sorted(before), "files written differ"
    changed = [name for name in sorted(after) if after[name] != before[name]]
    assert not changed, (f"{len(changed)} of {len(after)} files differ from what {REFERENCE_COMMIT[:10]} writes, "
                         f"first {changed[:5]}; if the change is intended, move REFERENCE_COMMIT (see the docstring)")
