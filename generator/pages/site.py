"""What every renderer reads, each made once per build: the data, the reference lookups and the site plan."""
from __future__ import annotations

from dataclasses import dataclass

from generator.load import Dataset
from generator.pages.plan import SitePlan
from generator.reference import Reference


@dataclass(frozen=True)
class Site:
    dataset: Dataset
    ref: Reference
    plan: SitePlan

    @classmethod
    def of(cls, dataset: Dataset) -> Site:
        ref = Reference.of(dataset)
        return cls(dataset=dataset, ref=ref, plan=SitePlan.of(dataset, ref))
