"""Derived state (the catalog and the index) always rebuilds and is never served half: the
two go live together as one generation; a generation damaged on disk is a clear 503, a
plain `kb ingest` recognises it and builds it anew, and `kb ingest --rebuild` succeeds from
documents/ whatever state the derived files are in. Real ingests, real files damaged on
disk, the real Flask app and the real command line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers.smallcorpus import write_corpus

from kb.cli import main
from kb.index.store import CATALOG_FILE, META_FILE
from kb.library import Library
from web import create_app

QUERY = "woninginbraken OF RIEC OF phishing OF politie"


@pytest.fixture
def setup(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    lib = Library(tmp_path / "data", documents_dir=docs)
    result = lib.ingest([docs])
    assert not result.failures
    return docs, lib


def run(args, data):
    return CliRunner().invoke(main, [*args, "--data-dir", str(data)])


def catalog_documents(lib: Library) -> set[str]:
    return set(Library(lib.data_dir).snapshot().catalog.document_by_id)


def indexed_documents(lib: Library) -> set[str]:
    searcher = Library(lib.data_dir).snapshot().generation.searcher()
    return {fields["document_id"] for fields in searcher.all_stored_fields()}


def change_documents(docs):
    """One document removed and one added: the catalog and the index must agree on both."""
    gone = sorted(docs.glob("*.txt"))[0]
    gone.unlink()
    (docs / "notitie-nieuw-2021.txt").write_text(
        "# Notitie 2021\n\n## Cameratoezicht\n\nDe politie plaatst extra camera's bij winkelcentra.\n", encoding="utf-8")
    return gone.stem, "notitie-nieuw-2021"


def test_a_failed_index_build_leaves_the_old_catalog_too(setup):
    """The catalog and its index are one generation: an ingest whose index build fails
    keeps both old ones, so search never shows a document the reader has no page for."""
    docs, lib = setup
    before = catalog_documents(lib)
    assert indexed_documents(lib) == before
    gone, new = change_documents(docs)

    def fail(done, total):
        raise OSError(28, "No space left on device")

    with pytest.raises(Exception, match="zoekindex bijwerken mislukt"):
        lib.ingest([docs], on_index=fail)
    assert catalog_documents(lib) == indexed_documents(lib) == before
    assert gone in before and new not in before
    assert not lib.index.staging_path.exists()
    lib.ingest([docs])
    assert catalog_documents(lib) == indexed_documents(lib) == before - {gone} | {new}


KILLED = """
import os, signal, sys
from kb.library import Library

def die(done, total):
    os.kill(os.getpid(), signal.SIGKILL)

