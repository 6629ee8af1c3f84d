# Two commands set everything up on a machine with python3, pip and make:
#   make run   - install, build citetrace.db from the bundled seed review, serve it on http://127.0.0.1:8001
#   make test  - install with the test extras (and, where apt-get is available as root, Chromium and TeX Live),
#                then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= citetrace.db
PUBMED ?= auto

.PHONY: run test build install install-test system-tools bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

build: install
	$(BIN)/citetrace build --db $(DB) --pubmed $(PUBMED)

run: build
	$(BIN)/citetrace serve --db $(DB) --port 8001

system-tools:
	bash scripts/install-system-tools.sh

test: install-test system-tools
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
