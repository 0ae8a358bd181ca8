"""Rebuilds: pages whose inputs did not change are copied from the previous build (generator.pages.reuse), and
MkDocs renders only the pages that changed (generator.rebuild); either way the result equals a clean build."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import paths
from generator.digests import fingerprint
from generator.load import load_dataset
from generator.pages import common, render_site, reuse
from generator.pages.site import Site

SYSTEM = "E54000062"  # Black Country: a real system, beside the Example


@pytest.fixture
def two_systems(example_copy: Path) -> Path:
    """The reference package, the Example and one real system."""
    shutil.copytree(paths.DATAPACKAGES / SYSTEM, example_copy / SYSTEM)
    return example_copy


def change_one_figure(data: Path, code: str = SYSTEM) -> str:
    """One published figure of the system's practices moved by 5%, written as an import would write it (with
    its fingerprint in datapackage.json), so the data stays valid; its indicator."""
    observations = data / code / "observations.csv"
    header, *rows = list(csv.reader(io.StringIO(observations.read_text(encoding="utf-8"))))
    column = {name: i for i, name in enumerate(header)}
    row = next(r for r in reversed(rows) if r[column["breakdown"]] == "practice_imd_q1" and r[column["value"]]
               and r[column["status"]] == "published" and not r[column["count"]] and not r[column["lower_ci_95"]])
    row[column["value"]] = f"{float(row[column['value']]) * 1.05:.6f}"
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *rows])
    observations.write_text(text.getvalue(), encoding="utf-8")
    descriptor = json.loads((data / code / paths.DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["imported"]["files"]["observations"] = fingerprint(observations.read_bytes())
    (data / code / paths.DESCRIPTOR).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return row[column["indicator_id"]]


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_render_reuses_the_units_whose_inputs_did_not_change_and_equals_a_clean_render(two_systems, tmp_path):
    first, second, clean = tmp_path / "first", tmp_path / "second", tmp_path / "clean"
    assert render_site(load_dataset(two_systems), first, processes=1) == frozenset()
    changed_indicator = change_one_figure(two_systems)
    reused = render_site(load_dataset(two_systems), second, processes=1, previous=first)
    indicator_units = {reuse.unit_of(common.indicator_page(i)) for i in Site.of(load_dataset(two_systems)).plan.indicators}
    changed_unit = reuse.unit_of(common.indicator_page(changed_indicator))
    assert changed_unit in indicator_units and len(indicator_units) > 20
    # Not the changed system, its ZIP, the changed indicator's page nor the national pages: everything else.
    assert reused == {"ics/example-ics-fictional", "data/reference", "data/X54000099", *(indicator_units - {changed_unit})}
    render_site(load_dataset(two_systems), clean, processes=1)
    assert files(second) == files(clean)
    # A file whose bytes did not change keeps its time, so MkDocs does not render it again.
    page = "ics/example-ics-fictional/index.md"
    assert (second / page).stat().st_mtime == (first / page).stat().st_mtime
    changed = [name for name, data in files(second).items() if (first / name).is_file() and (first / name).read_bytes() != data]
    assert "ics/black-country/index.md" in changed
    assert all((second / name).stat().st_mtime > (first / name).stat().st_mtime for name in changed)


def test_a_record_from_another_build_or_a_damaged_one_reuses_nothing(two_systems, tmp_path):
    first = tmp_path / "first"
    render_site(load_dataset(two_systems), first, processes=1)
    assert render_site(load_dataset(two_systems), tmp_path / "offline", processes=1, directory_urls=False,
                       previous=first) == frozenset()  # addressed differently: nothing can be copied
    (first / "ics/black-country/index.md").unlink()
    (first / reuse.KEYS).write_text(
        (first / reuse.KEYS).read_text(encoding="utf-8").replace('"national"', '"national-renamed"'), encoding="utf-8")
    reused = render_site(load_dataset(two_systems), tmp_path / "again", processes=1, previous=first)
    assert "ics/example-ics-fictional" in reused and "ics/black-country" not in reused  # a unit missing a file
    assert reuse.NATIONAL not in reused  # is rendered again, as is one not recorded
    (first / reuse.KEYS).write_text("{not json", encoding="utf-8")
    assert render_site(load_dataset(two_systems), tmp_path / "third", processes=1, previous=first) == frozenset()


def test_pages_never_import_the_parts_their_keys_leave_out(example_copy, tmp_path):
    """A change to the validator, the messages, the importer or the workbook re-renders nothing, so rendering
    must not read them."""
    script = ("import sys; from pathlib import Path; from generator.load import load_dataset; "
              "from generator.pages import render_site; from generator import publish, rebuild; "
              "render_site(load_dataset(Path(sys.argv[1])), Path(sys.argv[2]), processes=1); "
              "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('generator.'))))")
    found = subprocess.run([sys.executable, "-c", script, str(example_copy), str(tmp_path / "out")], cwd=paths.ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    assert "generator.pages.ics" in found
    assert [m for m in found if m.split(".")[1] in reuse.NOT_READ_BY_PAGES] == []


def build(data: Path, content: Path, site: Path, *extra: str) -> None:
    subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(data), "--content-dir", str(content),
                    "--site-dir", str(site), *extra], cwd=paths.ROOT, check=True, capture_output=True, timeout=600)


def test_a_rebuild_after_one_change_equals_a_clean_build_and_renders_only_what_changed(two_systems, tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    build(two_systems, content, site)
    untouched = site / "ics/example-ics-fictional/index.html"
    before = untouched.stat().st_mtime_ns
    change_one_figure(two_systems)
    build(two_systems, content, site)
    build(two_systems, tmp_path / "clean-content", tmp_path / "clean-site", "--clean")
    assert files(site) == files(tmp_path / "clean-site")
    assert files(content) == files(tmp_path / "clean-content")
    assert untouched.stat().st_mtime_ns == before  # MkDocs did not render it again: the rebuild was incremental
    search = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(entry["location"].startswith("ics/example-ics-fictional/") for entry in search["docs"])
