"""Shared pytest fixtures. Keep each fixture small and say what it gives.

The bundled data is built once per run (`site_build`) and every test that needs the whole site reads that
build: the page tests, the engine comparison and the browser tests. A full build takes about a minute on
two cores, so each extra one is a minute more in CI."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from site_builds import BUILD_TIMEOUT_S, PAGES_ADDRESS, SiteBuild, run_build, tool
from validation_packages import copy_validation_packages


@pytest.fixture
def validation_packages(tmp_path: Path) -> Path:
    """A datapackages folder with a tiny reference package, a fictional ICS (X54000001) and England."""
    return copy_validation_packages(tmp_path / "datapackages")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A datapackages folder holding copies of the bundled reference package and the fictional Example ICS."""
    from generator import paths

    root = tmp_path / "datapackages"
    shutil.copytree(paths.reference_dir(), root / "reference")
    shutil.copytree(paths.DATAPACKAGES / "X54000099", root / "X54000099")
    return root


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> SiteBuild:
    """The bundled data built once, with SITE_URL set as on GitHub Pages, into scratch folders: the
    checkout's content/, site/ and mkdocs.generated.yml are left as they are."""
    base = tmp_path_factory.mktemp("site-build")
    run_build(base / "site", "--content-dir", str(base / "content"), env={"SITE_URL": PAGES_ADDRESS})
    return SiteBuild(base / "content", base / "site", PAGES_ADDRESS)


@pytest.fixture(scope="module")
def built(site_build):
    """The generated pages of the bundled data (a scratch content folder) and the site built from them."""
    return site_build.content, site_build.site


@pytest.fixture(scope="session")
def zensical_site(site_build, tmp_path_factory) -> Path:
    """The same pages built by Zensical, Material's successor, with the same config as the mkdocs build.
    Zensical wants the pages and the site inside the project, so they are built in a work folder there,
    and the config sits beside mkdocs.yml so that custom_dir and the other relative paths resolve."""
    from generator import paths, publish
    from generator.load import load_dataset
    from generator.pages.nav import generated_config

    out = tmp_path_factory.mktemp("zensical") / "site"
    with tempfile.TemporaryDirectory(prefix=".zensical-", dir=paths.ROOT) as inside:
        work = Path(inside)
        docs = publish.assemble_docs(site_build.content, work / "docs")
        relative = work.relative_to(paths.ROOT)  # Zensical stops at absolute paths here
        config_text = generated_config(load_dataset(), site_build.site_url)
        with publish.work_config(config_text, docs_dir=str(relative / docs.name),
                                 site_dir=str(relative / "zensical")) as config:
            zensical = subprocess.run([tool("zensical"), "build", "-f", str(config)], cwd=paths.ROOT,
                                      capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
        assert zensical.returncode == 0, zensical.stdout[-3000:] + zensical.stderr[-3000:]
        shutil.copytree(work / "zensical", out)
    return out
