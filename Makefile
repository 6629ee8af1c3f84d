# Two commands set everything up on a machine with python3, pip and make:
#   make run   - install, add the bundled seed review to citetrace.db (created if absent), serve it on
#                http://127.0.0.1:8001 (PORT=8002 for another port)
#   make test  - install with the test and lint extras (and, where apt-get is available as root, Chromium,
#                TeX Live, pandoc), run `make lint`, then the whole test suite
#   make lint  - ruff and mypy (pinned in the lint extra, configured in pyproject.toml)
#   make train-parser - the reference parser's training data and model, byte for byte the committed file
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= citetrace.db
PUBMED ?= auto
HOST ?= 127.0.0.1
PORT ?= 8001

.PHONY: run test test-lowest lint build install install-test system-tools bench train-parser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps. `make run` installs the package as a user gets it (a regular install, redone when pyproject.toml or a
# source file changes): an editable install of this layout (package-dir maps db/, ingest/, ... into citetrace.*)
# goes through setuptools' import finder, which warns on every install. A test venv (`make install-test`) keeps
# its editable install, redone only when pyproject.toml changes.
SOURCES := $(shell find citetrace citations db ingest datasette_plugins -type f -not -path '*/__pycache__/*')
$(VENV)/.installed: pyproject.toml $(SOURCES) | $(BIN)/python
	@if [ -e $(VENV)/.installed-test ]; then $(MAKE) --no-print-directory install-test; \
	else $(BIN)/pip install --quiet .; fi
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade -e '.[test,lint]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

build: install
	$(BIN)/citetrace build --db $(DB) --pubmed $(PUBMED)

# The port is checked first, so a busy one fails at once with the command to use instead (python -P: the repo's
# citetrace/ folder must not shadow the installed package). The seed is added (created if absent, skipped when
# present), so a library you added documents to is kept as it is.
run: install
	@$(BIN)/python -P -c "import sys; from citetrace.datasette_plugins.serve import busy_port_message as busy; \
	message = busy('$(HOST)', $(PORT), 'make run PORT={}'); sys.exit(message)"
	$(BIN)/citetrace add --db $(DB) --pubmed $(PUBMED)
	$(BIN)/citetrace serve --db $(DB) --host $(HOST) --port $(PORT)

system-tools:
	bash scripts/install-system-tools.sh

# mypy checks the installed namespace (citetrace.db is db/, ...) through scripts/typecheck.py.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/python scripts/typecheck.py

test: install-test system-tools lint
	$(BIN)/python -m pytest -q

# The suite again with every dependency at the lowest version pyproject.toml allows (uv's lowest-direct
# resolution of the runtime and test requirements), in a venv of its own rebuilt each time, after checking that
# each direct dependency really is at its bound: the lower bounds are versions the code is tested with. .ci/run
# runs it after `make test`, whose .venv has the newest versions allowed.
VENV_LOWEST := .venv-lowest
UV_VERSION := 0.13.10
test-lowest: install-test system-tools
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	rm -rf $(VENV_LOWEST)
	$(BIN)/uv venv --quiet --python $(BIN)/python $(VENV_LOWEST)
	$(BIN)/uv pip install --quiet --python $(VENV_LOWEST)/bin/python --resolution lowest-direct -e '.[test]'
	$(VENV_LOWEST)/bin/python scripts/check_lowest_versions.py
	$(VENV_LOWEST)/bin/python -m pytest -q

# The parser's training data and model from what the repo holds, with the pinned tools of the `train` extra: the
# committed citations/data/reference-crf.model byte for byte, and its record (checksums, environment) beside it.
train-parser: install-test
	$(BIN)/python -m scripts.train_reference_model

bench: install-test
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) $(VENV_LOWEST) $(DB) .pytest_cache .mypy_cache .mypy-tree .ruff_cache
