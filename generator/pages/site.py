"""What every renderer reads, each made once per build: the data, the reference lookups, the site plan, the
measures (generator.compute) and where the build comes from (generator.provenance)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from generator import changes, paths, provenance
from generator.citation import Edition
from generator.compute import Measures, compute, with_confidence_intervals
from generator.load import Dataset
from generator.pages.packages import Downloads
from generator.pages.plan import SitePlan
from generator.pages.reuse import NATIONAL, unit_of
from generator.reference import Reference
from generator.release import read_releases


@dataclass(frozen=True)
class Site:
    dataset: Dataset
    ref: Reference
    plan: SitePlan
    measures: Measures
    provenance: provenance.Provenance = provenance.Provenance()  # the repository, commit and release built
    part: int = 0  # this process renders the part-th of `parts` shares of the pages (pages.render_site)
    parts: int = 1
    reused: frozenset[str] = frozenset()  # units of pages copied from the previous build (pages.reuse)
    downloads: Downloads | None = None  # where each package's ZIP is written (pages.packages)

    def share(self, items) -> list:
        """This process's share of a list of pages' subjects: every parts-th item, the first to the last process
        (the first also makes the one-off pages, so a short list, such as the one system a rebuild renders, goes
        to another)."""
        return list(items)[self.parts - 1 - self.part::self.parts]

    def systems(self) -> list:
        """The systems whose pages this process renders: its share of those not reused."""
        return self.share(s for s in self.plan.systems if s.folder not in self.reused)

    def national(self, items) -> list:
        """This process's share of the subjects of national pages (the groups), unless reused."""
        return [] if NATIONAL in self.reused else self.share(items)

    def indicators(self) -> list:
        """This process's share of the indicators whose pages are not reused (each page is a unit of its own)."""
        from generator.pages.common import indicator_page

        return self.share(i for i in self.plan.indicators if unit_of(indicator_page(i)) not in self.reused)

    @property
    def first(self) -> bool:
        """Whether this process renders the one-off pages (home, indexes, the framework)."""
        return self.part == 0 and NATIONAL not in self.reused

    def edition(self) -> Edition:
        """What the downloads cite: this build's release and its date, or a preview."""
        release = self.provenance.release
        day = next((r.released_on for r in read_releases(paths.ROOT / "releases") if r.version == release), "") \
            if release else ""
        return Edition(self.provenance, day)

    @functools.cached_property
    def release_history(self) -> changes.ReleaseHistory:
        """The releases, and what this build changes since the last one (read when a releases page is made)."""
        return changes.read_history(paths.ROOT, self.dataset.reference.folder.parent, self.provenance)

    @classmethod
    def of(cls, dataset: Dataset, origin: provenance.Provenance | None = None) -> Site:
        """origin: the build's provenance when the caller has read it already (`provenance_of`)."""
        ref = Reference.of(dataset)
        dataset = with_confidence_intervals(dataset, ref)
        plan = SitePlan.of(dataset, ref)
        return cls(dataset=dataset, ref=ref, plan=plan, measures=compute(dataset, ref, list(plan.systems)),
                   provenance=origin or provenance_of(dataset))


def provenance_of(dataset: Dataset) -> provenance.Provenance:
    """Where a build of this data comes from (git is read once a build: publish hands it to the pages and the
    menu's footer alike)."""
    from generator.pages.common import repository_url

    data_root = dataset.reference.folder.parent if dataset.reference is not None else paths.DATAPACKAGES
    return provenance.of(data_root, repository_url())
