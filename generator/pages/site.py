"""What every renderer reads, each made once per build: the data, the reference lookups, the site plan and
the measures (generator.compute)."""
from __future__ import annotations

from dataclasses import dataclass

from generator.compute import Measures, compute, with_confidence_intervals
from generator.load import Dataset
from generator.pages.plan import SitePlan
from generator.reference import Reference


@dataclass(frozen=True)
class Site:
    dataset: Dataset
    ref: Reference
    plan: SitePlan
    measures: Measures

    @classmethod
    def of(cls, dataset: Dataset) -> Site:
        ref = Reference.of(dataset)
        dataset = with_confidence_intervals(dataset, ref)
        plan = SitePlan.of(dataset, ref)
        return cls(dataset=dataset, ref=ref, plan=plan, measures=compute(dataset, ref, list(plan.systems)))
