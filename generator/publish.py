"""Build the site: validate, render every page into a work folder, build it there, then swap it in.

Nothing is half-published. The pages are rendered into a work folder beside the repository's own files,
with a copy of the hand-written pages, and mkdocs builds from there into a new folder. Only when every step
has succeeded, validation included, are the generated pages moved into content/, the built site into site/
and the menu into mkdocs.generated.yml. A failure at any step, including an unexpected error, leaves all
three as they were, and says so without a traceback.

Validation runs while MkDocs builds, on the core MkDocs leaves idle, once the validator's own file checks
show that every file the build reads is safe to read; when they do not, it runs first and says why. Invalid
data that makes a step fail is reported as invalid data, not as a fault of the generator.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator import paths, rebuild

MANIFEST = ".generated.json"  # hidden, so mkdocs ignores it; lists what the generator owns in content/
UNCHANGED = "Nothing in site/ or content/ has changed."


class BuildFailed(Exception):
    """A step failed and has already said why."""


class DataInvalid(Exception):
    """Validation, run while MkDocs built the site, found errors: nothing is published."""

    def __init__(self, report):
        super().__init__("the data is not valid")
        self.report = report


def build_site(site_dir: Path = paths.SITE, run_mkdocs: bool = True, root: Path = paths.DATAPACKAGES,
               content_dir: Path = paths.CONTENT, offline: bool = False, clean: bool = False) -> int:
    """Validate the packages under root and build the site; 0 when built, 1 when not, 2 when called wrongly.
    offline: a preview that opens from its folder without a server (links name .html files).
    clean: validate every package, render every page and build the whole site, instead of reusing what has not
    changed since the last build (the validation cache, generator.pages.reuse, generator.rebuild), which gives
    the same result."""
    from generator.validate import UsageError, render_report, validate_paths

    started = time.perf_counter()

    def validate(processes: int | None = None) -> None:
        report = validate_paths(None, root=root, cache=not clean, processes=processes)
        if not report.valid:
            raise DataInvalid(report)

    try:
        site_url = site_url_from_environment()
        # Validation runs while MkDocs builds (it uses one core) when every file the build reads is safe to read;
        # otherwise first, to say why. Either way nothing is published unless the data is valid.
        beside = run_mkdocs and _safe_to_read(root)
        if not beside:
            validate()
        # Beside MkDocs, which takes a core of its own, validation takes one process, not one per core.
        written = _build(root, site_dir.resolve(), content_dir.resolve(), run_mkdocs, site_url, offline, clean,
                         (lambda: validate(processes=1)) if beside else None)
    except UsageError as problem:
        print(f"The site was not built: {problem}", file=sys.stderr)
        return 2
    except DataInvalid as invalid:
        print(render_report(invalid.report, "text"), file=sys.stderr)
        print(f"The site was not built: fix the problems above first. {UNCHANGED}", file=sys.stderr)
        return 1
    except BuildFailed as failure:
        print(f"The site was not built: {failure} {UNCHANGED}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - an unexpected error must not half-publish or print a traceback
        print(f"The site was not built because of an unexpected error ({type(error).__name__}: {error}). "
              f"{UNCHANGED} This is a fault in the generator, not in your data: please report it with this "
              "message.", file=sys.stderr)
        return 1
    print(f"Wrote {written} generated pages and files" + ("." if offline else f" into {content_dir}/"))
    if run_mkdocs:
        print(f"Built the site in {site_dir}/ in {time.perf_counter() - started:.1f} s.")
        print(f"Open {site_dir / 'index.html'} in a browser: no server is needed." if offline else
              "Preview it with `make serve`, then open http://127.0.0.1:8000/")
    return 0


def site_url_from_environment() -> str | None:
    """SITE_URL, the address the site is published at (the publishing workflow sets it), with a final /;
    None when unset, as in local builds. Raises UsageError for anything but an https address."""
    from generator.links import is_safe_https_url
    from generator.validate import UsageError

    given = os.environ.get("SITE_URL", "").strip()
    if not given:
        return None
    if not is_safe_https_url(given):
        raise UsageError(f"SITE_URL must be the https:// address the site is published at, not {given!r}.")
    return given if given.endswith("/") else given + "/"


def _build(root: Path, site_dir: Path, content_dir: Path, run_mkdocs: bool, site_url: str | None,
           offline: bool = False, clean: bool = False, validate=None) -> int:
    """validate: when given, the data has not been validated yet; it is, while MkDocs builds, and before anything
    is published (DataInvalid), or when a step fails, whose failure invalid data would explain."""
    from generator.load import load_dataset
    from generator.pages import render_pages
    from generator.pages.nav import generated_config
    from generator.pages.site import provenance_of

    if run_mkdocs:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
    # The copy a dirty build starts from is made while the pages are (generator.rebuild).
    ahead = rebuild.copy_ahead(site_dir) if run_mkdocs and not (clean or offline) else None
    with tempfile.TemporaryDirectory(prefix=".build-", dir=paths.ROOT) as work, _discarding(ahead):
        work_dir = Path(work)
        pages = work_dir / "pages"
        try:
            dataset = load_dataset(root, cache=not clean, processes=2)
            origin = provenance_of(dataset)  # read from git once, for the pages and the footer
            rendered = render_pages(dataset, pages, directory_urls=not offline,
                                    previous=None if clean else content_dir, origin=origin)
            config = generated_config(dataset, site_url, directory_urls=not offline, origin=origin)
        except Exception:
            if validate is not None:
                validate()
            raise
        # With no previous build reused, nothing waits for the record the next build reuses pages by: MkDocs
        # need not either (`Rendered.record`).
        record_meanwhile = run_mkdocs and rendered.previous is None
        if not record_meanwhile:
            rendered.record()
        meanwhile = [task for task in (validate, rendered.record if record_meanwhile else None) if task]
        new_site, state = (_run_mkdocs(config, assemble_docs(pages, work_dir / "docs"), site_dir, ahead, meanwhile)
                           if run_mkdocs else (None, None))
        generated = sorted(p.name for p in pages.iterdir())
        written = sum(1 for name in generated for p in _walk(pages / name) if p.is_file())
        # Only the real content folder gets the site's menu; a scratch folder (tests) never replaces it.
        menu = (paths.ROOT / paths.GENERATED_CONFIG, config) if content_dir == paths.CONTENT.resolve() else None
        try:
            if not offline:
                _publish(content_dir, pages, generated, work_dir / "previous", new_site, site_dir, menu)
            elif new_site is not None:  # a preview: its pages link .html files, so they never replace content/'s
                _swap_site(new_site, site_dir)
            if state is not None:
                rebuild.remember(site_dir, state)
        finally:
            if new_site is not None and new_site.exists():
                shutil.rmtree(new_site, ignore_errors=True)
    return written


@contextlib.contextmanager
def _discarding(ahead: rebuild.CopyAhead | None):
    """Whatever happens, a copy made ahead that was not moved into place is removed."""
    try:
        yield
    finally:
        if ahead is not None:
            ahead.discard()


def _previous_entries(content_dir: Path) -> list[str]:
    manifest = content_dir / MANIFEST
    return json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else []


def assemble_docs(pages: Path, docs: Path) -> Path:
    """The folder mkdocs builds from: the hand-written pages of content/ and the new generated ones."""
    from generator.pages import reuse

    owned = set(_previous_entries(paths.CONTENT)) | {p.name for p in pages.iterdir()} | {MANIFEST}
    # MkDocs only reads docs/, so its files can be second names of the pages' (reuse.link_or_copy).
    shutil.copytree(paths.CONTENT, docs, ignore=lambda folder, names: owned if Path(folder) == paths.CONTENT else (),
                    copy_function=reuse.link_or_copy)
    shutil.copytree(pages, docs, dirs_exist_ok=True, copy_function=reuse.link_or_copy)
    return docs


def _run_mkdocs(config: str, docs: Path, site_dir: Path, ahead: rebuild.CopyAhead | None = None,
                meanwhile: list | None = None) -> tuple[Path, dict]:
    """Build into a new folder beside site/: (its path, the state to remember it by), or BuildFailed if mkdocs
    failed. ahead: a copy of site/ being made (rebuild.copy_ahead), from which MkDocs renders only the pages that
    changed, where that gives the same site as a clean build (generator.rebuild). meanwhile: work for this
    process while MkDocs builds, in order."""
    tasks = list(meanwhile or [])
    environment = {**os.environ, **build_date_from_git(), "NO_MKDOCS_2_WARNING": "1"}
    state = rebuild.state_of(config, docs, environment.get("SOURCE_DATE_EPOCH", ""))
    copied = ahead.take() if ahead is not None and rebuild.can_rebuild(site_dir, state) else None
    new_site = copied or Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        with work_config(config, docs_dir=str(docs)) as config_file:
            if copied is not None:
                rebuilt = rebuild.pages_to_render(new_site, docs)
                if _mkdocs(config_file, new_site, environment, tasks, dirty=True) and \
                        rebuild.merge_search_index(site_dir, new_site, rebuilt):
                    return new_site, state
                shutil.rmtree(new_site)
                new_site.mkdir()
            if _mkdocs(config_file, new_site, environment, tasks):
                return new_site, state
    except BaseException:
        shutil.rmtree(new_site, ignore_errors=True)
        raise
    shutil.rmtree(new_site, ignore_errors=True)
    raise BuildFailed("mkdocs could not build the site (see above).")


def _mkdocs(config_file: Path, site_dir: Path, environment: dict, tasks: list, dirty: bool = False) -> bool:
    """Run MkDocs, and meanwhile each task (each once: a task done is taken off the list); if a task fails,
    MkDocs is stopped."""
    command = mkdocs_command(config_file, site_dir) + (["--dirty"] if dirty else [])
    process = subprocess.Popen(command, cwd=paths.ROOT, env=environment)
    try:
        while tasks:
            tasks.pop(0)()
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process.wait() == 0


def _safe_to_read(root: Path) -> bool:
    """Whether every file the build reads passes the validator's own file checks (a plain file inside its
    package, within the size limit), so that the pages can be made while the rows are still being checked."""
    from generator.validate.files import MAX_FILE_BYTES, _access_problem, _read_descriptor, _unsafe_reason

    try:
        folders = [paths.reference_dir(root), *paths.package_dirs(root)]
    except OSError:
        return False
    for folder in folders:
        descriptor, _, problems = _read_descriptor(folder)
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if problems or not isinstance(resources, list):
            return False
        for resource in resources:
            path = resource.get("path") if isinstance(resource, dict) else None
            if not isinstance(path, str) or _unsafe_reason(path) or _access_problem(folder, folder / path, MAX_FILE_BYTES,
                                                                                    "file-missing"):
                return False
    return True


def write_config(config: str, path: Path, **settings) -> Path:
    """The generated config (nav.generated_config) with these settings on top, such as docs_dir, at path."""
    merged = {**yaml.safe_load(config), **settings}
    path.write_text(yaml.safe_dump(merged, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@contextlib.contextmanager
def work_config(config: str, **settings):
    """The config of one build (write_config), beside mkdocs.yml so that every relative path in it (custom_dir,
    extra files) resolves as in a normal build, and removed afterwards: the build, the tests' Zensical build
    and the benchmark all build this way."""
    handle, name = tempfile.mkstemp(prefix=".mkdocs-build-", suffix=".yml", dir=paths.ROOT)
    os.close(handle)
    try:
        yield write_config(config, Path(name), **settings)
    finally:
        Path(name).unlink(missing_ok=True)


def build_date_from_git() -> dict[str, str]:
    """SOURCE_DATE_EPOCH for mkdocs, which dates the sitemap with it instead of the clock: the time of the
    checkout's last commit, so the same commit builds the same site. Empty when it is set already, or when
    there is no git history to read (then mkdocs uses the clock)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return {}
    try:
        found = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=paths.ROOT, capture_output=True,
                               text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return {}
    seconds = found.stdout.strip()
    return {"SOURCE_DATE_EPOCH": seconds} if found.returncode == 0 and seconds.isdigit() else {}


