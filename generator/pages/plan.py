"""The site plan: which pages the data makes, worked out once per build.

The menu, the home page's lists, the links between pages and the renderers all read this one plan, so a
page can never be linked without being built, or built without being listed: each page is either in the
menu or, for a system's page about one community group, linked from its system's and its group's pages
(`SitePlan.linked_pages`). `pages.render_site` checks that the pages written are exactly `SitePlan.pages()`.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.lineage import area_in_force
from generator.load import Dataset, Package
from generator.pages import common
from generator.reference import Reference

OTHER_SYSTEMS = "Other systems"  # the menu heading of systems whose region is not in areas.csv
FORMER_SYSTEMS = "Former systems"  # the heading of systems that have ended (areas.csv valid_to)
# Census figures on who lives in an area: shown on the system's page and each ethnic group's page, and no
# reason on their own for a page about one group in one system (pages/ethnicity.py shows them).
POPULATION, IN_CORE20 = "residents_by_ethnic_group", "residents_in_core20"
CENSUS_INDICATORS = (POPULATION, IN_CORE20)
HOME, ICS_INDEX, GROUPS_INDEX, INDICATORS_INDEX, FRAMEWORK = (
    "index.md", "ics/index.md", "groups/index.md", "indicators/index.md", "framework/index.md")
RELEASES_INDEX, CHANGES, CORRECTIONS = "releases/index.md", "releases/changes.md", "releases/corrections.md"


@dataclass(frozen=True)
class SystemPage:
    """An integrated care system with a data package, its page, and its pages about community groups."""

    package: Package
    area_code: str
    short_name: str
    region_code: str
    region_name: str
    folder: str  # ics/<name>: the system's pages live under it (common.ics_folders)
    groups: tuple[str, ...]  # groups with a page for this system, in community_groups.csv order
    valid_from: str
    valid_to: str  # empty while the system lasts

    @property
    def page(self) -> str:
        return common.ics_page(self.folder)

    @property
    def illustrative(self) -> bool:
        return self.package.illustrative

    @property
    def current(self) -> bool:
        """Still in force: areas.csv gives it no last day."""
        return not self.valid_to

    def group_page(self, group_id: str) -> str:
        return common.ics_group_page(self.folder, group_id)


@dataclass(frozen=True)
class SitePlan:
    systems: tuple[SystemPage, ...]  # by short name
    groups: tuple[str, ...]  # in community_groups.csv order
    indicators: tuple[str, ...]  # in indicators.csv order
    boundary_days: tuple[str, ...] = ()  # first days of the ICB boundary sets (boundary_sets.csv), newest first

    @classmethod
    def of(cls, dataset: Dataset, ref: Reference) -> SitePlan:
        icb_sets = ref.boundary_sets[ref.boundary_sets.area_type == "icb"]
        return cls(systems=tuple(_systems(dataset, ref)), groups=tuple(ref.groups.index),
                   indicators=tuple(ref.indicators.index), boundary_days=tuple(sorted(icb_sets.valid_from, reverse=True)))

    def real_systems(self) -> list[SystemPage]:
        return [s for s in self.systems if not s.illustrative]

    def current_systems(self) -> list[SystemPage]:
        """Real systems in force now: the ones "Find your ICS", the menu and the map show."""
        return [s for s in self.real_systems() if s.current]

    def former_systems(self) -> list[SystemPage]:
        """Real systems that ended, by short name: their pages stay, as history."""
        return [s for s in self.real_systems() if not s.current]

    def examples(self) -> list[SystemPage]:
        return [s for s in self.systems if s.illustrative]

    def by_region(self) -> list[tuple[str, list[SystemPage]]]:
        """Current real systems under their NHS England region, regions in name order, systems by short name."""
        regions: dict[str, list[SystemPage]] = {}
        for system in self.current_systems():
            regions.setdefault(system.region_name, []).append(system)
        return sorted(regions.items(), key=lambda item: item[0])

    def boundary_sets(self) -> list[tuple[str, list[SystemPage]]]:
        """The real systems in force on the first day of each ICB boundary set, newest first: (day, systems).
        With no sets declared, one set of every real system."""
        if not self.boundary_days:
            return [("", self.real_systems())]
        return [(day, [s for s in self.real_systems() if area_in_force(s.valid_from, s.valid_to, day)])
                for day in self.boundary_days]

    def comparable_systems(self, measured: set[str]) -> tuple[str, list[SystemPage]]:
        """The systems a figure compares across: the newest set of systems in force together that all have
        it, so no comparison mixes two maps or counts a place twice; the newest set if none is complete."""
        sets = self.boundary_sets()
        return next(((day, systems) for day, systems in sets if all(s.area_code in measured for s in systems)), sets[0])

    def menu_pages(self) -> list[str]:
        """The generated pages the menu lists (mkdocs.yml adds the hand-written ones)."""
        return ([HOME, ICS_INDEX, *(s.page for s in self.systems), GROUPS_INDEX,
                 *(common.group_page(g) for g in self.groups), INDICATORS_INDEX,
                 *(common.indicator_page(i) for i in self.indicators), FRAMEWORK, RELEASES_INDEX, CHANGES, CORRECTIONS])

    def linked_pages(self) -> list[str]:
        """Pages outside the menu: each system's page about a group, linked from both parents' pages."""
        return [s.group_page(g) for s in self.systems for g in s.groups]

    def pages(self) -> list[str]:
        return self.menu_pages() + self.linked_pages()


def _systems(dataset: Dataset, ref: Reference) -> list[SystemPage]:
    folders = common.ics_folders(ref.areas.to_dict("records"))
    systems = []
    for package in dataset.packages:
        if package.area_code not in folders:
            continue
        area = ref.areas.loc[package.area_code]
        region = ref.areas.short_name.get(area.parent_code, OTHER_SYSTEMS)
        systems.append(SystemPage(package=package, area_code=package.area_code, short_name=area.short_name,
                                  region_code=area.parent_code, region_name=region, folder=folders[package.area_code],
                                  groups=tuple(_groups_with_pages(ref, package)), valid_from=area.valid_from,
                                  valid_to=area.valid_to))
    return sorted(systems, key=lambda s: (s.short_name, s.valid_from))


def group_categories(ref: Reference, group_id: str) -> list[str]:
    """The breakdown categories that measure a group (community_groups.csv's category_ids)."""
    ids = ref.groups.loc[group_id, "category_ids"]
    return [c for c in ids.split(";") if c] if ids else []


def _groups_with_pages(ref: Reference, package: Package) -> list[str]:
    """Groups with a page for this system: it has data (beyond the Census context figures), a choice, a rating
    or an action for them."""
    observations = package.table("observations")
    breakdowns = set(observations.breakdown[~observations.indicator_id.isin(CENSUS_INDICATORS)])
    mentioned = set(package.table("plus_groups").group_id)
    for name in ("ratings", "actions"):
        for groups in package.table(name).community_groups:
            mentioned.update(g for g in groups.split(";") if g)
    return [g for g in ref.groups.index if g in mentioned or breakdowns & set(group_categories(ref, g))]
