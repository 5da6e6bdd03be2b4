"""Beheer (issue 17): the upload form keeps what was typed after a refusal, "Soort" has no
default, the year field is named after the kind, a document's metadata is edited (its
.meta.toml written whole, then read again) or the document removed (after a page that
asks; into <data>/removed/, from where it is put back) while decisions about it stay, a
user is removed only after a page that asks, no page shows a server path, and a finished
job says plainly which files were new, changed, unchanged, removed or refused."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from helpers.paths import DOCUMENTS
from helpers.websetup import PASSWORD, build_site, csrf, finished_job, login

from kb.errors import Busy, KbError
from kb.ingest import ingest_lock
from kb.library import Library
from kb.parse import SUPPORTED
from web import create_app
from web.admin import YEAR_LABELS

REPORT = "rotterdam-jaarverslag-2020"
PLAN = "rotterdam-strategische-themas-2019-2022"
WORD = "kwartiermakersoverleg"  # in the uploaded report only
REPORT_TEXT = (f"# Proefverslag 2021 (TESTDATA)\n\n## Ondermijning\n\nHet leerdossier over AGORA is in 2021 opgeleverd; "
               f"het {WORD} kwam vier keer bijeen.\n").encode("utf-8")


@pytest.fixture
def site(tmp_path, corpus):
    docs, data = build_site(tmp_path / "site", corpus.data_dir)
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})
    client = app.test_client()
    login(client, "beheer")
    return docs, data, app, client


@pytest.fixture
def bare(tmp_path):
    """A documents folder and a data folder with only a beheerder: no ingest needed."""
    docs, data = tmp_path / "documents", tmp_path / "data"
    shutil.copytree(DOCUMENTS, docs)
    Library(data).users.add("beheer", PASSWORD, "beheerder")
    Library(data).users.add("weg", PASSWORD, "auditor")
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})
    client = app.test_client()
    login(client, "beheer")
    return docs, data, app, client


def upload(client, filename: str, content: bytes, **form):
    return client.post("/beheer/upload", data={"csrf_token": csrf(client, "/beheer"), **form,
                                               "bestand": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def upload_form(html: str) -> str:
    return re.search(r'<section class="card" id="toevoegen".*?</section>', html, re.S).group(0)


def selected_kind(html: str) -> str | None:
    select = re.search(r'<select name="soort".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', select)
    return found.group(1) if found else None


def test_a_refused_upload_keeps_what_was_typed_with_the_reason_beside_the_form(bare):
    docs, _, _, client = bare
    before = sorted(p.name for p in docs.iterdir())
    r = upload(client, "virus.exe", b"MZ", titel="Jaarplan 2023 (proef)", soort="jaarplan", eenheid="Eenheid Proef",
               jaar="2023", bron="intranet", vervang="ja")
    assert r.status_code == 302 and r.headers["Location"].endswith("/beheer")
    form = upload_form(client.get("/beheer").get_data(as_text=True))
    assert "Niet toegevoegd" in form and "wordt niet ondersteund" in form and 'role="alert"' in form
    for value in ("Jaarplan 2023 (proef)", "Eenheid Proef", "2023", "intranet"):
        assert f'value="{value}"' in form, value
    assert selected_kind(form) == "jaarplan" and 'name="vervang" value="ja" checked' in form
    # shown once: the next visit has an empty form again
    again = upload_form(client.get("/beheer").get_data(as_text=True))
    assert "Niet toegevoegd" not in again and 'value="Eenheid Proef"' not in again and selected_kind(again) is None
    assert sorted(p.name for p in docs.iterdir()) == before


def test_soort_is_required_and_has_no_default(bare):
    docs, _, _, client = bare
    form = upload_form(client.get("/beheer").get_data(as_text=True))
    select = re.search(r'<select name="soort"[^>]*>', form).group(0)
    assert "required" in select and selected_kind(form) is None
    assert re.search(r'<select name="soort"[^>]*>\s*<option value="">kies…</option>', form)
    before = sorted(p.name for p in docs.iterdir())
    r = upload(client, "notitie.txt", b"# Notitie\n\nTekst over 2021.\n", titel="Notitie zonder soort")
    assert r.status_code == 302 and "/beheer/taak/" not in r.headers["Location"]
    form = upload_form(client.get("/beheer").get_data(as_text=True))
    assert "kies de soort" in form and 'value="Notitie zonder soort"' in form
    assert sorted(p.name for p in docs.iterdir()) == before


def test_the_year_field_is_named_after_the_kind(bare, site):
    _, _, _, client = bare
    form = upload_form(client.get("/beheer").get_data(as_text=True))
    for kind, label in (("jaarplan", "Planjaar"), ("jaarverslag", "Verslagjaar"), ("plan", None)):
        option = re.search(rf'<option value="{kind}" data-jaar="([^"]*)" data-periode="(ja|nee)"', form)
        assert option, kind
        assert option.group(2) == ("ja" if kind == "plan" else "nee")
        if label:
            assert option.group(1) == label == YEAR_LABELS[kind]
    assert "Verslagjaar" not in re.search(r'<label class="year-field".*?</label>', form, re.S).group(0)
    # the edit page names it for the document's kind, without script
    _, _, _, admin = site
    report = admin.get(f"/beheer/documenten/{REPORT}").get_data(as_text=True)
    year = re.search(r'<label class="year-field"([^>]*)>(.*?)</label>', report, re.S)
    assert "hidden" not in year.group(1) and "Verslagjaar" in year.group(2) and 'value="2020"' in year.group(2)
    assert re.search(r'<label class="period-field"[^>]*hidden', report)
    plan = admin.get(f"/beheer/documenten/{PLAN}").get_data(as_text=True)
    period = re.search(r'<label class="period-field"([^>]*)>(.*?)</label>', plan, re.S)
    assert "hidden" not in period.group(1) and "Planperiode" in period.group(2) and 'value="2019-2022"' in period.group(2)
    assert re.search(r'<label class="year-field"[^>]*hidden', plan)


def test_no_page_of_beheer_shows_a_server_path(site, tmp_path):
    docs, data, _, client = site
    pages = ["/beheer", "/beheer.json", f"/beheer/documenten/{REPORT}", f"/beheer/documenten/{REPORT}.json",
             f"/beheer/documenten/{REPORT}/verwijderen", "/beheer/gebruikers/lezer/verwijderen"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        text = r.get_data(as_text=True)
        for server_path in (str(tmp_path), str(docs.resolve()), str(data.resolve())):
            assert server_path not in text, (path, server_path)
    assert "documents_dir" not in client.get("/beheer.json").get_json()


def test_removing_a_user_asks_first(bare):
    _, data, app, client = bare
    html = client.get("/beheer").get_data(as_text=True)
    assert 'action="/beheer/gebruikers/weg/verwijder"' not in html  # no removal in one click
    assert 'href="/beheer/gebruikers/weg/verwijderen"' in html
    page = client.get("/beheer/gebruikers/weg/verwijderen")
    assert page.status_code == 200 and Library(data).users.get("weg") is not None  # asking removes nothing
    text = page.get_data(as_text=True)
    assert 'action="/beheer/gebruikers/weg/verwijder"' in text and 'name="csrf_token"' in text and "auditor" in text
    assert client.get("/beheer/gebruikers/weg/verwijderen.json").get_json()["action"] == "/beheer/gebruikers/weg/verwijder"
    assert client.get("/beheer/gebruikers/beheer/verwijderen").status_code == 409  # not oneself
    assert client.get("/beheer/gebruikers/niemand/verwijderen").status_code == 404
    other = app.test_client()
    login(other, "weg")
    assert other.get("/beheer/gebruikers/weg/verwijderen").status_code == 403
    assert client.post("/beheer/gebruikers/weg/verwijder").status_code == 400  # no CSRF token
    r = client.post("/beheer/gebruikers/weg/verwijder", data={"csrf_token": csrf(client, "/beheer")}, follow_redirects=True)
    assert r.status_code == 200 and "Gebruiker weg verwijderd" in r.get_data(as_text=True)
    assert Library(data).users.get("weg") is None


def upload_report(client) -> dict:
    r = upload(client, "verslag.txt", REPORT_TEXT, titel="Proefverslag 2021", soort="jaarverslag", jaar="2021",
               eenheid="Eenheid Rotterdam")
    assert r.status_code == 302 and "/beheer/taak/" in r.headers["Location"], r.headers["Location"]
    job = finished_job(client, r.headers["Location"])
    assert job["state"] == "klaar", job
    job["location"] = r.headers["Location"]
    return job


def test_a_finished_job_says_klaar_and_which_files_were_new_changed_or_unchanged(site):
    docs, _, _, client = site
    job = upload_report(client)
    files = {o["file"]: o["change"] for o in job["outcomes"]}
    assert files.pop("proefverslag-2021.txt") == "nieuw"
    documents = [p for p in docs.iterdir() if p.suffix in SUPPORTED and p.name.lower() != "readme.md"]  # a .md may have no .meta.toml
    assert set(files.values()) == {"ongewijzigd"} and len(files) == len(documents) - 1
    assert job["counts"] == {"nieuw": 1, "gewijzigd": 0, "verwijderd": 0, "geweigerd": 0, "ongewijzigd": len(files)}
    html = client.get(job["location"]).get_data(as_text=True)
    state = re.search(r'<p class="job-state".*?</p>', html, re.S).group(0)
    assert re.sub(r"<[^>]+>", "", state).strip() == "klaar"  # not "bestanden 3 van 3 (…)" as if still working
    assert "<progress" not in html and 'http-equiv="refresh"' not in html
    assert f"1 nieuw" in html and f"{len(files)} ongewijzigd" in html and "0 gewijzigd" in html
    new = re.search(r'<section id="nieuw".*?</section>', html, re.S).group(0)
    assert "proefverslag-2021.txt" in new and REPORT not in new
    assert REPORT in re.search(r'<section id="ongewijzigd".*?</section>', html, re.S).group(0)

    # a refused file and a changed one
    (docs / "kapot.pdf").write_bytes(b"%PDF-1.4 dit is geen echte pdf")
    text = docs / f"{REPORT}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n\nNog een alinea over de wijkagent (TESTDATA).\n", encoding="utf-8")
    r = client.post("/beheer/inlezen", data={"csrf_token": csrf(client, "/beheer")})
    job = finished_job(client, r.headers["Location"])
    changes = {o["file"]: o["change"] for o in job["outcomes"]}
    assert changes["kapot.pdf"] == "geweigerd" and changes[f"{REPORT}.txt"] == "gewijzigd"
    assert changes["proefverslag-2021.txt"] == "ongewijzigd"
    assert job["counts"]["geweigerd"] == 1 and job["counts"]["gewijzigd"] == 1 and job["counts"]["nieuw"] == 0
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "kapot.pdf" in re.search(r'<section id="geweigerd".*?</section>', html, re.S).group(0)
    assert f"{REPORT}.txt" in re.search(r'<section id="gewijzigd".*?</section>', html, re.S).group(0)


def test_editing_metadata_writes_the_meta_file_and_the_catalog_follows(site):
    docs, _, app, client = site
    upload_report(client)
    page = client.get("/beheer/documenten/proefverslag-2021").get_data(as_text=True)
    assert 'value="Proefverslag 2021"' in page and selected_kind(page) == "jaarverslag"
    assert client.get("/beheer/documenten/bestaat-niet").status_code == 404
    assert client.post("/beheer/documenten/proefverslag-2021", data={"titel": "x"}).status_code == 400  # no CSRF
    auditor = app.test_client()
    login(auditor, "auditor")
    assert auditor.get("/beheer/documenten/proefverslag-2021").status_code == 403
    assert auditor.post("/beheer/documenten/proefverslag-2021",
                        data={"csrf_token": csrf(auditor, "/"), "titel": "Gekaapt", "soort": "overig"}).status_code == 403

    r = client.post("/beheer/documenten/proefverslag-2021", data={
        "csrf_token": csrf(client, "/beheer"), "titel": "Proefverslag 2021 (herzien)", "soort": "evaluatie",
        "eenheid": "Eenheid Rotterdam", "jaar": "2021", "datum": "2022-03-01", "bron": "intranet",
        "rapporteert_over": [PLAN], "ook_eenheden": ""})
    assert r.status_code == 302 and "/beheer/taak/" in r.headers["Location"]
    job = finished_job(client, r.headers["Location"])
    assert job["state"] == "klaar" and {o["file"]: o["change"] for o in job["outcomes"]}["proefverslag-2021.txt"] == "gewijzigd"
    meta = (docs / "proefverslag-2021.meta.toml").read_text(encoding="utf-8")
    assert 'title = "Proefverslag 2021 (herzien)"' in meta and 'kind = "evaluatie"' in meta and "date = 2022-03-01" in meta
    assert PLAN in meta and "year = 2021" in meta and not list(docs.glob(".*.tmp"))
    listed = {d["id"]: d for d in client.get("/documenten.json").get_json()["documents"]}
    assert listed["proefverslag-2021"]["title"] == "Proefverslag 2021 (herzien)"
    assert listed["proefverslag-2021"]["kind"] == "evaluatie" and listed["proefverslag-2021"]["reports_on"] == [PLAN]
    assert "Proefverslag 2021 (herzien)" in client.get("/documenten").get_data(as_text=True)


def test_a_refused_edit_keeps_what_was_typed_and_changes_nothing(site):
    docs, _, _, client = site
    meta = docs / f"{REPORT}.meta.toml"
    before = meta.read_bytes()
    for form, message in (({"jaar": "twintig"}, "geen jaartal"), ({"periode": "2022-2019"}, "vroegste jaar"),
                          ({"soort": ""}, "kies de soort"), ({"datum": "gisteren"}, "geen datum")):
        data = {"csrf_token": csrf(client, "/beheer"), "titel": "Getypte titel", "soort": "jaarverslag",
                "eenheid": "Getypte eenheid", **form}
        r = client.post(f"/beheer/documenten/{REPORT}", data=data)
        html = r.get_data(as_text=True)
        assert r.status_code == 400 and "Niet bewaard" in html and message in html, (form, html[-1500:])
        assert 'value="Getypte titel"' in html and 'value="Getypte eenheid"' in html
        assert meta.read_bytes() == before


def test_edit_and_removal_wait_for_a_running_ingest(site):
    docs, data, _, client = site
    lib = Library(data, documents_dir=docs)
    before = sorted((p.name, p.read_bytes()) for p in docs.iterdir() if p.is_file())
    with ingest_lock(lib.paths.lock):
        with pytest.raises(Busy):
            lib.update_metadata(REPORT, {"title": "x", "kind": "jaarverslag"})
        r = client.post(f"/beheer/documenten/{REPORT}", data={"csrf_token": csrf(client, "/beheer"), "titel": "Nu niet",
                                                              "soort": "jaarverslag"})
        assert r.status_code == 409 and "er loopt al een ingest" in r.get_data(as_text=True)
        with pytest.raises(Busy):
            lib.remove_document(REPORT)
    assert sorted((p.name, p.read_bytes()) for p in docs.iterdir() if p.is_file()) == before


def test_a_document_read_from_elsewhere_is_not_changed(tmp_path, corpus):
    """The session's corpus was read from the checkout's documents/, not its own documents
    folder: nothing of the checkout may be edited or removed through it."""
    lib = Library(tmp_path / "data", documents_dir=tmp_path / "eigen")
    shutil.copytree(corpus.data_dir, lib.data_dir, symlinks=True)
    with pytest.raises(KbError) as refused:
        lib.remove_document(REPORT)
    assert refused.value.status in (404, 409)
    assert (DOCUMENTS / f"{REPORT}.txt").exists()


def search_total(client, q: str) -> int:
    return client.get(f"/api/search?q={q}").get_json()["total"]


def test_removing_a_document_asks_moves_it_aside_and_keeps_decisions(site):
    docs, data, app, client = site
    upload_report(client)
    assert search_total(client, WORD) == 1
    lib = Library(data)
    section = next(s["id"] for s in client.get("/documenten/proefverslag-2021.json").get_json()["sections"]
                   if WORD in s["text"])
    ambition = lib.snapshot().catalog.ambitions[0]["id"]
    decision = lib.record_decision(ambition, section, "bevestigd", "telt mee", author="auditor")

    html = client.get("/beheer").get_data(as_text=True)
    assert 'href="/beheer/documenten/proefverslag-2021/verwijderen"' in html
    assert 'action="/beheer/documenten/proefverslag-2021/verwijder"' not in html  # never in one click
    ask = client.get("/beheer/documenten/proefverslag-2021/verwijderen")
    text = ask.get_data(as_text=True)
    assert ask.status_code == 200 and "Proefverslag 2021" in text and "1 beslissing(en)" in text
    assert 'action="/beheer/documenten/proefverslag-2021/verwijder"' in text and 'name="csrf_token"' in text
    assert (docs / "proefverslag-2021.txt").exists()  # asking changes nothing

    path = "/beheer/documenten/proefverslag-2021/verwijder"
    assert client.post(path).status_code == 400 and (docs / "proefverslag-2021.txt").exists()
    auditor = app.test_client()
    login(auditor, "auditor")
    assert auditor.get("/beheer/documenten/proefverslag-2021/verwijderen").status_code == 403
    assert auditor.post(path, data={"csrf_token": csrf(auditor, "/")}).status_code == 403
    assert (docs / "proefverslag-2021.txt").exists()

    r = client.post(path, data={"csrf_token": csrf(client, "/beheer")})
    assert r.status_code == 302 and "/beheer/taak/" in r.headers["Location"]
    job = finished_job(client, r.headers["Location"])
    assert job["state"] == "klaar" and [d["document_id"] for d in job["removed"]] == ["proefverslag-2021"]
    assert job["counts"]["verwijderd"] == 1
    assert "proefverslag-2021.txt" in re.search(r'<section id="verwijderd".*?</section>',
                                                client.get(r.headers["Location"]).get_data(as_text=True), re.S).group(0)
    assert not list(docs.glob("proefverslag-2021*"))
    [folder] = (data / "removed").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["proefverslag-2021.meta.toml", "proefverslag-2021.txt", "removed.json"]
    assert (folder / "proefverslag-2021.txt").read_bytes() == REPORT_TEXT
    assert search_total(client, WORD) == 0
    assert "proefverslag-2021" not in {d["id"] for d in client.get("/documenten.json").get_json()["documents"]}
    assert client.get("/documenten/proefverslag-2021").status_code == 404

    kept = [d for d in Library(data).decisions.history() if d.id == decision.id]
    assert kept and kept[0].section_id == section  # decisions are never deleted
    detail = client.get(f"/ambities/{ambition}")
    assert detail.status_code == 200 and section in detail.get_data(as_text=True)  # in the history still
    assert "(sectie bestaat niet meer)" in detail.get_data(as_text=True)
    history = client.get(f"/ambities/{ambition}.json").get_json()["history"]
    assert [d["section_exists"] for d in history if d["section_id"] == section] == [False]

    listed = client.get("/beheer.json").get_json()["removed"]
    assert [x["document_id"] for x in listed] == ["proefverslag-2021"] and listed[0]["by"] == "beheer"
    r = client.post(f"/beheer/verwijderd/{listed[0]['name']}/terugzetten", data={"csrf_token": csrf(client, "/beheer")})
    job = finished_job(client, r.headers["Location"])
    assert {o["file"]: o["change"] for o in job["outcomes"]}["proefverslag-2021.txt"] == "nieuw"
    assert (docs / "proefverslag-2021.txt").read_bytes() == REPORT_TEXT and not list((data / "removed").iterdir())
    assert search_total(client, WORD) == 1
    present = sorted(p.name for p in docs.iterdir())
    for bad in ("..", "bestaat-niet", ".verborgen", "%2E%2E%2Fdocuments"):
        r = client.post(f"/beheer/verwijderd/{bad}/terugzetten", data={"csrf_token": csrf(client, "/beheer")})
        assert r.status_code in (302, 404) and "/beheer/taak/" not in r.headers.get("Location", "")
    assert sorted(p.name for p in docs.iterdir()) == present


def test_a_document_without_metadata_gets_its_first_meta_file_from_the_edit(site):
    docs, _, _, client = site
    (docs / "notitie-wijkteams.txt").write_text("# Notitie wijkteams 2021 (TESTDATA)\n\nDe wijkteams werkten in 2021 "
                                               "samen met de gemeente.\n", encoding="utf-8")
    r = client.post("/beheer/inlezen", data={"csrf_token": csrf(client, "/beheer")})
    job = finished_job(client, r.headers["Location"])
    assert {o["file"]: o["change"] for o in job["outcomes"]}["notitie-wijkteams.txt"] == "nieuw"
    guessed = next(d for d in client.get("/documenten.json").get_json()["documents"] if d["id"] == "notitie-wijkteams")
    assert guessed["metadata_guessed"] and not (docs / "notitie-wijkteams.meta.toml").exists()
    page = client.get("/beheer/documenten/notitie-wijkteams").get_data(as_text=True)
    assert "nog geen metadatabestand" in page and f'value="{guessed["title"]}"' in page  # the ingest's guess
    assert selected_kind(page) == guessed["kind"]
    r = client.post("/beheer/documenten/notitie-wijkteams", data={
        "csrf_token": csrf(client, "/beheer"), "titel": "Notitie wijkteams", "soort": "overig", "jaar": "2021",
        "eenheid": "Eenheid Rotterdam"})
    job = finished_job(client, r.headers["Location"])
    assert job["state"] == "klaar"
    meta = (docs / "notitie-wijkteams.meta.toml").read_text(encoding="utf-8")
    assert 'title = "Notitie wijkteams"' in meta and 'kind = "overig"' in meta and "year = 2021" in meta
    doc = next(d for d in client.get("/documenten.json").get_json()["documents"] if d["id"] == "notitie-wijkteams")
    assert doc["title"] == "Notitie wijkteams" and doc["unit"] == "Eenheid Rotterdam" and not doc["metadata_guessed"]
    assert "nog geen metadatabestand" not in client.get("/beheer/documenten/notitie-wijkteams").get_data(as_text=True)


def test_a_removal_that_fails_halfway_leaves_the_document_whole(library, monkeypatch):
    """A move that fails (a full disk under the data folder) puts back what had moved."""
    import errno

    import kb.store.corpus_admin as corpus_admin

    docs = library.documents_dir
    before = sorted((p.name, p.read_bytes()) for p in docs.iterdir() if p.is_file())
    real_move = shutil.move

    def move(source, dest):
        if str(source).endswith(f"{REPORT}.txt") and "removed" in str(dest):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_move(source, dest)

    monkeypatch.setattr(corpus_admin.shutil, "move", move)
    with pytest.raises(OSError):
        library.remove_document(REPORT, by="beheer")
    assert sorted((p.name, p.read_bytes()) for p in docs.iterdir() if p.is_file()) == before
    assert not library.paths.removed.exists() or not list(library.paths.removed.iterdir())


def test_restoring_never_overwrites_an_analysts_file_nor_fails_with_a_traceback(tmp_path):
    from kb.errors import KbError
    from kb.store.corpus_admin import RECORD, restore

    docs, removed = tmp_path / "documents", tmp_path / "removed"
    folder = removed / "20261202-verslag"
    folder.mkdir(parents=True)
    docs.mkdir()
    (folder / "verslag.txt").write_text("tekst", encoding="utf-8")
    (folder / RECORD).write_text('{"original": "verslag.txt", "document_id": "verslag"}', encoding="utf-8")
    (docs / "verslag.ambitions.toml").write_text("# van een analist\n", encoding="utf-8")
    with pytest.raises(KbError) as refused:
        restore(docs, removed, folder.name)
    assert refused.value.status == 409 and (docs / "verslag.ambitions.toml").read_text() == "# van een analist\n"
    (docs / "verslag.ambitions.toml").unlink()
    (folder / RECORD).write_text("{niet: json", encoding="utf-8")
    with pytest.raises(KbError) as damaged:
        restore(docs, removed, folder.name)
    assert damaged.value.status == 409 and "onleesbaar" in damaged.value.message
    (folder / RECORD).write_text('{"original": "verslag.txt"}', encoding="utf-8")
    assert restore(docs, removed, folder.name) == docs / "verslag.txt" and not folder.exists()
