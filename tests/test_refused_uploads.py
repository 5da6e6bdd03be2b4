"""Uploads that the ingest refuses, and names it would pass over: a refused file of the
documents folder is set aside in documents/.geweigerd/ with its reason (by the web's ingest
and by `kb ingest`), listed on the beheer page and removable there, or put back to try
again; never a file from outside the documents folder. An upload never gets a name that
discovery skips (README), and a NUL byte deep in a text file reaches no section."""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile

import pytest
from click.testing import CliRunner
from helpers.paths import DOCUMENTS
from helpers.pdfgen import dutch_report
from helpers.websetup import PASSWORD, build_site, csrf, finished_job, login

from kb.cli import main
from kb.errors import ParseError
from kb.library import Library
from kb.parse.text import decode
from kb.store.refused import FOLDER, list_refused
from web import create_app


def zip_named_pdf() -> bytes:
    """A zip renamed to .pdf: "%PDF-" in its first kilobyte (an entry's name), so the upload
    takes it; the ingest finds no PDF in it."""
    pdf, _ = dutch_report(pages=1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("%PDF-1.7 rapport.pdf", pdf)
        z.writestr("bijlage.txt", "tekst " * 100)
    return buf.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus):
    return build_site(tmp_path_factory.mktemp("geweigerd"), corpus.data_dir)


@pytest.fixture(scope="module")
def app(site):
    docs, data = site
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def bare(tmp_path):
    """A documents folder and a data folder with only a beheerder: no ingest needed."""
    root = tmp_path
    docs, data = root / "documents", root / "data"
    shutil.copytree(DOCUMENTS, docs)
    Library(data).users.add("beheer", PASSWORD, "beheerder")
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})
    return docs, app


