# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install ingest bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

ingest: install
	$(BIN)/kb ingest documents

# Ingest the bundled corpus (only what changed) and serve on http://127.0.0.1:5000
run: ingest
	$(BIN)/kb serve --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/ingest_pdf.py
	$(BIN)/python benchmarks/search_speed.py

eval: install
	$(BIN)/python benchmarks/eval_search.py
	$(BIN)/python benchmarks/eval_trace.py

clean:
	rm -rf var test-output .pytest_cache
