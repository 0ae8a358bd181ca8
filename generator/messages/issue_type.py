"""One kind of problem the validator reports: what it means, what is wrong and how to fix it."""
from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class IssueType:
    code: str
    title: str
    description: str
    template: str
    fix: str
    # "error" makes the data invalid; a "warning" is shown but the data still passes.
    severity: str = "error"

    def render(self, **values: object) -> tuple[str, str]:
        """The message and the fix, with the placeholders filled in."""
        return _fill(self.template, values), _fill(self.fix, values)


def _fill(template: str, values: dict) -> str:
    return string.Formatter().vformat(template, (), _Blank(values))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""
