# Two entry points (see README): `make demo` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint system-packages translations

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The interface's message catalogues are compiled as part of set-up (never by hand).
translations: $(VENV)/.installed
	$(BIN)/lms translations compile

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

## demo: install, create the demo data on SQLite and serve it at http://127.0.0.1:5000
demo: $(VENV)/.installed translations
	$(BIN)/lms demo
	$(BIN)/lms run --host 127.0.0.1 --port 5000

## system-packages: what the test suite needs from the operating system (Chromium, fonts, Pango)
system-packages:
	@sh scripts/system-packages.sh

## lint: ruff
lint: $(VENV)/.installed-test
	$(BIN)/ruff check lms tests $(wildcard bench)
	$(BIN)/ruff format --check lms tests $(wildcard bench)

## test: install what tests need, then lint and run the whole suite
test: $(VENV)/.installed-test system-packages lint translations
	$(BIN)/lms content check --errors-only content
	$(BIN)/python -m pytest
