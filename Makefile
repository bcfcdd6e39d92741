# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export RUGGIE_DEBUG ?= 1

.PHONY: run install test lint typecheck pytest browser-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(STAMP)

## make run: install, migrate SQLite, load the demo, serve on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/ruggie migrate --no-input -v 0
	$(BIN)/ruggie demo
	@echo "Serving ruggie on http://127.0.0.1:8000 (background tasks run beside it). Ctrl+C stops both."
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/ruggie db_worker --interval 1 --no-reload >/dev/null 2>&1 & \
	  $(BIN)/ruggie runserver 127.0.0.1:8000

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## chromium from Debian for the browser tests (Playwright does not download browsers here)
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/lint-imports

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP) browser-deps
	$(BIN)/pytest -p no:cacheprovider

## make test: everything CI runs (lint, types, the whole suite incl. browser journeys)
test: lint typecheck pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
