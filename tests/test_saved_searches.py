"""Saved searches (issue 17): the store (names, owners, feed tokens, visits and arrivals in
the precious file), the pages and their JSON twins through Flask's test client on a real
ingested corpus, "new since the last visit" across a real ingest of a new report and a
re-ingest of an unchanged one, and the Atom feed read with xml.etree."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest
from helpers.websetup import build_site, csrf, login

from kb.errors import KbError
from kb.library import Library
from kb.store import precious
from kb.store.saved_searches import MAX_NAME, Arrivals, DuplicateName, NotFound, SavedSearchStore
from web import create_app

A = "{http://www.w3.org/2005/Atom}"
NEW_DOC = "testdata-saved-nieuw-verslag"
NEW_TEXT = "In 2021 daalde het aantal woninginbraken sterk dankzij de wijkaanpak van inbraak met buurtpreventie."


# ---------------------------------------------------------------------- the store


@pytest.fixture
def saved(tmp_path) -> SavedSearchStore:
    return SavedSearchStore(tmp_path / "decisions.sqlite")


def noted(store: SavedSearchStore, docs: dict[str, str]) -> Arrivals:
    return store.arrivals(docs)


def test_store_saves_lists_renames_and_removes_per_user(saved):
    seen = noted(saved, {"a": "h1"})
    s = saved.create("anna", "  Inbraak   Rotterdam ", "inbraak", {"jaar": ["2020"]}, seen)
    assert (s.name, s.query, s.filters) == ("Inbraak Rotterdam", "inbraak", {"jaar": ["2020"]})
    saved.create("bert", "Inbraak Rotterdam", "inbraak", {}, seen)  # the same name for another user
    assert [x.name for x in saved.list("anna")] == ["Inbraak Rotterdam"]
    assert saved.rename("anna", s.id, "Woninginbraak").name == "Woninginbraak"
    assert saved.get("anna", s.id).name == "Woninginbraak"
    with pytest.raises(NotFound):
        saved.get("bert", s.id)  # another user's: as unknown
    with pytest.raises(NotFound):
        saved.rename("bert", s.id, "van mij")
    with pytest.raises(NotFound):
        saved.remove("bert", s.id)
    saved.remove("anna", s.id)
    assert saved.list("anna") == [] and len(saved.list("bert")) == 1
    with pytest.raises(NotFound):
        saved.get("anna", s.id)


@pytest.mark.parametrize("name,message", [("", "Geef de zoekopdracht een naam"),
                                          ("   ", "Geef de zoekopdracht een naam"),
                                          ("x" * (MAX_NAME + 1), "te lang"), ("a\x00b", "besturingstekens")])
def test_store_refuses_a_bad_name(saved, name, message):
    with pytest.raises(KbError, match=message) as caught:
        saved.create("anna", name, "inbraak", {}, Arrivals())
    assert caught.value.status == 400
    assert saved.list("anna") == []


def test_store_refuses_a_duplicate_name_without_case(saved):
    first = saved.create("anna", "Inbraak", "inbraak", {}, Arrivals())
    with pytest.raises(DuplicateName, match="al een zoekopdracht met de naam") as caught:
        saved.create("anna", "INBRAAK", "diefstal", {}, Arrivals())
    assert caught.value.status == 409
    other = saved.create("anna", "Diefstal", "diefstal", {}, Arrivals())
    with pytest.raises(DuplicateName):
        saved.rename("anna", other.id, "inbraak")
    assert saved.rename("anna", first.id, "inBraak").name == "inBraak"  # its own name, other case: fine


@pytest.mark.parametrize("query,filters,message", [("", {}, "geen zoekopdracht"), ("x" * 501, {}, "te lang"),
                                                   ("a", {"kleur rood": ["x"]}, "Onbekend filter"),
                                                   ("a", {"jaar": [3]}, "tekst")])
def test_store_refuses_a_bad_search(saved, query, filters, message):
    with pytest.raises(KbError, match=message):
        saved.create("anna", "naam", query, filters, Arrivals())


def test_removing_a_user_removes_their_searches_and_feeds(saved):
    assert saved.remove_owner("anna") == 0  # nothing saved yet: nothing made
    assert not saved.path.exists()
    a = saved.create("anna", "een", "inbraak", {}, Arrivals())
    saved.create("bert", "een", "inbraak", {}, Arrivals())
    assert saved.remove_owner("anna") == 1
    assert saved.list("anna") == [] and len(saved.list("bert")) == 1
    with pytest.raises(NotFound):
        saved.by_token(a.id, a.feed_token)


def test_feed_tokens_are_secret_and_replaced(saved):
    a = saved.create("anna", "een", "inbraak", {}, Arrivals())
    b = saved.create("anna", "twee", "inbraak", {}, Arrivals())
    assert a.feed_token != b.feed_token and len(a.feed_token) >= 32
    assert saved.by_token(a.id, a.feed_token).id == a.id
    for wrong in (b.feed_token, "", None, a.feed_token[:-1], a.feed_token + "x", "../" + a.feed_token):
        with pytest.raises(NotFound):
            saved.by_token(a.id, wrong)
    renewed = saved.new_token("anna", a.id)
    assert renewed.feed_token != a.feed_token
    with pytest.raises(NotFound):
        saved.by_token(a.id, a.feed_token)  # the old address stops working at once
    assert saved.by_token(a.id, renewed.feed_token).id == a.id
    with pytest.raises(NotFound):
        saved.new_token("bert", a.id)
    assert "feed_token" not in saved.export()[0]


def test_arrivals_new_documents_and_changed_versions_only(saved):
    s = saved.create("anna", "een", "inbraak", {}, noted(saved, {"a": "h1", "b": "h1"}))
    again = noted(saved, {"a": "h1", "b": "h1"})  # a re-ingest of unchanged files
    assert not again.is_new("a", s.mark) and not again.is_new("b", s.mark)
    later = noted(saved, {"a": "h1", "b": "h2", "c": "h1"})  # b changed, c is new
    assert [d for d in "abc" if later.is_new(d, s.mark)] == ["b", "c"]
    visited = saved.record_visit("anna", s.id, later)
    assert visited.visit == 1 and visited.shown_mark == s.mark and visited.previous_visited is None
    assert [d for d in "abc" if later.is_new(d, visited.shown_mark)] == ["b", "c"]  # this visit's page marks them
    assert not any(later.is_new(d, visited.mark) for d in "abc")  # and the list counts them no more
    second = saved.record_visit("anna", s.id, noted(saved, {"a": "h1", "b": "h2", "c": "h1"}))
    assert second.visit == 2 and second.shown_mark == visited.mark and second.previous_visited == visited.visited
    back = noted(saved, {"a": "h1", "b": "h1", "c": "h1"})  # b back to a version seen before: not new
    assert not back.is_new("b", second.mark)


def test_saved_searches_live_in_the_precious_file_and_its_backup(tmp_path):
    lib = Library(tmp_path / "data")
    lib.users.add("anna", "correct-paard-batterij", "lezer")
    s = lib.saved_searches.create("anna", "Inbraak", "inbraak", {}, Arrivals())
    assert lib.saved_searches.path == lib.paths.precious
    dest, counts = lib.backup(tmp_path / "backup.sqlite")
    with sqlite3.connect(dest) as db:
        assert db.execute("SELECT name FROM saved_searches").fetchall() == [("Inbraak",)]
    lib.saved_searches.remove("anna", s.id)
    lib.restore(dest)
    assert [x.name for x in lib.saved_searches.list("anna")] == ["Inbraak"]


def test_reading_never_writes_and_a_damaged_file_is_refused(tmp_path):
    store = SavedSearchStore(tmp_path / "decisions.sqlite")
    assert store.list("anna") == [] and not store.path.exists()  # nothing saved yet: nothing made
    store.create("anna", "Inbraak", "inbraak", {}, Arrivals())
    store.path.write_bytes(b"geen sqlite")
    with pytest.raises(precious.Unusable):
        store.list("anna")


# ---------------------------------------------------------------------- the pages


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus):
    return build_site(tmp_path_factory.mktemp("saved"), corpus.data_dir)


@pytest.fixture(scope="module")
def app(site):
    docs, data = site
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def save(client, name: str, q: str = "inbraak", **filters):
    data = {"naam": name, "q": q, "csrf_token": csrf(client, "/zoeken?q=" + q), **filters}
    return client.post("/zoekopdrachten", data=data)


def saved_id(client, name: str) -> int:
    return next(s["id"] for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["name"] == name)


def test_search_page_offers_to_save_only_when_logged_in(client):
    assert "Bewaar deze zoekopdracht" not in client.get("/zoeken?q=inbraak").get_data(as_text=True)
    login(client, "lezer")
    html = client.get("/zoeken?q=inbraak&thema=ondermijning").get_data(as_text=True)
    form = re.search(r'<details class="save-search">.*?</details>', html, re.S).group(0)
    assert 'action="/zoekopdrachten"' in form and 'name="csrf_token"' in form
    assert 'name="q" value="inbraak"' in form and 'name="thema" value="ondermijning"' in form
    assert "Bewaar deze zoekopdracht" not in client.get("/zoeken").get_data(as_text=True)  # nothing to save


def test_pages_need_a_login(client):
    assert client.get("/zoekopdrachten").status_code == 302
    r = client.get("/zoekopdrachten.json")
    assert r.status_code == 401 and "Log in" in r.get_json()["error"]
    assert client.get("/zoekopdrachten/1.json").status_code == 401


def test_posts_need_the_csrf_token(client):
    login(client, "lezer")
    r = client.post("/zoekopdrachten", data={"naam": "zonder token", "q": "inbraak"})
    assert r.status_code == 400 and "formulier is verlopen" in r.get_data(as_text=True)
    assert all(s["name"] != "zonder token" for s in client.get("/zoekopdrachten.json").get_json()["searches"])


def test_save_list_rename_remove_through_the_forms(client):
    login(client, "lezer")
    r = save(client, "Inbraak thema", thema="ondermijning")
    assert r.status_code == 303 and r.headers["Location"].startswith("/zoekopdrachten#zoekopdracht-")
    listing = client.get("/zoekopdrachten").get_data(as_text=True)
    assert "Zoekopdracht &#39;Inbraak thema&#39; bewaard" in listing and "Inbraak thema" in listing
    data = client.get("/zoekopdrachten.json").get_json()
    item = next(s for s in data["searches"] if s["name"] == "Inbraak thema")
    assert item["query"] == "inbraak" and item["filters"] == {"thema": ["ondermijning"]}
    assert item["total"] > 0 and item["new"] == 0  # what was there when it was saved is not new
    search = client.get(f"/zoeken.json?q=inbraak&thema=ondermijning").get_json()
    assert item["total"] == search["total"]
    token = csrf(client, "/zoekopdrachten")
    r = client.post(f"/zoekopdrachten/{item['id']}/naam", data={"naam": "Ondermijning en inbraak", "csrf_token": token})
    assert r.status_code == 303
    names = [s["name"] for s in client.get("/zoekopdrachten.json").get_json()["searches"]]
    assert "Ondermijning en inbraak" in names and "Inbraak thema" not in names
    r = client.post(f"/zoekopdrachten/{item['id']}/verwijder", data={"csrf_token": token})
    assert r.status_code == 303
    assert all(s["id"] != item["id"] for s in client.get("/zoekopdrachten.json").get_json()["searches"])


def test_bad_input_gives_dutch_messages_and_statuses(client, app):
    login(client, "lezer")
    assert save(client, "Dubbel").status_code == 303
    for name, status, message in (("", 400, "Geef de zoekopdracht een naam"),
                                  ("x" * 81, 400, "De naam is te lang (81 tekens, hooguit 80)"),
                                  ("dubbel", 409, "U hebt al een zoekopdracht met de naam")):
        r = save(client, name)
        assert r.status_code == status and message in r.get_data(as_text=True)
    token = csrf(client, "/zoekopdrachten")
    r = client.post("/zoekopdrachten", data={"naam": "leeg", "q": "", "csrf_token": token})
    assert r.status_code == 400 and "zoek eerst iets" in r.get_data(as_text=True)
    assert client.get("/zoekopdrachten/99999").status_code == 404
    r = client.get("/zoekopdrachten/99999.json")
    assert r.status_code == 404 and r.get_json()["error"] == "Zoekopdracht 99999 bestaat niet, of is niet van u."
    assert client.post("/zoekopdrachten/99999/verwijder", data={"csrf_token": token}).status_code == 404
    mine = saved_id(client, "Dubbel")
    other = app.test_client()
    login(other, "auditor")  # another user: my search is unknown to them, for every action
    token = csrf(other, "/zoekopdrachten")
    assert other.get(f"/zoekopdrachten/{mine}").status_code == 404
    assert other.get(f"/zoekopdrachten/{mine}.json").status_code == 404
    for action, data in (("naam", {"naam": "van mij"}), ("verwijder", {}), ("sleutel", {})):
        r = other.post(f"/zoekopdrachten/{mine}/{action}", data={**data, "csrf_token": token})
        assert r.status_code == 404 and "bestaat niet, of is niet van u" in r.get_data(as_text=True)
    assert saved_id(client, "Dubbel") == mine
    assert all(s["id"] != mine for s in other.get("/zoekopdrachten.json").get_json()["searches"])


def feed_of(client, item: dict) -> ET.Element:
    url = urlsplit(item["feed_url"])
    r = client.get(f"{url.path}?{url.query}")
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.content_type.startswith("application/atom+xml")
    return ET.fromstring(r.get_data())


def check_atom(feed: ET.Element) -> list[ET.Element]:
    """The Atom 1.0 elements every feed and entry must have (RFC 4287), and the entries."""
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert feed.find(f"{A}{tag}") is not None and feed.find(f"{A}{tag}").text, tag
    assert feed.find(f"{A}author/{A}name") is not None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", feed.find(f"{A}updated").text)
    assert feed.find(f"{A}link[@rel='self']") is not None
    entries = feed.findall(f"{A}entry")
    ids = [e.find(f"{A}id").text for e in entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("urn:uuid:") for i in ids)
    for e in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert e.find(f"{A}{tag}") is not None and e.find(f"{A}{tag}").text, tag
        assert e.find(f"{A}summary").get("type") == "text" and "<mark>" not in e.find(f"{A}summary").text
        link = e.find(f"{A}link[@rel='alternate']").get("href")
        assert link.startswith("http://localhost/documenten/") and "#s-" in link
    return entries


def test_new_report_is_new_once_and_a_reingest_of_the_same_is_not(client, site):
    docs, data = site
    login(client, "lezer")
    assert save(client, "Inbraak volgen", "inbraak").status_code == 303
    mine = saved_id(client, "Inbraak volgen")
    first = client.get(f"/zoekopdrachten/{mine}.json")  # the first visit: recorded, then sent to its address
    assert first.status_code == 302 and "bezoek=1" in first.headers["Location"]
    page = client.get(first.headers["Location"]).get_json()
    assert page["new_total"] == 0 and not any(h["new"] for h in page["hits"]) and page["first_visit"]
    first_page = client.get(f"/zoekopdrachten/{mine}?bezoek=1").get_data(as_text=True)
    assert "Nieuw sinds u deze zoekopdracht bewaarde" in first_page
    before = page["total"]

    (docs / f"{NEW_DOC}.md").write_text(f"# Nieuw verslag (TESTDATA)\n\n## Woninginbraak\n\n{NEW_TEXT}\n",
                                        encoding="utf-8")
    (docs / f"{NEW_DOC}.meta.toml").write_text('title = "Nieuw verslag 2021 (testdata)"\nkind = "overig"\n'
                                               'unit = "Testeenheid"\nyear = 2021\n', encoding="utf-8")
    result = Library(data, documents_dir=docs).ingest([docs])
    assert not result.failures and NEW_DOC in {d.id for d in result.documents}

    item = next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["id"] == mine)
    assert item["new"] >= 1 and item["total"] == before + item["new"]
    html = client.get("/zoekopdrachten").get_data(as_text=True)
    assert re.search(rf'id="zoekopdracht-{mine}".*?class="badge new">{item["new"]} nieuwe treffer', html, re.S)

    r = client.get(f"/zoekopdrachten/{mine}")
    assert r.status_code == 302 and "bezoek=2" in r.headers["Location"]
    visit = r.headers["Location"]
    page = client.get(visit.replace(f"/zoekopdrachten/{mine}?", f"/zoekopdrachten/{mine}.json?")).get_json()
    new = [h for h in page["hits"] if h["new"]]
    assert new and {h["document_id"] for h in new} == {NEW_DOC}
    assert all(not h["new"] for h in page["hits"] if h["document_id"] != NEW_DOC)
    assert page["new_total"] == item["new"] and [d["id"] for d in page["new_documents"]] == [NEW_DOC]
    assert [h["document_id"] for h in page["new_hits"]] == [NEW_DOC] * item["new"]
    html = client.get(visit).get_data(as_text=True)  # the page of this visit (also on reload) marks it
    assert html.count('<span class="badge new">nieuw</span>') == item["new"] + len(new)  # at the top and in the list
    assert "Woninginbraak" in html and "Nieuw sinds uw vorige bezoek" in html

    # seen now: the list counts it no more, and opening again marks nothing
    assert next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["id"] == mine)["new"] == 0
    third = client.get(client.get(f"/zoekopdrachten/{mine}.json").headers["Location"]).get_json()
    assert third["visit"] == 3 and third["new_total"] == 0 and not any(h["new"] for h in third["hits"])
    assert "Niets nieuws" in client.get(f"/zoekopdrachten/{mine}?bezoek=3").get_data(as_text=True)

    # the feed has it, newest document first
    item = next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["id"] == mine)
    feed = feed_of(app_client(client), item)
    entries = check_atom(feed)
    first = entries[:item["total"] - before]  # the new report's hits, before every other
    assert first and all(f"/documenten/{NEW_DOC}?" in e.find(f"{A}link").get("href") for e in first)
    assert not any(f"/documenten/{NEW_DOC}?" in e.find(f"{A}link").get("href") for e in entries[len(first):])
    paragraph = next(e for e in first if "woninginbraken" in e.find(f"{A}summary").text)
    assert paragraph.find(f"{A}title").text == "Woninginbraak · Nieuw verslag 2021 (testdata)"
    assert paragraph.find(f"{A}summary").text == NEW_TEXT
    assert feed.find(f"{A}updated").text == max(e.find(f"{A}updated").text for e in entries)

    # a re-ingest of the same files (a full rebuild even): nothing turns new
    result = Library(data, documents_dir=docs).ingest([docs], rebuild=True)
    assert not result.failures
    assert next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["id"] == mine)["new"] == 0
    fourth = client.get(client.get(f"/zoekopdrachten/{mine}.json").headers["Location"]).get_json()
    assert fourth["new_total"] == 0 and not any(h["new"] for h in fourth["hits"])


def app_client(client):
    """A client without the session (a feed reader)."""
    return client.application.test_client()


def test_feed_is_atom_opened_by_its_token_only(client, app):
    login(client, "lezer")
    assert save(client, "Feed inbraak", "inbraak").status_code == 303
    item = next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["name"] == "Feed inbraak")
    reader = app.test_client()  # no session: the token is the key
    entries = check_atom(feed_of(reader, item))
    assert len(entries) == item["total"]  # fewer than the feed's limit: every hit
    feed = feed_of(reader, item)
    assert feed.find(f"{A}title").text == "Feed inbraak · beleidsbank"
    assert feed.find(f"{A}id").text == feed_of(reader, item).find(f"{A}id").text  # stable
    path = urlsplit(item["feed_url"]).path
    token = parse_qs(urlsplit(item["feed_url"]).query)["sleutel"][0]
    for query in ("", "?sleutel=", f"?sleutel={token[:-2]}", "?sleutel=" + "a" * len(token)):
        r = reader.get(path + query)
        assert r.status_code == 404 and "Deze feed bestaat niet" in r.get_data(as_text=True)
    other = path.replace(f"/{item['id']}/", f"/{item['id'] + 1000}/")
    assert reader.get(f"{other}?sleutel={token}").status_code == 404
    r = client.post(f"/zoekopdrachten/{item['id']}/sleutel", data={"csrf_token": csrf(client, "/zoekopdrachten")})
    assert r.status_code == 303
    assert reader.get(f"{path}?sleutel={token}").status_code == 404  # the old address stops working
    renewed = next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["id"] == item["id"])
    assert renewed["feed_url"] != item["feed_url"]
    check_atom(feed_of(reader, renewed))


def test_feed_opens_without_login_when_reading_needs_one(site, app):
    docs, data = site
    strict = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True,
                         "LOGIN_REQUIRED": True})
    client = strict.test_client()
    login(client, "lezer")
    assert save(client, "Streng", "inbraak").status_code == 303
    item = next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["name"] == "Streng")
    reader = strict.test_client()
    assert reader.get("/zoekopdrachten.json").status_code == 401
    check_atom(feed_of(reader, item))


def test_filters_and_paging_keep_the_visit(client):
    login(client, "lezer")
    assert save(client, "Politie 2020", "politie", jaar="2020").status_code == 303
    mine = saved_id(client, "Politie 2020")
    location = client.get(f"/zoekopdrachten/{mine}?page=2").headers["Location"]
    assert "page=2" in location and "bezoek=" in location
    page = client.get(location.replace(f"/{mine}?", f"/{mine}.json?")).get_json()
    assert page["page"] == 2 and page["filters"] == {"jaar": ["2020"]}
    search = client.get("/zoeken.json?q=politie&jaar=2020&per_page=20&page=2").get_json()
    assert [h["section_id"] for h in page["hits"]] == [h["section_id"] for h in search["hits"]]
    html = client.get(location).get_data(as_text=True)
    assert re.search(rf'href="/zoekopdrachten/{mine}\?page=1&amp;bezoek=\d+"', html)


def test_markup_in_a_name_stays_text_in_the_pages_and_the_feed(client):
    login(client, "lezer")
    name = '<img src=x onerror="window.__pwned=1"> & co'
    assert save(client, name, "inbraak").status_code == 303
    html = client.get("/zoekopdrachten").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    item = next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["name"] == name)
    assert "<img src=x" not in client.get(f"/zoekopdrachten/{item['id']}?bezoek=0", follow_redirects=True
                                          ).get_data(as_text=True)
    assert feed_of(client.application.test_client(), item).find(f"{A}title").text == f"{name} · beleidsbank"


def test_list_without_a_catalog_yet(tmp_path):
    lib = Library(tmp_path / "data", documents_dir=tmp_path / "docs")
    lib.users.add("lezer", "correct-paard-batterij", "lezer")
    lib.saved_searches.create("lezer", "Vooraf", "inbraak", {}, Arrivals())
    app = create_app({"DATA_DIR": str(lib.data_dir), "DOCUMENTS_DIR": str(tmp_path / "docs"), "SECRET_KEY": "test",
                      "TESTING": True})
    client = app.test_client()
    login(client, "lezer")
    r = client.get("/zoekopdrachten.json")
    assert r.status_code == 200
    assert [(s["name"], s["total"], s["new"]) for s in r.get_json()["searches"]] == [("Vooraf", None, None)]
    assert "Vooraf" in client.get("/zoekopdrachten").get_data(as_text=True)


def test_feed_of_a_broad_search_keeps_the_newest_report_first_within_its_limit(client, site):
    docs, data = site
    login(client, "lezer")
    assert save(client, "Alles over politie", "politie").status_code == 303
    item = next(s for s in client.get("/zoekopdrachten.json").get_json()["searches"] if s["name"] == "Alles over politie")
    assert item["total"] > 100  # more hits than the feed holds
    doc = "testdata-saved-breed"
    (docs / f"{doc}.md").write_text("# Breed (TESTDATA)\n\n## Capaciteit\n\n"
                                    "De politie zette in 2022 extra wijkagenten in, op verzoek van de gemeente.\n",
                                    encoding="utf-8")
    (docs / f"{doc}.meta.toml").write_text('title = "Breed verslag (testdata)"\nkind = "overig"\n'
                                           'unit = "Testeenheid"\nyear = 2022\n', encoding="utf-8")
    assert not Library(data, documents_dir=docs).ingest([docs]).failures
    entries = check_atom(feed_of(client.application.test_client(), item))
    assert len(entries) == 100
    assert f"/documenten/{doc}?" in entries[0].find(f"{A}link").get("href")
    assert entries[0].find(f"{A}title").text == "Capaciteit · Breed verslag (testdata)"
    times = [e.find(f"{A}updated").text for e in entries]
    assert times == sorted(times, reverse=True)  # newest documents first


def test_removing_a_user_through_the_library_takes_their_searches_along(tmp_path, corpus):
    from kb.library import Library

    lib = Library(tmp_path / "data")
    lib.users.add("bert", "correct-paard-batterij", "lezer")
    lib.saved_searches.create("bert", "inbraak", "inbraak", {}, lib.saved_searches.arrivals({}))
    lib.remove_user("bert")
    lib.users.add("bert", "correct-paard-batterij", "lezer")
    assert lib.saved_searches.list("bert") == []


def test_the_feed_of_a_removed_user_stops_even_if_their_searches_remained(tmp_path):
    from kb.library import Library
    from kb.store.saved_searches import NotFound

    lib = Library(tmp_path / "data")
    lib.users.add("cor", "correct-paard-batterij", "lezer")
    made = lib.saved_searches.create("cor", "drugs", "drugs", {}, lib.saved_searches.arrivals({}))
    assert lib.saved_searches.by_token(made.id, made.feed_token).id == made.id
    lib.users.remove("cor")  # the user alone, as a failed second step would leave it
    with pytest.raises(NotFound):
        lib.saved_searches.by_token(made.id, made.feed_token)


def test_gunicorns_access_log_hides_a_feeds_key():
    """gunicorn.conf.py logs through web.serving.AccessLog: the key is blanked, the rest stays."""
    import datetime

    from gunicorn.config import Config

    from web.serving import AccessLog

    class Response:
        status, sent, headers = "200 OK", 10, []

    class Request:
        headers = []

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/zoekopdrachten/3/atom.xml?x=1&sleutel=Geheim123",
               "SERVER_PROTOCOL": "HTTP/1.1", "QUERY_STRING": "x=1&sleutel=Geheim123"}
    atoms = AccessLog(Config()).atoms(Response(), Request(), environ, datetime.timedelta(seconds=0))
    assert atoms["r"] == "GET /zoekopdrachten/3/atom.xml?x=1&sleutel=verborgen HTTP/1.1"
    assert atoms["q"] == "x=1&sleutel=verborgen"
    assert "AccessLog" in (Path(__file__).resolve().parent.parent / "gunicorn.conf.py").read_text()


def test_a_user_keeps_at_most_fifty_searches(saved):
    from kb.errors import KbError
    from kb.store.saved_searches import MAX_PER_USER

    seen = saved.arrivals({})
    for n in range(MAX_PER_USER):
        saved.create("anna", f"zoek {n}", f"woord{n}", {}, seen)
    with pytest.raises(KbError) as full:
        saved.create("anna", "nog een", "woord", {}, seen)
    assert full.value.status == 409 and "hooguit 50" in full.value.message
    assert saved.create("bert", "eigen", "woord", {}, seen).owner == "bert"  # per user
