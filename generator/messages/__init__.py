"""Every kind of problem the validator reports, in plain English, as a catalogue of data.

Each `IssueType` has a stable `code` (ours, or named after the frictionless error it translates), a
short `title`, a `description` of what it means for the data owner, and two templates: `template`
says what is wrong and `fix` says how to put it right; its `severity` is "error" unless it is a
"warning", which is reported but leaves the data valid. Templates use `{name}` placeholders; a
placeholder with no value renders as empty text rather than failing, as in frictionless.
content/contribute.md lists every code (a test keeps the two in step). The catalogue is in five parts:
`files` (folders, datapackage.json, files), `cells` (rows and cells), `package` (what a folder holds as a
whole), `data` (references, areas, figures) and `releases` (the release records).
"""
from __future__ import annotations

from generator.messages import cells, data, files, package, releases
from generator.messages.cells import CONSTRAINT_CODES, FRICTIONLESS_CODES, PATTERN_HINTS, TYPE_PHRASES
from generator.messages.issue_type import IssueType

__all__ = ["CONSTRAINT_CODES", "FRICTIONLESS_CODES", "ISSUE_TYPES", "IssueType", "PATTERN_HINTS", "TYPE_PHRASES"]

ISSUE_TYPES: dict[str, IssueType] = {issue_type.code: issue_type for issue_type in (
    *files.TYPES, *cells.TYPES, *package.TYPES, *data.TYPES, *releases.TYPES)}
