# newsmod — every target builds its own virtualenv from python3; nothing else is needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(VENV)/.deps-installed
BENCH_DEPS := $(VENV)/.bench-installed
MUTATE_DEPS := $(VENV)/.mutate-installed

.PHONY: demo test lint bench clean schemas mutate

$(DEPS): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(DEPS)

$(BENCH_DEPS): $(DEPS)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $(BENCH_DEPS)

$(MUTATE_DEPS): $(DEPS)
	$(BIN)/python -m pip install -q -e '.[dev,mutate]'
	touch $(MUTATE_DEPS)

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

# Mutation testing (mutmut; not in CI, about an hour): `make mutate`, or some groups only:
# `make mutate GROUPS="policy chain"`. Report: mutants/report.md. See docs/testing.md.
mutate: $(MUTATE_DEPS)
	bash scripts/mutate.sh $(GROUPS)

schemas:
	bash scripts/lemmy_schemas.sh .schemas

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .schemas build *.egg-info mutants
