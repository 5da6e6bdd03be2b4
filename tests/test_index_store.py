"""The index on disk: atomic swaps, builds that fail or are killed, incremental updates,
version changes. Real ingests, real processes, real Whoosh files."""

import json
import shutil
import subprocess
import sys

import pytest
from whoosh.query import Every
from helpers.smallcorpus import write_corpus

from kb.errors import Busy, NotReady
from kb.index.store import META_FILE
from kb.ingest import ingest_lock
from kb.library import Library

KILL_SCRIPT = """
import os, signal, sys
from kb.ingest import ingest_lock
from kb.library import Library

lib, at = Library(sys.argv[1]), int(sys.argv[2])

def progress(done, total):
    if done == at:
        os.kill(os.getpid(), signal.SIGKILL)

with ingest_lock(lib.paths.lock):
    lib.index.sync(rebuild=True, progress=progress)
"""


@pytest.fixture
def setup(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    lib = Library(tmp_path / "data")
    result = lib.ingest([docs])
    assert not result.failures and result.index.rebuilt
    return docs, lib


def search(lib, q, **options):
    return lib.snapshot().search(q, **options)


def answers(lib, q="woninginbraken OF RIEC OF phishing"):
    r = search(lib, q, per_page=50)
    return r.total, [h.section_id for h in r.hits]


@pytest.mark.slow  # a fault test
def test_killed_build_leaves_the_old_index_answering(setup):
    docs, lib = setup
    before_gen, before = lib.index.current(), answers(lib)
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(lib.data_dir), "10"], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr  # really killed halfway, by SIGKILL
    stray = [p for p in lib.paths.index.iterdir() if p.is_dir() and not p.is_symlink() and p != before_gen]
    assert stray and not (stray[0] / META_FILE).exists()  # the half-made generation is there...
    assert lib.index.current() == before_gen  # ...but not live
    assert answers(lib) == before
    # the lock died with the process; the next build cleans up and swaps in a full index
    with ingest_lock(lib.paths.lock):
        report = lib.index.sync(rebuild=True)
    assert report.rebuilt and lib.index.current() != before_gen
    assert not any(p.exists() for p in stray)
    assert answers(lib) == before


def test_failed_build_leaves_the_old_index_and_no_debris(setup):
    docs, lib = setup
    before_gen = lib.index.current()
    entries = set(lib.paths.index.iterdir())

    def fail(done, total):
        if done == 5:
            raise OSError(28, "No space left on device")

    with ingest_lock(lib.paths.lock), pytest.raises(OSError):
        lib.index.sync(rebuild=True, progress=fail)
    assert lib.index.current() == before_gen
    assert set(lib.paths.index.iterdir()) == entries
    assert answers(lib)[0] > 0


def test_reader_keeps_working_across_a_swap(setup):
    docs, lib = setup
    s = lib.snapshot().generation.searcher()
    before = s.doc_count()
    with ingest_lock(lib.paths.lock):
        lib.index.sync(rebuild=True)
    assert s.doc_count() == before  # its generation is still on disk
    assert len(list(s.docs_for_query(Every()))) == before
    assert lib.snapshot().generation.searcher() is not s  # the next snapshot has the new one


def test_reingest_only_reindexes_what_changed(setup):
    docs, lib = setup
    again = lib.ingest([docs])
    assert sorted(again.reused) == sorted(p.stem for p in docs.glob("*.txt"))  # nothing parsed again
    assert not again.index.changed

    leer = docs / "leerdossier-verwarde-personen.txt"
    leer.write_text(leer.read_text(encoding="utf-8") + "\nNieuw: de inzet van een zorgambulance werkt.\n", encoding="utf-8")
    changed = lib.ingest([docs])
    assert changed.reused and "leerdossier-verwarde-personen" not in changed.reused
    assert changed.index.updated == ["leerdossier-verwarde-personen"] and not changed.index.rebuilt
    assert len(changed.index.unchanged) == 2
    assert changed.index.sections == sum(1 for s in changed.sections if s.document_id == "leerdossier-verwarde-personen")
    assert search(lib, "zorgambulance").total == 1
    assert search(lib, "woninginbraken").total >= 1  # the other documents are still there

    (docs / "plan-testeenheid-2021-2024.txt").unlink()
    removed = lib.ingest([docs])
    assert removed.index.removed == ["plan-testeenheid-2021-2024"]
    assert search(lib, "politie", filters={"document": ["plan-testeenheid-2021-2024"]}).total == 0
    assert not lib.index.is_stale()


def test_metadata_change_is_a_change(setup):
    docs, lib = setup
    meta = docs / "leerdossier-verwarde-personen.meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2022", "2023"), encoding="utf-8")
    result = lib.ingest([docs])
    assert "leerdossier-verwarde-personen" not in result.reused
    assert result.index.updated == ["leerdossier-verwarde-personen"]
    assert search(lib, "jaar:2023 verward").total >= 1


def test_new_analysis_version_rebuilds(setup):
    docs, lib = setup
    gen = lib.index.current()
    meta = json.loads((gen / META_FILE).read_text())
    meta["version"]["analyzer"] = -1  # as if built by older analysis code
    (gen / META_FILE).write_text(json.dumps(meta))
    assert lib.index.is_stale()
    report = lib.ready_index()
    assert report.rebuilt and report.reason == "schema of taalkennis gewijzigd"
    assert not lib.index.is_stale()


def test_second_ingest_is_refused(setup):
    docs, lib = setup
    with ingest_lock(lib.paths.lock):
        with pytest.raises(Busy, match="er loopt al een ingest"):
            lib.ingest([docs])
        assert lib.update_index() is None  # a reader does not wait for it either


def test_rebuild_from_scratch_when_index_folder_is_gone(setup):
    docs, lib = setup
    before = answers(lib)
    shutil.rmtree(lib.paths.index)  # the catalog with it: derived state, all of it
    assert lib.index.is_stale()
    with pytest.raises(NotReady, match="kb ingest"):
        lib.ready_index()
    result = lib.ingest([docs])
    assert result.index.rebuilt and not result.reused
    assert answers(lib) == before
