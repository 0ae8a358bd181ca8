"""Post or update the one report comment on a pull request, from the report artifact of its check.

Runs in the privileged `workflow_run` job, so everything it reads from the artifact is untrusted data made by
the pull request's own code: it is parsed as JSON only, checked for shape and size, and every value is
escaped before it reaches the comment. The pull request's number is checked against GitHub's own record:
the pull request must be open and its head commit must be the one that was checked (HEAD_SHA, from the
workflow_run event). Standard library only, so this job installs nothing.

Usage: python3 pr_comment.py REPORT_DIR   (with GITHUB_TOKEN, REPOSITORY, HEAD_SHA and RUN_URL set)
"""
from __future__ import annotations

import json
import os
import re
import sys
import urllib.request
from pathlib import Path

MARKER = "<!-- ics-data-report -->"
BOT = "github-actions[bot]"
MAX_FILE_BYTES = 5_000_000
MAX_BODY = 60_000  # GitHub refuses comments over 65,536 characters
SHOWN_PROBLEMS = 30
SHOWN_CHANGES = 30
API = "https://api.github.com"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


class ReportError(Exception):
    """The artifact is missing, too large or not the shape the check writes."""


def escape(value: object, limit: int = 300) -> str:
    """Untrusted text for a comment: HTML and Markdown syntax escaped, one line, no @mention, capped."""
    text = " ".join(str(value).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text).replace("@", "@\u200b")


def load(folder: Path) -> dict:
    """pr.json, problems.json and diff.json, checked: {"pr": int, "head_sha": str, "problems": [...], "diff": {...}}."""
    found = {}
    for name in ("pr", "problems", "diff"):
        path = folder / f"{name}.json"
        if not path.is_file() or path.is_symlink():
            raise ReportError(f"the report has no {name}.json")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReportError(f"{name}.json is larger than {MAX_FILE_BYTES:,} bytes")
        try:
            found[name] = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ReportError(f"{name}.json is not JSON ({type(error).__name__})") from None
    pr, problems, diff = found["pr"], found["problems"], found["diff"]
    if not (isinstance(pr, dict) and type(pr.get("pr")) is int and pr["pr"] > 0
            and isinstance(pr.get("head_sha"), str) and re.fullmatch(r"[0-9a-f]{40}", pr["head_sha"])):
        raise ReportError("pr.json must give the pull request's number and its head commit")
    if not (isinstance(problems, list) and all(isinstance(p, dict) for p in problems)):
        raise ReportError("problems.json must be a list of problems")
    if not isinstance(diff, dict):
        raise ReportError("diff.json must be an object")
    return {"pr": pr["pr"], "head_sha": pr["head_sha"], "problems": problems, "diff": diff}


def body(report: dict, run_url: str) -> str:
    """The comment: the verdict, the problems with their fixes, and what the change does to the data."""
    problems = report["problems"]
    errors = [p for p in problems if p.get("severity", "error") == "error"]
    warnings = [p for p in problems if p.get("severity") == "warning"]
    verdict = (f"**The data is not valid**: {len(errors):,} problem{'s' if len(errors) != 1 else ''} to fix"
               if errors else "**The data is valid**")
    lines = [MARKER, "## Data check", "", verdict + (f", and {len(warnings):,} warning{'s' if len(warnings) != 1 else ''}."
                                                     if warnings else "."), ""]
    if problems:
        lines += ["| File | Line | What is wrong | How to fix |", "| --- | --- | --- | --- |"]
        for p in (errors + warnings)[:SHOWN_PROBLEMS]:
            label = "Warning: " if p.get("severity") == "warning" else ""
            line = p.get("line") if type(p.get("line")) is int else ""
            lines.append(f"| {escape(p.get('file', ''), 120)} | {line} | {label}{escape(p.get('message', ''))} "
                         f"| {escape(p.get('fix', ''))} |")
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"\n…and {len(problems) - SHOWN_PROBLEMS:,} more: the check's summary lists every one.")
        lines.append("")
    lines += _diff_lines(report["diff"])
    if _safe_run_url(run_url):
        lines += ["", f"[The check's summary, with every problem and the preview of the site to download]({run_url})"]
    text = "\n".join(lines) + "\n"
    return text if len(text) <= MAX_BODY else text[: MAX_BODY - 200] + "\n\n…the rest is in the check's summary.\n"


