"""The index on disk: atomic swaps, builds that fail or are killed, incremental updates,
version changes. Real ingests, real processes, real Whoosh files."""

import json
import shutil
import subprocess
import sys

import pytest
from whoosh.query import Every
from smallcorpus import write_corpus

from kb.index.search import run_search
from kb.index.store import META_FILE, current_generation, index_root, is_stale, searcher, sync_index
from kb.ingest import IngestBusy, ingest, ingest_lock, update_index

KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
from kb.ingest import ingest_lock
from kb.index.store import sync_index

data, at = Path(sys.argv[1]), int(sys.argv[2])

def progress(done, total):
    if done == at:
        os.kill(os.getpid(), signal.SIGKILL)

with ingest_lock(data):
    sync_index(data, rebuild=True, progress=progress)
"""


@pytest.fixture
def setup(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    data = tmp_path / "data"
    result = ingest([docs], data)
    assert not result.failures and result.index.rebuilt
    return docs, data


def answers(data, q="woninginbraken OF RIEC OF phishing"):
    r = run_search(data, q, per_page=50)
    return r.total, [h.section_id for h in r.hits]


def test_killed_build_leaves_the_old_index_answering(setup):
    docs, data = setup
    before_gen, before = current_generation(data), answers(data)
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(data), "10"], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr  # really killed halfway, by SIGKILL
    stray = [p for p in index_root(data).iterdir() if p.is_dir() and not p.is_symlink() and p != before_gen]
    assert stray and not (stray[0] / META_FILE).exists()  # the half-made generation is there...
    assert current_generation(data) == before_gen  # ...but not live
    assert answers(data) == before
    # the lock died with the process; the next build cleans up and swaps in a full index
    report = update_index(data, rebuild=True)
    assert report.rebuilt and current_generation(data) != before_gen
    assert not any(p.exists() for p in stray)
    assert answers(data) == before


def test_failed_build_leaves_the_old_index_and_no_debris(setup):
    docs, data = setup
    before_gen = current_generation(data)
    entries = set(index_root(data).iterdir())

    def fail(done, total):
        if done == 5:
            raise OSError(28, "No space left on device")

    with ingest_lock(data), pytest.raises(OSError):
        sync_index(data, rebuild=True, progress=fail)
    assert current_generation(data) == before_gen
    assert set(index_root(data).iterdir()) == entries
    assert answers(data)[0] > 0


def test_reader_keeps_working_across_a_swap(setup):
    docs, data = setup
    with searcher(data) as (handle, s):
        before = s.doc_count()
        update_index(data, rebuild=True)
        assert s.doc_count() == before  # its generation is still on disk
        assert len(list(s.docs_for_query(Every()))) == before


def test_reingest_only_reindexes_what_changed(setup):
    docs, data = setup
    again = ingest([docs], data)
    assert sorted(again.reused) == sorted(p.stem for p in docs.glob("*.txt"))  # nothing parsed again
    assert not again.index.changed

    leer = docs / "leerdossier-verwarde-personen.txt"
    leer.write_text(leer.read_text(encoding="utf-8") + "\nNieuw: de inzet van een zorgambulance werkt.\n", encoding="utf-8")
    changed = ingest([docs], data)
    assert changed.reused and "leerdossier-verwarde-personen" not in changed.reused
    assert changed.index.updated == ["leerdossier-verwarde-personen"] and not changed.index.rebuilt
    assert len(changed.index.unchanged) == 2
    assert changed.index.sections == sum(1 for s in changed.sections if s.document_id == "leerdossier-verwarde-personen")
    assert run_search(data, "zorgambulance").total == 1
    assert run_search(data, "woninginbraken").total >= 1  # the other documents are still there

    (docs / "plan-testeenheid-2021-2024.txt").unlink()
    removed = ingest([docs], data)
    assert removed.index.removed == ["plan-testeenheid-2021-2024"]
    assert run_search(data, "politie", filters={"document": ["plan-testeenheid-2021-2024"]}).total == 0
    assert not is_stale(data)


def test_metadata_change_is_a_change(setup):
    docs, data = setup
    meta = docs / "leerdossier-verwarde-personen.meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2022", "2023"), encoding="utf-8")
    result = ingest([docs], data)
    assert "leerdossier-verwarde-personen" not in result.reused
    assert result.index.updated == ["leerdossier-verwarde-personen"]
    assert run_search(data, "jaar:2023 verward").total >= 1


def test_new_analysis_version_rebuilds(setup):
    docs, data = setup
    gen = current_generation(data)
    meta = json.loads((gen / META_FILE).read_text())
    meta["version"]["analyzer"] = -1  # as if built by older analysis code
    (gen / META_FILE).write_text(json.dumps(meta))
    assert is_stale(data)
    report = update_index(data)
    assert report.rebuilt and report.reason == "schema of taalkennis gewijzigd"
    assert not is_stale(data)


def test_second_ingest_is_refused(setup):
    docs, data = setup
    with ingest_lock(data):
        with pytest.raises(IngestBusy, match="er loopt al een ingest"):
            ingest([docs], data)
        assert update_index(data) is None  # a reader does not wait for it either


def test_rebuild_from_scratch_when_index_folder_is_gone(setup):
    docs, data = setup
    before = answers(data)
    shutil.rmtree(index_root(data))
    assert is_stale(data)
    assert update_index(data).rebuilt
    assert answers(data) == before
