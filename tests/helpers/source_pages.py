"""A site with a real PDF for the source-page tests: the bundled documents plus a made-up
two-column annual report printed with fpdf2 (tests/helpers/pdfgen.py), whose paragraphs
each end in "(alinea N)", so a test knows which paragraph it searched for and on which page
it was printed. Given the session's ingested corpus, its data folder is copied first, so
only the PDF is read."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.paths import DOCUMENTS
from helpers.pdfgen import dutch_report

from kb.library import Library

PDF_ID = "testeenheid-jaarverslag-2021"
PDF_META = 'title = "Jaarverslag Testeenheid 2021 (testdata)"\nkind = "jaarverslag"\nunit = "Testeenheid"\nyear = 2021\n'


def build_pdf_site(root: Path, corpus_data: Path | None = None, pages: int = 3) -> tuple[Path, Path, list]:
    """The documents folder, the data folder and where each paragraph of the PDF was placed."""
    docs = root / "documents"
    shutil.copytree(DOCUMENTS, docs)
    data, placed = dutch_report(pages=pages, columns=2)
    (docs / f"{PDF_ID}.pdf").write_bytes(data)
    (docs / f"{PDF_ID}.meta.toml").write_text(PDF_META, encoding="utf-8")
    folder = root / "data"
    if corpus_data is not None:
        shutil.copytree(corpus_data, folder, symlinks=True)
    result = Library(folder, documents_dir=docs).ingest([docs])
    assert not result.failures, result.failures
    return docs, folder, placed
