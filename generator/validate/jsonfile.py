"""datapackage.json as JSON: parsed so that no text can crash the checker, and lines found for messages.

Python's json module reads a repeated key silently (the last one wins, where other programs may take the
first), fails with RecursionError on very deep nesting and refuses numbers of more than 4,300 digits
with a ValueError; each of these is reported here as a problem in the file.
"""
from __future__ import annotations

import bisect
import functools
import json
import re

from generator.validate.issues import Issue, _issue

# The real descriptors are 8 levels deep at most (resources, a resource, its schema, fields, a field,
# constraints, enum); much deeper nesting is a mistake, and would exhaust the stack of later checks.
MAX_JSON_DEPTH = 32
# Strings and the punctuation that shapes JSON, to find keys and nesting without parsing again.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+"|[{}\[\]:]')


def _parse_descriptor(text: str, file: str) -> tuple[dict | None, str, list[Issue]]:
    repeated: list[str] = []

    def keep_repeats(pairs: list[tuple[str, object]]) -> dict:
        keys = [key for key, _ in pairs]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    try:
        descriptor = json.loads(text, object_pairs_hook=keep_repeats)
    except json.JSONDecodeError as exc:
        return None, text, [_issue("descriptor-invalid-json", file, exc.lineno, error=exc.msg, column=exc.colno)]
    except RecursionError:
        return None, text, [_too_deep(text, file)]
    except ValueError:  # an integer of more than 4,300 digits
        digits = re.search(r"\d{4300}", text)
        line, column = _line_and_column(text, digits.start() if digits else 0)
        return None, text, [_issue("descriptor-invalid-json", file, line, error="a number has thousands of digits",
                                   column=column)]
    if _depth(descriptor) > MAX_JSON_DEPTH:
        return None, text, [_too_deep(text, file)]
    if not isinstance(descriptor, dict):
        return None, text, [_issue("descriptor-not-object", file, 1, kind=_json_kind(descriptor))]
    return descriptor, text, _repeated_keys(text, file) if repeated else []


def _depth(value: object) -> int:
    """How deeply lists and objects nest, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _too_deep(text: str, file: str) -> Issue:
    depth = 0
    for token in _TOKENS.finditer(text):
        depth += {"{": 1, "[": 1, "}": -1, "]": -1}.get(token.group(), 0)
        if depth > MAX_JSON_DEPTH:
            return _issue("descriptor-too-deep", file, _line_and_column(text, token.start())[0], limit=MAX_JSON_DEPTH)
    return _issue("descriptor-too-deep", file, None, limit=MAX_JSON_DEPTH)


def _repeated_keys(text: str, file: str) -> list[Issue]:
    """Each key given twice in one object, at the line of its second use, found from the tokens."""
    issues, objects = [], []  # for each open object, its keys and their lines; None for an open list
    tokens = list(_TOKENS.finditer(text))
    for token, after in zip(tokens, tokens[1:] + [None]):
        kind = token.group()
        if kind in "{[":
            objects.append({} if kind == "{" else None)
        elif kind in "}]":
            objects.pop()
        elif kind.startswith('"') and after is not None and after.group() == ":" and objects and objects[-1] is not None:
            key, line = json.loads(kind), _line_and_column(text, token.start())[0]
            if key in objects[-1]:
                issues.append(_issue("descriptor-duplicate-key", file, line, key, value=key, other_line=objects[-1][key]))
            objects[-1].setdefault(key, line)
    return issues


@functools.lru_cache(maxsize=8)
def _newlines(text: str) -> list[int]:
    return [match.start() for match in re.finditer("\n", text)]


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    """Line and column of a position, counted as the json module counts them (lines end at \\n)."""
    line = bisect.bisect_left(_newlines(text), position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _json_kind(value: object) -> str:
    kinds = {list: "a list", str: "text", bool: "true or false", int: "a number", float: "a number", dict: "an object"}
    return "nothing (null)" if value is None else kinds.get(type(value), type(value).__name__)


def _json_line(text: str, *needles: str) -> int | None:
    """First line of datapackage.json holding all the needles, to point a contributor near a property.

    Found with str.find rather than line by line: a hostile descriptor can have thousands of entries,
    each with its own issue, and this runs once per issue.
    """
    first, *others = needles
    start = text.find(first)
    while start != -1:
        line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", start)
        line_end = len(text) if line_end == -1 else line_end
        if all(needle in text[line_start:line_end] for needle in others):
            return _line_and_column(text, start)[0]
        start = text.find(first, line_end)
    return None
