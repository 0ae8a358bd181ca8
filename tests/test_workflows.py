"""The GitHub workflows stay pinned and read-only, as a supply-chain precaution."""
import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parent.parent / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def _steps(workflow: dict):
    for job in workflow.get("jobs", {}).values():
        yield from job.get("steps", [])


def test_there_is_a_workflow():
    assert WORKFLOWS, "no workflow in .github/workflows"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_full_commit_shas(path):
    unpinned = [s["uses"] for s in _steps(yaml.safe_load(path.read_text())) if "uses" in s and not PINNED.match(s["uses"])]
    assert not unpinned, f"{path.name}: pin these actions to a full commit SHA: {unpinned}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_default_permissions_are_read_only(path):
    permissions = yaml.safe_load(path.read_text()).get("permissions")
    assert permissions == {"contents": "read"}, f"{path.name}: top-level permissions must be contents: read, got {permissions}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_does_not_keep_credentials(path):
    checkouts = [s for s in _steps(yaml.safe_load(path.read_text())) if s.get("uses", "").startswith("actions/checkout@")]
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)
