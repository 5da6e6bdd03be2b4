"""web/cache.py: whole pages kept per snapshot, person and address. One person's page (a
role's buttons, a session's CSRF token, a message shown once) never reaches another; a new
decision or ingest gives a new snapshot and a new page; the cache stays within its bytes."""

from __future__ import annotations

import re

import pytest
from helpers.paths import aid
from helpers.websetup import PASSWORD, build_site

from web import create_app
from web.cache import EXTENSION, PageCache


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus):
    return build_site(tmp_path_factory.mktemp("cache"), corpus.data_dir)


@pytest.fixture
def app(site):
    docs, data = site
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t", "TESTING": True})


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, name: str) -> None:
    page = client.get("/inloggen").get_data(as_text=True)
    r = client.post("/inloggen", data={"naam": name, "wachtwoord": PASSWORD, "csrf_token": token(page)})
    assert r.status_code == 302


def test_a_page_is_made_once_per_snapshot_and_address(app):
    client = app.test_client()
    first = client.get("/ambities?thema=cybercrime")
    pages = app.extensions[EXTENSION].pages
    assert len(pages) == 1 and first.status_code == 200
    assert client.get("/ambities?thema=cybercrime").get_data() == first.get_data() and len(pages) == 1
    client.get("/ambities?thema=ondermijning")
    assert len(pages) == 2  # another address, another page


def test_one_persons_page_never_reaches_another(app):
    anonymous, auditor, other_auditor = app.test_client(), app.test_client(), app.test_client()
    login(auditor, "auditor")
    login(other_auditor, "auditor")
    seen = anonymous.get("/ambities/" + aid("ondermijning-4d")).get_data(as_text=True)
    mine = auditor.get("/ambities/" + aid("ondermijning-4d")).get_data(as_text=True)
    theirs = other_auditor.get("/ambities/" + aid("ondermijning-4d")).get_data(as_text=True)
    assert "csrf_token" not in seen and "csrf_token" in mine  # the auditor's buttons are not the reader's
    assert token(mine) != token(theirs)  # each session its own page, with its own token
    r = auditor.post("/ambities/ondermijning-4d/beslissing",
                     data={"actie": "notitie", "notitie": "gezien", "csrf_token": token(mine)})
    assert r.status_code == 302
    shown = auditor.get("/ambities/" + aid("ondermijning-4d")).get_data(as_text=True)
    assert "Notitie bewaard." in shown  # the message is shown once, to the one who saved
    assert "Notitie bewaard." not in other_auditor.get("/ambities/" + aid("ondermijning-4d")).get_data(as_text=True)
    assert "Notitie bewaard." not in auditor.get("/ambities/" + aid("ondermijning-4d")).get_data(as_text=True)
    assert "gezien" in anonymous.get("/ambities/" + aid("ondermijning-4d")).get_data(as_text=True)  # a new snapshot


def test_the_cache_keeps_within_its_bytes():
    from flask import Response

    cache = PageCache(budget=1000)
    for i in range(10):
        cache.put(("k", i), Response("x" * 300))
    assert sum(len(v[0]) for v in cache.pages.values()) <= 1000 and ("k", 9) in cache.pages
    cache.put(("groot",), Response("x" * 5000))  # larger than the budget: not kept, no error
    assert ("groot",) not in cache.pages and cache.get(("k", 9)).get_data() == b"x" * 300
