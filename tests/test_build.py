"""End to end: the bundled data builds a site with every page type, twice identically, and bad data
builds nothing; every page reads as mkdocs expects, and the Example's invented figures show only under its
banner and never among comparisons between systems. Each page type's content is tested in tests/test_pages_*.py."""
import re
import shutil
import subprocess
import sys

import pytest

from generator import paths
from generator.load import load_dataset
from generator.pages import common
from generator.publish import build_site

from built_pages import _pages


def test_every_group_indicator_and_framework_page_exists(built):
    content, _ = built
    dataset = load_dataset()
    pages = _pages(content)
    for group_id in dataset.reference.tables["community_groups"].group_id:
        assert common.group_page(group_id) in pages
    for indicator_id in dataset.reference.tables["indicators"].indicator_id:
        assert common.indicator_page(indicator_id) in pages
    assert "framework/index.md" in pages and "index.md" in pages and "ics/index.md" in pages


def test_front_matter_comes_first_so_mkdocs_reads_it_instead_of_showing_it(built):
    content, _ = built
    for name, page in _pages(content).items():
        if re.search(r"^---\n(?:\w+: .*\n)+---\n", page, flags=re.M):
            assert page.startswith("---\n"), f"{name}: front matter after other text is shown on the page"


def test_chart_ids_are_unique_within_each_page(built):
    content, _ = built
    for name, page in _pages(content).items():
        ids = re.findall(r'id="(chart-[^"]+)"', page)
        assert len(ids) == len(set(ids)), f"{name}: duplicate chart ids"


def test_a_second_build_is_byte_identical(built, tmp_path):
    content, _ = built
    again = tmp_path / "content"
    assert build_site(content_dir=again, run_mkdocs=False) == 0
    first = {p.relative_to(content): p.read_bytes() for p in content.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_invalid_data_builds_nothing_and_leaves_the_site_untouched(tmp_path):
    data = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, data)
    observations = data / "E54000062" / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",published,", ",published_maybe,", 1)
    observations.write_text("".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    result = subprocess.run([sys.executable, "-c", (
        "import sys; from pathlib import Path; from generator.publish import build_site; "
        f"sys.exit(build_site(site_dir=Path({str(site)!r}), root=Path({str(data)!r}), content_dir=Path({str(content)!r})))")],
        cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "E54000062/observations.csv" in result.stderr and "line 5" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert list(content.iterdir()) == []


def test_no_page_shows_invented_figures_without_the_banner(built):
    content, _ = built
    pages = _pages(content)
    example_pages = [name for name in pages if name.startswith("ics/example-ics-fictional/")]
    assert len(example_pages) >= 2
    for name, page in pages.items():
        shows_example = name in example_pages or "Example ICS (fictional)" in page
        if shows_example and name != "index.md":  # the home page only links to it, with "invented figures" in the link
            assert "illustrative-banner" in page, f"{name} shows the Example ICS without the banner"


def test_the_example_is_left_out_of_comparisons_between_systems(built):
    content, _ = built
    pages = _pages(content)
    for name in ("groups/core20.md", "indicators/smi-health-checks.md", "indicators/core20-neighbourhoods.md"):
        figures = re.findall(r'<figure class="chart".*?</figure>', pages[name], flags=re.S)
        assert figures, name
        for figure in figures:
            assert "Example ICS" not in figure, name
        lists = re.findall(r'<ul class="ics-list">.*?</ul>', pages[name], flags=re.S)
        assert all("Example ICS" not in found for found in lists), name


def test_the_sitemap_is_dated_by_the_last_commit_not_the_clock(built):
    """The same commit builds the same site: mkdocs dates the sitemap with SOURCE_DATE_EPOCH, which the
    build takes from git."""
    committed = subprocess.run(["git", "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d"],
                               cwd=paths.ROOT, capture_output=True, text=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"})
    if committed.returncode or not committed.stdout.strip():
        pytest.skip("no git history here to date the build by")
    _, site = built
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {committed.stdout.strip()}


def test_invalid_data_that_breaks_the_pages_is_reported_as_invalid_data(example_copy, tmp_path, capsys):
    """Pages are made while the rows are checked: data that makes a page fail is still reported by the
    validator, file and line, not as a fault of the generator."""
    observations = example_copy / "X54000099" / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("cervical_screening_25_49,", "no_such_indicator,", 1)
    observations.write_text("".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(site_dir=site, root=example_copy, content_dir=tmp_path / "content") == 1
    error = capsys.readouterr().err
    assert "line 2" in error and "no_such_indicator" in error and "fix the problems above first" in error
    assert "unexpected error" not in error and "Traceback" not in error
    assert not site.exists()


def test_a_file_outside_its_package_is_never_read(example_copy, tmp_path, capsys, monkeypatch):
    """When a package lists a file it must not read, the data is validated before anything reads it."""
    import generator.load

    descriptor = example_copy / "X54000099" / paths.DESCRIPTOR
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace('"places.csv"', '"../../places.csv"', 1),
                          encoding="utf-8")
    monkeypatch.setattr(generator.load, "load_dataset", lambda root: pytest.fail("the data was read"))
    assert build_site(site_dir=tmp_path / "site", root=example_copy, content_dir=tmp_path / "content") == 1
    assert "outside the package folder" in capsys.readouterr().err