def upload(client, filename: str, content: bytes, title: str, **form):
    return client.post("/beheer/upload", data={"csrf_token": csrf(client, "/beheer"), "titel": title, "soort": "overig",
                                               **form, "bestand": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def finished(client, location: str) -> dict:
    job = finished_job(client, location)
    assert not job["running"], f"taak niet klaar: {job}"
    return job


def wait_for_idle(client) -> None:
    """An ingest an earlier test started may still run (one at a time per data folder)."""
    for _ in range(600):
        if not any(j["running"] for j in client.get("/beheer.json").get_json()["jobs"]):
            return
        time.sleep(0.1)


@pytest.mark.slow  # three ingests
def test_a_refused_upload_is_set_aside_listed_and_removable(client, site):
    docs, _ = site
    login(client, "beheer")
    wait_for_idle(client)
    r = upload(client, "rapport.pdf", zip_named_pdf(), "Rapport met bijlagen")
    assert r.status_code == 302
    job = finished(client, r.headers["Location"])
    assert job["state"] == "klaar", job
    failed = [o for o in job["outcomes"] if o["error"]]
    assert [o["file"] for o in failed] == ["rapport-met-bijlagen.pdf"], job["outcomes"]
    assert "verplaatst naar documents/.geweigerd/rapport-met-bijlagen.pdf" in failed[0]["error"]
    assert not (docs / "rapport-met-bijlagen.pdf").exists() and not (docs / "rapport-met-bijlagen.meta.toml").exists()
    aside = docs / FOLDER / "rapport-met-bijlagen.pdf"
    assert aside.read_bytes().startswith(b"PK\x03\x04")  # the file as it came, kept
    assert (docs / FOLDER / "rapport-met-bijlagen.meta.toml").exists()
    reason = json.loads((docs / FOLDER / "rapport-met-bijlagen.pdf.reden.json").read_text(encoding="utf-8"))
    assert reason["reason"] == "damaged" and "beschadigd" in reason["message"] and reason["at"][:2] == "20"

    page = client.get("/beheer").get_data(as_text=True)
    assert "Geweigerde bestanden (1)" in page and "rapport-met-bijlagen.pdf" in page and "beschadigd" in page
    listed = client.get("/beheer.json").get_json()["refused"]
    assert [x["name"] for x in listed] == ["rapport-met-bijlagen.pdf"] and listed[0]["reason"] == "damaged"

    # the next ingest no longer meets it
    r = client.post("/beheer/inlezen", data={"csrf_token": csrf(client, "/beheer")})
    again = finished(client, r.headers["Location"])
    assert again["state"] == "klaar" and not [o for o in again["outcomes"] if o["error"]], again["outcomes"]

    # opnieuw proberen: back in the documents folder and read again, refused again
    r = client.post("/beheer/geweigerd/rapport-met-bijlagen.pdf/opnieuw", data={"csrf_token": csrf(client, "/beheer")})
    assert r.status_code == 302
    retried = finished(client, r.headers["Location"])
    assert any(o["file"] == "rapport-met-bijlagen.pdf" and "verplaatst naar" in (o["error"] or "")
               for o in retried["outcomes"]), retried["outcomes"]
    assert [x.name for x in list_refused(docs)] == ["rapport-met-bijlagen.pdf"]

    # removing needs the CSRF token and the beheerder role
    path = "/beheer/geweigerd/rapport-met-bijlagen.pdf/verwijder"
    assert client.post(path).status_code == 400 and aside.exists()
    reader = client.application.test_client()
    login(reader, "auditor")
    assert reader.post(path, data={"csrf_token": csrf(reader, "/")}).status_code == 403 and aside.exists()
    r = client.post(path, data={"csrf_token": csrf(client, "/beheer")}, follow_redirects=True)
    assert r.status_code == 200 and "verwijderd" in r.get_data(as_text=True)
    assert list_refused(docs) == [] and not list((docs / FOLDER).iterdir())
    assert "Geweigerde bestanden (0)" in client.get("/beheer").get_data(as_text=True)


def test_removing_takes_only_plain_names_of_refused_files(bare):
    docs, app = bare
    client = app.test_client()
    login(client, "beheer")
    (docs / FOLDER).mkdir()
    (docs / FOLDER / "oud.pdf").write_bytes(b"PK\x03\x04")
    (docs / FOLDER / "oud.pdf.reden.json").write_text('{"reason": "damaged"}', encoding="utf-8")
    before = sorted(str(p.relative_to(docs)) for p in docs.rglob("*"))
    for name in ("rotterdam-jaarverslag-2020.txt", "..%2Frotterdam-jaarverslag-2020.txt", ".geweigerd",
                 "oud.pdf.reden.json", "bestaat-niet.pdf"):
        r = client.post(f"/beheer/geweigerd/{name}/verwijder", data={"csrf_token": csrf(client, "/beheer")},
                        follow_redirects=True)
        assert r.status_code in (200, 404)
    assert sorted(str(p.relative_to(docs)) for p in docs.rglob("*")) == before
    r = client.post("/beheer/geweigerd/oud.pdf/verwijder", data={"csrf_token": csrf(client, "/beheer")})
    assert r.status_code == 302 and not list((docs / FOLDER).iterdir())


@pytest.mark.parametrize("title,filename", [("README", "verslag.txt"), ("", "README.md"), ("Readme", "notitie.md")])
def test_an_upload_never_gets_a_name_discovery_skips(bare, title, filename):
    docs, app = bare
    client = app.test_client()
    login(client, "beheer")
    before = sorted(p.name for p in docs.iterdir())
    r = upload(client, filename, b"# Leesmij\n\nEen document over inbraak in 2021.\n", title)
    html = client.get(r.headers["Location"]).get_data(as_text=True) if r.status_code == 302 else ""
    assert "/beheer/taak/" not in r.headers.get("Location", ""), "the upload was taken, the document would never appear"
    assert "Niet toegevoegd" in html and "readme" in html and "slaat het inlezen over" in html, html[-2000:]
    assert sorted(p.name for p in docs.iterdir()) == before


def test_a_nul_byte_after_64_kb_never_reaches_the_text():
    body = ("Het ziekteverzuim daalde in 2021 naar 5,1 procent. " * 20 + "\n\n") * 70
    data = ("# Notitie (TESTDATA)\n\n" + body).encode("utf-8")
    assert len(data) > 66000
    poisoned = data[:66000] + b"\x00\x01\x1b" + data[66000:]
    text = decode(poisoned)
    assert "\x00" not in text and "\x01" not in text and "\x1b" not in text
    assert text == decode(data)
    with pytest.raises(ParseError) as refused:  # a file that is mostly control bytes beyond its start is binary
        decode(data[:5000] + b"\x00\x01" * 20000)
    assert refused.value.reason == "binary"


@pytest.mark.slow  # an ingest
def test_an_uploaded_nul_byte_after_64_kb_is_refused(client, site):
    """A text upload with a NUL byte anywhere (not only in its first 64 kB) is binary: it
    is refused at the upload and nothing is written (a file put in documents/ by hand has
    its control characters removed when it is read: tests of kb.parse.text.decoding)."""
    docs, _ = site
    login(client, "beheer")
    body = "".join(f"Alinea {i} van de nulproef: de wijkagent sprak met bewoners over de buurt en de straat. " * 8
                   + "\n\n" for i in range(120))
    data = ("# Nulproef (TESTDATA)\n\n" + body).encode("utf-8")
    data = data[:70000] + b"\x00" + data[70000:]
    r = upload(client, "nul.txt", data, "Nulproef")
    assert r.status_code == 302 and r.headers["Location"].endswith("/beheer"), r.headers.get("Location")
    page = client.get("/beheer").get_data(as_text=True)
    assert "Niet toegevoegd" in page and "binaire inhoud" in page
    assert not list(docs.glob("nulproef*"))


def run(args, data, docs):
    return CliRunner().invoke(main, args, env={"KB_DATA_DIR": str(data), "KB_DOCUMENTS_DIR": str(docs)})


def test_kb_ingest_sets_aside_refused_files_of_the_documents_folder_only(library, tmp_path):
    docs, data = library.documents_dir, library.data_dir
    (docs / "kapot.pdf").write_bytes(zip_named_pdf())
    (docs / "kapot.meta.toml").write_text('title = "Kapot"\nkind = "rapport"\n', encoding="utf-8")
    r = run(["ingest", "-q"], data, docs)
    assert r.exit_code == 1
    assert f"verplaatst naar {docs.name}/.geweigerd/kapot.pdf" in r.output, r.output
    assert not (docs / "kapot.pdf").exists() and (docs / FOLDER / "kapot.pdf").exists()
    assert (docs / FOLDER / "kapot.meta.toml").exists() and not (docs / "kapot.meta.toml").exists()
    r = run(["ingest", "-q"], data, docs)  # not refused again: the folder of refused files is skipped
    assert r.exit_code == 0 and "kapot" not in r.output, r.output

    elsewhere = tmp_path / "elders"  # a path outside the documents folder: reported, never moved
    elsewhere.mkdir()
    (elsewhere / "kapot.pdf").write_bytes(zip_named_pdf())
    r = run(["ingest", "-q", str(docs), str(elsewhere)], data, docs)
    assert r.exit_code == 1 and "kapot.pdf" in r.output and "verplaatst" not in r.output, r.output
    assert (elsewhere / "kapot.pdf").exists() and not (elsewhere / FOLDER).exists()
    assert [x.name for x in list_refused(docs)] == ["kapot.pdf"]


@pytest.mark.slow  # an ingest
def test_only_a_file_that_is_itself_bad_is_set_aside(tmp_path):
    """A mistake in a metadata file, or a document id used twice, is no reason to hide the
    file: it stays where it is (and says why it was not read)."""
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    (docs / "kapot.pdf").write_bytes(zip_named_pdf())
    (docs / "notitie.txt").write_text("# Notitie\n\nTekst over 2021.\n", encoding="utf-8")
    (docs / "notitie.meta.toml").write_text('title = "Notitie"\nkind = "sterrenkaart"\n', encoding="utf-8")
    result = Library(tmp_path / "data", documents_dir=docs).ingest([docs])
    failed = {o.path.rsplit("/", 1)[1]: o for o in result.failures}
    assert set(failed) == {"kapot.pdf", "notitie.txt"}, failed
    assert "verplaatst" in failed["kapot.pdf"].error and "verplaatst" not in failed["notitie.txt"].error
    assert (docs / "notitie.txt").exists() and not (docs / "kapot.pdf").exists()
    assert [x.name for x in list_refused(docs)] == ["kapot.pdf"]


def test_a_deeply_nested_html_upload_is_set_aside(library):
    docs = library.documents_dir
    (docs / "genest.html").write_text("<html><body>" + "<div>" * 3000 + "<p>Tekst over 2021.</p>" + "</div>" * 3000
                                      + "</body></html>", encoding="utf-8")
    result = library.ingest([docs])
    [failed] = result.failures
    assert "verplaatst naar documents/.geweigerd/genest.html" in failed.error, failed
    assert [x.name for x in list_refused(docs)] == ["genest.html"] and not (docs / "genest.html").exists()
