"""Shared fixtures: the real corpus ingested once into a temporary data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))  # for tests/pdfgen.py
sys.path.insert(0, str(ROOT / "benchmarks"))  # for benchmarks/loadtest.py (gunicorn, sockets, the load run)

DOCUMENTS = ROOT / "documents"
WILD = ROOT.parent / "shared" / "pdfs-wild"
PLAN_ID = "rotterdam-strategische-themas-2019-2022"
REPORT_ID = "rotterdam-jaarverslag-2020"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The bundled documents ingested for real; returns the IngestResult."""
    from kb.ingest import ingest

    data = tmp_path_factory.mktemp("data")
    result = ingest([DOCUMENTS], data)
    assert not result.failures, result.failures
    result.data_dir = data
    return result


@pytest.fixture(scope="session")
def small(tmp_path_factory):
    """tests/smallcorpus.py ingested for real (catalog and index); returns the data folder."""
    from smallcorpus import write_corpus

    from kb.ingest import ingest

    root = tmp_path_factory.mktemp("small")
    result = ingest([write_corpus(root / "docs")], root / "data")
    assert not result.failures, result.failures
    return root / "data"


@pytest.fixture(scope="session")
def report(corpus):
    return [s for s in corpus.sections if s.document_id == REPORT_ID]


@pytest.fixture(scope="session")
def plan(corpus):
    return [s for s in corpus.sections if s.document_id == PLAN_ID]


@pytest.fixture(scope="session")
def ambitions(corpus):
    return {a.id: a for a in corpus.ambitions}
