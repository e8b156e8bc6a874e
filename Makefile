# The Academy courseware: two commands for a fresh clone (see README.md).
#   make book   build the website (creates .venv/ and installs everything first)
#   make test   run every check (lint, library tests, nbval, strict book build, offline scan, browser tests)

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_JS := node_modules/.installed

.PHONY: setup vendor book book-strict notebooks lab serve test lint clean help

help:
	@echo "make book      build the website into _build/html (sets up the environment first)"
	@echo "make test      run every check and print a timing summary"
	@echo "make setup     create .venv/ and install Python and npm dependencies only"
	@echo "make lab       open JupyterLab on the courses"
	@echo "make serve     serve the built site on http://127.0.0.1:8000"
	@echo "make notebooks re-execute every notebook and save its outputs (with widget state)"

setup: $(STAMP_PY) $(STAMP_JS)

$(STAMP_PY): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

vendor: $(STAMP_JS)

$(STAMP_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

book: setup
	$(BIN)/jupyter-book build . --keep-going
	@echo
	@echo "The site is in $(CURDIR)/_build/html"
	@echo "Open $(CURDIR)/_build/html/index.html in a browser, or run 'make serve' and visit http://127.0.0.1:8000"

# Clean, strict build: every notebook executed afresh, any warning or cell error fails the build.
book-strict: setup
	rm -rf _build/html _build/.doctrees _build/jupyter_execute _build/.jupyter_cache
	$(BIN)/jupyter-book build . --all -W -n --keep-going

notebooks: setup
	$(BIN)/python tools/execute_notebooks.py

lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root) notebooks

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first"; exit 2; }
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup
	$(BIN)/python tools/checks.py

clean:
	rm -rf _build
