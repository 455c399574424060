# Cities Cluster CMS. `make run` serves the CMS with the seed content on SQLite; `make test` runs
# the whole suite (on PostgreSQL when DATABASE_URL is set).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# manage.py, cms.wsgi and cms.asgi default to production settings; these targets develop.
DJANGO_SETTINGS ?= cms.settings.dev
MANAGE := DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS) $(BIN)/python manage.py

.PHONY: install install-test run test lint format migrate content clean messages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# `make run` installs the CMS alone; the test extras (Playwright, hypothesis, ruff ...) come
# with the first `make test`.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP) $(TEST_STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP)

messages: install
	$(MANAGE) compile_catalogues

migrate: install messages
	$(MANAGE) migrate --no-input -v0

# The imports never overwrite an editor: objects and translations changed in the admin since the
# last import are listed and left as they are (--skip-conflicts); see docs/content.md.
content: migrate
	$(MANAGE) import_content cluster/content --skip-conflicts
	$(MANAGE) import_translations cluster/content/locale --skip-conflicts
	$(MANAGE) ensure_groups
	$(MANAGE) ensure_admin

run: content
	$(MANAGE) collectstatic --no-input -v0
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-test messages
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	test -x /usr/bin/chromium || { sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); $$sudo apt-get update -qq && $$sudo apt-get install -y -qq chromium; }
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (README, "Performance"; bench/, not part of the product): fresh
# <prefix>scale<N> databases on the PostgreSQL at BENCH_POSTGRES_URL, filled through the import
# pipeline, then the API under gunicorn and wrk, and in one process. `python -m bench --help`.
BENCH_SCALES ?= 1 100
BENCH_DURATION ?= 10
BENCH_ROUNDS ?= 2
bench: install-test messages
	test -x /usr/bin/wrk || { sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); $$sudo apt-get update -qq && $$sudo apt-get install -y -qq wrk; }
	$(BIN)/python -m bench --scales "$(BENCH_SCALES)" --duration $(BENCH_DURATION) --rounds $(BENCH_ROUNDS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 static .pytest_cache var
