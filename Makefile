# Two commands do all set-up on a fresh machine with Python 3.11 and make:
#   make run   - install into .venv and run the app on the shipped evidence
#   make test  - install into .venv and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check install lint bench

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m evidence check
	$(BIN)/streamlit run app.py --server.headless true

test: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m pytest -n 2

check: $(STAMP)
	$(BIN)/python -m evidence check

bench: $(STAMP)
	$(BIN)/python bench/stats_bench.py
	$(BIN)/python bench/browser_latency.py
