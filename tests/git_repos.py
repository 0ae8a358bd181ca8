"""Git repositories made in a test: every commit and tag dated by the test (author and committer alike) and
made by a fixed author, so dates and hashes on pages are known and no machine's git identity is needed."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(repo: Path, *arguments: str, day: str = "2026-01-05") -> str:
    """`git ARGUMENTS` in repo, at noon UTC on `day`; its output, or the test fails on an error."""
    stamp = f"{day}T12:00:00+00:00"
    environment = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "Test",
                   "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
                   "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *arguments], cwd=repo, env=environment, check=True, capture_output=True,
                          text=True).stdout.strip()
