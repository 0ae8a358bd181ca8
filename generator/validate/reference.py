"""The reference package, read once per run: the shared lists every other package's columns refer to."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.validate.files import _read_descriptor, _read_table, _Table, _unsafe_reason
from generator.validate.issues import Issue, _display, _listing


@dataclass
class _Lookup:
    values: set[str]
    file: str
    extra: dict[str, str] = field(default_factory=dict)

    def allowed(self) -> str:
        return _listing(self.values)


@dataclass(eq=False)  # compared by identity, so its lookups can be cached per run
class _Reference:
    folder: Path
    descriptor: dict
    tables: dict[str, _Table]

    @classmethod
    def load(cls, folder: Path, issues: set[Issue]) -> _Reference:
        descriptor, _, found = _read_descriptor(folder)
        issues.update(found)
        tables = {}
        for name, source in _reference_table_paths(descriptor or {}).items():
            table, found = _read_table(folder, source, name)
            issues.update(found)
            if table is not None:
                tables[name] = table
        return cls(folder, descriptor or {}, tables)

    def column(self, table: str, column: str, **where: str) -> set[str] | None:
        if table not in self.tables:
            return None
        return {row.get(column, "") for _, row in self.tables[table].records()
                if all(row.get(k) == v for k, v in where.items())} - {""}

    def file(self, table: str) -> str:
        return self.tables[table].file if table in self.tables else _display(self.folder / f"{table}.csv")

    @functools.cache
    def lookups(self) -> dict[str, _Lookup]:
        """Each shared list a package's columns refer to; lists whose file could not be read are left out."""
        phases = self.column("framework_phases", "phase_number")
        subtopics = self.column("framework_subtopics", "subtopic_code")
        found = {
            "indicators": ("indicators", self.column("indicators", "indicator_id")),
            "categories": ("categories", self.column("categories", "category_id")),
            "age_categories": ("categories", self.column("categories", "category_id", dimension_id="age")),
            "statuses": ("observation_statuses", self.column("observation_statuses", "status")),
            "levels": ("maturity_levels", self.column("maturity_levels", "level")),
            "groups": ("community_groups", self.column("community_groups", "group_id")),
            "action_statuses": ("action_statuses", self.column("action_statuses", "status")),
            "subtopics": ("framework_subtopics", None if phases is None or subtopics is None else subtopics | phases),
        }
        lookups = {key: _Lookup(values, self.file(table)) for key, (table, values) in found.items() if values is not None}
        if "subtopics" in lookups:
            lookups["subtopics"].extra = {"allowed": _listing(subtopics), "phases": _listing(phases)}
        return lookups

    @functools.cache
    def areas(self) -> dict[str, dict[str, str]] | None:
        if "areas" not in self.tables:
            return None
        return {row.get("area_code", ""): row for _, row in self.tables["areas"].records()}

    @functools.cache
    def statuses_with_value(self) -> dict[str, bool] | None:
        if "observation_statuses" not in self.tables:
            return None
        return {row.get("status", ""): row.get("has_value") == "true"
                for _, row in self.tables["observation_statuses"].records()}

    @functools.cache
    def period_types(self) -> dict[str, dict] | None:
        if "period_types" not in self.tables:
            return None
        found = {}
        for _, row in self.tables["period_types"].records():
            try:
                found[row.get("period_type", "")] = {**row, "regex": re.compile(row.get("pattern", ""))}
            except re.error:
                continue  # reported when the reference package itself is validated
        return found

    @functools.cache
    def indicators_not_counting_people(self) -> set[str]:
        """Indicators whose counts are of areas, not people, so disclosure control does not apply."""
        if "indicators" not in self.tables:
            return set()
        return {row.get("indicator_id", "") for _, row in self.tables["indicators"].records()
                if row.get("counts_people", "").strip() == "false"}

    @functools.cache
    def indicator_arithmetic(self) -> dict[str, dict[str, str]]:
        """Each indicator's value_type, multiplier and ci_method: what its counts say its value and interval are."""
        if "indicators" not in self.tables:
            return {}
        return {row.get("indicator_id", ""): {k: row.get(k, "") for k in ("value_type", "multiplier", "ci_method")}
                for _, row in self.tables["indicators"].records()}

    @functools.cache
    def indicator_period_types(self) -> dict[str, str] | None:
        if "indicators" not in self.tables:
            return None
        return {row.get("indicator_id", ""): row.get("period_type", "") for _, row in self.tables["indicators"].records()}

    @functools.cache
    def boundary_sets(self) -> dict[str, dict[str, str]] | None:
        """Each boundary set (boundary_sets.csv) by id; None when the reference lists none."""
        if "boundary_sets" not in self.tables:
            return None
        return {row.get("boundary_set_id", ""): row for _, row in self.tables["boundary_sets"].records()}

    def disclosure_range(self) -> tuple[int, int] | None:
        control = self.descriptor.get("disclosure_control")
        if not isinstance(control, dict):
            return None
        low, high = control.get("suppress_counts_from"), control.get("suppress_counts_to")
        return (low, high) if isinstance(low, int) and isinstance(high, int) else None


def _reference_table_paths(descriptor: dict) -> dict[str, str]:
    resources = descriptor.get("resources")
    listed = [(r.get("name"), r.get("path")) for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []
    return {name: path for name, path in listed
            if isinstance(name, str) and isinstance(path, str) and _unsafe_reason(path) is None}
