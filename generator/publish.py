"""Build the site: validate, render pages into a staging folder, then swap them in.

Nothing is published from invalid data: validation runs first, and both the generated pages and
site/ are replaced only after every step before them has succeeded.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator import paths

MANIFEST = ".generated.json"  # hidden, so mkdocs ignores it; lists what the generator owns in content/


def build_site(site_dir: Path = paths.SITE, run_mkdocs: bool = True, root: Path = paths.DATAPACKAGES,
               content_dir: Path = paths.CONTENT) -> int:
    from generator.validate import UsageError, render_report, validate_paths

    started = time.perf_counter()
    try:
        report = validate_paths(None, root=root)
    except UsageError as problem:
        print(f"The site was not built: {problem}", file=sys.stderr)
        return 2
    if not report.valid:
        print(render_report(report, "text"), file=sys.stderr)
        print("The site was not built: fix the problems above first. Nothing in site/ has changed.", file=sys.stderr)
        return 1
    written, config = _write_pages(root, content_dir)
    print(f"Wrote {written} generated pages and files into {content_dir}/")
    if run_mkdocs:
        code = _run_mkdocs(site_dir, config)
        if code:
            return code
        print(f"Built the site in {site_dir}/ in {time.perf_counter() - started:.1f} s.")
        print("Preview it with `make serve`, then open http://127.0.0.1:8000/")
    return 0


def _write_pages(root: Path, content_dir: Path) -> tuple[int, Path]:
    """Render every page into content/, and the config with their navigation; returns (files, config)."""
    from generator.load import load_dataset
    from generator.pages import render_site
    from generator.pages.nav import write_generated_config

    dataset = load_dataset(root)
    # Only the real content folder gets the site's config; a scratch folder (tests) is never built by mkdocs.
    config = write_generated_config(dataset) if content_dir.resolve() == paths.CONTENT.resolve() else paths.MKDOCS_CONFIG
    with tempfile.TemporaryDirectory(prefix="pages-", dir=content_dir.parent) as staging:
        staging_dir = Path(staging)
        render_site(dataset, staging_dir)
        entries = sorted(p.name for p in staging_dir.iterdir())
        _remove_previous(content_dir, entries)
        for name in entries:
            shutil.move(str(staging_dir / name), str(content_dir / name))
        (content_dir / MANIFEST).write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    return sum(1 for name in entries for p in _walk(content_dir / name) if p.is_file()), config


def _remove_previous(content_dir: Path, new_entries: list[str]) -> None:
    manifest = content_dir / MANIFEST
    previous = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else []
    for name in set(previous) | set(new_entries):
        target = content_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def _walk(path: Path):
    return path.rglob("*") if path.is_dir() else [path]


def _run_mkdocs(site_dir: Path, config: Path) -> int:
    """Build into a fresh folder beside site/, and swap it in only if mkdocs succeeded."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    new_site = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(config), "--site-dir", str(new_site)]
    result = subprocess.run(command, env=env, cwd=paths.ROOT)
    if result.returncode:
        shutil.rmtree(new_site, ignore_errors=True)
        print("mkdocs could not build the site (see above). Nothing in site/ has changed.", file=sys.stderr)
        return 1
    old_site = site_dir.with_name(f".site-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old_site)
    new_site.rename(site_dir)
    shutil.rmtree(old_site, ignore_errors=True)
    return 0
