"""A corpus for the web tests: the bundled documents, plus a made-up document whose text
tries to inject markup, ingested for real, with one user per role. Given the session's
ingested corpus, its data folder is copied first, so only the made-up document is read."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from helpers.paths import DOCUMENTS

from kb.library import Library

PASSWORD = "correct-paard-batterij"
XSS_DOC = "testdata-xss-probe"
XSS_TEXT = 'Een <script>window.__pwned = 1</script> en <img src=x onerror="window.__pwned = 2"> in een alinea als proef.'


def build_site(root: Path, corpus_data: Path | None = None) -> tuple[Path, Path]:
    docs = root / "documents"
    shutil.copytree(DOCUMENTS, docs)
    (docs / f"{XSS_DOC}.txt").write_text(f"# Testdocument (TESTDATA)\n\n## Opmaak\n\n{XSS_TEXT}\n", encoding="utf-8")
    (docs / f"{XSS_DOC}.meta.toml").write_text(
        'title = "XSS-proef <b>vet</b> (testdata)"\nkind = "overig"\nunit = "Testeenheid"\nyear = 2020\n', encoding="utf-8")
    data = root / "data"
    if corpus_data is not None:
        shutil.copytree(corpus_data, data, symlinks=True)
    lib = Library(data)
    result = lib.ingest([docs])
    assert not result.failures, result.failures
    assert corpus_data is None or len(result.reused) == len(result.documents) - 1
    store = lib.users
    for name, role in (("lezer", "lezer"), ("auditor", "auditor"), ("beheer", "beheerder")):
        store.add(name, PASSWORD, role)
    return docs, data


def csrf(client, path="/inloggen") -> str:
    """The CSRF token of the form on `path` (a Flask test client)."""
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, name, password=PASSWORD):
    r = client.post("/inloggen", data={"naam": name, "wachtwoord": password, "csrf_token": csrf(client)})
    assert r.status_code == 302, r.get_data(as_text=True)
    return r


def finished_job(client, location: str, seconds: float = 60) -> dict:
    """The ingest job at `location` (a /beheer/taak/<id> address) once it has ended."""
    assert "/beheer/taak/" in location, location
    deadline = time.monotonic() + seconds
    while True:
        job = client.get(location.removesuffix(".json") + ".json").get_json()["job"]
        if not job["running"] or time.monotonic() > deadline:
            return job
        time.sleep(0.05)
