"""The web interface through Flask's test client on a real ingested corpus: every page and
its JSON twin, roles, CSRF, escaping, upload and ingest from the beheer page."""

from __future__ import annotations

import re
import time

import pytest
from helpers.paths import aid
from helpers.websetup import PASSWORD, XSS_DOC, build_site, csrf, finished_job, login

from web import create_app

LEERDOSSIER = "rotterdam-jaarverslag-2020/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/18"


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus):
    return build_site(tmp_path_factory.mktemp("web"), corpus.data_dir)


@pytest.fixture(scope="module")
def app(site):
    """One app for the module, as one server worker serves many requests (its Library and
    snapshot carry over, as they do in gunicorn)."""
    docs, data = site
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.mark.parametrize("path", ["/", "/zoeken?q=inbraak", "/documenten", "/documenten/rotterdam-jaarverslag-2020",
                                  "/ambities", "/ambities?gaten=1", f"/ambities/{aid('ondermijning-4d')}", "/kpi", "/overzicht",
                                  "/leerdossiers", "/kennis", "/kennis/ondermijning", "/kennis/hennepteelt", "/inloggen"])
def test_pages_render_in_dutch_with_csp_and_no_inline_script(client, path):
    r = client.get(path)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", html)), "inline script"


@pytest.mark.parametrize("path,key", [("/", "ambitions"), ("/zoeken?q=inbraak", "hits"), ("/documenten", "documents"),
                                      ("/documenten/rotterdam-jaarverslag-2020", "sections"), ("/ambities", "groups"),
                                      (f"/ambities/{aid('ondermijning-4d')}", "progress"), ("/kpi", "norms"),
                                      ("/overzicht", "themes"), ("/leerdossiers", "mentions"),
                                      ("/kennis/ondermijning", "leerdossiers"), ("/kennis/hennepteelt", "hits")])
def test_every_page_has_a_json_twin(client, path, key):
    base, _, query = path.partition("?")
    r = client.get(f"{base}.json" + (f"?{query}" if query else ""))
    assert r.status_code == 200 and r.is_json
    assert r.get_json()[key]
    assert f'href="{base}.json' in client.get(path).get_data(as_text=True)  # the page links its twin


def test_search_page_facets_suggestion_and_reader_link(client):
    html = client.get("/zoeken?q=inbraak").get_data(as_text=True)
    assert "<mark>" in html and "exporteer als CSV" in html
    assert 'href="/zoeken?q=inbraak&amp;thema=' in html  # a facet adds a filter
    first = re.search(r'class="hit-title" href="([^"]+)"', html).group(1)
    assert first.startswith("/documenten/") and "q=inbraak" in first and "#s-" in first
    reader = client.get(first.replace("&amp;", "&").split("#")[0]).get_data(as_text=True)
    anchor = first.split("#")[1]
    assert f'id="{anchor}"' in reader and "<mark>" in reader
    typo = client.get("/zoeken?q=ondernijning").get_data(as_text=True)
    assert "Bedoelde u" in typo and "ondermijning" in typo
    csv = client.get("/zoeken.csv?q=inbraak&thema=burger-centraal")
    assert csv.status_code == 200 and csv.data.startswith("\ufeff".encode())
    assert client.get("/api/suggest?q=ondermijn").get_json()["suggestions"][0].lower().startswith("ondermijn")


def test_markup_in_documents_and_queries_stays_text(client):
    search = client.get("/zoeken?q=" + "<script>alert(1)</script> inbraak").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in search and "&lt;script&gt;alert(1)&lt;/script&gt;" in search
    reader = client.get(f"/documenten/{XSS_DOC}").get_data(as_text=True)
    assert "<script>window.__pwned" not in reader and "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in reader
    assert "<img src=x" not in reader and "XSS-proef &lt;b&gt;vet&lt;/b&gt;" in reader
    hit = client.get("/zoeken?q=pwned").get_data(as_text=True)
    assert "<script>window" not in hit and "&lt;script&gt;" in hit


