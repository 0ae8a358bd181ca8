"""What a change does to the published data: rows added, removed and changed, per package and resource.

`python -m generator diff BASE [HEAD]` compares two states of datapackages/: each a git revision (read
with `git archive`, so no checkout is touched) or a datapackages folder; HEAD defaults to the working
tree. Rows are matched on each resource's primary key (from its Table Schema), so a change of one value is
one changed row with its old and new value, not a removed and an added row. The join is pandas' merge
on whole columns, which stays fast on national-scale data. Packages, resources and columns that appear or
go are listed too, with the pages of the site each change touches. Output as text, Markdown (escaped, for
a pull request's summary and comment) or JSON.
"""
from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator import paths
from generator.load import read_json

SHOWN_CHANGES = 50  # per resource in text and Markdown; JSON lists every change


class DiffError(Exception):
    """BASE or HEAD is neither a datapackages folder nor a git revision that has one."""


@dataclass
class ResourceDiff:
    package: str
    resource: str
    file: str
    key: list[str]
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)  # {"key": {...}, "line": n, "changes": {column: [old, new]}}
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.columns_added or self.columns_removed or self.note)


@dataclass
class DataDiff:
    packages_added: list[str]
    packages_removed: list[str]
    resources: list[ResourceDiff]
    pages: list[str]

    @property
    def empty(self) -> bool:
        return not (self.packages_added or self.packages_removed or self.resources)


def diff(base: str, head: str | None = None) -> DataDiff:
    with tempfile.TemporaryDirectory(prefix="diff-") as work:
        return compare(_datapackages(base, Path(work) / "base"),
                       _datapackages(head, Path(work) / "head") if head else paths.DATAPACKAGES)


def _datapackages(given: str, scratch: Path) -> Path:
    """A datapackages folder: the one given, or the one inside it, or a git revision's, extracted."""
    folder = Path(given)
    if folder.is_dir():
        return folder / "datapackages" if (folder / "datapackages").is_dir() else folder
    archive = subprocess.run(["git", "archive", "--format=tar", given, "datapackages"], cwd=paths.ROOT,
                             capture_output=True)
    if archive.returncode:
        raise DiffError(f"{given!r} is neither a datapackages folder nor a git revision with one "
                        f"({archive.stderr.decode('utf-8', 'replace').strip()}).")
    scratch.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / "datapackages"


def compare(base: Path, head: Path) -> DataDiff:
    before, after = _packages(base), _packages(head)
    resources = []
    for name in sorted(set(before) & set(after)):
        resources += _package_diff(name, before[name], after[name], base, head)
    changed = [r for r in resources if not r.empty]
    added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    return DataDiff(added, removed, changed, _pages(changed, added + removed, head))


def _packages(root: Path) -> dict[str, Path]:
    return {p.parent.name: p.parent for p in sorted(root.glob(f"*/{paths.DESCRIPTOR}"))}


def _resources(folder: Path) -> dict[str, str]:
    try:
        listed = read_json(folder / paths.DESCRIPTOR).get("resources", [])
    except (OSError, ValueError, AttributeError):
        return {}
    return {r["name"]: r["path"] for r in listed if isinstance(r, dict) and isinstance(r.get("name"), str)
            and isinstance(r.get("path"), str)}


def _package_diff(name: str, base: Path, head: Path, base_root: Path, head_root: Path) -> list[ResourceDiff]:
    before, after = _resources(base), _resources(head)
    found = []
    for resource in sorted(set(before) | set(after)):
        file = f"datapackages/{name}/{after.get(resource) or before.get(resource)}"
        if resource not in before or resource not in after:
            found.append(ResourceDiff(name, resource, file, [], note="added" if resource in after else "removed"))
            continue
        schema = f"{resource}.json" if name == paths.REFERENCE_NAME else f"ics-{resource}.json"
        key_before, key_after = _key(base_root / "reference" / "schemas" / schema), _key(head_root / "reference" / "schemas" / schema)
        found.append(_table_diff(name, resource, file, base / before[resource], head / after[resource],
                                 key_before, key_after))
    return found


def _key(schema_path: Path) -> list[str]:
    try:
        key = read_json(schema_path).get("primaryKey", [])
    except (OSError, ValueError):
        return []
    return [key] if isinstance(key, str) else list(key)


