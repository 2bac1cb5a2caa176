# newsmod — every target builds its own virtualenv from python3; nothing else is needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(VENV)/.deps-installed
BENCH_DEPS := $(VENV)/.bench-installed

.PHONY: demo test lint bench clean schemas

$(DEPS): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(DEPS)

$(BENCH_DEPS): $(DEPS)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $(BENCH_DEPS)

demo: $(DEPS)
	$(BIN)/newsmod demo

test: $(DEPS)
	$(BIN)/python -m pytest -q

lint: $(DEPS)
	$(BIN)/ruff check bot cogs tests bench
	$(BIN)/ruff format --check bot cogs tests bench
	$(BIN)/mypy bot cogs

bench: $(BENCH_DEPS)
	$(BIN)/python -m bench

schemas:
	bash scripts/lemmy_schemas.sh .schemas

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .schemas build *.egg-info