def test_decisions_need_an_auditor_and_a_csrf_token(client, site):
    path = f"/ambities/{aid('ondermijning-4d')}/beslissing"
    form = {"actie": "bevestig", "sectie": LEERDOSSIER}
    anonymous = client.post(path, data={**form, "csrf_token": csrf(client)})
    assert anonymous.status_code == 302 and "/inloggen" in anonymous.headers["Location"]
    login(client, "lezer")
    assert client.post(path, data={**form, "csrf_token": csrf(client, f"/ambities/{aid('ondermijning-4d')}")}).status_code == 403
    client.post("/uitloggen", data={"csrf_token": csrf(client, "/")})
    assert 'class="section-id"' not in client.get("/zoeken?q=leerdossier").get_data(as_text=True)
    login(client, "auditor")
    assert f">{LEERDOSSIER}</code>" in client.get("/zoeken?q=leerdossier").get_data(as_text=True)  # to link from a search
    no_token = client.post(path, data=form)
    assert no_token.status_code == 400 and "verlopen" in no_token.get_data(as_text=True)
    page = client.get(f"/ambities/{aid('ondermijning-4d')}").get_data(as_text=True)
    assert "Bevestig" in page and "Koppeling toevoegen" in page
    ok = client.post(path, data={**form, "notitie": "gezien", "csrf_token": csrf(client, f"/ambities/{aid('ondermijning-4d')}")})
    assert ok.status_code == 302
    after = client.get(f"/ambities/{aid('ondermijning-4d')}.json").get_json()
    confirmed = [p for p in after["progress"] if p["decision"]]
    assert confirmed[0]["section_id"] == LEERDOSSIER and confirmed[0]["decision"]["author"] == "auditor"
    assert after["history"][-1]["note"] == "gezien"
    bad = client.post(path, data={"actie": "voeg-toe", "sectie": "geen/sectie", "csrf_token": csrf(client, f"/ambities/{aid('ondermijning-4d')}")},
                      follow_redirects=True)
    assert "bestaat niet" in bad.get_data(as_text=True)


def test_login_errors_and_safe_redirect(client):
    r = client.post("/inloggen", data={"naam": "auditor", "wachtwoord": "fout", "csrf_token": csrf(client)})
    assert r.status_code == 401 and "klopt niet" in r.get_data(as_text=True)
    r = client.post("/inloggen", data={"naam": "auditor", "wachtwoord": PASSWORD, "next": "//evil.example/x",
                                       "csrf_token": csrf(client)})
    assert r.headers["Location"] == "/"


def test_reading_can_require_login(site):
    docs, data = site
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t", "LOGIN_REQUIRED": True})
    c = app.test_client()
    assert c.get("/zoeken?q=inbraak").status_code == 302
    assert c.get("/api/search?q=inbraak").status_code == 401
    assert c.get("/ambities.json").status_code == 401
    login(c, "lezer")
    assert c.get("/zoeken?q=inbraak").status_code == 200


