"""The summary pages on the real ingested corpus through Flask's test client (issue 17): the
overview's status mix per theme and year, the KPI bullet chart of a norm with one year of
figures, and the leerdossiers page's one search over the dossiers and the mentions."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html import unescape

import pytest
from conftest import copy_data

from web import create_app
from web.kpi import chart


@pytest.fixture(scope="module")
def client(tmp_path_factory, corpus):
    data = copy_data(corpus.data_dir, tmp_path_factory.mktemp("overview") / "data")
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(tmp_path_factory.mktemp("docs")),
                      "SECRET_KEY": "test", "TESTING": True})
    return app.test_client()


def test_overview_cells_count_every_ambition_by_the_status_the_trace_gives(client):
    overview = client.get("/overzicht.json").get_json()
    matrix = client.get("/ambities.json").get_json()
    expected: dict[tuple[str, str], Counter] = {}
    for group in matrix["groups"]:
        for a in group["ambitions"]:
            for year, cell in a["years"].items():
                expected.setdefault((group["theme"], year), Counter())[cell["status"]] += 1
    assert overview["themes"]
    seen = 0
    for theme in overview["themes"]:
        for year, c in theme["years"].items():
            assert sum(c["statuses"].values()) == c["ambitions"]
            assert set(c["statuses"]) == set(overview["statuses"])
            assert Counter({s: n for s, n in c["statuses"].items() if n}) == expected[(theme["theme"], year)]
            seen += c["ambitions"]
    # every cell of the matrix once, also of the ambitions without a theme (kpi-executie, niet gehaald,
    # was missing: the overview counted only the taxonomy's themes)
    assert seen == sum(e.total() for e in expected.values())
    last = overview["themes"][-1]
    assert (last["theme"], last["name"]) == ("", "Zonder thema") and last["years"]
    mixed = [c for t in overview["themes"] for c in t["years"].values() if sum(1 for n in c["statuses"].values() if n) > 1]
    assert mixed, "the corpus has cells with more than one status"


def test_overview_page_says_the_counts_in_words_beside_the_bar(client):
    overview = client.get("/overzicht.json").get_json()
    html = client.get("/overzicht").get_data(as_text=True)
    cells = re.findall(r"<td>(.*?)</td>", html, flags=re.S)
    filled = [c for c in cells if "<svg" in c]
    assert len(filled) == sum(len(t["years"]) for t in overview["themes"])
    first = overview["themes"][0]["years"][str(overview["years"][0])]
    words = [f"{n} {s}" for s, n in first["statuses"].items() if n]
    text = unescape(re.sub(r"<[^>]+>", " ", filled[0]))
    assert all(w in " ".join(text.split()) for w in words), (words, text)
    assert filled[0].count("<rect") == len(words)  # one segment per status present
    assert 'aria-hidden="true"' in filled[0]  # the bar is decoration; the words carry it


def test_the_row_without_a_theme_links_to_the_matrix_of_those_ambitions(client):
    overview = client.get("/overzicht.json").get_json()
    html = client.get("/overzicht").get_data(as_text=True)
    assert 'href="/ambities?thema=zonder-thema"' in html
    assert client.get("/ambities").get_data(as_text=True).count('id="groep-zonder-thema"') == 1
    matrix = client.get("/ambities.json?thema=zonder-thema").get_json()
    assert [g["name"] for g in matrix["groups"]] == ["Zonder thema"]
    counted = {y: c["ambitions"] for y, c in overview["themes"][-1]["years"].items()}
    assert {y: sum(1 for a in matrix["groups"][0]["ambitions"] if y in a["years"]) for y in counted} == counted
    shown = client.get("/ambities?thema=zonder-thema").get_data(as_text=True)
    assert '<option value="zonder-thema" selected>' in shown  # the filter says what it shows
    assert "thema=zonder-thema" in shown.split('class="exports"')[1].split("</span>")[0]  # and the export keeps it
    exported = client.get("/ambities/export.csv?thema=zonder-thema").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(exported), delimiter=";"))[1:]
    assert rows and len(rows) == sum(counted.values())


def test_a_kpi_with_one_year_is_a_bullet_chart_with_norm_value_and_verdict(client):
    norms = client.get("/kpi.json").get_json()["norms"]
    judged = [n for n in norms if len(n["lines"]) == 1 and n["lines"][0]["value"] is not None
              and n["lines"][0]["verdict"] in ("gehaald", "niet gehaald")]
    assert judged
    html = client.get("/kpi").get_data(as_text=True)
    svgs = re.findall(r'<svg class="chart bullet".*?</svg>', html, flags=re.S)
    assert len(svgs) >= len(judged)
    for n in judged:
        line = n["lines"][0]
        value = f"{line['value']:g}".replace(".", ",")
        svg = next(s for s in svgs if f'aria-label="{n["name"]}, {line["year"]}' in unescape(s))
        label = unescape(re.search(r'aria-label="([^"]+)"', svg).group(1))
        assert f"gerealiseerd {value}" in label and label.endswith(line["verdict"])
        assert 'role="img"' in svg and "<title>" in svg
        assert 'class="norm bullet-norm"' in svg and "norm" in label  # every judged line has a norm to draw
        assert re.search(r'<rect class="(ok|bad)"', svg)


def test_bullet_puts_the_norm_where_it_lies_and_more_years_are_bars():
    one = {"name": "Aanrijdtijd", "year": 2020, "value": 80.0, "unit": "%", "verdict": "niet gehaald",
           "plan_norm": "≥ 82 %", "norm_value": 82.0, "report_norm": "≥ 82 %", "against": "plan"}
    svg = chart([one])
    assert 'class="chart bullet"' in svg
    bar = float(re.search(r'<rect class="bad" x="10" y="25" width="([\d.]+)"', svg).group(1))
    norm_x = float(re.search(r'<line class="norm bullet-norm" x1="([\d.]+)"', svg).group(1))
    assert norm_x - 10 == pytest.approx(bar * 82 / 80, abs=0.2)  # the bar stops short of the norm
    assert "plannorm ≥ 82 %" in svg and "2020: 80 % · niet gehaald" in svg
    two = chart([one, one | {"year": 2021, "value": 85.0, "verdict": "gehaald"}])
    assert "bullet" not in two and two.count("<rect") == 2
    no_norm = chart([one | {"plan_norm": None, "norm_value": None, "against": None, "verdict": "monitoring"}])
    assert "bullet-norm" not in no_norm and "geen norm om tegen te meten" in no_norm


def test_leerdossiers_search_finds_what_the_mentions_list_shows(client):
    page = client.get("/leerdossiers.json?q=AGORA").get_json()
    agora = [m for m in page["mentions"] if "agora" in re.sub(r"<[^>]+>", "", m["snippet"]).lower()]
    assert agora, "the corpus mentions AGORA"
    found = {h["section_id"] for h in page["found"]["hits"]}
    assert page["found"]["total"] >= len(agora)
    assert {m["section_id"] for m in agora} <= found
    html = client.get("/leerdossiers?q=AGORA").get_data(as_text=True)
    assert f"Gevonden voor „AGORA”: {page['found']['total']}" in html
    assert page["found"]["total"] > 0
