# vnlabour: `make reports` builds everything on the embedded corpus, `make test` runs all tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup extract evaluate reports test test-fast browser lab bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (vnlabour)"
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the package with its test tools

extract: $(STAMP) ## extract the default corpus into data/processed
	$(BIN)/vnlabour extract data/raw/articles --out data/processed

evaluate: extract ## score data/processed/facts.csv against the seed gold facts
	$(BIN)/vnlabour evaluate --gold data/annotations/seeds_gold.csv --facts data/processed/facts.csv

reports: $(STAMP) ## extract (when inputs changed) and build every HTML report into reports/
	$(BIN)/vnlabour build

browser: ## install Debian's headless Chromium for the browser tests (no browser download)
	bash scripts/install-browser.sh

test: $(STAMP) browser extract ## run every test: unit, property, end-to-end, notebooks (nbval), build, browser
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax notebooks

test-fast: $(STAMP) ## unit tests only (no notebooks, no browser)
	$(BIN)/python -m pytest tests -m "not browser" -k "not build"

lab: $(STAMP) ## start JupyterLab with the project's environment as the kernel
	$(BIN)/vnlabour lab

bench: $(STAMP) ## run the five benchmarks (~10 min), print them, write benchmarks/results.json
	corpus=$$(mktemp -d) && trap 'rm -rf "$$corpus"' EXIT && \
	$(BIN)/python benchmarks/bench_extract.py --mb 50 --jobs 1 2 --keep "$$corpus" && \
	$(BIN)/python benchmarks/bench_startup.py --corpus "$$corpus" && \
	$(BIN)/python benchmarks/bench_build.py && \
	$(BIN)/python benchmarks/bench_scale.py && \
	$(BIN)/python benchmarks/summary.py

clean: ## remove generated data and reports (never data/raw)
	rm -rf data/processed/* reports/* .pytest_cache
