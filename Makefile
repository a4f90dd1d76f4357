# 浏阳市重点项目管理平台 — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# pip-audit asks PyPI's per-release JSON API for known vulnerabilities; --strict fails on any pin it
# could not check, so an audit that checked nothing never passes (docs/security.md).
PIP_AUDIT_ARGS ?= --strict

.PHONY: run test install install-dev lint audit format bench fuzz load messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt requirements-load.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## make run: install, migrate the embedded database, seed the demo, serve on http://$(HOST)
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

## make test: lint, migrations check, and the whole test suite
test: install-dev lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/bandit --quiet --recursive --severity-level high --exclude '*/migrations/*' \
		accounts approvals assessment dashboards exports investment issues liuyang notifications projects reserve

## make audit: the pins against PyPI's vulnerability data (needs https://pypi.org/pypi/<name>/<version>/json)
audit: install-dev
	$(BIN)/pip-audit $(PIP_AUDIT_ARGS) --disable-pip --no-deps --progress-spinner off \
		-r requirements.txt -r requirements-dev.txt -r requirements-load.txt

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench: every page, API, export and job at 100 and 10,000 projects on PostgreSQL -> var/bench.json (docs/bench.md)
bench: install-dev
	$(BIN)/python -m bench $(BENCH_ARGS)

## make fuzz: schemathesis against every API operation on PostgreSQL, demo data, many examples (docs/fuzz.md)
FUZZ_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/liuyang_fuzz
FUZZ_MAX_EXAMPLES ?= 25
FUZZ_DEMO ?= 1
fuzz: install-dev
	DATABASE_URL=$(FUZZ_DATABASE_URL) REQUIRE_SERVICES=1 FUZZ_MAX_EXAMPLES=$(FUZZ_MAX_EXAMPLES) FUZZ_DEMO=$(FUZZ_DEMO) \
		$(BIN)/python -m pytest -n 0 -p no:cacheprovider --create-db tests/fuzz $(PYTEST_ARGS)

## make load: locust, 50 users for 2 minutes, against gunicorn on PostgreSQL and Redis (docs/load.md)
load: install-dev
	$(BIN)/python -m load $(LOAD_ARGS)

## make messages: refresh and compile the English catalogue
messages: install-dev
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=static --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache
