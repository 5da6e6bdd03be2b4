# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test check install ingest browser nginx tesseract bench eval loadtest clean kb

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) tesseract

ingest: install
	$(BIN)/kb ingest documents

# Ingest the bundled corpus (only what changed) and serve on http://127.0.0.1:5000 with
# gunicorn as gunicorn.conf.py sets it up: two workers (one per core) with 8 threads each and
# a listening socket each; ingest jobs keep their progress in var/jobs/, so either worker
# shows it.
run: ingest
	$(BIN)/gunicorn --bind 127.0.0.1:5000 --access-logfile - 'web:create_app()'

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads one).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

# Debian's Tesseract with its Dutch model: the ingest reads scanned PDF pages with it
# (kb/parse/ocr.py); without it such pages are refused with this command as the advice.
tesseract:
	@{ command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx nld; } || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q tesseract-ocr tesseract-ocr-nld; }

# Debian's nginx for the proxy tests (tests/test_proxy.py, deploy/nginx/); it lives in
# /usr/sbin, which is not on every PATH.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q nginx; }

test: install browser nginx
	$(BIN)/python -m pytest

# The inner loop: everything but the browser, load, server, fault and bad-input tests
# (marked slow), in two processes. Chromium still: the PDF tests print their PDFs with it.
check: install browser
	KB_QUICK_TESTS=1 $(BIN)/python -m pytest -m "not slow" -n 2 -q

# `make kb ARGS="users add anna --rol beheerder"`: the command line from the checkout's .venv
# (or `source .venv/bin/activate` once, then `kb ...`).
kb: install
	$(BIN)/kb $(ARGS)

bench: install
	$(BIN)/python benchmarks/ingest_pdf.py
	$(BIN)/python benchmarks/search_speed.py

# 50 clients for 60 s against gunicorn with 2 workers: back to back (stress), then with a
# re-ingest during the load, back to back and with 1 s think time (people reading); then
# the floor of the stack itself: the same clients on /api/health only. The short version
# is in make test.
loadtest: install
	$(BIN)/python benchmarks/loadtest.py --clients 50 --seconds 60
	$(BIN)/python benchmarks/loadtest.py --clients 50 --seconds 60 --reingest
	$(BIN)/python benchmarks/loadtest.py --clients 50 --seconds 60 --reingest --think 1
	$(BIN)/python benchmarks/loadtest.py --clients 50 --seconds 20 --only /api/health

eval: install
	$(BIN)/python benchmarks/eval_search.py
	$(BIN)/python benchmarks/eval_trace.py
	$(BIN)/python benchmarks/eval_trace_blind.py
	$(BIN)/python benchmarks/eval_trace_blind.py benchmarks/trace_gold_blind3_second.toml
	$(BIN)/python benchmarks/eval_readers.py
	$(BIN)/python benchmarks/eval_decisions.py
	$(BIN)/python benchmarks/eval_roles.py

clean:
	rm -rf var test-output .pytest_cache
