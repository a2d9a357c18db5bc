# Binôme: `make run` serves the app with demo data, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NPM_STAMP := frontend/node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium

.PHONY: run install spa migrate demo-data test lint test-sqlite test-postgres test-contract test-spa test-e2e client check-client bench clean

run: install spa migrate demo-data ## install, build, migrate, load demo data, serve on http://127.0.0.1:8000
	@$(BIN)/python -m api.cli accounts
	@echo "Binôme : http://$(HOST):$(PORT)/  (API /api/v1, documentation /docs)"
	$(BIN)/python -m api.cli serve --host $(HOST) --port $(PORT)

install: $(PY_STAMP) $(NPM_STAMP)

$(PY_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

spa: $(NPM_STAMP)
	cd frontend && npm run build

migrate: $(PY_STAMP)
	$(BIN)/python -m api.cli migrate

demo-data: $(PY_STAMP)
	$(BIN)/python -m api.cli seed-demo > /dev/null

# The whole suite: backend on SQLite, backend on PostgreSQL, client drift, SPA unit tests, browser e2e.
test: install lint test-sqlite test-postgres test-contract check-client test-spa test-e2e
	@echo "make test: all passes finished."

# Two workers (the machines have two cores); each builds its own database from the migrations.
PYTEST := $(BIN)/pytest -n 2

# Linters first: they take seconds and fail fast (ruff for the API and tests, mypy for the API's types,
# tsc + oxlint for the SPA).
lint: $(PY_STAMP) $(NPM_STAMP)
	@echo "== linters =="
	$(BIN)/ruff check api tests bench migrations
	$(BIN)/mypy
	cd frontend && npm run --silent lint

test-sqlite: $(PY_STAMP)
	@echo "== backend tests on SQLite =="
	$(PYTEST) -m "not contract"

test-postgres: $(PY_STAMP)
	@echo "== backend tests on PostgreSQL =="
	@url="$${TEST_DATABASE_URL:-$(PG_TEST_URL)}"; \
	if $(BIN)/python -c "import sys, sqlalchemy as sa; sa.create_engine(sys.argv[1]).connect().close()" "$$url" 2>/dev/null; then \
	  TEST_DATABASE_URL="$$url" $(PYTEST) -m "not db_independent and not contract"; \
	elif [ "$$CI" = "true" ]; then \
	  echo "ERROR: no PostgreSQL server answers at $$url (CI requires it)"; exit 1; \
	else \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!! SKIPPED: no PostgreSQL server answers at $$url"; \
	  echo "!! Set TEST_DATABASE_URL to run the PostgreSQL pass."; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

# The integrators' contract: both generators produce complete clients with no warning, the landlords' and
# the reporting flows run through the generated Python client, and the guides' examples run, all against a
# live demo server (uvicorn on a free port, a temporary SQLite database with the demo data).
test-contract: $(PY_STAMP) $(NPM_STAMP)
	@echo "== integrators' contract (generated clients, guides) =="
	$(BIN)/pytest -m contract tests/contract

client: $(PY_STAMP) $(NPM_STAMP) ## regenerate the SPA's typed client from the API
	$(BIN)/python -m api.cli openapi > frontend/openapi.json
	cd frontend && npm run generate

check-client: $(PY_STAMP) $(NPM_STAMP)
	@echo "== generated client matches the API =="
	$(BIN)/python -m api.cli openapi | diff -q - frontend/openapi.json > /dev/null || { echo "frontend/openapi.json is stale: run 'make client'"; exit 1; }
	cd frontend && npm run --silent check-client

test-spa: $(NPM_STAMP)
	@echo "== SPA unit tests =="
	cd frontend && npm test
	@echo "== npm audit (shipped packages: no high or critical finding) =="
	sh scripts/npm_audit.sh

test-e2e: $(PY_STAMP) $(NPM_STAMP)
	@echo "== browser end-to-end tests =="
	@if [ -x "$(CHROMIUM)" ]; then \
	  cd frontend && npm run build && CHROMIUM_PATH=$(CHROMIUM) npm run e2e; \
	elif [ "$$CI" = "true" ]; then \
	  echo "ERROR: $(CHROMIUM) is missing (CI requires it: apt-get install chromium)"; exit 1; \
	else \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!! SKIPPED: browser tests need Chromium at $(CHROMIUM) (apt-get install chromium)"; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

# National-scale bench (not part of `make test`): builds the dataset once in PostgreSQL (binome_bench),
# loads each endpoint with wrk against a bare Starlette /ping floor, writes bench/RESULTS.md.
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/binome_bench

bench: $(PY_STAMP) ## national-scale bench: wrk table, PASS/MISS per target, bench/RESULTS.md
	@command -v wrk > /dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi; }
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var
