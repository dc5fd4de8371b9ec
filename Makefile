# Two commands: `make run` sets everything up and serves the site; `make test` runs every test.

# Django 6 needs Python 3.12 or newer: take the first interpreter that qualifies.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run serve bench bench-postgres test test-fast test-postgres install lint check-python

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 or newer is needed and none was found (python3 is $$(python3 --version 2>&1))."; \
		echo "Install Python 3.12+, or name one: make PYTHON=/path/to/python3.12 run"; exit 1; fi

$(UV): | check-python
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python "$$(command -v $(PYTHON))"
	@touch $@

# The translations Django reads, compiled again whenever a catalogue changes.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po $(VENV)/.installed
	$(PY) scripts/compile_messages.py

install: $(VENV)/.installed $(MO_FILES)

# Where `make run` and `make serve` listen: PORT=8310 make run, HOST=0.0.0.0 make serve.
HOST ?= 127.0.0.1
PORT ?= 8000

# Local use: debug mode, the development key, plain HTTP.
run: export DEBUG := true
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_guide
	@echo ""
	@echo "  The guide is at http://$(HOST):$(PORT)/"
	@echo "  To see the dashboard and edit the guide, make yourself a champion, then sign in"
	@echo "  by e-mailed link (the mail is printed here):  $(MANAGE) create_champion you@example.com --admin"
	@echo ""
	@# The worker (mail, campaigns, the dashboard's recount) runs beside the server and
	@# stops with it.
	$(MANAGE) worker & worker=$$!; trap 'kill $$worker' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Production-style: DEBUG off, hashed and compressed static files, gunicorn.
# Needs SECRET_KEY (and ALLOWED_HOSTS etc. for a real deployment: docs/deploy.md).
serve: export DEBUG := false
serve: install
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) migrate --noinput
	$(MANAGE) load_guide
	@# The worker beside gunicorn (in production it runs under systemd: docs/deploy.md).
	$(MANAGE) worker & worker=$$!; trap 'kill $$worker' EXIT; \
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-2} --access-logfile - --forwarded-allow-ips 127.0.0.1 \
		--no-control-socket

# Requests per second of the main pages under gunicorn (prints; asserts nothing).
bench: install
	$(PY) scripts/bench.py

# The same against a throw-away PostgreSQL server (Debian's postgresql package).
bench-postgres: install
	scripts/pg-cluster run -- $(PY) scripts/bench.py

lint: install
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

test: lint
	$(VENV)/bin/pytest

# The quick loop while working: everything but browsers and servers in other processes,
# on both cores, with fewer random inputs per endpoint than `make test` (about 40 s here).
test-fast: lint
	FUZZ_EXAMPLES=5 $(VENV)/bin/pytest -n 2 -m "not browser and not server"

# The same suite on PostgreSQL: DATABASE_URL if given, else a throw-away local server.
test-postgres: lint
	@if [ -n "$$DATABASE_URL" ]; then $(VENV)/bin/pytest; \
	else scripts/pg-cluster run -- $(VENV)/bin/pytest; fi
