# Krachtig lerende netwerken: build and test the module.
# `make help` lists the targets. Quick start: `make site`, then `make test`.

PYTHON  ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV    := .venv
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
SITE    := site
# Debian packages the tests need: the browser, spelling, PDF text, the web server, Java for the HTML checker.
TEST_DEBS := chromium hunspell hunspell-nl poppler-utils nginx-light default-jre-headless
# Debian packages the PDF step needs: WeasyPrint's text layout (Pango, HarfBuzz) and the fonts it embeds.
SITE_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core
# Debian packages installed by `apt-get` when missing (with sudo when not root).
APT_INSTALL = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

.DEFAULT_GOAL := help
.PHONY: help site check ids serve test test-fast lint bench deps-site deps-test lock clean

help: ## Show this list of targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The virtual environment: the pinned packages, and this project's package `macros` (editable).
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

check: $(VENV)/.installed ## Validate data/ and docs/; print every mistake, and hints for authors
	$(PY) -m macros check

ids: $(VENV)/.installed ## Record new question ids in data/vraag-sleutels.yaml (learners' answers hang on them)
	$(PY) -m macros ids

site: $(VENV)/.installed deps-site ## Validate the content and build the whole module into site/
	$(PY) -m macros check
	rm -rf .site-tmp build/site.sources
	$(MKDOCS) build --strict --site-dir .site-tmp
	$(PY) -m macros pdf .site-tmp
	$(PY) -m macros offline .site-tmp
	$(PY) -m macros compress .site-tmp
	rm -rf $(SITE) && mv .site-tmp $(SITE)
	$(PY) -m macros headers $(SITE) build/kln-security-headers.conf
	$(PY) -m macros sources
	@echo "Klaar: de website staat in $(CURDIR)/$(SITE)/ (open $(SITE)/index.html of draai 'make serve')."

serve: $(VENV)/.installed ## Live preview on http://127.0.0.1:8000; rebuilds on edits of data, schemas and templates
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000 --livereload --watch schema --watch macros/site/templates

deps-site: ## Install the Debian packages the PDF step needs, when missing
	@$(call APT_INSTALL,$(SITE_DEBS))

deps-test: ## Install the Debian packages the tests need, when missing
	@$(call APT_INSTALL,$(TEST_DEBS))

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(VENV)/.installed deps-site deps-test node_modules/.installed ## Run every test (installs what the tests need)
	$(PY) -m ruff check .
	$(PY) -m pytest

test-fast: $(VENV)/.installed deps-site deps-test ## The quick tests: no browser, no PDF, no extra site builds (about 30 s)
	$(PY) -m pytest -m "not browser and not pdf and not slow"

lint: $(VENV)/.installed ## Check the Python code with ruff (also part of make test)
	$(PY) -m ruff check .

bench: $(VENV)/.installed deps-site deps-test node_modules/.installed ## Benchmark: build, PDF, page weight and Lighthouse behind nginx, growth at 10x and 100x data
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	$(PY) -m tools.bench

lock: ## Re-pin requirements.txt from requirements.in in a fresh virtual environment
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins of every Python package (top-level and transitive)."; \
	  echo "# Regenerate: make lock (installs requirements.in into a fresh venv and freezes it)."; \
	  .lock-venv/bin/pip freeze; } > requirements.txt
	rm -rf .lock-venv

clean: ## Remove the build output and the virtual environment
	rm -rf $(SITE) .site-tmp build $(VENV) .pytest_cache .ruff_cache
