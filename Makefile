# Every target bootstraps .venv itself, so a fresh clone needs only `make serve`
# or `make test`. Dependencies are pinned in pyproject.toml and frozen
# (transitively) in constraints.txt.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv test lint check render site serve bench lock clean browser package-data lsp

help:
	@echo "make serve   build the privacy site (nb + en, statement + editors guide) and serve it on 127.0.0.1"
	@echo "make test    run the whole test suite (lint, unit, site, browser)"
	@echo "make check   validate records/ (privacy check)"
	@echo "make render  regenerate docs/ from records/"
	@echo "make site    build site/ without serving"
	@echo "make bench   benchmark privacy check against a bare parse and check-jsonschema"

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (Python 3.11 is required)" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[site,dev]'
	@touch $@

venv: $(STAMP)

browser:
	@bash .ci/ensure-chromium

# The real yaml-language-server (VS Code's YAML extension) for tests/test_lsp.py.
lsp:
	@bash .ci/ensure-lsp

lint: $(STAMP)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/privacy check

render: $(STAMP)
	$(BIN)/privacy render

test: $(STAMP) browser lsp lint
	$(BIN)/python -m pytest

site: $(STAMP)
	$(BIN)/privacy build

serve: $(STAMP)
	$(BIN)/privacy serve

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

# The package carries copies of schemas/, the MkDocs configs, overrides/ and
# .vscode/ (scripts/privacy_as_code/resources.py says why); refresh them after
# editing the originals. tests/test_package.py fails while they differ.
package-data: $(STAMP)
	$(BIN)/python -m privacy_as_code.resources --sync

lock: $(STAMP)
	{ echo "# Frozen transitive dependency set (pip freeze). Regenerate with 'make lock'."; \
	  $(BIN)/pip freeze --exclude-editable | sort -f; } > constraints.txt

clean:
	rm -rf site .pytest_cache test-artifacts
