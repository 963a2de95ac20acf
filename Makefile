# Krachtig lerende netwerken: build and test the module.
# `make help` lists the targets. Quick start: `make site`, then `make test`.

PYTHON  ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV    := .venv
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
SITE    := site
# Debian packages the tests need (browser tests, spelling check, PDF checks, the CSP test's web server).
TEST_DEBS := chromium hunspell hunspell-nl poppler-utils nginx-light
# Debian packages the PDF step needs: WeasyPrint's text layout (Pango, HarfBuzz) and the fonts it embeds.
SITE_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core

.DEFAULT_GOAL := help
.PHONY: help site check serve test deps-site deps-test lock clean

help: ## Show this list of targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

check: $(VENV)/.installed ## Validate data/*.yaml and report every content mistake
	$(PY) -m macros.check

site: $(VENV)/.installed deps-site ## Validate the content and build the whole module into site/
	$(PY) -m macros.check
	rm -rf .site-tmp
	$(MKDOCS) build --strict --site-dir .site-tmp
	$(PY) -m scripts.build_pdf .site-tmp
	$(PY) -m scripts.build_offline .site-tmp
	rm -rf $(SITE) && mv .site-tmp $(SITE)
	$(PY) -m scripts.security_headers $(SITE) build/kln-security-headers.conf
	@echo "Klaar: de website staat in $(CURDIR)/$(SITE)/ (open $(SITE)/index.html of draai 'make serve')."

serve: $(VENV)/.installed ## Live preview on http://127.0.0.1:8000 (reloads on YAML and template edits)
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000 --livereload

deps-site: ## Install the Debian packages the PDF step needs, when missing
	@missing=""; for p in $(SITE_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

deps-test: ## Install the Debian packages the tests need, when missing
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(VENV)/.installed deps-site deps-test node_modules/.installed ## Run every test (installs what the tests need)
	$(PY) -m pytest

bench: $(VENV)/.installed deps-test ## Benchmark: build and PDF time, page weight, growth at 10x and 100x data
	$(PY) -m scripts.bench

lock: ## Re-pin requirements.txt from requirements.in in a fresh virtual environment
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins of every Python package (top-level and transitive)."; \
	  echo "# Regenerate: make lock (installs requirements.in into a fresh venv and freezes it)."; \
	  .lock-venv/bin/pip freeze; } > requirements.txt
	rm -rf .lock-venv

clean: ## Remove the build output and the virtual environment
	rm -rf $(SITE) .site-tmp $(VENV) .pytest_cache
