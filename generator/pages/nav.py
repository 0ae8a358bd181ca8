"""The site's navigation: mkdocs.yml's menu, with the generated pages filled in under their sections.

MkDocs only knows pages listed in `nav`, and the list of systems, groups and indicators comes from the data,
so it is written into a generated config (mkdocs.generated.yml): mkdocs.yml with the full nav. Current systems
are grouped by NHS England region, in alphabetical order, so the menu is the same on every build; former
systems follow under their own heading. Material
prints menu titles as HTML, so every title from the data is escaped (`safe.title`).
"""
from __future__ import annotations

import yaml

from generator import paths
from generator.load import Dataset
from generator.pages import common, safe
from generator.pages.plan import (CHANGES, CORRECTIONS, FORMER_SYSTEMS, GROUPS_INDEX, ICS_INDEX, INDICATORS_INDEX,
                                  RELEASES_INDEX, SitePlan)
from generator.pages.site import provenance_of
from generator.provenance import Provenance
from generator.reference import Reference


def site_nav(dataset: Dataset, base_nav: list, plan: SitePlan | None = None) -> list:
    """mkdocs.yml's nav with each section index (ics/, groups/, indicators/) followed by its pages."""
    ref = Reference.of(dataset)
    plan = plan or SitePlan.of(dataset, ref)
    children = {ICS_INDEX: ("All systems", _systems_by_region(plan)),
                GROUPS_INDEX: ("All groups", _titled(ref.groups.loc[list(plan.groups)], common.group_page)),
                INDICATORS_INDEX: ("All indicators", _titled(ref.indicators.loc[list(plan.indicators)], common.indicator_page)),
                RELEASES_INDEX: ("All releases", [{"What changed": CHANGES}, {"Corrections": CORRECTIONS}])}
    nav = []
    for entry in base_nav:
        (title, target), = entry.items()
        if target in children:
            index_title, pages = children[target]
            nav.append({title: [{index_title: target}, *pages]})
        else:
            nav.append(entry)
    return nav


def _systems_by_region(plan: SitePlan) -> list:
    nav = [{safe.title(region): [{safe.title(s.short_name): s.page} for s in systems]} for region, systems in plan.by_region()]
    former = plan.former_systems()
    if former:  # after the current ones: their pages stay, as history
        nav.append({FORMER_SYSTEMS: [{safe.title(s.short_name): s.page} for s in former]})
    examples = plan.examples()
    if examples:  # last, and named as invented, so no one mistakes it for a region's system
        nav.append({"Example (invented data)": [{safe.title(s.short_name): s.page} for s in examples]})
    return nav


def _titled(rows, page_of) -> list:
    """Menu entries in name order: the escaped name, and the page of the row's id (the table's index)."""
    return [{safe.title(row["name"]): page_of(key)} for key, row in rows.sort_values("name").iterrows()]


def _opened_from_disk(base: dict) -> dict:
    """Settings for a preview opened from its folder: links name .html files, and no instant navigation,
    which Material cannot do from file:// and which then stops its page events, so no chart would draw."""
    theme = {**base["theme"], "features": [f for f in base["theme"].get("features", []) if f != "navigation.instant"]}
    return {"use_directory_urls": False, "theme": theme}


def release_settings(version: str) -> dict:
    """The settings of a release's build (published at SITE_URL/vMAJOR.MINOR/ by generator.history): Material's
    version selector and outdated banner read versions.json beside the releases, and the release's pages name it
    and read that file for later corrections (site_overrides/main.html)."""
    return {"version": {"provider": "mike", "default": "latest"}, "release": version}


def generated_config(dataset: Dataset, site_url: str | None = None, directory_urls: bool = True,
                     origin: Provenance | None = None) -> str:
    """The text of mkdocs.generated.yml, to sit beside mkdocs.yml: all of mkdocs.yml, with the full nav and
    the address the site is served from when it is known (publish.site_url_from_environment).

    A whole config rather than an INHERIT of mkdocs.yml, because Zensical merges an inherited nav into the
    parent's instead of replacing it, which repeated every top-level entry in its menu. yaml.safe_dump quotes
    any title that YAML or MkDocs would otherwise read as a tag or a number. Unless mkdocs.yml sets its own
    copyright, the footer of every page (the copyright line) links the project's list of issues, the contact
    route of the hand-written pages too (common.issues_url)."""
    config = paths.MKDOCS_CONFIG
    base = yaml.safe_load(config.read_text(encoding="utf-8"))
    origin = origin or provenance_of(dataset)
    # The contact route on every page, and what the page is: the release, the commit, the repository.
    footer = str(safe.partial("footer.html", issues_url=common.issues_url(), origin=origin))
    settings = {**base, "copyright": base.get("copyright") or footer, **({"site_url": site_url} if site_url else {}),
                **({} if directory_urls else _opened_from_disk(base)), "nav": site_nav(dataset, base["nav"])}
    if origin.release and site_url:
        settings["extra"] = {**(base.get("extra") or {}), **release_settings(origin.release)}
    body = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=120)
    return (f"# Generated by `python -m generator build` from {config.name} and the data packages. "
            "Do not edit: change mkdocs.yml or the data.\n" + body)
