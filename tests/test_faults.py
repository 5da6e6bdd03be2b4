"""Faults, for real: `kb ingest` killed with SIGKILL at several moments, a disk that fills
up during the catalog and during the index (a file-size limit set on the real process),
and the backup and restore of the precious decisions file. After each: the previous index
answers, the decisions are intact, the next ingest completes."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.paths import aid

from kb.cli import main
from kb.library import Library
from kb.store.decisions import DecisionStore

pytestmark = pytest.mark.slow

KB = str(Path(sys.executable).with_name("kb"))
SECTION = "rotterdam-jaarverslag-2020/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/18"

# `kb ingest --rebuild` in a process that kills itself with SIGKILL at one moment of its
# work, named by the hook and the count at which it fires
KILLED_INGEST = """
import os, signal, sys
from kb.library import Library

docs, data, hook, at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
seen = {"file": 0}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def on_file(path):
    seen["file"] += 1
    if hook == "file" and seen["file"] == at:
        die()

def on_index(done, total):
    if hook == "index" and (done == at or (at < 0 and done == total)):
        die()

Library(data).ingest([docs], progress=on_file, on_index=on_index, rebuild=True)
"""


def search(data, q):
    return Library(data).snapshot().search(q)


@pytest.fixture
def live(library):
    """A copy of the ingested corpus with one decision, and what a search answers before."""
    data = library.data_dir
    library.decisions.record(aid("ondermijning-4d"), SECTION, "bevestigd", "fp", author="auditor")
    before = [h.section_id for h in search(data, "woninginbraken").hits]
    assert before
    return library.documents_dir, data, before


def still_serving(data: Path, before: list[str]) -> None:
    assert [h.section_id for h in search(data, "woninginbraken").hits] == before
    history = Library(data).decisions.history()
    assert [(d.ambition_id, d.section_id, d.action) for d in history] == [(aid("ondermijning-4d"), SECTION, "bevestigd")]


def ingest_completes(docs: Path, data: Path) -> None:
    done = subprocess.run([KB, "ingest", "-q", str(docs), "--data-dir", str(data)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert search(data, "woninginbraken").total > 0


@pytest.mark.parametrize("hook,at", [
    ("file", 1),  # reading the first file
    ("file", 2),  # reading the last file, the catalog not yet written
    ("index", 1),  # the new catalog written, the index build begun
    ("index", 400),  # halfway through the index
    ("index", -1),  # every section added, before the commit, the posting store and the swap
])
def test_kill_9_during_ingest_at_several_moments(live, hook, at):
    docs, data, before = live
    proc = subprocess.run([sys.executable, "-c", KILLED_INGEST, str(docs), str(data), hook, str(at)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr  # it died of the kill, at that moment, not after
    still_serving(data, before)
    with sqlite3.connect(Library(data).paths.catalog) as db:  # the catalog is the old or the new one, never half
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
    lib = Library(data)
    catalog = lib.paths.catalog.stat().st_size
    biggest = max(f.stat().st_size for f in lib.index.current().iterdir())
    assert catalog < biggest, "the index has a file larger than the catalog: the limit between them hits the index"
    for limit, message in ((catalog // 3, "catalogus schrijven mislukt"),
                           ((catalog + biggest) // 2, "zoekindex bijwerken mislukt")):
        generation = lib.index.current()
        r = subprocess.run([KB, "ingest", "--rebuild", "-q", str(docs), "--data-dir", str(data)],
                           preexec_fn=_limited(limit), capture_output=True, text=True)
        out = r.stdout + r.stderr
        # the message says what happened and what limited it, not a guess
        assert r.returncode == 1 and message in out and f"groter dan {limit} bytes" in out, out
        assert "Traceback" not in out
        assert lib.index.current() == generation  # the old index is still the live one
        still_serving(data, before)
        assert not [p for p in data.iterdir() if p.name.endswith(".tmp")]
    ingest_completes(docs, data)


def test_backup_and_restore_decisions(live, tmp_path):
    _, data, _ = live
    run = CliRunner().invoke
    r = run(main, ["backup", str(tmp_path), "--data-dir", str(data)])
    assert r.exit_code == 0 and "1 decisions" in r.output, r.output
    copy = next(tmp_path.glob("beleidsbank-*.sqlite"))
    store = Library(data).decisions
    store.record("ondermijning-4d", SECTION, "afgewezen", "fp", author="iemand")
    assert len(store.history()) == 2
    r = run(main, ["restore", str(copy), "--data-dir", str(data)])
    assert r.exit_code == 1 and "1" in r.output and "--ja" in r.output  # it says what it would drop, and waits
    assert len(store.history()) == 2
    r = run(main, ["restore", str(copy), "--ja", "--data-dir", str(data)])
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
    with sqlite3.connect(Library(data).paths.precious) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
