# Capaian's two commands: `make run` and `make test`. Both do all set-up first.
# Settings (environment variables): CAPAIAN_WAREHOUSE_URL, CAPAIAN_INBOX (see README.md).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock

export PYTHONDONTWRITEBYTECODE := 1
export DO_NOT_TRACK := 1
export SCARF_ANALYTICS := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export AIRFLOW__COSMOS__ENABLE_TELEMETRY := False

.PHONY: run test setup install lint docs airflow clean clean-warehouse help

help:
	@echo "make run    set up, then run the nightly pipeline on the sample inbox"
	@echo "make test   set up, then lint and run every test"
	@echo "make airflow  start Airflow's UI on http://127.0.0.1:8080 with the embedded warehouse"
	@echo "make docs   build the dbt documentation site (dbt_project/target/index.html)"
	@echo "make clean  remove everything generated (.venv, logs, dbt target), keeping the warehouse"
	@echo "make clean-warehouse  delete the embedded warehouse's data (asks first; CONFIRM=yes skips)"

run: setup
	$(BIN)/capaian run nightly

test: setup lint
	$(BIN)/python -m pytest

setup: install
	$(BIN)/capaian setup

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@scripts/check_python.sh "$(PYTHON)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing the locked packages into $(VENV) (first time: about a minute)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip \
		|| { echo "error: could not upgrade pip in $(VENV); check the network to the package index"; exit 1; }
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock \
		|| { echo "error: installing requirements.lock failed (see above); a missing compiler or Python headers is the usual cause: install gcc and python3.11-dev"; exit 1; }
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e . \
		|| { echo "error: installing the capaian package failed (see above)"; exit 1; }
	@touch $(STAMP)

lint: install
	$(BIN)/ruff check src dags tests benchmarks
	$(BIN)/ruff format --check src dags tests benchmarks
	$(BIN)/capaian dbt-env $(BIN)/sqlfluff lint dbt_project/models

airflow: setup
	$(BIN)/capaian ui

docs: setup
	$(BIN)/capaian dbt docs generate
	@echo "dbt docs: open dbt_project/target/index.html, or run: $(BIN)/capaian dbt docs serve"

# The embedded warehouse's data (.capaian/pgdata: every loaded file, the audit trail, the marts)
# and the passwords that open it are not "generated": clean keeps them, and deleting them is
# clean-warehouse's alone, after a confirmation.
WAREHOUSE_STATE := pgdata pgdata.password bi.password

clean:
	-@test -x $(BIN)/capaian && CAPAIAN_WAREHOUSE_URL= $(BIN)/capaian warehouse stop
	@if [ -d .capaian ]; then \
		find .capaian -mindepth 1 -maxdepth 1 $(foreach f,$(WAREHOUSE_STATE),! -name $(f)) \
			-exec rm -rf {} + ; \
	fi
	rm -rf $(VENV) dbt_project/target dbt_project/logs dbt_project/dbt_packages \
		.pytest_cache .ruff_cache .hypothesis logs
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	@if [ -d .capaian/pgdata ]; then \
		echo "kept the warehouse's data in .capaian/pgdata (delete it with: make clean-warehouse)"; \
	fi

clean-warehouse:
	@if [ ! -d .capaian/pgdata ]; then echo "no embedded warehouse in .capaian/pgdata"; exit 0; fi; \
	echo "This deletes the embedded warehouse in .capaian/pgdata: every loaded file, the audit"; \
	echo "trail and the marts. Back it up first if you may need them."; \
	if [ "$(CONFIRM)" != "yes" ]; then \
		printf 'Type yes to delete it: '; read answer; \
		if [ "$$answer" != "yes" ]; then echo "kept .capaian/pgdata"; exit 1; fi; \
	fi; \
	if [ -x $(BIN)/capaian ]; then CAPAIAN_WAREHOUSE_URL= $(BIN)/capaian warehouse stop; fi; \
	rm -rf $(foreach f,$(WAREHOUSE_STATE),.capaian/$(f)); \
	echo "deleted the embedded warehouse"
