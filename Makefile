PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck unit unit-fast bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

run: $(STAMP)
	$(BIN)/prepbot run

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(TEST_STAMP)
	$(BIN)/mypy bot adapters scheduler benchmarks

unit: $(TEST_STAMP)
	$(BIN)/pytest -q

unit-fast: $(TEST_STAMP)
	$(BIN)/pytest -q -m "not slow"

test: lint typecheck unit

# make bench BENCH=--postgres (also on PostgreSQL) or BENCH=--full (5M answers, 3 runs, PostgreSQL)
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH)

clean:
	rm -rf $(VENV) build *.egg-info
