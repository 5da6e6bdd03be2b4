"""`GET /api/search` through the real Flask app, and `kb search` / `kb serve`."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.library import Library
from web import create_app

HIT_KEYS = {"section_id", "document_id", "document_title", "kind", "heading_path", "page", "themes", "years",
            "text", "snippet", "score", "title", "section_kind", "document_years", "mentioned_years", "matched_in",
            "heading_marked", "row", "role", "phenomena", "status", "example"}


@pytest.fixture(scope="module")
def client(small):
    return create_app({"DATA_DIR": str(small), "TESTING": True}).test_client()


def test_shape(client):
    r = client.get("/api/search?q=inbraak&jaar=2021")
    assert r.status_code == 200 and r.is_json
    body = r.get_json()
    assert {"query", "total", "suggestion", "facets", "hits"} <= set(body)
    assert set(body["facets"]) == {"thema", "jaar", "noemt", "soort", "document", "rol", "fenomeen", "status"}
    assert body["total"] == len(body["hits"]) > 0
    for hit in body["hits"]:
        assert set(hit) == HIT_KEYS
        assert isinstance(hit["heading_path"], list) and isinstance(hit["years"], list) and 2021 in hit["document_years"]
    assert sum(body["facets"]["soort"].values()) == body["total"]


def test_filters_and_paging_params(client):
    body = client.get("/api/search?q=politie&soort=plan&page=1&per_page=1").get_json()
    assert body["filters"] == {"soort": ["plan"]} and len(body["hits"]) == 1
    assert all(h["kind"] == "plan" for h in body["hits"])
    theme = client.get("/api/search?q=&thema=cyber").get_json()
    assert theme["filters"] == {"thema": ["cybercrime"]} and theme["total"] > 0


def test_suggestion(client):
    body = client.get("/api/search?q=ondermijnig").get_json()  # found through its stem: nothing to suggest
    assert body["total"] and body["suggestion"] is None
    assert client.get("/api/search?q=ondermijnnig").get_json()["suggestion"] == "ondermijning"


@pytest.mark.parametrize("q", [
    '"unbalanced', "OF", "OR AND NOT", "-", '"', "thema:", "jaar:abc", "\x00\x01\x02", "\x1b[2J",
    "x" * 10_240, "woord " * 2000, "%", "*", "?", "(", "[]", "\\", "a:b:c", "<script>alert(1)</script>",
    "drugs\u0000lab",
])
def test_malformed_queries_answer_200_json(client, q):
    r = client.get("/api/search?q=" + quote(q, safe=""))
    if len(quote(q, safe="")) > 6000:  # an address longer than anyone types: a clear Dutch 414 (web.search)
        assert r.status_code == 414 and r.is_json and "te lang" in r.get_json()["error"]
        return
    assert r.status_code == 200 and r.is_json
    body = r.get_json()
    assert isinstance(body["total"], int) and isinstance(body["hits"], list)
    assert "\x00" not in body["query"]


def test_bad_page_params_are_clamped(client):
    for params in ("page=abc", "page=-3", "page=0", "per_page=100000", "per_page=x"):
        r = client.get(f"/api/search?q=politie&{params}")
        assert r.status_code == 200 and r.get_json()["page"] >= 1


def test_no_index_is_a_clear_503(tmp_path):
    c = create_app({"DATA_DIR": str(tmp_path), "TESTING": True}).test_client()
    r = c.get("/api/search?q=x")
    assert r.status_code == 503 and "kb ingest" in r.get_json()["error"]


def test_cli_search_json_is_the_api_answer(small, client):
    res = CliRunner().invoke(main, ["search", "woninginbraken", "--soort", "jaarverslag", "--json",
                                    "--data-dir", str(small)])
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["total"] >= 1 and "woninginbraken" in body["hits"][0]["text"]
    assert body == client.get("/api/search?q=woninginbraken&soort=jaarverslag").get_json()


def test_cli_search_text_with_filters(small):
    res = CliRunner().invoke(main, ["search", "politie", "--soort", "plan", "--limit", "2", "--data-dir", str(small)])
    assert res.exit_code == 0, res.output
    assert "Beleidsplan Testeenheid" in res.stdout and "Jaarverslag 2021" not in res.stdout


@pytest.mark.parametrize("state", ["other-analysis", "catalog-of-before-the-pairing"])
def test_cli_search_builds_a_stale_index(small, tmp_path, state):
    data = tmp_path / "data"
    shutil.copytree(small, data, symlinks=True)
    lib = Library(data)
    if state == "other-analysis":
        meta_file = lib.index.current() / "beleidsbank-index.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        meta["version"]["analyzer"] = -1  # as if built by older analysis code
        meta_file.write_text(json.dumps(meta), encoding="utf-8")
    else:  # a data folder whose catalog sat beside the index
        shutil.copy(lib.paths.catalog, lib.paths.legacy_catalog)
        shutil.rmtree(lib.paths.index)
    res = CliRunner().invoke(main, ["search", "RIEC", "--data-dir", str(data)])
    assert res.exit_code == 0, res.output
    assert "zoekindex opnieuw opgebouwd" in res.stderr and "RIEC" in res.stdout


def test_cli_search_without_catalog(tmp_path):
    res = CliRunner().invoke(main, ["search", "x", "--data-dir", str(tmp_path)])
    assert res.exit_code == 1 and "kb ingest" in res.output and "Traceback" not in res.output


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow  # a server
def test_kb_serve_answers_search(small):
    port = _free_port()
    kb = os.path.join(os.path.dirname(sys.executable), "kb")
    proc = subprocess.Popen([kb, "serve", "--port", str(port), "--data-dir", str(small)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=messen", timeout=2) as r:
                    body = json.load(r)
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None, proc.stderr.read1().decode() if proc.poll() is not None else "no answer"
        assert body["total"] >= 1 and "messenbezit" in body["hits"][0]["text"]
    finally:
        proc.terminate()
        proc.wait(10)


# --- the search page as officers use it (issue 17), on the bundled documents ---------------


@pytest.fixture(scope="module")
def real(corpus):
    return create_app({"DATA_DIR": str(corpus.data_dir), "TESTING": True}).test_client()


def html(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return r.get_data(as_text=True)


def test_page_has_a_heading_section_titles_and_grouped_documents(real):
    page = html(real, "/zoeken?q=ondermijning")
    assert re.search(r"<h1[^>]*>Zoekresultaten voor „ondermijning”</h1>", page)
    titles = re.findall(r'class="hit-title" href="[^"]+">([^<]+)</a>', page)
    assert len(titles) == 10 and len(set(titles)) >= 3  # the sections' headings, not ten times the document's title
    assert 0 < page.count('class="doc-line"') < len(titles) and 'class="hit same-doc"' in page
    rows = html(real, "/zoeken?q=woninginbraken")
    assert "2019: 4.038" in rows and "2020: 3.209" in rows  # a table row with its column names


def test_heading_only_hits_say_so(real):
    body = real.get("/zoeken.json?q=ondermijning&per_page=100").get_json()
    kop = [h for h in body["hits"] if h["matched_in"] == "kop"]
    assert kop and all("<mark>" in h["heading_marked"] for h in kop)
    page = html(real, "/zoeken?q=ondermijning&per_page=100")
    assert page.count("Gevonden in de kop:") == len(kop)


def test_document_year_and_mentioned_year_are_two_filters(real):
    body = real.get("/api/search?q=ondermijning").get_json()
    assert set(body["facets"]["jaar"]) == {"2019", "2020", "2021", "2022"}
    year = min(body["facets"]["noemt"])
    named = real.get(f"/api/search?q=ondermijning&noemt={year}").get_json()
    assert named["filters"] == {"noemt": [year]} and 0 < named["total"] < body["total"]
    assert all(int(year) in h["mentioned_years"] for h in named["hits"])
    page = html(real, f"/zoeken?q=ondermijning&noemt={year}")
    assert "Verslagjaar / planperiode" in page and "Noemt jaar" in page
    assert re.search(rf'class="facet on" aria-current="true" data-value="{year}"', page)
    assert "aria-pressed" not in page


def test_hit_link_carries_the_whole_search_and_filters_can_be_cleared(real):
    page = html(real, "/zoeken?q=ondermijning&soort=plan&page=2")
    link = re.search(r'class="hit-title" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    args = parse_qs(urlsplit(link).query)
    assert args["q"] == ["ondermijning"] and args["terug"] == ["/zoeken?q=ondermijning&soort=plan&page=2"]
    clear = re.search(r'class="clear-filters" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert clear == "/zoeken?q=ondermijning"
    assert real.get(link.split("#")[0]).status_code == 200  # the reader takes it


def test_page_beyond_the_last_and_the_last_in_the_paging(real):
    last = real.get("/api/search?q=ondermijning").get_json()["pages"]
    page = html(real, "/zoeken?q=ondermijning&page=9999")
    assert f"pagina {last} van {last}" in page and "pagina 9999 van" not in page
    assert "pagina 9999 bestaat niet" in page
    first = html(real, "/zoeken?q=ondermijning")
    assert f'page={last}">{last} (laatste)</a>' in first


def test_nothing_found_gives_tips_and_a_way_out_of_the_filters(real):
    page = html(real, "/zoeken?q=woninginbraken&soort=leerdossier")
    assert "Geen secties gevonden" in page and "<code>OF</code>" in page and "spelling" in page
    assert 'href="/zoeken?q=woninginbraken">dezelfde vraag zonder filters' in page
    assert "Niets gevonden." not in html(real, "/zoeken?q=qqqxxzz")


def test_a_too_long_address_gets_a_dutch_answer(real):
    r = real.get("/zoeken?q=" + "%C3%A9" * 1200)
    assert r.status_code == 414 and "te lang" in r.get_data(as_text=True) and "URI Too Long" not in r.get_data(as_text=True)
    ok = real.get("/zoeken?q=" + "%C3%A9" * 600)  # 5.4 KB: above gunicorn's old 4 KB, served (cut to 500 characters)
    assert ok.status_code == 200 and "ingekort" in ok.get_data(as_text=True)


def test_no_autofocus_steals_the_skip_link(real):
    for url in ("/", "/zoeken", "/zoeken?q=ondermijning"):
        assert "autofocus" not in html(real, url)
    assert 'href="#resultaten">Naar de resultaten</a>' in html(real, "/zoeken?q=ondermijning")
