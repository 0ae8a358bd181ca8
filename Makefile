# Two set-up commands (see README.md): `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site test serve validate browser htmlcs clean

# Create the virtual environment and install the project with its test tools, once per pyproject change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/python -m generator build

validate: $(STAMP)
	$(BIN)/python -m generator validate

serve: $(STAMP)
	@test -f mkdocs.generated.yml || $(BIN)/python -m generator build --skip-mkdocs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --config-file mkdocs.generated.yml --dev-addr 127.0.0.1:8000

# Headless browser tests drive the system's Chromium (Debian's package, or the one preinstalled on GitHub's
# Ubuntu runners): Playwright's own browser downloads do not work on our machines, and the tests never use
# them (they pass executable_path), so tell every Playwright client not to fetch one.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# Which Chromium to use (a command or a path); exported, so the browser tests use the same one.
export CHROMIUM ?= chromium

browser:
	@command -v $(CHROMIUM) >/dev/null 2>&1 && exit 0; \
	command -v apt-get >/dev/null 2>&1 || { \
	  echo "make browser: Chromium is missing and there is no apt-get here. Install Chromium, then run" >&2; \
	  echo "  make test CHROMIUM=/path/to/chromium" >&2; exit 1; }; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else echo "make browser: installing Chromium needs root: run 'apt-get install chromium' as root, or install sudo." >&2; exit 1; fi; \
	echo "Installing Debian's chromium for the browser tests..."; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
	  && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null \
	  || { echo "make browser: apt-get could not install chromium (see above)." >&2; exit 1; }; \
	command -v $(CHROMIUM) >/dev/null 2>&1 || { echo "make browser: chromium is still not on PATH after installing it." >&2; exit 1; }

# The browser tests run a second accessibility engine beside axe: HTML_CodeSniffer (pa11y's engine), from npm
# at the version pinned in package-lock.json. `npm ci` installs the whole lock file (plotly.js and esbuild too,
# for scripts/build_plotly_bundle.sh): about 15 s and 53 MB of downloads on an empty npm cache. Again only
# when the lock file changes.
HTMLCS := node_modules/html_codesniffer/build/HTMLCS.js

htmlcs: $(HTMLCS)

$(HTMLCS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "make: npm is missing. The browser tests need it to install HTML_CodeSniffer (package-lock.json)." >&2; \
	  echo "  Install Node.js with npm (Debian: apt-get install npm), then run make test again." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@test -f $@ || { echo "make: npm ci did not install $@ (see above)." >&2; exit 1; }
	touch $@

test: $(STAMP) browser $(HTMLCS)
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache
