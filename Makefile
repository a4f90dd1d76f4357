# 浏阳市重点项目管理平台 — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev lint format bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
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

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench: query counts and server time at 100 and 10,000 projects on PostgreSQL
bench: install-dev
	$(BIN)/python -m bench $(BENCH_ARGS)

## make messages: refresh and compile the English catalogue
messages: install-dev
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=static --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache
