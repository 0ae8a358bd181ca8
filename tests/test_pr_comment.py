"""The pull-request comment (.github/scripts/pr_comment.py): built from the check's report, which is untrusted
data, so values come out inert, the shape and size are checked, and nothing is posted unless GitHub says
the pull request is open at the commit that was checked. GitHub's API is replaced by a recording fake."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import paths

SCRIPT = paths.ROOT / ".github" / "scripts" / "pr_comment.py"
SHA = "a" * 40
HOSTILE = "<img src=x onerror=alert(1)> [x](https://evil.example) @octocat\n::error::pwned | col"


def _module():
    spec = importlib.util.spec_from_file_location("pr_comment", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pr_comment = _module()


def _artifact(folder: Path, problems=None, diff=None, pr=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pr.json").write_text(json.dumps(pr if pr is not None else {"pr": 7, "head_sha": SHA}))
    (folder / "problems.json").write_text(json.dumps(problems if problems is not None else []))
    (folder / "diff.json").write_text(json.dumps(diff if diff is not None else {}))
    return folder


class FakeGitHub:
    def __init__(self, state="open", head=SHA, comments=()):
        self.pull = {"state": state, "head": {"sha": head}}
        self.comments = list(comments)
        self.calls = []

    def __call__(self, method, path, token, payload=None):
        self.calls.append((method, path, payload))
        if path.endswith("/pulls/7"):
            return self.pull
        if "/comments?" in path:
            return self.comments if path.endswith("page=1") else []
        return {}


def test_the_comment_gives_the_verdict_problems_fixes_and_the_diff(tmp_path):
    problems = [{"file": "datapackages/E54000062/observations.csv", "line": 12, "severity": "error",
                 "message": 'The value "abc" in column value is not a number.', "fix": "Write a number."},
                {"file": "datapackages/E54000062/actions.csv", "line": 3, "severity": "warning",
                 "message": "The text starts with =", "fix": "Start it with a word."}]
    diff = {"resources": [{"file": "datapackages/E54000062/observations.csv", "added": [{}], "removed": [],
                           "changed": [{"line": 40, "changes": {"value": ["73.4", "75.1"]}}]}],
            "pages": ["ics/black-country/"]}
    text = pr_comment.body(pr_comment.load(_artifact(tmp_path, problems, diff)),
                           "https://github.com/o/r/actions/runs/123")
    assert text.startswith(pr_comment.MARKER)
    assert "**The data is not valid**: 1 problem to fix, and 1 warning." in text
    assert ("| datapackages/E54000062/observations\\.csv | 12 | The value \"abc\" in column value is not a number\\. "
            "| Write a number\\. |") in text
    assert "1 row added, 0 removed, 1 changed" in text and "value 73\\.4 → 75\\.1" in text
    assert "ics/black\\-country/" in text and "(https://github.com/o/r/actions/runs/123)" in text


def test_values_from_the_report_come_out_inert(tmp_path):
    problems = [{"file": HOSTILE, "line": 1, "message": HOSTILE, "fix": HOSTILE}]
    diff = {"resources": [{"file": HOSTILE, "changed": [{"line": 2, "changes": {HOSTILE: [HOSTILE, HOSTILE]}}]}],
            "pages": [HOSTILE]}
    text = pr_comment.body(pr_comment.load(_artifact(tmp_path, problems, diff)), "javascript:alert(1)")
    assert "<img" not in text and "[x](https" not in text and "@octocat" not in text
    assert "\n::error" not in text and "javascript:" not in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line and "File" not in line]
    assert rows and all(row.count(" | ") == 3 for row in rows)


def test_the_comment_stays_under_githubs_limit(tmp_path):
    problems = [{"file": "f.csv", "line": n, "message": "x" * 300, "fix": "y" * 300} for n in range(5000)]
    changes = [{"line": n, "changes": {"value": ["1" * 40, "2" * 40]}} for n in range(5000)]
    text = pr_comment.body(pr_comment.load(_artifact(tmp_path, problems, {"resources": [{"changed": changes}]})), "")
    assert len(text) <= pr_comment.MAX_BODY and "4,970 more" in text


@pytest.mark.parametrize("pr", [{"pr": "7", "head_sha": SHA}, {"pr": 7, "head_sha": "main"}, {"pr": -1, "head_sha": SHA},
                                [], {"pr": True, "head_sha": SHA}])
def test_a_report_of_the_wrong_shape_is_refused(tmp_path, pr):
    with pytest.raises(pr_comment.ReportError):
        pr_comment.load(_artifact(tmp_path, pr=pr))


def test_a_report_that_is_not_json_or_too_large_is_refused(tmp_path, monkeypatch):
    folder = _artifact(tmp_path)
    (folder / "diff.json").write_text("{not json")
    with pytest.raises(pr_comment.ReportError, match="not JSON"):
        pr_comment.load(folder)
    (folder / "diff.json").write_text("{}")
    monkeypatch.setattr(pr_comment, "MAX_FILE_BYTES", 10)
    with pytest.raises(pr_comment.ReportError, match="larger than"):
        pr_comment.load(folder)


def test_posts_one_comment_then_updates_it(tmp_path):
    report = pr_comment.load(_artifact(tmp_path))
    github = FakeGitHub()
    assert pr_comment.publish(report, "o/r", SHA, "token", "", call=github).startswith("posted")
    assert [c[0] for c in github.calls] == ["GET", "GET", "POST"] and github.calls[-1][1] == "/repos/o/r/issues/7/comments"
    mine = {"id": 99, "user": {"login": "github-actions[bot]"}, "body": pr_comment.MARKER + "old"}
    someone = {"id": 98, "user": {"login": "octocat"}, "body": pr_comment.MARKER + "copied"}
    github = FakeGitHub(comments=[someone, mine])
    assert pr_comment.publish(report, "o/r", SHA, "token", "", call=github).startswith("updated")
    assert github.calls[-1][:2] == ("PATCH", "/repos/o/r/issues/comments/99")


@pytest.mark.parametrize("github", [FakeGitHub(state="closed"), FakeGitHub(head="b" * 40)], ids=["closed", "moved on"])
def test_nothing_is_posted_unless_the_pull_request_is_open_at_the_commit_checked(tmp_path, github):
    report = pr_comment.load(_artifact(tmp_path))
    assert "no comment" in pr_comment.publish(report, "o/r", SHA, "token", "", call=github)
    assert [c[0] for c in github.calls] == ["GET"]


def test_the_script_exits_1_with_a_sentence_on_a_bad_artifact(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 1 and result.stderr.startswith("No comment: the report has no pr.json")
    assert "Traceback" not in result.stderr
