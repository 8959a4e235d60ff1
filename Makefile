# Sagsflow: the two set-up commands are `make demo` and `make test`; both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
RUN := $(UV) run --frozen
DEMO_HOME := $(CURDIR)/.sagsflow
DEMO_WS := $(DEMO_HOME)/workspaces/demo
DEMO_KEY := $(DEMO_HOME)/keys/demo.key
# the demo users' password: generated once (readable by you only), set again at every `make demo`
DEMO_PASSWORD_FILE := $(DEMO_HOME)/demo-password
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1
# pytest workers: both cores by default
WORKERS ?= 2
# never let uv download an interpreter: use the machine's Python 3.11+
export UV_PYTHON_DOWNLOADS := never

.PHONY: help install web browser java split-miner client demo demo-data serve test lint typecheck bench bench-predict messages clean

help:
	@echo "make demo   install what is missing, build the web app, create the demo workspace, serve it on http://$(HOST):$(PORT)"
	@echo "make test   install what is missing and run every test (lint, types, unit, property, real-data)"
	@echo "make bench  benchmarks side by side with PM4Py"
	@echo "make client regenerate the web app's API client from the server's OpenAPI document (after changing a route)"
	@echo "make bench-predict  prediction metrics and baselines on the public logs (docs/prediction-results.md)"

# --- installation ---------------------------------------------------------------------------
$(VENV)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --all-groups --compile-bytecode --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed web split-miner

# Split Miner (reference implementation, Java): the jar is taken from the simod wheel on PyPI (checksum checked,
# simod itself is not installed) into the venv, where sagsflow.discovery.SplitMiner looks for it; Debian's Java
# runtime is installed when `java` is missing
SIMOD_VERSION := 5.2.1
SPLIT_MINER_JAR := $(VENV)/share/sagsflow/split-miner-1.7.1-all.jar
SPLIT_MINER_SHA256 := 017d6f7e83ca7171376fc0e34f4ed36a85073aa85a279b9a6f115e2fa2e537de

$(SPLIT_MINER_JAR): | $(VENV)/.installed
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
		$(UV) pip install --quiet --no-deps --no-compile --target "$$tmp" --python $(PYTHON) simod==$(SIMOD_VERSION) && \
		echo "$(SPLIT_MINER_SHA256)  $$tmp/simod/control_flow/lib/$(notdir $@)" | sha256sum --check --quiet && \
		mkdir -p $(dir $@) && mv "$$tmp/simod/control_flow/lib/$(notdir $@)" $@ && echo "installed $@"

java:
	@command -v java >/dev/null 2>&1 || { \
		echo "installing Debian's Java runtime for Split Miner"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

split-miner: java $(SPLIT_MINER_JAR)

# the web app: `npm ci` exactly as web/package-lock.json says (never `npm install`, which rewrites the lock file),
# again only when the lock changed; the build again only when a source is newer than it
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) $(wildcard web/index.html web/vite.config.ts web/tsconfig*.json)

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run build

web: web/dist/index.html

# the web app's API types, generated from the server's OpenAPI document (no server needed); commit the result:
# tests/api/test_api_client.py and web/src/client/client.test.ts fail when it is stale
client: $(VENV)/.installed
	$(RUN) python -m sagsflow.api.openapi web/src/client/openapi.json
	cd web && node scripts/generate-client.mjs

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser of its own)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; }

# --- demo -----------------------------------------------------------------------------------
$(DEMO_KEY): | $(VENV)/.installed
	@mkdir -p $(dir $@)
	$(RUN) sagsflow keygen $@

$(DEMO_WS)/events.duckdb: | $(VENV)/.installed $(DEMO_KEY)
	SAGSFLOW_PSEUDONYM_KEY_FILE=$(DEMO_KEY) $(RUN) sagsflow demo-data --workspace $(DEMO_WS) --scale $(SCALE)

demo-data: $(DEMO_WS)/events.duckdb

$(DEMO_PASSWORD_FILE): | $(VENV)/.installed
	@mkdir -p $(dir $@)
	@umask 077 && $(VENV)/bin/python -c "import secrets; print(secrets.token_urlsafe(12))" > $@

# the demo server keeps its metadata (users, jobs, audit log) in $(DEMO_HOME)/server, beside the demo workspace;
# it prints its address and the demo logins as its last lines once it listens
serve: install demo-data $(DEMO_PASSWORD_FILE)
	@SAGSFLOW_HOME=$(DEMO_HOME) SAGSFLOW_DEMO_PASSWORD="$${SAGSFLOW_DEMO_PASSWORD:-$$(cat $(DEMO_PASSWORD_FILE))}" \
		$(RUN) sagsflow serve --workspace $(DEMO_WS) --host $(HOST) --port $(PORT)

demo: serve

# --- tests ----------------------------------------------------------------------------------
lint: $(VENV)/.installed
	$(RUN) ruff check src tests bench
	$(RUN) mypy

test: install browser lint
	@if [ -f web/package.json ]; then cd web && npm test; fi
	$(RUN) pytest -n $(WORKERS) --dist loadfile

bench: install browser
	$(RUN) python -m bench

# prediction quality on the public logs of ../shared/data (long: trains on every log)
bench-predict: install
	$(RUN) python -m bench.predict_table

# --- languages ------------------------------------------------------------------------------
# extract the texts marked with _()/ngettext() into the catalogues (src/sagsflow/locale/{da,en}); then translate
# the new msgstr lines of the Danish one (tests/i18n fails while any is missing)
messages: $(VENV)/.installed
	$(RUN) python -m sagsflow.i18n update

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