def _read(path: Path) -> pd.DataFrame:
    """All cells as text, with the line each row starts on (a header row, then one line a row: the line
    numbers are exact unless a quoted cell holds a line break, where they are the row's position)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError, pd.errors.ParserError):
        return pd.DataFrame()
    return frame.assign(_line=range(2, len(frame) + 2))


def _table_diff(package: str, resource: str, file: str, base: Path, head: Path, key_before: list[str],
                key_after: list[str]) -> ResourceDiff:
    old, new = _read(base), _read(head)
    result = ResourceDiff(package, resource, file, key_after)
    if old.empty and new.empty:
        return result
    if "_line" not in old or "_line" not in new:
        result.note = "one side could not be read as CSV, so its rows were not compared"
        return result
    old_columns, new_columns = [c for c in old.columns if c != "_line"], [c for c in new.columns if c != "_line"]
    result.columns_added = [c for c in new_columns if c not in old_columns]
    result.columns_removed = [c for c in old_columns if c not in new_columns]
    shared = [c for c in new_columns if c in old_columns]
    key = key_after if key_after == key_before and set(key_after) <= set(shared) else []
    if key_after != key_before:
        result.note = f"its key changed from {', '.join(key_before) or 'none'} to {', '.join(key_after) or 'none'}"
    if not key:  # without a shared key, whole rows are compared: a changed row is one removed and one added
        key = shared
    merged = old[shared + ["_line"]].merge(new[shared + ["_line"]], on=key, how="outer", suffixes=("_old", ""),
                                            indicator=True)
    result.added = _rows(merged[merged._merge == "right_only"], key, shared, "")
    result.removed = _rows(merged[merged._merge == "left_only"], key, shared, "_old")
    both = merged[merged._merge == "both"]
    values = [c for c in shared if c not in key]
    if values and len(both):
        differs = pd.concat([both[c + "_old"] != both[c] for c in values], axis=1)
        differs.columns = values
        for index in differs.index[differs.any(axis=1)]:
            row = both.loc[index]
            result.changed.append({"key": {k: row[k] for k in key}, "line": int(row["_line"]),
                                   "changes": {c: [row[c + "_old"], row[c]] for c in values if differs.at[index, c]}})
    return result


def _rows(frame: pd.DataFrame, key: list[str], shared: list[str], suffix: str) -> list[dict]:
    columns = [c if c in key else c + suffix for c in shared]
    return [{"line": int(line), "row": dict(zip(shared, values))}
            for line, *values in frame[["_line" + suffix] + columns].itertuples(index=False, name=None)]


def _pages(changes: list[ResourceDiff], whole_packages: list[str], head: Path) -> list[str]:
    """Pages of the site the change touches, as addresses from the site's root."""
    from generator.pages import common

    areas = _areas(head)
    folders = common.ics_folders(areas.values())
    indicators = set(_read(head / paths.REFERENCE_NAME / "indicators.csv").get("indicator_id", []))
    pages: set[str] = set()
    for change in changes:
        if change.package == paths.REFERENCE_NAME:
            pages.add("every page (the shared reference tables changed)")
            continue
        if change.package in folders:
            pages.add(_address(common.ics_page(folders[change.package])))
        rows = [r["row"] for r in change.added + change.removed] + [{**c["key"]} for c in change.changed]
        pages.update(_address(common.indicator_page(r["indicator_id"])) for r in rows if r.get("indicator_id") in indicators)
    for code in whole_packages:
        if code in folders:
            pages.add(_address(common.ics_page(folders[code])))
    return sorted(pages)


def _areas(head: Path) -> dict[str, dict]:
    table = _read(head / paths.REFERENCE_NAME / "areas.csv")
    return {row["area_code"]: row for row in table.to_dict("records")} if "area_code" in table else {}


def _address(page: str) -> str:
    return page.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"


def as_json(result: DataDiff) -> str:
    return json.dumps({"packages_added": result.packages_added, "packages_removed": result.packages_removed,
                       "resources": [vars(r) for r in result.resources], "pages": result.pages},
                      indent=2, ensure_ascii=False)


# --- Output --------------------------------------------------------------------------------------------

def render(result: DataDiff, fmt: str = "text") -> str:
    if fmt == "json":
        return as_json(result)
    if fmt not in ("text", "markdown"):
        raise ValueError(f"unknown format {fmt!r}; use text, markdown or json")
    escape = _markdown if fmt == "markdown" else str
    if result.empty:
        return "The change leaves the published data as it was."
    lines = ["## What this change does to the published data", ""] if fmt == "markdown" else []
    for word, packages in (("added", result.packages_added), ("removed", result.packages_removed)):
        if packages:
            lines.append(f"Packages {word}: {', '.join(escape(p) for p in packages)}.")
    for change in result.resources:
        lines += ([""] if lines and lines[-1] else []) + [_headline(change, escape)]
        lines += [f"- {escape(line)}" if fmt == "markdown" else f"  {line}" for line in _details(change)]
    if result.pages:
        lines += ["", "Pages this changes: " + ", ".join(escape(p) for p in result.pages) + "."]
    return "\n".join(lines).strip() + "\n"


def _headline(change: ResourceDiff, escape) -> str:
    rows = len(change.added)
    counts = [f"{rows:,} {'row' if rows == 1 else 'rows'} added", f"{len(change.removed):,} removed",
              f"{len(change.changed):,} changed"]
    if change.note in ("added", "removed"):
        return f"{escape(change.file)} ({escape(change.resource)}): the whole resource was {change.note}."
    extra = f"; {change.note}" if change.note else ""
    return f"{escape(change.file)} ({escape(change.resource)}): {', '.join(counts)}{escape(extra)}."


def _details(change: ResourceDiff) -> list[str]:
    details = []
    if change.columns_added:
        details.append(f"columns added: {', '.join(change.columns_added)}")
    if change.columns_removed:
        details.append(f"columns removed: {', '.join(change.columns_removed)}")
    for item in change.changed[:SHOWN_CHANGES]:
        what = "; ".join(f"{column} {_shown(old)} → {_shown(new)}" for column, (old, new) in item["changes"].items())
        details.append(f"line {item['line']} ({_key_words(item['key'])}): {what}")
    for word, rows in (("added", change.added), ("removed", change.removed)):
        for item in rows[:SHOWN_CHANGES]:
            shown = _key_words({k: item["row"][k] for k in change.key if k in item["row"]} or item["row"])
            details.append(f"{word}: line {item['line']} ({shown})")
    hidden = sum(max(0, len(rows) - SHOWN_CHANGES) for rows in (change.changed, change.added, change.removed))
    if hidden:
        details.append(f"... and {hidden:,} more (use --format json to list them all)")
    return details


def _key_words(key: dict) -> str:
    return ", ".join(f"{k} {_shown(v)}" for k, v in key.items())


def _shown(value) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    text = " ".join(text.split())
    return (text if len(text) <= 60 else text[:59] + "…") if text else "(empty)"


def _markdown(text: str) -> str:
    from generator.validate.github import markdown

    return markdown(text)
