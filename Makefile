# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install ingest bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

ingest: install
	$(BIN)/kb ingest documents

# Ingest the bundled corpus; serving the web interface arrives with the web issue.
run: ingest

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/ingest_pdf.py

clean:
	rm -rf var test-output .pytest_cache
