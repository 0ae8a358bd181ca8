"""The site plan: which pages the data makes, worked out once per build.

The menu, the home page's lists, the links between pages and the renderers all read this one plan, so a
page can never be linked without being built, or built without being listed: each page is either in the
menu or, for a system's page about one community group, linked from its system's and its group's pages
(`SitePlan.linked_pages`). `pages.render_site` checks that the pages written are exactly `SitePlan.pages()`.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.load import Dataset, Package
from generator.pages import common
from generator.reference import Reference

OTHER_SYSTEMS = "Other systems"  # the menu heading of systems whose region is not in areas.csv
HOME, ICS_INDEX, GROUPS_INDEX, INDICATORS_INDEX, FRAMEWORK = (
    "index.md", "ics/index.md", "groups/index.md", "indicators/index.md", "framework/index.md")


@dataclass(frozen=True)
class SystemPage:
    """An integrated care system with a data package, its page, and its pages about community groups."""

    package: Package
    area_code: str
    short_name: str
    region_code: str
    region_name: str
    page: str
    groups: tuple[str, ...]  # groups with a page for this system, in community_groups.csv order

    @property
    def illustrative(self) -> bool:
        return self.package.illustrative

    def group_page(self, group_id: str) -> str:
        return common.ics_group_page({"short_name": self.short_name}, group_id)


@dataclass(frozen=True)
class SitePlan:
    systems: tuple[SystemPage, ...]  # by short name
    groups: tuple[str, ...]  # in community_groups.csv order
    indicators: tuple[str, ...]  # in indicators.csv order

    @classmethod
    def of(cls, dataset: Dataset, ref: Reference) -> SitePlan:
        return cls(systems=tuple(_systems(dataset, ref)), groups=tuple(ref.groups.index),
                   indicators=tuple(ref.indicators.index))

    def real_systems(self) -> list[SystemPage]:
        return [s for s in self.systems if not s.illustrative]

    def examples(self) -> list[SystemPage]:
        return [s for s in self.systems if s.illustrative]

    def by_region(self) -> list[tuple[str, list[SystemPage]]]:
        """Real systems under their NHS England region, regions in name order, systems by short name."""
        regions: dict[str, list[SystemPage]] = {}
        for system in self.real_systems():
            regions.setdefault(system.region_name, []).append(system)
        return sorted(regions.items(), key=lambda item: item[0])

    def menu_pages(self) -> list[str]:
        """The generated pages the menu lists (mkdocs.yml adds the hand-written ones)."""
        return ([HOME, ICS_INDEX, *(s.page for s in self.systems), GROUPS_INDEX,
                 *(common.group_page(g) for g in self.groups), INDICATORS_INDEX,
                 *(common.indicator_page(i) for i in self.indicators), FRAMEWORK])

    def linked_pages(self) -> list[str]:
        """Pages outside the menu: each system's page about a group, linked from both parents' pages."""
        return [s.group_page(g) for s in self.systems for g in s.groups]

    def pages(self) -> list[str]:
        return self.menu_pages() + self.linked_pages()


def _systems(dataset: Dataset, ref: Reference) -> list[SystemPage]:
    systems = []
    for package in dataset.packages:
        if package.area_code not in ref.areas.index or ref.areas.loc[package.area_code, "area_type"] != "icb":
            continue
        area = ref.areas.loc[package.area_code]
        region = ref.areas.short_name.get(area.parent_code, OTHER_SYSTEMS)
        systems.append(SystemPage(package=package, area_code=package.area_code, short_name=area.short_name,
                                  region_code=area.parent_code, region_name=region, page=common.ics_page(area),
                                  groups=tuple(_groups_with_pages(ref, package))))
    return sorted(systems, key=lambda s: s.short_name)


def group_categories(ref: Reference, group_id: str) -> list[str]:
    """The breakdown categories that measure a group (community_groups.csv's category_ids)."""
    ids = ref.groups.loc[group_id, "category_ids"]
    return [c for c in ids.split(";") if c] if ids else []


def _groups_with_pages(ref: Reference, package: Package) -> list[str]:
    """Groups with a page for this system: it has data, a choice, a rating or an action for them."""
    breakdowns = set(package.table("observations").breakdown)
    mentioned = set(package.table("plus_groups").group_id)
    for name in ("ratings", "actions"):
        for groups in package.table(name).community_groups:
            mentioned.update(g for g in groups.split(";") if g)
    return [g for g in ref.groups.index if g in mentioned or breakdowns & set(group_categories(ref, g))]
