"""The GitHub workflows stay pinned and read-only, as a supply-chain precaution, and pass GitHub's workflow
schema and zizmor's security audit, both offline."""
import re
import shutil
import subprocess
import sys
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
    assert permissions in ({"contents": "read"}, {}), f"{path.name}: top-level permissions must be read-only, got {permissions}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_does_not_keep_credentials(path):
    checkouts = [s for s in _steps(yaml.safe_load(path.read_text())) if s.get("uses", "").startswith("actions/checkout@")]
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: it is a test dependency (make .venv/.installed-stamp installs it)")
    return found


def test_workflows_match_githubs_workflow_schema():
    """check-jsonschema's bundled copy of SchemaStore's GitHub workflow schema: runs offline."""
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_workflows():
    """zizmor's offline audits (pinning, credentials, permissions, template injection, dangerous triggers,
    cache poisoning), pedantic, failing on any file it cannot read. A finding kept on purpose carries an
    inline `# zizmor: ignore[...]` with the reason."""
    result = subprocess.run([_tool("zizmor"), "--offline", "--persona=pedantic", "--strict-collection",
                             "--no-progress", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_package_folder_has_its_own_code_owners():
    """Each system's team reviews its own folder; a new package without a CODEOWNERS line is caught here."""
    root = Path(__file__).resolve().parent.parent
    owned = {line.split()[0] for line in (root / ".github" / "CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")}
    folders = sorted(p.name for p in (root / "datapackages").iterdir() if p.is_dir())
    assert [f for f in folders if f"/datapackages/{f}/" not in owned] == []


def test_the_comment_follows_a_workflow_that_exists_and_uploads_its_report():
    """workflow_run names the workflow it follows by its name, so a rename would silently stop the comment."""
    loaded = {path.name: yaml.safe_load(path.read_text()) for path in WORKFLOWS}
    names = {w["name"]: w for w in loaded.values()}
    comment = loaded["pull-request-comment.yml"]
    [followed] = comment[True]["workflow_run"]["workflows"]  # PyYAML reads the key `on` as True
    assert followed in names
    uploads = [s.get("with", {}).get("name") for s in _steps(names[followed]) if "upload-artifact" in s.get("uses", "")]
    downloads = [s["with"]["name"] for s in _steps(comment) if "download-artifact" in s.get("uses", "")]
    assert downloads == ["pr-report"] and "pr-report" in uploads
