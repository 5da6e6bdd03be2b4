"""Shared fixtures: the bundled corpus ingested once per test session into a data folder
that tests read (`corpus`), or copy when they change it (`library`); the small made-up
corpus likewise (`small`). A test that needs its own ingest (of changed documents, say)
makes one; none re-ingests the bundled corpus to get a data folder of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.paths import DOCUMENTS

from kb.library import Library


def copy_data(source: Path, dest: Path) -> Path:
    """A private copy of an ingested data folder (the index's `current` link stays a link)."""
    shutil.copytree(source, dest, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The bundled documents ingested for real; the IngestResult, with `data_dir`. Read it,
    never change it: a test that records decisions or ingests takes `library`."""
    data = tmp_path_factory.mktemp("data")
    # its own (empty) documents folder: a file of the checkout that an ingest under test
    # refused is reported by the assert below, never set aside out of the checkout
    result = Library(data, documents_dir=tmp_path_factory.mktemp("uploads")).ingest([DOCUMENTS])
    assert not result.failures, result.failures
    result.data_dir = data
    return result


@pytest.fixture
def library(corpus, tmp_path) -> Library:
    """A Library on a private copy of the ingested bundled corpus (its documents folder a
    copy too), for tests that change it."""
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    return Library(copy_data(corpus.data_dir, tmp_path / "data"), documents_dir=docs)


@pytest.fixture(scope="session")
def small(tmp_path_factory):
    """tests/helpers/smallcorpus.py ingested for real (catalog and index); the data folder."""
    from helpers.smallcorpus import write_corpus

    root = tmp_path_factory.mktemp("small")
    result = Library(root / "data").ingest([write_corpus(root / "docs")])
    assert not result.failures, result.failures
    return root / "data"


@pytest.fixture(scope="session")
def report(corpus):
    from helpers.paths import REPORT_ID

    return [s for s in corpus.sections if s.document_id == REPORT_ID]


@pytest.fixture(scope="session")
def plan(corpus):
    from helpers.paths import PLAN_ID

    return [s for s in corpus.sections if s.document_id == PLAN_ID]


@pytest.fixture(scope="session")
def ambitions(corpus):
    return {a.key: a for a in corpus.ambitions}