Library(sys.argv[2]).ingest([sys.argv[1]], on_index=die)
"""


@pytest.mark.slow  # a fault test: a real process killed
def test_kill_9_between_catalog_and_index_serves_the_old_pair(setup):
    docs, lib = setup
    before = catalog_documents(lib)
    gone, new = change_documents(docs)
    proc = subprocess.run([sys.executable, "-c", KILLED, str(docs), str(lib.data_dir)], capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert catalog_documents(lib) == indexed_documents(lib) == before
    client = create_app({"DATA_DIR": str(lib.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()
    hits = client.get("/api/search?q=" + QUERY + "&per_page=50").get_json()["hits"]
    for doc in {h["document_id"] for h in hits}:  # every hit opens in the reader
        assert client.get(f"/documenten/{doc}").status_code == 200, doc
    assert run(["ingest", "-q", str(docs)], lib.data_dir).exit_code == 0
    assert catalog_documents(lib) == indexed_documents(lib) == before - {gone} | {new}


def spoil(path, at: float = 0.5, size: int = 64):
    """Garbage written into the middle of a file, in place (a disk error, a bad copy)."""
    raw = bytearray(path.read_bytes())
    start = min(int(len(raw) * at), max(0, len(raw) - size))
    raw[start:start + size] = os.urandom(min(size, len(raw) - start)) if raw else b""
    path.write_bytes(bytes(raw))


def segment(generation, suffix):
    return next(p for p in generation.iterdir() if p.name.endswith(suffix))


@pytest.mark.parametrize("part", ["segment", "toc", "meta", "postings", "catalog"])
def test_a_damaged_generation_is_a_503_and_a_plain_ingest_rebuilds_it(setup, part):
    docs, lib = setup
    before = [h.section_id for h in lib.snapshot().search(QUERY, per_page=50).hits]
    live = lib.index.current()
    if part == "meta":
        (live / META_FILE).write_text('{"version": {"schema": ', encoding="utf-8")
    else:
        target = {"segment": lambda: segment(live, ".pst"), "toc": lambda: segment(live, ".toc"),
                  "postings": lambda: segment(live, "-ids.npy"), "catalog": lambda: live / CATALOG_FILE}[part]()
        spoil(target)

    client = create_app({"DATA_DIR": str(lib.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()
    r = client.get("/api/search?q=" + QUERY)
    assert r.status_code == 503, (r.status_code, r.get_json())
    assert "beschadigd" in r.get_json()["error"] and "kb ingest" in r.get_json()["error"]
    page = client.get("/zoeken?q=politie")
    assert page.status_code == 503 and "beschadigd" in page.get_data(as_text=True)

    r = run(["ingest", "-q", str(docs)], lib.data_dir)  # plain: no --rebuild
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    assert Library(lib.data_dir).index.current() != live
    assert [h.section_id for h in Library(lib.data_dir).snapshot().search(QUERY, per_page=50).hits] == before
    client = create_app({"DATA_DIR": str(lib.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()
    assert client.get("/api/search?q=" + QUERY).status_code == 200


def test_the_ingest_says_why_it_rebuilt(setup):
    docs, lib = setup
    spoil(segment(lib.index.current(), ".trm"))
    result = lib.ingest([docs])
    assert result.index.rebuilt and "beschadigd" in result.index.reason and ".trm" in result.index.reason
    assert len(result.reused) == len(result.documents)  # the catalog was sound: nothing parsed again


def wreck(lib: Library, how: str) -> None:
    live = lib.index.current()
    if how == "catalog-empty":
        (live / CATALOG_FILE).write_bytes(b"")
    elif how == "catalog-cut":
        path = live / CATALOG_FILE
        path.write_bytes(path.read_bytes()[:5000])
    elif how == "meta-garbage":
        (live / META_FILE).write_bytes(os.urandom(300))
    elif how == "meta-a-list":
        (live / META_FILE).write_text("[1, 2]", encoding="utf-8")
    elif how == "meta-wrong-fields":
        meta = json.loads((live / META_FILE).read_text(encoding="utf-8"))
        meta["documents"], meta["files"] = 5, "geen"
        (live / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    elif how == "link-dangling":
        shutil.rmtree(live)
    elif how == "index-a-file":
        shutil.rmtree(lib.paths.index)
        lib.paths.index.write_text("geen map", encoding="utf-8")
    elif how == "generation-a-file":
        shutil.rmtree(live)
        live.write_text("geen map", encoding="utf-8")
    elif how == "everything-garbage":
        for f in live.iterdir():
            f.write_bytes(os.urandom(200))


@pytest.mark.parametrize("how", ["catalog-empty", "catalog-cut", "meta-garbage", "meta-a-list", "meta-wrong-fields",
                                 "link-dangling", "index-a-file",
                                 "generation-a-file", "everything-garbage"])
@pytest.mark.parametrize("rebuild", [True, False])
def test_an_ingest_succeeds_whatever_the_derived_files_hold(setup, how, rebuild):
    docs, lib = setup
    before = [h.section_id for h in lib.snapshot().search(QUERY, per_page=50).hits]
    wreck(lib, how)
    r = run(["ingest", "-q", *(["--rebuild"] if rebuild else []), str(docs)], lib.data_dir)
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    fresh = Library(lib.data_dir)
    assert [h.section_id for h in fresh.snapshot().search(QUERY, per_page=50).hits] == before
    assert catalog_documents(fresh) == indexed_documents(fresh)


def test_a_folder_of_before_the_pairing_is_taken_over(setup):
    """A data folder whose catalog sat beside the index (the earlier layout): an ingest
    reuses its rows (nothing parsed again) and the folder ends in the new layout."""
    docs, lib = setup
    live = lib.index.current()
    shutil.move(live / CATALOG_FILE, lib.paths.legacy_catalog)
    assert lib.index.is_stale()
    result = lib.ingest([docs])
    assert len(result.reused) == len(result.documents) and result.index.rebuilt
    assert not lib.paths.legacy_catalog.exists() and lib.paths.catalog.exists()
    assert catalog_documents(lib) == indexed_documents(lib)
