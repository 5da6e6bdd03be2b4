"""Fuzzing with hypothesis: the query parser and builder (pure, no index) and the real
web app on a real index. Whatever is typed or put in a URL: never a 500, always a page or
a JSON answer, errors in Dutch."""

from __future__ import annotations

import string

import pytest
from helpers.examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.index.query import MAX_QUERY_CHARS, build_filter, build_query, parse_query
from kb.enrich.themes import load_taxonomy

OPERATORS = st.sampled_from(['"', "-", "OF", "OR", "|", "NIET", "NOT", "EN", "AND", "(", ")", "*", "?", ":", "~", "^",
                             "thema:", "jaar:", "soort:", "document:", "jaar:2019-2021", "jaar:3000-1", "\\", "'"])
WORDS = st.sampled_from(["inbraak", "RIEC", "prio 1", "FIT@NP", "82%", "ondernijning", "geïnvesteerd", "de", "het",
                         "aanrijdtijd", "woninginbraken", "cybercrime", "verwarde personen"])
QUERY = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(OPERATORS, WORDS, st.text(alphabet=string.printable, max_size=12)), max_size=30).map(" ".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=400, max_size=3000),
)
FUZZ = settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


@pytest.fixture(scope="module")
def lexicon(small):
    from kb.library import Library

    return Library(small).snapshot().lexicon


@FUZZ
@given(text=QUERY)
def test_query_builder_takes_anything(lexicon, text):
    parsed = parse_query(text)
    assert len(parsed.groups) + len(parsed.excluded) <= 24
    for mode in ("all", "any"):
        built = build_query(parsed, lexicon, mode=mode, fuzzy=mode == "any")
        built.whoosh()  # a Whoosh query or None, never an exception
    build_filter(parsed.filters, load_taxonomy())


@pytest.fixture(scope="module")
def client(small):
    from web import create_app

    return create_app({"DATA_DIR": str(small), "SECRET_KEY": "fuzz", "TESTING": False}).test_client()


@FUZZ
@given(q=QUERY, page=st.one_of(st.text(max_size=8), st.integers(-10**12, 10**12).map(str)),
       thema=st.text(max_size=30), jaar=st.text(max_size=12))
def test_search_endpoints_never_fail(client, q, page, thema, jaar):
    params = {"q": q, "page": page, "thema": thema, "jaar": jaar, "per_page": page}
    api = client.get("/api/search", query_string=params)
    if api.status_code == 414:  # an address over the limit (web/search.py): a Dutch answer, never a traceback
        assert api.is_json and "te lang" in api.get_json()["error"], api.get_json()
        return
    assert api.status_code == 200 and api.is_json
    assert api.get_json()["query"] == api.get_json()["query"][:MAX_QUERY_CHARS]
    html = client.get("/zoeken", query_string=params)
    assert html.status_code == 200 and b'lang="nl"' in html.data


@FUZZ
@given(ident=st.text(max_size=60), thema=st.text(max_size=20), status=st.text(max_size=20))
def test_trace_and_reader_addresses_never_fail(client, ident, thema, status):
    for path in (f"/ambities/{ident}", f"/ambities/{ident}.json", f"/documenten/{ident}", f"/api/ambitions/{ident}"):
        r = client.get(path)
        assert r.status_code in (200, 308, 404), (path, r.status_code)
        if r.status_code == 404:
            body = r.get_json()["error"] if r.is_json else r.get_data(as_text=True)
            assert "bestaat niet" in body or "Onbekend" in body or "Onbekende" in body, body[:300]
    r = client.get("/ambities", query_string={"thema": thema, "status": status})
    assert r.status_code in (200, 400)
    r = client.get("/api/ambitions", query_string={"thema": thema})
    assert r.status_code in (200, 400) and r.is_json
