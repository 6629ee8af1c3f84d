# Two commands set everything up on a machine with python3, pip and make:
#   make run   - install, add the bundled seed review to citetrace.db (created if absent), serve it on
#                http://127.0.0.1:8001 (PORT=8002 for another port)
#   make test  - install with the test extras (and, where apt-get is available as root, Chromium, TeX Live, pandoc),
#                then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= citetrace.db
PUBMED ?= auto
HOST ?= 127.0.0.1
PORT ?= 8001

.PHONY: run test build install install-test system-tools bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changes (the install is editable, so code edits need none).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

build: install
	$(BIN)/citetrace build --db $(DB) --pubmed $(PUBMED)

# The port is checked first, so a busy one fails at once with the command to use instead. The seed is added
# (created if absent, skipped when present), so a library you added documents to is kept as it is.
run: install
	@$(BIN)/python -c "import sys; from citetrace.datasette_plugins.serve import busy_port_message as busy; \
	message = busy('$(HOST)', $(PORT), 'make run PORT={}'); sys.exit(message)"
	$(BIN)/citetrace add --db $(DB) --pubmed $(PUBMED)
	$(BIN)/citetrace serve --db $(DB) --host $(HOST) --port $(PORT)

system-tools:
	bash scripts/install-system-tools.sh

test: install-test system-tools
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
