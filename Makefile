# Two commands set up everything on a fresh machine with Python 3.11+ and make:
#   make demo   run the whole pipeline on the embedded synthetic sample and print the headline table
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster_home
export GX_ANALYTICS_ENABLED := false

.PHONY: demo test lint dev sample clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/spend run --config data/sample/analysis.yaml

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The Dagster UI over the analysis in $SPEND_CONFIG (the sample when unset), on http://127.0.0.1:3000
dev: $(STAMP)
	$(BIN)/dagster dev -w workspace.yaml

# Rewrite the committed synthetic sample (identical output every time).
sample: $(STAMP)
	$(BIN)/spend sample --out data/sample

clean:
	rm -rf $(VENV) data/sample/out
