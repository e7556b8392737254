# FoodTrace — the two commands of the README, and their parts.
# Needs only Python 3.11 (python3.11, or python3 when that is 3.11).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_BUSINESSES ?= 240

.PHONY: demo test install install-test scanner translations serve lint test-sqlite test-postgres clean

## make demo: install, migrate, load the Changsha demo data, serve on http://127.0.0.1:8000 with the
## background worker (webhooks, escalation of overdue cases) beside it; stopping the server stops the worker;
## development mode without Django's debug pages: visitors see the platform's own 403/404/500 pages
demo: install translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo --businesses $(DEMO_BUSINESSES)
	@$(PY) manage.py worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		DJANGO_DEBUG=0 $(PY) manage.py runserver $(HOST):$(PORT)

## make test: install with test tools, lint, run the whole suite (SQLite; PostgreSQL too when
## FOODTRACE_TEST_POSTGRES is set, e.g. postgres://postgres@127.0.0.1:5432/test)
test: install-test translations lint test-sqlite test-postgres

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "FoodTrace needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY) scanner
	$(PY) -m pip install --quiet -e .

install-test: $(PY) scanner
	$(PY) -m pip install --quiet -e ".[test]"

## The public look-up's barcode reader (npm's @zxing/library, pinned in package-lock.json), served by the
## platform itself from foodtrace/static/vendor/ (git-ignored). Without npm the look-up works by typing and
## with the phone's own camera app, so a failure here is reported, not fatal.
SCANNER_JS := foodtrace/static/vendor/zxing/zxing.min.js
scanner:
	@if command -v npm >/dev/null 2>&1; then \
		if npm ci --no-audit --no-fund --loglevel=error >/dev/null; then \
			mkdir -p $(dir $(SCANNER_JS)) && \
			cp node_modules/@zxing/library/umd/index.min.js $(SCANNER_JS) && \
			cp node_modules/@zxing/library/LICENSE $(dir $(SCANNER_JS))LICENSE; \
		else echo "npm ci failed: the public look-up's in-browser barcode reader is not installed"; fi; \
	else echo "npm not found: the public look-up works without its in-browser barcode reader"; fi

translations: $(PY)
	$(PY) -c "from foodtrace.i18n import compile_catalogs; compile_catalogs()"

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test-sqlite:
	$(PY) -m pytest -q -p no:cacheprovider

test-postgres:
	@if [ -n "$$FOODTRACE_TEST_POSTGRES" ]; then \
		echo "== the same suite on PostgreSQL =="; \
		DATABASE_URL="$$FOODTRACE_TEST_POSTGRES" $(PY) -m pytest -q -p no:cacheprovider; \
	else echo "FOODTRACE_TEST_POSTGRES not set: PostgreSQL leg skipped (CI sets it)"; fi

clean:
	rm -rf var/ .pytest_cache .hypothesis node_modules foodtrace/static/vendor
