"""What the validator reports: one Issue per problem, rendered from the catalogue in generator.messages."""
from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import paths as layout
from generator.messages import ISSUE_TYPES


class UsageError(Exception):
    """The command was given something that is not a package (exit code 2, not a data problem)."""


@dataclass(frozen=True)
class Issue:
    code: str
    file: str
    line: int | None
    field: str | None
    message: str
    fix: str
    severity: str = "error"  # or "warning": shown, but the data stays valid
    suggestion: str = ""  # the allowed value plainly meant ("in_progress" for "In progress"), already in fix

    @property
    def title(self) -> str:
        return ISSUE_TYPES[self.code].title

    def sort_key(self) -> tuple:
        return self.file, self.line or 0, self.field or "", self.code, self.message


@dataclass
class ValidationReport:
    issues: list[Issue]
    packages_checked: int
    validated: list[Path] = field(default_factory=list)  # the packages checked again; the others' from the cache

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def verdict(self) -> str:
        """The one sentence every format of the report ends with."""
        warnings = len(self.warnings)
        counted = f"{warnings:,} {plural(warnings, 'warning')}"
        if self.valid:
            count = self.packages_checked
            valid = "The package is valid" if count == 1 else f"All {count} packages are valid"
            return valid + (f", with {counted}." if warnings else ".")
        errors, files = len(self.errors), len({i.file for i in self.errors})
        also = f", and {counted}" if warnings else ""
        return f"{errors:,} {plural(errors, 'problem')} in {files} {plural(files, 'file')}{also}. The data is not valid."


def plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def finite_number(text: str | None) -> float | None:
    """The cell as a finite number, or None when empty or not one (those are reported elsewhere)."""
    try:
        number = float(text) if text not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _display(path: Path) -> str:
    """Path relative to the repository when inside it, so messages match what contributors see in git.

    Made absolute without following symbolic links, so that a link is named as itself, not its target.
    """
    absolute, root = os.path.abspath(path), str(layout.ROOT)
    if absolute.startswith(root + os.sep):  # (strings: pathlib's relative_to takes longer than many checks)
        return Path(absolute[len(root) + 1:]).as_posix()
    return "." if absolute == root else path.as_posix()


def _issue(code: str, file: str, line: int | None = None, field: str | None = None, **values: object) -> Issue:
    issue_type = ISSUE_TYPES[code]
    message, fix = issue_type.render(field=field or "", line=line or "", **values)
    return Issue(code, file, line, field, message, fix, issue_type.severity)


def _shown(value: object, limit: int = 80) -> str:
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(values: Iterable[str], limit: int = 12) -> str:
    items = sorted(values)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# Names for the characters a contributor cannot see, so a message can say what to delete.
_CHARACTER_NAMES = {" ": "space", "\t": "tab", "\n": "line break", "\r": "carriage return",
                    "\xa0": "non-breaking space"}


def _character(char: str) -> str:
    return _CHARACTER_NAMES.get(char) or f"invisible character U+{ord(char):04X}"


def _counted(run: str) -> str:
    """'a space', '3 spaces', 'an invisible character U+0007' or '2 blank characters: space, tab'."""
    names = list(dict.fromkeys(_character(c) for c in run))
    if len(names) > 1:
        return f"{len(run)} blank characters: {', '.join(names)}"
    if len(run) > 1:
        return f"{len(run)} {names[0]}s"
    return ("an " if names[0][0] in "aeiou" else "a ") + names[0]


def _blank_edges(text: str) -> str | None:
    """The blanks around a value in words ('a space at the end'), or None when there are none."""
    if not text.strip():
        return f"{_counted(text)} and nothing else" if text else None
    start, end = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    parts = []
    if start:
        parts.append(f"{_counted(start)} at the start")
    if end:
        parts.append(f"{_counted(end)} at the end")
    return " and ".join(parts) or None


def _link_reason(text: str) -> str:
    """Why generator.links refused an address, in words; that module alone decides what is refused."""
    edges = _blank_edges(text)
    if edges:
        return f"has {edges}"
    odd = next((c for c in text if c.isspace() or not c.isprintable() or c == "\\"), None)
    if odd == "\\":
        return "contains a backslash (\\), which browsers read as /"
    if odd is not None:
        return f"contains {_counted(odd)}"
    lower = text.lower()
    if lower.startswith("https://") and not text.startswith("https://"):
        return "starts with capital letters: write https:// in lower case"
    if lower.startswith("http://"):
        return "starts with http://, which is not secure"
    if text.startswith("https://"):
        return "has no site name after https://, or one that cannot be read"
    if text.startswith("//"):
        return "starts with // instead of https://"
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text)
    if scheme:
        return f'starts with "{scheme.group()}", not https://'
    return "does not start with https://, so it is not a full web address"
