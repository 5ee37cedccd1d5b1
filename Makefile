# Two commands do all set-up on a fresh machine with Python 3.11 and make:
#   make run   - install into .venv and run the app on the shipped evidence
#   make test  - install into .venv and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed
PORT ?= 8501
# another evidence directory, e.g. a synthetic one: make run DATA=/tmp/syn100
DATA ?=

.PHONY: run test check install lint bench lock

$(RUNTIME): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(RUNTIME)

$(STAMP): $(RUNTIME) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: $(RUNTIME)
	$(if $(DATA),NELM_EVIDENCE_DIR=$(DATA) ,)$(BIN)/python -m evidence check $(if $(DATA),--data $(DATA),)
	$(if $(DATA),NELM_EVIDENCE_DIR=$(DATA) ,)$(BIN)/streamlit run shell/server.py --server.headless true --server.port $(PORT)

test: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m pytest -n 2

check: $(RUNTIME)
	$(BIN)/python -m evidence check

bench: $(STAMP)
	$(BIN)/python bench/stats_bench.py
	$(BIN)/python bench/browser_latency.py

# The container's exact versions with hashes (Dockerfile: pip install --require-hashes); rerun after editing
# requirements.txt (tests/shell/test_container.py fails until the two agree).
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-find-links \
		--no-emit-index-url --no-emit-trusted-host -o requirements.lock requirements.txt
