"""The report as text for people, JSON for programs, or, for a pull request on GitHub, workflow commands
(annotations) and a Markdown job summary (generator.validate.github)."""
from __future__ import annotations

import json

from generator.validate.issues import Issue, ValidationReport, plural

# Text output shows this many problems per file; json and github formats list every one.
TEXT_SHOWN_PER_FILE = 100
FORMATS = ("text", "json", "github", "markdown")


def render_report(report: ValidationReport, fmt: str = "text") -> str:
    """The report as text for people, a JSON list for programs, GitHub workflow commands, or Markdown."""
    from generator.validate import github

    if fmt == "json":
        return json.dumps([_issue_dict(i) for i in report.issues], indent=2, ensure_ascii=False)
    if fmt == "github":
        return github.annotations(report)
    if fmt == "markdown":
        return github.summary(report)
    if fmt == "text":
        return _text(report)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _issue_dict(issue: Issue) -> dict:
    return {"file": issue.file, "line": issue.line, "field": issue.field, "code": issue.code,
            "severity": issue.severity, "title": issue.title, "message": issue.message, "fix": issue.fix}


def _text(report: ValidationReport) -> str:
    lines: list[str] = []
    by_file: dict[str, list[Issue]] = {}
    for issue in report.issues:
        by_file.setdefault(issue.file, []).append(issue)
    for file, issues in by_file.items():
        lines.append(file)
        for issue in issues[:TEXT_SHOWN_PER_FILE]:
            label = "Warning: " if issue.severity == "warning" else ""
            lines.append(f"  {label}{_where(issue)}{issue.message} [{issue.code}]")
            lines.append(f"    How to fix: {issue.fix}")
        if len(issues) > TEXT_SHOWN_PER_FILE:
            hidden = len(issues) - TEXT_SHOWN_PER_FILE
            lines.append(f"  … and {hidden:,} more {plural(hidden, 'problem')} in this file, not shown here "
                         "(use --format json to list them all).")
        lines.append("")
    lines.append(report.verdict)
    return "\n".join(lines)


def _where(issue: Issue) -> str:
    kind = "property" if issue.file.endswith(".json") else "column"
    parts = ([f"line {issue.line}"] if issue.line else []) + ([f"{kind} {issue.field}"] if issue.field else [])
    return ", ".join(parts) + ": " if parts else ""
