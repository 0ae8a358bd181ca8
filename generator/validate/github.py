"""The report for a pull request on GitHub: capped annotations for the log, and a job summary in Markdown.

GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job), so the most useful
ones go first: errors before warnings, in file and line order, with many rows of one problem in one file
grouped into a single annotation. One notice then says how many more the summary lists. Every value from
the data is escaped for where it lands: workflow-command syntax in the log (a cell holding a line break
and `::` must not start a new command), Markdown and HTML in the summary (a cell must not become a link,
an image, a mention or a table row).
"""
from __future__ import annotations

import re
from itertools import groupby

from generator.validate.issues import Issue, ValidationReport

ANNOTATIONS_PER_KIND = 10  # GitHub's limit per step, for errors and for warnings alike
GROUP_FROM = 4  # this many rows with the same problem in one file become one annotation
SUMMARY_ROWS_PER_FILE = 200  # keeps the summary well under GitHub's 1 MiB per step
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def annotations(report: ValidationReport) -> str:
    """GitHub workflow commands: at most 10 errors and 10 warnings, grouped, then a notice of the rest."""
    lines, left = [], 0
    for severity in ("error", "warning"):
        groups = _groups([i for i in report.issues if i.severity == severity])
        lines += [_annotation(severity, group) for group in groups[:ANNOTATIONS_PER_KIND]]
        left += sum(len(group) for group in groups[ANNOTATIONS_PER_KIND:])
    if left:
        notice = (f"{left:,} more problems are not annotated here, as GitHub shows only 10 of each kind per step. "
                  "The job summary lists every one, with how to fix it.")
        lines.append(f"::notice title=More problems::{_escape_data(notice)}")
    return "\n".join(lines + [report.verdict])


def _groups(issues: list[Issue]) -> list[list[Issue]]:
    """Issues in file and line order; a run of one problem (same file and code) in many rows is one group."""
    ordered = sorted(issues, key=Issue.sort_key)
    groups = []
    for _, same in groupby(sorted(ordered, key=lambda i: (i.file, i.code)), key=lambda i: (i.file, i.code)):
        same = list(same)
        groups += [same] if len(same) >= GROUP_FROM else [[issue] for issue in same]
    return sorted(groups, key=lambda g: g[0].sort_key())


def _annotation(severity: str, group: list[Issue]) -> str:
    first = group[0]
    properties = [f"file={_escape_property(first.file)}"] + ([f"line={first.line}"] if first.line else [])
    properties.append(f"title={_escape_property(f'{first.title} ({first.code})')}")
    where = f"{'property' if first.file.endswith('.json') else 'column'} {first.field}: " if first.field else ""
    message = f"{where}{first.message} How to fix: {first.fix}"
    if len(group) > 1:
        lines = [i.line for i in group if i.line]
        message = (f"{len(group):,} rows have this problem (lines {_ranges(lines)}). The first, on line {first.line}: "
                   + message)
    return f"::{severity} {','.join(properties)}::{_escape_data(message)}"


def _ranges(lines: list[int], limit: int = 8) -> str:
    """'14-20, 31 and 40-52': runs of consecutive lines, the first few, then how many more."""
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    shown = [f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs[:limit]]
    more = f" and {len(runs) - limit} more" if len(runs) > limit else ""
    return (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 and not more else ", ".join(shown)) + more


def summary(report: ValidationReport) -> str:
    """The job summary: the verdict, then every problem grouped by file, each with how to fix it."""
    lines = [f"## {'The data is valid' if report.valid else 'The data is not valid'}", "", markdown(report.verdict)]
    if report.valid and not report.warnings:
        return "\n".join(lines) + "\n"
    lines += ["", "Fix the problems in each file below, then commit again: this check runs on every commit.", ""]
    for file, issues in groupby(sorted(report.issues, key=Issue.sort_key), key=lambda i: i.file):
        issues = list(issues)
        lines += [f"### `{_code_span(file)}`", "", "| Line | Where | What is wrong | How to fix |", "| --- | --- | --- | --- |"]
        for issue in issues[:SUMMARY_ROWS_PER_FILE]:
            label = "Warning: " if issue.severity == "warning" else ""
            lines.append(f"| {issue.line or ''} | {markdown(issue.field or '')} | {label}{markdown(issue.message)} "
                         f"| {markdown(issue.fix)} |")
        if len(issues) > SUMMARY_ROWS_PER_FILE:
            lines.append(f"\n… and {len(issues) - SUMMARY_ROWS_PER_FILE:,} more in this file. Run "
                         "`python -m generator validate` on your copy to see them all.")
        lines.append("")
    return "\n".join(lines)


def markdown(text: str) -> str:
    """Text for a GitHub Markdown table cell: HTML and Markdown syntax escaped, one line, and no @mention
    (a zero-width space after @), so nothing from the data can format, link, ping or break the table."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MARKDOWN.sub(r"\\\1", escaped)
    return re.sub(r"\s+", " ", escaped).replace("@", "@\u200b").strip()


def _code_span(text: str) -> str:
    return text.replace("`", "'").replace("\n", " ")


def _escape_data(text: str) -> str:
    """GitHub's workflow-command escaping for a message (actions/toolkit `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping for a property value (actions/toolkit `escapeProperty`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
