"""The site plan is the one list of pages: the menu lists exactly the pages built, every page outside the
menu is linked from its parents, and an area without data gets no page and no menu entry."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import yaml

from generator import paths
from generator.load import load_dataset
from generator.pages import common, render_site
from generator.pages.nav import generated_config, site_nav
from generator.pages.plan import SitePlan
from generator.reference import Reference


def _menu_targets(nav) -> set[str]:
    """Every page a menu names, at any depth."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_menu_targets(v) for v in nav.values()))
    return set().union(*(_menu_targets(entry) for entry in nav)) if nav else set()


def _hand_written_pages() -> set[str]:
    """content/'s own pages: the ones in git (the generator's are not)."""
    listed = subprocess.run(["git", "ls-files", "--", "content"], cwd=paths.ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    return {Path(name).relative_to("content").as_posix() for name in listed if name.endswith(".md")}


def _built_addresses(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_the_menu_lists_exactly_the_pages_built_and_the_rest_are_linked_from_their_parents(site_build):
    dataset = load_dataset()
    plan = SitePlan.of(dataset, Reference.of(dataset))
    generated = {p.relative_to(site_build.content).as_posix() for p in site_build.content.rglob("*.md")}
    menu = _menu_targets(yaml.safe_load(generated_config(dataset, site_build.site_url))["nav"])
    outside = generated - menu
    assert generated == set(plan.pages()) and outside == set(plan.linked_pages())
    assert menu == set(plan.menu_pages()) | _hand_written_pages(), "the menu names a page that is not built"
    assert len(outside) > 40, "every real system has pages about its groups"
    for system in plan.systems:
        for group_id in system.groups:
            page = system.group_page(group_id)
            for parent in (system.page, common.group_page(group_id)):
                parent_text = (site_build.content / parent).read_text(encoding="utf-8")
                assert f'href="{common.url(parent, page)}"' in parent_text, f"{parent} does not link to {page}"
    every_page = menu | outside
    addresses = {common.ADDRESSES.of(page) + "index.html" for page in every_page}
    assert _built_addresses(site_build.site) - {"search/index.html"} == addresses, "mkdocs built other pages"


def test_an_area_without_a_data_package_gets_no_page_and_no_menu_entry(validation_packages, tmp_path):
    """areas.csv lists every system, a package only some: the menu used to list them all, so a system
    without data was a link to a missing page."""
    dataset = load_dataset(validation_packages)
    areas = dataset.reference.tables["areas"]
    lonely = areas[areas.area_type == "icb"].iloc[[0]].assign(area_code="X54000077", short_name="Lonely",
                                                               name="Lonely ICB")
    dataset.reference.tables["areas"] = pd.concat([areas, lonely], ignore_index=True)
    render_site(dataset, tmp_path)
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")}
    base = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))["nav"]
    menu = _menu_targets(site_nav(dataset, base))
    assert "ics/lonely/index.md" not in written | menu
    first = areas[areas.area_type == "icb"].iloc[0].area_code
    assert common.ics_page(common.ics_folders(areas.to_dict("records"))[first]) in written & menu
    assert menu - _hand_written_pages() == written - set(SitePlan.of(dataset, Reference.of(dataset)).linked_pages())


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_pages_are_the_same_whatever_the_number_of_processes(validation_packages, tmp_path):
    dataset = load_dataset(validation_packages)
    render_site(dataset, tmp_path / "one", processes=1)
    render_site(dataset, tmp_path / "three", processes=3)
    one = _tree(tmp_path / "one")
    assert len(one) > 15 and one == _tree(tmp_path / "three")


def test_a_failure_in_any_process_stops_the_render(validation_packages, tmp_path, monkeypatch):
    import pytest

    from generator.pages import ics

    real_render = ics.render

    def fails_in_the_second_share(site, out_dir):
        if site.part == 1:
            raise ValueError("broken in the second share")
        real_render(site, out_dir)

    monkeypatch.setattr(ics, "render", fails_in_the_second_share)
    with pytest.raises(ValueError, match="second share"):
        render_site(load_dataset(validation_packages), tmp_path, processes=2)


def test_the_plan_shows_todays_systems_and_keeps_the_former_ones():
    dataset = load_dataset()
    ref = Reference.of(dataset)
    plan = SitePlan.of(dataset, ref)
    ended = set(ref.area_changes.area_code)
    assert len(plan.current_systems()) == 36 and {s.area_code for s in plan.former_systems()} == ended
    assert all(s.current for _, systems in plan.by_region() for s in systems)
    assert sum(len(systems) for _, systems in plan.by_region()) == 36
    everyone = {s.area_code for s in plan.real_systems()}
    since, systems = plan.comparable_systems(everyone)
    assert since == "2026-04-01" and {s.area_code for s in systems} == everyone - ended
    # A figure that one new system lacks is compared across the systems it was published for: those of 2024.
    since, systems = plan.comparable_systems(everyone - {"E54000069"})
    assert since == "2023-04-01" and len(systems) == 42 and ended <= {s.area_code for s in systems}


def test_a_system_that_takes_an_earlier_ones_name_gets_its_own_address():
    areas = load_dataset().reference.tables["areas"]
    folders = common.ics_folders(areas.to_dict("records"))
    assert folders["E54000042"] == "ics/hampshire-and-isle-of-wight"  # the earlier one keeps its address
    assert folders["E54000067"] == "ics/hampshire-and-isle-of-wight-2026"
    assert len(set(folders.values())) == len(folders) == (areas.area_type == "icb").sum()