def test_beheer_upload_ingests_and_reports_errors(client, site, tmp_path):
    docs, data = site
    assert client.get("/beheer").status_code == 302
    login(client, "beheer")
    token = csrf(client, "/beheer")
    bad = client.post("/beheer/upload", data={"csrf_token": token, "titel": "Virus", "soort": "overig",
                                              "bestand": (__import__("io").BytesIO(b"MZ"), "virus.exe")},
                      content_type="multipart/form-data", follow_redirects=True)
    assert "wordt niet ondersteund" in bad.get_data(as_text=True) and not list(docs.glob("virus*"))
    text = b"# Jaarverslag 2021 (TESTDATA)\n\n## Ondermijning\n\nHet leerdossier over AGORA is in 2021 opgeleverd.\n"
    r = client.post("/beheer/upload", data={"csrf_token": csrf(client, "/beheer"), "titel": "Testverslag 2021",
                                            "soort": "jaarverslag", "jaar": "2021", "eenheid": "Eenheid Rotterdam",
                                            "bestand": (__import__("io").BytesIO(text), "verslag.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    job = finished_job(client, r.headers["Location"])
    assert job["state"] == "klaar", job
    assert any(o["document_id"] == "testverslag-2021" for o in job["outcomes"])
    assert (docs / "testverslag-2021.meta.toml").read_text(encoding="utf-8").count("year = 2021") == 1
    for _ in range(200):  # the pages keep showing the previous trace until the new one is built
        if 2021 in client.get("/ambities.json").get_json()["years"]:
            break
        time.sleep(0.1)
    assert 2021 in client.get("/ambities.json").get_json()["years"]
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "klaar" in page and "testverslag-2021" in page
    (docs / "testverslag-2021.txt").unlink()
    (docs / "testverslag-2021.meta.toml").unlink()


def test_errors_are_dutch_pages_or_json(client):
    r = client.get("/documenten/bestaat-niet")
    assert r.status_code == 404 and "bestaat niet" in r.get_data(as_text=True)
    assert client.get("/ambities/bestaat-niet.json").get_json()["error"]
    assert client.get("/ambities?thema=sterrenkunde").status_code == 400


def test_api_decisions_need_login_and_csrf(client):
    path = f"/api/ambitions/{aid('ondermijning-4e')}/decisions"
    body = {"action": "bevestigd", "section_id": LEERDOSSIER, "note": "via de API"}
    assert client.post(path, json=body).status_code == 400  # no CSRF token
    anonymous = client.get("/")
    assert 'name="csrf-token"' not in anonymous.get_data(as_text=True)
    assert "Set-Cookie" not in anonymous.headers  # reading writes no session
    r = client.post(path, json=body, headers={"X-CSRFToken": csrf(client)})
    assert r.status_code == 401 and r.is_json
    login(client, "auditor")
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    r = client.post(path, json=body, headers={"X-CSRFToken": token})
    assert r.status_code == 201 and r.get_json()["author"] == "auditor"
    detail = client.get(f"/api/ambitions/{aid('ondermijning-4e')}").get_json()
    assert any(p["decision"] and p["decision"]["note"] == "via de API" for p in detail["progress"])
    for bad in ({"action": "gok"}, {"action": "bevestigd", "section_id": "x/y"}, ["lijst"]):
        r = client.post(path, json=bad, headers={"X-CSRFToken": token})
        assert r.status_code == 400 and r.get_json()["error"]


@pytest.mark.parametrize("filename,content,message", [
    ("rapport.pdf", b"MZ\x90\x00 dit is een programma", "geen PDF"),
    ("notities.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "geen tekst"),
    ("oud.txt", "ziekteverzuim daalde naar één procent".encode("latin-1"), "geen geldige UTF-8"),
    ("../../../etc/cron.d/x.txt", b"Gewone tekst over inbraak in 2021.", None),
    ("leeg.txt", b"", "leeg"),
])
def test_upload_checks_content_and_names(client, site, filename, content, message):
    import io

    docs, _ = site
    login(client, "beheer")
    before = sorted(p.name for p in docs.iterdir())
    r = client.post("/beheer/upload", data={"csrf_token": csrf(client, "/beheer"), "titel": "", "soort": "overig",
                                            "bestand": (io.BytesIO(content), filename)},
                    content_type="multipart/form-data", follow_redirects=True)
    html = r.get_data(as_text=True)
    if message:
        assert "Niet toegevoegd" in html and message in html, html[-2000:]
        assert sorted(p.name for p in docs.iterdir()) == before
    else:  # a path in the name is only a name: the file lands in the corpus folder, nowhere else
        added = sorted(set(p.name for p in docs.iterdir()) - set(before))
        assert added == ["x.meta.toml", "x.txt"], added
        assert not (docs.parent / "etc").exists()
        for name in added:
            (docs / name).unlink()


def test_upload_size_limit(site):
    docs, data = site
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t", "TESTING": True,
                      "MAX_CONTENT_LENGTH": 1000})
    c = app.test_client()
    login(c, "beheer")
    import io
    r = c.post("/beheer/upload", data={"csrf_token": csrf(c, "/beheer"), "titel": "Groot", "soort": "overig",
                                       "bestand": (io.BytesIO(b"a" * 5000), "groot.txt")},
               content_type="multipart/form-data")
    assert r.status_code == 413 and "te groot" in r.get_data(as_text=True)


def test_reader_shows_new_decisions_roles_and_marks(client):
    """The reader's pages are kept per snapshot and person (web/cache.py): a decision,
    another role and a query must still show on the next page."""
    detail = client.get(f"/ambities/{aid('ondermijning-4c')}.json").get_json()
    link = next(p for p in detail["progress"] if not p["decision"])
    doc, section = link["section_id"].split("/")[0], link["section_id"]
    before = client.get(f"/documenten/{doc}").get_data(as_text=True)  # the anonymous rendering, kept
    assert f">{section}</code>" not in before
    login(client, "auditor")
    page = client.get(f"/documenten/{doc}").get_data(as_text=True)
    assert f">{section}</code>" in page  # the auditor's own rendering, with section ids
    part = page[page.index(f">{section}</code>"):]
    assert not re.match(r'(?s)(?:(?!class="section ).)*Ondermijning 4c</a> ✓', part)
    token = csrf(client, f"/ambities/{aid('ondermijning-4c')}")
    ok = client.post(f"/ambities/{aid('ondermijning-4c')}/beslissing", data={"actie": "bevestig", "sectie": section, "csrf_token": token})
    assert ok.status_code == 302
    part = client.get(f"/documenten/{doc}").get_data(as_text=True)
    part = part[part.index(f">{section}</code>"):]
    assert re.match(r'(?s)(?:(?!class="section ).)*Ondermijning 4c</a> ✓', part), "the confirmation is not shown"
    word = re.search(r"[a-z]{8,}", link["text"]).group(0)
    marked = client.get(f"/documenten/{doc}?q={word}").get_data(as_text=True)
    assert "<mark>" in marked and re.search(r'class="section (paragraph|bullet) hit"', marked)
    assert "<mark>" not in client.get(f"/documenten/{doc}").get_data(as_text=True)


def test_matrix_shows_a_new_decision(client):
    """The matrix page is kept per snapshot: a confirmed link must show (✓) on the next
    page, and the filters still filter."""
    rows = [r for g in client.get("/ambities.json").get_json()["groups"] for r in g["ambitions"]]
    target = next((r, y) for r in rows for y, c in r["years"].items() if c["links"] and c["source"] != "bevestigd")
    row, year = target

    def cell(html: str) -> str:
        start = html.index(f'<span class="id">{row["key"]}</span>')
        return html[html.index(f"#jaar-{year}", start):html.index("</td>", html.index(f"#jaar-{year}", start))]

    assert "✓" not in cell(client.get("/ambities").get_data(as_text=True))  # rendered and kept
    login(client, "auditor")
    progress = client.get(f"/ambities/{row['id']}.json").get_json()["progress"]
    link = next(p for p in progress if not p["decision"] and str(p["year"]) == year)
    token = csrf(client, f"/ambities/{row['id']}")
    ok = client.post(f"/ambities/{row['id']}/beslissing", data={"actie": "bevestig", "sectie": link["section_id"], "csrf_token": token})
    assert ok.status_code == 302
    assert "✓" in cell(client.get("/ambities").get_data(as_text=True)), "the confirmation is not shown"
    theme = next(g["theme"] for g in client.get("/ambities.json").get_json()["groups"] if g["theme"])
    shown = client.get(f"/ambities.json?thema={theme}").get_json()["groups"]
    assert [g["theme"] for g in shown] == [theme]


def test_reader_shows_the_new_text_after_a_reingest(tmp_path):
    from kb.library import Library

    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    meta = 'title = "Proef"\nkind = "overig"\nunit = "Testeenheid"\nyear = 2021\n'
    (docs / "proef.meta.toml").write_text(meta, encoding="utf-8")
    (docs / "proef.txt").write_text("# Proef\n\nDe eerste versie over fietsendiefstal.\n", encoding="utf-8")
    assert not Library(data).ingest([docs]).failures
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t", "TESTING": True})
    c = app.test_client()
    assert "eerste versie" in c.get("/documenten/proef").get_data(as_text=True)
    (docs / "proef.txt").write_text("# Proef\n\nDe tweede versie over fietsendiefstal.\n", encoding="utf-8")
    assert not Library(data).ingest([docs]).failures
    html = c.get("/documenten/proef?q=fietsendiefstal").get_data(as_text=True)
    assert "tweede versie" in html and "eerste versie" not in html and "<mark>fietsendiefstal</mark>" in html


def test_searchers_kept_per_thread_let_go_of_old_generations(tmp_path):
    """Each server thread keeps its searcher on the live generation between requests; after
    a re-ingest the old generation's files must be closed, not held by threads forever."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    from kb.library import Library

    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    (docs / "proef.meta.toml").write_text('title = "Proef"\nkind = "overig"\nyear = 2021\n', encoding="utf-8")
    (docs / "proef.txt").write_text("# Proef\n\nDe aanpak van woninginbraken.\n", encoding="utf-8")
    lib = Library(data)
    assert not lib.ingest([docs]).failures
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t", "TESTING": True})
    client = app.test_client()

    def open_generations() -> set[str]:
        found = set()
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.startswith(str(data / "index")):
                found.add(target[len(str(data / "index")) + 1:].split("/")[0])
        return found

    with ThreadPoolExecutor(4) as threads:  # threads that live on, as gunicorn's do
        for _ in range(3):
            totals = set(threads.map(lambda _: client.get("/api/search?q=inbraak").get_json()["total"], range(12)))
            assert totals == {1}
            assert open_generations() == {lib.index.current().name}
            assert not lib.ingest([docs], rebuild=True).failures


def test_ingest_jobs_are_seen_by_every_worker(client, site):
    """gunicorn runs two workers: the progress page may be asked of the one that did not
    start the job. A job whose process died shows as failed, not as running forever."""
    import json
    import subprocess
    import sys

    from kb.library import Library
    from web.jobs import Jobs

    docs, data = site
    for _ in range(300):  # an upload test before this one may have left its ingest running
        if not any(j.running for j in Jobs(Library(data)).recent()):
            break
        time.sleep(0.1)
    login(client, "beheer")
    r = client.post("/beheer/inlezen", data={"csrf_token": csrf(client, "/beheer")})
    job_id = int(r.headers["Location"].rsplit("/", 1)[1])
    for _ in range(300):
        job = client.get(f"/beheer/taak/{job_id}.json").get_json()["job"]
        if not job["running"]:
            break
        time.sleep(0.1)
    assert job["state"] == "klaar", job
    other = subprocess.run([sys.executable, "-c", "import json, sys; from kb.library import Library; from web.jobs import Jobs; "
                            "print(json.dumps(Jobs(Library(sys.argv[1])).get(int(sys.argv[2])).to_dict()))",
                            str(data), str(job_id)], capture_output=True, text=True, check=True)
    seen = json.loads(other.stdout)
    assert seen["state"] == "klaar" and seen["message"] == job["message"] and seen["id"] == job_id
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stuck = dict(job, id=job_id + 1000, state="bezig", finished=None, pid=gone.pid, running=True)
    (data / "jobs" / f"{job_id + 1000}.json").write_text(json.dumps(stuck), encoding="utf-8")
    page = client.get(f"/beheer/taak/{job_id + 1000}").get_data(as_text=True)
    assert "mislukt" in page and "gestopt" in page and 'http-equiv="refresh"' not in page
    assert client.get(f"/beheer/taak/{job_id + 5000}").status_code == 404


def test_figures_are_written_with_a_decimal_comma_and_no_trailing_zero(client):
    # one format on every page: the ambition page wrote 94.0 as "94,0" where the scorecard wrote "94"
    csv = client.get(f"/ambities/{aid('kpi-ondermijning')}").get_data(as_text=True)
    assert re.search(r"gerealiseerd <strong>94[ <]", csv) and "94,0" not in csv
    dna = client.get(f"/ambities/{aid('kpi-executie')}").get_data(as_text=True)
    assert re.search(r"gerealiseerd <strong>62,18[ <]", dna)
    assert "62,18" in client.get("/kpi").get_data(as_text=True)


def test_a_kpi_figure_under_its_name_says_so_on_the_ambition_page(client):
    """The row kpi-names.toml names as the norm's figure shares no sentence with the norm's
    words ("Executie" against "% DNA-V <99 dagen"): the page says why it is linked, not that
    the link rests on compound parts."""
    html = client.get(f"/ambities/{aid('kpi-executie')}").get_data(as_text=True)
    at = html.find("% DNA-V &lt;99 dagen")
    assert at > 0, "the DNA-V row is not on the page"
    block = html[at:html.find("</li>", at)]
    assert "kpi-names.toml" in block and "delen van samengestelde woorden" not in block, block
