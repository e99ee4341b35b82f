# Two commands set up everything on a fresh machine with Python 3.11+ and make:
#   make demo   run the whole pipeline on the embedded synthetic sample and print the headline table
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export GX_ANALYTICS_ENABLED := false

.PHONY: demo test test-postgresql test-fast lint dev dashboard notebook portal national chromium redis sample bench clean

$(STAMP): pyproject.toml requirements.lock
	@echo "Installing into $(VENV) (once, a minute or two)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet --quiet -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/spend run --config data/sample/analysis.yaml
	@echo
	@echo "Next:"
	@echo "  make dashboard                                              the dashboard of this run, http://127.0.0.1:8501"
	@echo "  make dev                                                    the Dagster UI, http://127.0.0.1:3000"
	@echo "  $(BIN)/spend report --html report.html --pdf report.pdf  the annual report"
	@echo "  $(BIN)/spend export --out exports                        every table as Parquet and CSV, with a dictionary"
	@echo "  $(BIN)/spend init LEDGER_FOLDER --out my-council         your own analysis (see the README)"

# Tests run on every core (pytest-xdist), a module per worker so that a module's fixtures run once: the suite is
# mostly whole pipeline runs, each on one core or two.
test: $(STAMP) chromium redis
	$(BIN)/python -m pytest -n auto --dist loadscope
	@$(MAKE) --no-print-directory test-postgresql

# The portal's tests again on PostgreSQL (Debian's: tooling/postgresql.sh installs and starts it when missing and
# prints the URL of the tests' own role and database on loopback)
test-postgresql: $(STAMP) chromium
	url=$$(bash tooling/postgresql.sh) && DATABASE_URL=$$url $(BIN)/python -m pytest -n auto --dist loadscope tests/portal

# While working: everything but the tests marked slow (real ledgers, national runs, benchmark smoke), which `make test`
# runs.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope -m "not slow"

# Debian's Chromium, which the browser tests drive and `spend report --pdf` prints with (Playwright's own browser
# download does not work offline): installed with apt-get when missing.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Debian's redis-server, the Celery broker the national run's Celery test starts on loopback: installed when missing.
redis:
	@command -v redis-server >/dev/null || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq redis-server >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The Dagster UI over the analysis in $SPEND_CONFIG (the sample when unset), on http://127.0.0.1:3000, with the
# analysis's own Dagster instance beside its warehouse
dev: $(STAMP)
	$(BIN)/spend dev

# The dashboard of the analysis in $SPEND_CONFIG (the sample when unset; run first if it has no snapshot yet), on
# http://127.0.0.1:8501 (PORT=...)
PORT ?= 8501
dashboard: $(STAMP)
	$(BIN)/spend dashboard --port $(PORT)

# The suppliers' portal on the sample (run first if needed): syncs it, prints the demo accounts, serves
# http://127.0.0.1:8600
portal: $(STAMP)
	$(BIN)/spend portal demo

# Many councils at once: the SYNTHETIC sample registry (data/national/councils.yaml: the sample council and two
# neighbours), each council in a process of its own, then the national tables in data/national/out/
national: $(STAMP)
	$(BIN)/spend national run --registry data/national/councils.yaml --workers 2

# JupyterLab on the analyst notebooks (they read the snapshot of the analysis in $SPEND_CONFIG, the sample when unset)
notebook: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1

# Rewrite the committed synthetic sample and its neighbours (identical output every time).
sample: $(STAMP)
	$(BIN)/spend sample --out data/sample --national-out data/national

# Benchmarks (BENCHMARKS.md): SYNTHETIC ledgers at each size, with both real Code-Point vintages when ../shared
# has them. For example: make bench SIZES=100k,1M,10M
SIZES ?= 100k,1M
CODEPOINT ?= $(wildcard ../shared/reference/codepoint-open/codepo_gb_2025-10.zip) \
             $(wildcard ../shared/reference/codepoint-open/codepo_gb_2018-07.zip)
bench: $(STAMP)
	$(BIN)/spend bench --sizes $(SIZES) $(if $(strip $(CODEPOINT)),--postcode-directories $(CODEPOINT)) --out bench

clean:
	rm -rf $(VENV) data/sample/out data/national/out data/national/*/out bench