def mkdocs_command(config: Path, site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config),
            "--site-dir", str(site_dir)]


def _publish(content_dir: Path, pages: Path, generated: list[str], previous: Path, new_site: Path | None,
             site_dir: Path, menu: tuple[Path, str] | None) -> None:
    """Move the new pages into content/, the new site into site/ and the menu into place, or, if any of
    that fails, none of it."""
    content_dir.mkdir(parents=True, exist_ok=True)
    previous.mkdir()
    moved: list[str] = []
    old_menu = menu[0].read_text(encoding="utf-8") if menu and menu[0].exists() else None
    try:
        if menu:
            menu[0].write_text(menu[1], encoding="utf-8")
        for name in sorted(set(_previous_entries(content_dir)) | set(generated) | {MANIFEST}):
            if (content_dir / name).exists():
                shutil.move(str(content_dir / name), str(previous / name))
                moved.append(name)
        for name in generated:
            shutil.move(str(pages / name), str(content_dir / name))
        (content_dir / MANIFEST).write_text(json.dumps(generated, indent=1) + "\n", encoding="utf-8")
        if new_site is not None:
            _swap_site(new_site, site_dir)
    except BaseException:
        _restore(content_dir, previous, [*generated, MANIFEST], moved)
        if menu and old_menu is not None:
            menu[0].write_text(old_menu, encoding="utf-8")
        elif menu:
            menu[0].unlink(missing_ok=True)
        raise


def _restore(content_dir: Path, previous: Path, new_entries: list[str], moved: list[str]) -> None:
    for name in new_entries:
        target = content_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for name in moved:
        shutil.move(str(previous / name), str(content_dir / name))


def _swap_site(new_site: Path, site_dir: Path) -> None:
    rebuild.forget(site_dir)  # until the caller remembers the new site's state
    old_site = site_dir.with_name(f".site-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old_site)
    try:
        new_site.rename(site_dir)
    except BaseException:
        if old_site.exists():
            old_site.rename(site_dir)
        raise
    shutil.rmtree(old_site, ignore_errors=True)


def _walk(path: Path):
    return path.rglob("*") if path.is_dir() else [path]
