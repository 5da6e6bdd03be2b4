"""The short load run (the long one is `make loadtest`): benchmarks/loadtest.py as a program,
gunicorn with 2 workers, 10 clients back to back for a few seconds while `kb ingest
--rebuild` runs. No request may fail and none may see a half-built index (the probe search
keeps its total). Timings are for the benchmark, not asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers.paths import ROOT

pytestmark = pytest.mark.slow


def test_no_errors_and_no_half_index_during_reingest():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "loadtest.py"), "--clients", "10", "--seconds", "8",
                           "--reingest", "--json"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    r = json.loads(proc.stdout.splitlines()[-1])
    assert r["errors"] == []
    assert r["reingest"][0] == 0
    assert r["probe_totals"] == [r["expected_total"]]
    assert r["pages"][0] > 50 and r["api_search"][0] > 20  # the load did run
