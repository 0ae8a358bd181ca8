"""The checks of one package folder: datapackage.json, then each table's bytes, header and rows, then the rules
a Table Schema cannot express; one message per cell when several layers report the same one."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.validate.descriptor import _check_descriptor, _Package, _usable_resources
from generator.validate.files import _read_descriptor, _read_table, _Table
from generator.validate.issues import Issue
from generator.validate.reference import _Reference
from generator.validate.rules import SUGGESTION, _domain_issues
from generator.validate.tables import _check_header, _schema_issues


def check_package(folder: Path, reference: _Reference, *, is_reference: bool) -> list[Issue]:
    """Every issue of one package folder, each layer in turn (see `generator.validate`)."""
    descriptor, text, issues = _read_descriptor(folder)
    if descriptor is None:
        return issues
    package = _Package(folder, descriptor, text, is_reference, reference)
    issues += _check_descriptor(package)
    resources, found = _usable_resources(package)
    issues += found
    tables: dict[str, tuple[_Table, dict]] = {}
    for name, source, schema in resources:
        table, found = _read_table(folder, source, name)
        issues += found
        if table is not None:
            header_issues, rows_checkable = _check_header(table, schema)
            issues += header_issues
            if rows_checkable:
                tables[name] = (table, schema)
    issues += _schema_issues(package, tables)
    issues += _domain_issues(package, tables)
    return _one_message_per_cell(issues)


def _one_message_per_cell(issues: list[Issue]) -> list[Issue]:
    """Keep the message for a cell's root cause when several layers report the same cell.

    Blanks around a value are the cause of whatever else is wrong with it (fixing them often fixes the
    rest), and a link the schema's own pattern or type already refused needs no second message.
    """
    def cell(issue: Issue) -> tuple:
        return issue.file, issue.line, issue.field

    spaced = {cell(i) for i in issues if i.code == "surrounding-whitespace"}
    refused = {cell(i) for i in issues if i.severity == "error" and i.code != "link-not-https"}
    # A value missing from a shared list is named with the list (and what was meant), not also by its form.
    looked_up = {cell(i) for i in issues if i.code.startswith("unknown-") and i.line and i.line > 1}
    meant = {cell(i): SUGGESTION.format(i.suggestion) for i in issues if i.suggestion}
    kept = [i for i in issues if not (cell(i) in spaced and i.code != "surrounding-whitespace")
            and not (i.code == "link-not-https" and cell(i) in refused)
            and not (i.code in ("pattern-mismatch", "value-not-allowed") and cell(i) in looked_up)]
    return [dataclasses.replace(i, fix=f"{i.fix} Then: {meant[cell(i)]}")
            if i.code == "surrounding-whitespace" and cell(i) in meant else i for i in kept]
