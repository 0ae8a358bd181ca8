"""Where a build comes from, read from git: the repository, the commit, the release (when the commit is a
release's tag), and when the data behind a page last changed.

Dates are committer dates (`git log --format=%cs`), never the clock, so the same commit always gives the same
words on every page. Outside a git checkout (an exported tree) everything is empty, and pages then say less
rather than guess.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.release import parse_version, tag_version

@dataclass(frozen=True)
class Provenance:
    repository: str = ""  # https://github.com/OWNER/NAME, or '' when unknown
    commit: str = ""  # the full hash of the commit built, '' outside git
    release: str = ""  # 'MAJOR.MINOR' when the commit is tagged vMAJOR.MINOR and its data is as committed
    uncommitted: bool = False  # the data or release records differ from the commit
    changed_on: dict[str, str] = field(default_factory=dict)  # a folder of the repository -> YYYY-MM-DD
    top: str = ""  # the repository's folder on this machine, which paths in `changed_on` start from
    prefix: str = ""  # the data root's parent as a path from `top` ('' when the data is at the top, as usual)

    @property
    def short_commit(self) -> str:
        return self.commit[:10]

    def commit_url(self) -> str:
        return f"{self.repository}/commit/{self.commit}" if self.repository and self.commit else ""

    def line_url(self, path: str, line: int, commit: str = "") -> str:
        """A permanent link to one line of a file of the repository (a path from its root) as of this commit, or
        of `commit`, which GitHub shows highlighted; '' when the repository or commit is unknown, or the file is
        not committed as it is read (then the line could differ)."""
        at = commit or self.commit
        if not (self.repository and at) or (at == self.commit and self.uncommitted):
            return ""
        full = f"{self.prefix}/{path}" if self.prefix else path
        return f"{self.repository}/blob/{at}/{full}?plain=1#L{int(line)}"

    def data_changed(self, folders) -> str:
        """The newest committer date of any of these folders (Paths), '' if none is known."""
        return max((self.changed_on.get(self._from_top(folder), "") for folder in folders), default="")

    def _from_top(self, folder: Path) -> str:
        try:
            return Path(folder).resolve().relative_to(self.top).as_posix()
        except ValueError:
            return ""


def of(data_root: Path, repository: str) -> Provenance:
    """The provenance of a build of the data packages under data_root, in the repository at `repository` (an
    https address, '' when unknown)."""
    top = git_output(["rev-parse", "--show-toplevel"], data_root)
    commit = git_output(["rev-parse", "HEAD"], data_root) if top else ""
    if not commit:
        return Provenance(repository=repository)
    top_dir = Path(top).resolve()
    watched = [str(data_root.resolve())] + ([str(top_dir / "releases")] if (top_dir / "releases").is_dir() else [])
    uncommitted = bool(git_output(["status", "--porcelain", "--", *watched], data_root))
    tags = git_output(["tag", "--points-at", "HEAD", "--list", "v*"], data_root).split()
    versions = sorted((v for t in tags if (v := tag_version(t))), key=parse_version)
    release = versions[-1] if versions and not uncommitted else ""
    prefix = data_root.resolve().parent.relative_to(top_dir).as_posix()
    return Provenance(repository=repository, commit=commit, release=release, uncommitted=uncommitted,
                      changed_on=_changed_on(data_root, top_dir), top=str(top_dir), prefix="" if prefix == "." else prefix)


def _changed_on(data_root: Path, top: Path) -> dict[str, str]:
    """Each folder of the data (the data root and each package folder, as paths from the repository's root) ->
    the date of the newest commit that changed a file in it, from one walk of the history."""
    log = git_output(["log", "--format=%x01%cs", "--name-only", "--no-renames", "--", "."], data_root)
    root = data_root.resolve().relative_to(top).as_posix()
    dates: dict[str, str] = {}
    day = ""
    for line in log.splitlines():
        if line.startswith("\x01"):
            day = line[1:]
        elif line and day:
            folder = _package_folder(line, root)
            dates.setdefault(folder, day)  # newest first: the first date seen is the last change
            dates.setdefault(root, day)
    return dates


def _package_folder(path: str, root: str) -> str:
    """The package folder of a file of the data: 'datapackages/example' for 'datapackages/example/x.csv'; the
    data root itself for a file directly in it."""
    inside = path[len(root) + 1:] if path.startswith(root + "/") else path
    head = inside.split("/", 1)[0]
    return f"{root}/{head}" if "/" in inside else root


def git_output(arguments: list[str], where: Path) -> str:
    """git's output, '' when git is missing or fails (for example outside a checkout)."""
    try:
        found = subprocess.run(["git", *arguments], cwd=where, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""