def _diff_lines(diff: dict) -> list[str]:
    resources = diff.get("resources") if isinstance(diff.get("resources"), list) else []
    added = [p for p in diff.get("packages_added", []) if isinstance(p, str)]
    removed = [p for p in diff.get("packages_removed", []) if isinstance(p, str)]
    if not (resources or added or removed):
        return ["The change leaves the published data as it was."]
    lines = ["### What this change does to the published data", ""]
    lines += [f"- Package {word}: {escape(p, 60)}" for word, packages in (("added", added), ("removed", removed)) for p in packages]
    shown = 0
    for resource in (r for r in resources if isinstance(r, dict)):
        counts = {k: len(resource.get(k)) if isinstance(resource.get(k), list) else 0 for k in ("added", "removed", "changed")}
        lines.append(f"- {escape(resource.get('file', ''), 120)}: {counts['added']:,} row{'' if counts['added'] == 1 else 's'} added, "
                     f"{counts['removed']:,} removed, {counts['changed']:,} changed")
        for change in resource.get("changed", []) if isinstance(resource.get("changed"), list) else []:
            if shown >= SHOWN_CHANGES or not isinstance(change, dict) or not isinstance(change.get("changes"), dict):
                continue
            shown += 1
            what = "; ".join(f"{escape(column, 40)} {escape(_pair(values)[0], 40)} → {escape(_pair(values)[1], 40)}"
                             for column, values in change["changes"].items())
            lines.append(f"  - line {change.get('line') if type(change.get('line')) is int else '?'}: {what}")
    pages = [p for p in diff.get("pages", []) if isinstance(p, str)]
    if pages:
        lines.append(f"- Pages this changes: {', '.join(escape(p, 80) for p in pages[:20])}")
    return lines


def _pair(values) -> tuple[str, str]:
    if isinstance(values, list) and len(values) == 2:
        return tuple("(empty)" if v in ("", None) else str(v) for v in values)
    return ("?", "?")


def _safe_run_url(url: str) -> bool:
    return bool(re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/actions/runs/\d+(/attempts/\d+)?", url or ""))


# --- GitHub's API -------------------------------------------------------------------------------------------

def request(method: str, path: str, token: str, payload: dict | None = None):
    data = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(f"{API}{path}", data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "ics-data-report"})
    with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - a fixed https host
        return json.loads(response.read().decode() or "null")


def publish(report: dict, repository: str, head_sha: str, token: str, run_url: str, call=request) -> str:
    """Check the pull request, then update its report comment or post one; returns what was done."""
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repository) or not re.fullmatch(r"[0-9a-f]{40}", head_sha):
        raise ReportError("REPOSITORY and HEAD_SHA must come from the workflow_run event")
    pull = call("GET", f"/repos/{repository}/pulls/{report['pr']}", token)
    if not isinstance(pull, dict) or pull.get("state") != "open":
        return f"pull request {report['pr']} is not open: no comment"
    if pull.get("head", {}).get("sha") != head_sha or report["head_sha"] != head_sha:
        return f"pull request {report['pr']} has moved on from the commit that was checked: no comment"
    text = body(report, run_url)
    for page in range(1, 11):
        comments = call("GET", f"/repos/{repository}/issues/{report['pr']}/comments?per_page=100&page={page}", token)
        if not comments:
            break
        for comment in comments:
            if comment.get("user", {}).get("login") == BOT and MARKER in (comment.get("body") or ""):
                call("PATCH", f"/repos/{repository}/issues/comments/{int(comment['id'])}", token, {"body": text})
                return f"updated the report comment on pull request {report['pr']}"
    call("POST", f"/repos/{repository}/issues/{report['pr']}/comments", token, {"body": text})
    return f"posted the report comment on pull request {report['pr']}"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        report = load(Path(argv[1]))
        print(publish(report, os.environ.get("REPOSITORY", ""), os.environ.get("HEAD_SHA", ""),
                      os.environ.get("GITHUB_TOKEN", ""), os.environ.get("RUN_URL", "")))
    except ReportError as problem:
        print(f"No comment: {problem}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
