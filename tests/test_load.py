"""The short load run (the long one is `make loadtest`): gunicorn with 2 workers, 10
clients back to back for a few seconds while `kb ingest --rebuild` runs. No request may
fail and none may see a half-built index (the probe search keeps its total). Timings are
for the benchmark, not asserted here."""

from __future__ import annotations

import loadtest


def test_no_errors_and_no_half_index_during_reingest(tmp_path):
    r = loadtest.run(clients=10, seconds=8, reingest=True, workdir=tmp_path)
    assert r["errors"] == []
    assert r["reingest"][0] == 0
    assert r["probe_totals"] == [r["expected_total"]]
    assert r["pages"][0] > 50 and r["api_search"][0] > 20  # the load did run
