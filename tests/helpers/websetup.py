"""A corpus for the web tests: the bundled documents, plus a made-up document whose text
tries to inject markup, ingested for real, with one user per role."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.paths import DOCUMENTS

from kb.library import Library

PASSWORD = "correct-paard-batterij"
XSS_DOC = "testdata-xss-probe"
XSS_TEXT = 'Een <script>window.__pwned = 1</script> en <img src=x onerror="window.__pwned = 2"> in een alinea als proef.'


def build_site(root: Path) -> tuple[Path, Path]:
    docs = root / "documents"
    shutil.copytree(DOCUMENTS, docs)
    (docs / f"{XSS_DOC}.txt").write_text(f"# Testdocument (TESTDATA)\n\n## Opmaak\n\n{XSS_TEXT}\n", encoding="utf-8")
    (docs / f"{XSS_DOC}.meta.toml").write_text(
        'title = "XSS-proef <b>vet</b> (testdata)"\nkind = "overig"\nunit = "Testeenheid"\nyear = 2020\n', encoding="utf-8")
    data = root / "data"
    lib = Library(data)
    result = lib.ingest([docs])
    assert not result.failures, result.failures
    store = lib.users
    for name, role in (("lezer", "lezer"), ("auditor", "auditor"), ("beheer", "beheerder")):
        store.add(name, PASSWORD, role)
    return docs, data
