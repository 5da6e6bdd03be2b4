"""Faults, for real: `kb ingest` killed with SIGKILL at several moments, a disk that fills
up during the catalog and during the index (a file-size limit set on the real process),
and the backup and restore of the precious decisions file. After each: the previous index
answers, the decisions are intact, the next ingest completes."""

from __future__ import annotations

import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DOCUMENTS

from kb.store.catalog import catalog_path
from kb.cli import main
from kb.index.search import run_search
from kb.index.store import current_generation
from kb.store.decisions import DecisionStore, decisions_path

KB = str(Path(sys.executable).with_name("kb"))
SECTION = "rotterdam-jaarverslag-2020/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/18"


@pytest.fixture
def live(tmp_path):
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    data = tmp_path / "data"
    assert subprocess.run([KB, "ingest", "-q", str(docs), "--data-dir", str(data)], capture_output=True).returncode == 0
    DecisionStore(decisions_path(data)).record("ondermijning-4d", SECTION, "bevestigd", "fp", author="auditor")
    before = [h.section_id for h in run_search(data, "woninginbraken").hits]
    assert before
    return docs, data, before


def still_serving(data: Path, before: list[str]) -> None:
    assert [h.section_id for h in run_search(data, "woninginbraken").hits] == before
    history = DecisionStore(decisions_path(data)).history()
    assert [(d.ambition_id, d.section_id, d.action) for d in history] == [("ondermijning-4d", SECTION, "bevestigd")]


def ingest_completes(docs: Path, data: Path) -> None:
    done = subprocess.run([KB, "ingest", "-q", str(docs), "--data-dir", str(data)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert run_search(data, "woninginbraken").total > 0


@pytest.mark.parametrize("delay", [0.05, 0.4, 1.0, 2.0, 3.5])
def test_kill_9_during_ingest_at_several_moments(live, delay):
    docs, data, before = live
    proc = subprocess.Popen([KB, "ingest", "--rebuild", "-q", str(docs), "--data-dir", str(data)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    still_serving(data, before)
    with sqlite3.connect(catalog_path(data)) as db:  # the catalog is the old or the new one, never half
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ingest_completes(docs, data)
    still_serving(data, before)


def _limited(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_while_writing_catalog_or_index(live):
    docs, data, before = live
    catalog = catalog_path(data).stat().st_size
    biggest = max(f.stat().st_size for f in current_generation(data).iterdir())
    assert catalog < biggest, "the index has a file larger than the catalog: the limit between them hits the index"
    for limit, message in ((catalog // 3, "catalogus schrijven mislukt"),
                           ((catalog + biggest) // 2, "zoekindex bijwerken mislukt")):
        generation = current_generation(data)
        r = subprocess.run([KB, "ingest", "--rebuild", "-q", str(docs), "--data-dir", str(data)],
                           preexec_fn=_limited(limit), capture_output=True, text=True)
        out = r.stdout + r.stderr
        assert r.returncode == 1 and message in out and "schijf vol" in out, out
        assert "Traceback" not in out
        assert current_generation(data) == generation  # the old index is still the live one
        still_serving(data, before)
        assert not [p for p in data.iterdir() if p.name.endswith(".tmp")]
    ingest_completes(docs, data)


def test_backup_and_restore_decisions(live, tmp_path):
    _, data, _ = live
    run = CliRunner().invoke
    r = run(main, ["backup", str(tmp_path), "--data-dir", str(data)])
    assert r.exit_code == 0 and "1 decisions" in r.output, r.output
    copy = next(tmp_path.glob("beleidsbank-*.sqlite"))
    store = DecisionStore(decisions_path(data))
    store.record("ondermijning-4d", SECTION, "afgewezen", "fp", author="iemand")
    assert len(store.history()) == 2
    r = run(main, ["restore", str(copy), "--data-dir", str(data)])
    assert r.exit_code == 0 and "hersteld: 1 decisions" in r.output and "voor-herstel" in r.output
    assert [d.action for d in store.history()] == ["bevestigd"]
    safety = next(data.glob("decisions.sqlite.voor-herstel-*"))
    assert len(DecisionStore(safety).history()) == 2  # the restore can be undone
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"geen database" * 100)
    for bad in (junk, tmp_path / "bestaat-niet.sqlite"):
        r = run(main, ["restore", str(bad), "--data-dir", str(data)])
        assert r.exit_code == 1 and "Traceback" not in r.output
    assert [d.action for d in store.history()] == ["bevestigd"]  # a bad restore changed nothing
    with sqlite3.connect(decisions_path(data)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
