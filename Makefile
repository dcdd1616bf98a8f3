# Two entry points (see README): `make demo` and `make test`. Everything else is their plumbing.
# Installs come from the pinned, hashed lock files in requirements/ (refresh them with `make lock`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes --no-deps
# The lock is compiled for every platform from pyproject.toml; main.txt is what the platform runs
# on, test.txt adds what the tests, lint and the wheel build need (and agrees with main.txt).
LOCK_FLAGS := --generate-hashes --python-version 3.11 --universal --quiet

.PHONY: demo test lint system-packages translations lock

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip>=24'

$(VENV)/.installed: pyproject.toml requirements/main.txt | $(BIN)/activate
	$(PIP_LOCKED) -r requirements/main.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# The interface's message catalogues are compiled as part of set-up (never by hand).
translations: $(VENV)/.installed
	$(BIN)/lms translations compile

$(VENV)/.installed-test: pyproject.toml requirements/test.txt | $(BIN)/activate
	$(PIP_LOCKED) -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.installed

## demo: install, create the demo data on SQLite and serve it at http://127.0.0.1:5000, with a
## job queue worker beside the server (stopped with it)
demo: $(VENV)/.installed translations
	$(BIN)/lms demo
	$(BIN)/lms worker --workers 2 & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/lms run --host 127.0.0.1 --port 5000

## lock: recompile requirements/*.txt from pyproject.toml (newest releases within its ranges)
lock: $(VENV)/.installed-test
	$(BIN)/uv pip compile pyproject.toml requirements/build.in $(LOCK_FLAGS) -o requirements/main.txt
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra test -c requirements/main.txt $(LOCK_FLAGS) -o requirements/test.txt

## system-packages: what the test suite needs from the operating system (Chromium, fonts, Pango)
system-packages:
	@sh scripts/system-packages.sh

## lint: ruff, and the import layers
lint: $(VENV)/.installed-test
	$(BIN)/ruff check lms tests $(wildcard bench)
	$(BIN)/ruff format --check lms tests $(wildcard bench)
	$(BIN)/lint-imports

## test: install what tests need, then lint and run the whole suite
test: $(VENV)/.installed-test system-packages lint translations
	$(BIN)/lms content check --strict content
	$(BIN)/python -m pytest
