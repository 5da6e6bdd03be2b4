"""`GET /api/search` through the real Flask app, and `kb search` / `kb serve`."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.library import Library
from web import create_app

HIT_KEYS = {"section_id", "document_id", "document_title", "kind", "heading_path", "page", "themes", "years",
            "text", "snippet", "score"}


@pytest.fixture(scope="module")
def client(small):
    return create_app({"DATA_DIR": str(small), "TESTING": True}).test_client()


def test_shape(client):
    r = client.get("/api/search?q=inbraak&jaar=2021")
    assert r.status_code == 200 and r.is_json
    body = r.get_json()
    assert {"query", "total", "suggestion", "facets", "hits"} <= set(body)
    assert set(body["facets"]) == {"thema", "jaar", "soort", "document"}
    assert body["total"] == len(body["hits"]) > 0
    for hit in body["hits"]:
        assert set(hit) == HIT_KEYS
        assert isinstance(hit["heading_path"], list) and isinstance(hit["years"], list) and 2021 in hit["years"]
    assert sum(body["facets"]["soort"].values()) == body["total"]


def test_filters_and_paging_params(client):
    body = client.get("/api/search?q=politie&soort=plan&page=1&per_page=1").get_json()
    assert body["filters"] == {"soort": ["plan"]} and len(body["hits"]) == 1
    assert all(h["kind"] == "plan" for h in body["hits"])
    theme = client.get("/api/search?q=&thema=cyber").get_json()
    assert theme["filters"] == {"thema": ["cybercrime"]} and theme["total"] > 0


def test_suggestion(client):
    body = client.get("/api/search?q=ondermijnig").get_json()
    assert body["suggestion"] == "ondermijning"


@pytest.mark.parametrize("q", [
    '"unbalanced', "OF", "OR AND NOT", "-", '"', "thema:", "jaar:abc", "\x00\x01\x02", "\x1b[2J",
    "x" * 10_240, "woord " * 2000, "%", "*", "?", "(", "[]", "\\", "a:b:c", "<script>alert(1)</script>",
    "drugs\u0000lab",
])
def test_malformed_queries_answer_200_json(client, q):
    r = client.get("/api/search?q=" + quote(q, safe=""))
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
