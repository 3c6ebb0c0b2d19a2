# The two commands of README.md, and the steps they are made of.
# `make run`: the demo portal on SQLite at http://127.0.0.1:8000 (with a job worker when
# Redis answers)
# `make test`: the whole suite on PostgreSQL, with lint and migration checks.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ANKOMMEN := $(BIN)/ankommen
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ankommen
# Parallel test workers: one per core.
WORKERS ?= auto

.PHONY: run test lint messages makemessages quickstart-check clean bench-api scale-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	# python-ldap (single sign-on) builds against libldap and libsasl.
	scripts/system-deps.sh run
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

messages: $(VENV)/.installed
	scripts/system-deps.sh run
	cd ankommen && DEBUG=true ../$(ANKOMMEN) compilemessages --verbosity 0

run: messages
	DEBUG=true $(ANKOMMEN) migrate --verbosity 0
	DEBUG=true $(ANKOMMEN) load_demo --once
	# With a job worker and the scheduler when Redis answers (scripts/run-demo.sh).
	ANKOMMEN=$(ANKOMMEN) HOST=$(HOST) PORT=$(PORT) scripts/run-demo.sh

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	scripts/check-catalogues.sh

test: $(VENV)/.installed-test
	scripts/system-deps.sh test
	$(MAKE) --no-print-directory messages
	DATABASE_URL=$(TEST_DATABASE_URL) scripts/ensure-postgres.sh
	scripts/ensure-redis.sh
	$(MAKE) --no-print-directory lint
	DEBUG=true $(ANKOMMEN) makemigrations --check --dry-run --verbosity 1
	DATABASE_URL=$(TEST_DATABASE_URL) DATABASE_CONN_MAX_AGE=0 SECRET_KEY=test-only-secret-key HTTPS=false \
		$(BIN)/pytest -n $(WORKERS) --dist loadfile

# What CI does besides `make test`: the SQLite quick start on a fresh database.
quickstart-check: messages
	scripts/quickstart-check.sh

# Benchmark of the read API (not a test): `make bench-api [REGIONS=400] [DURATION=20]
# [INTEGREAT_PEER=../shared/peers/integreat/run.sh]`; see scripts/bench-api.sh.
bench-api: $(VENV)/.installed
	scripts/bench-api.sh

# Several hosts, with figures (not a test): two gunicorn instances behind nginx, one
# PostgreSQL, Redis (and the worker if there is one); `make scale-check [DURATION=10]`,
# see scripts/scale-check.sh and docs/benchmarks.md.
scale-check: $(VENV)/.installed
	scripts/scale-check.sh

makemessages: $(VENV)/.installed
	scripts/makemessages.sh

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .import_linter_cache .grimp_cache
