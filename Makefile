# vnlabour: `make reports` builds everything on the embedded corpus, `make test` runs all tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Every install resolves from the lock (used as constraints): every machine gets the tested
# versions. uv, installed from PyPI into the venv, does the installs (a warm cache makes them
# a few seconds); `make lock` refreshes the lock from pyproject.toml.
LOCK       := requirements.lock
UV_VERSION := 0.13.9
UV         := $(BIN)/uv
UV_INSTALL := $(UV) pip install --quiet --python $(BIN)/python -c $(LOCK)
RUNTIME    := $(VENV)/.runtime
TESTENV    := $(VENV)/.test
LABENV     := $(VENV)/.lab

.DEFAULT_GOAL := help
.PHONY: help setup extract evaluate reports lint test test-fast browser lab bench lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

$(RUNTIME): pyproject.toml $(LOCK) | $(UV)
	$(UV_INSTALL) -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (vnlabour)" >/dev/null
	touch $@

$(TESTENV): $(RUNTIME)
	$(UV_INSTALL) -e ".[test]"
	touch $@

$(LABENV): $(RUNTIME)
	$(UV_INSTALL) -e ".[lab]"
	touch $@

setup: $(TESTENV) ## create .venv with the package and its test tools (from the lock)

lock: | $(UV) ## refresh requirements.lock from pyproject.toml (UPGRADE=1: newest versions)
	$(UV) pip compile pyproject.toml --all-extras --universal --python-version 3.11 --quiet \
		$(if $(UPGRADE),--upgrade) -o $(LOCK)

extract: $(RUNTIME) ## extract the default corpus into data/processed
	$(BIN)/vnlabour extract data/raw/articles --out data/processed

evaluate: extract ## score data/processed/facts.csv against the seed gold facts
	$(BIN)/vnlabour evaluate --gold data/annotations/seeds_gold.csv --facts data/processed/facts.csv

reports: $(RUNTIME) ## extract (when inputs changed) and build every HTML report into reports/
	$(BIN)/vnlabour build

browser: ## install Debian's headless Chromium for the browser tests (no browser download)
	bash scripts/install-browser.sh

lint: $(TESTENV) ## ruff (rules in pyproject.toml) over the code, tests, benchmarks and notebooks
	$(BIN)/ruff check .

test: $(TESTENV) browser lint ## lint, then every test: unit, build, notebooks (nbval), browser, bench
	$(BIN)/python -m pytest tests notebooks --nbval-lax

test-fast: $(TESTENV) ## unit tests only (no build, notebooks, browser or benchmarks)
	$(BIN)/python -m pytest tests -m unit

lab: $(LABENV) ## install JupyterLab (once) and start it with the project's environment as kernel
	$(BIN)/vnlabour lab

bench: $(RUNTIME) ## run the eight benchmarks (~10 min), print them, write benchmarks/results.json
	corpus=$$(mktemp -d) && trap 'rm -rf "$$corpus"' EXIT && \
	$(BIN)/python benchmarks/bench_extract.py --mb 50 --jobs 1 2 --keep "$$corpus" && \
	$(BIN)/python benchmarks/bench_startup.py --corpus "$$corpus" && \
	$(BIN)/python benchmarks/bench_build.py && \
	$(BIN)/python benchmarks/bench_scale.py && $(BIN)/python benchmarks/bench_corpus.py && \
	$(BIN)/python benchmarks/bench_review.py && \
	$(BIN)/python benchmarks/bench_hostile.py && \
	$(BIN)/python benchmarks/summary.py

clean: ## remove generated data and reports (never data/raw)
	rm -rf data/processed/* reports/* .pytest_cache
