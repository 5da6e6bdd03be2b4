"""The source page: a page of a source PDF drawn once into the data folder (kb/render/pages.py),
the section found on it and highlighted, the page and its image served by the web app
(web/source.py), and the reader's links to it, ambition names and way back to the search."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from urllib.parse import quote

import pytest
from helpers.paths import REPORT_ID
from helpers.pdfgen import dutch_report
from helpers.render_pdf import render_plan
from helpers.source_pages import PDF_ID, build_pdf_site
from PIL import Image

from kb.errors import KbError
from kb.render.pages import SourcePages, boxes
from web import create_app


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory):
    """The bundled plan printed as a PDF (the corpus ships its text only), and what went on which page."""
    data, placed = render_plan(columns=1)
    path = tmp_path_factory.mktemp("plan") / "plan.pdf"
    path.write_bytes(data)
    return path, placed


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    data, placed = dutch_report(pages=2, columns=2)
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(data)
    return path, placed


# ---------------------------------------------------------------- the renderer


def test_a_page_of_the_bundled_plan_is_drawn_once_and_then_read_from_the_folder(plan_pdf, tmp_path):
    path, placed = plan_pdf
    paragraph = next(p for p in placed if p.kind == "paragraph" and p.page > 3 and len(p.text) > 120)
    pages = SourcePages(tmp_path / "pages")
    first = pages.page(path, sha(path), paragraph.page)
    assert pages.rendered == 1 and first.image.is_relative_to(tmp_path / "pages")
    with Image.open(first.image) as img:
        assert img.format == "PNG" and img.size == (first.width, first.height) == (1190, 1684)  # A4 at the server's scale
    drawn_at = first.image.stat().st_mtime_ns
    again = pages.page(path, sha(path), paragraph.page)
    assert pages.rendered == 1 and again.image.stat().st_mtime_ns == drawn_at and again.words == first.words
    other_worker = SourcePages(tmp_path / "pages")  # the second gunicorn worker finds it drawn
    assert other_worker.page(path, sha(path), paragraph.page).words == first.words and other_worker.rendered == 0
    found = boxes(first.words, paragraph.text)
    assert found, paragraph.text
    for x, y, w, h in found:
        assert 0 <= x < x + w <= 1 and 0 <= y < y + h <= 1 and h < 0.05  # one box per printed line


def test_the_highlight_is_the_paragraph_and_its_column(report_pdf, tmp_path):
    path, placed = report_pdf
    pages = SourcePages(tmp_path / "pages")
    page_one = pages.page(path, sha(path), 1)
    left = next(p for p in placed if p.page == 1 and p.column == 0 and "alinea 3)" in p.text)
    right = next(p for p in placed if p.page == 1 and p.column == 1 and p.kind == "paragraph")
    for paragraph, column in ((left, 0), (right, 1)):
        found = boxes(page_one.words, paragraph.text)
        assert found, paragraph.text
        assert all((x >= 0.5) == (column == 1) for x, _, _, _ in found)  # two columns: x in the right half or not
        assert all(x + w <= 0.5 for x, _, w, _ in found) or column == 1
    # the same sentences open paragraphs 3, 9, 15...: the "(alinea n)" ending decides which, top to bottom
    third, ninth = (boxes(page_one.words, p.text) for p in placed if p.page == 1 and re.search(r"\(alinea (3|9)\)$", p.text))
    assert third[0][1] < ninth[0][1]
    elsewhere = next(p for p in placed if p.page == 2 and p.kind == "heading")  # "Hoofdstuk 2 Resultaten"
    assert boxes(page_one.words, elsewhere.text) == []  # not on this page: no highlight


def test_threads_and_workers_asking_at_once_draw_the_page_once(report_pdf, tmp_path):
    path, _ = report_pdf
    workers = [SourcePages(tmp_path / "pages"), SourcePages(tmp_path / "pages")]  # two processes' objects
    results, errors = [], []

    def ask(pages):
        try:
            results.append(pages.page(path, sha(path), 2))
        except Exception as exc:  # pragma: no cover - shown by the assert
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(workers[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 8
    assert sum(w.rendered for w in workers) == 1
    assert len({r.image for r in results}) == 1
    leftovers = [f for f in os.listdir(results[0].image.parent) if f.startswith(".p2.png")]
    assert leftovers == []  # written beside and renamed: no half files


def test_pages_of_files_no_longer_sources_can_be_removed(report_pdf, plan_pdf, tmp_path):
    pages = SourcePages(tmp_path / "pages")
    (report, _), (plan, _) = report_pdf, plan_pdf
    kept, dropped = pages.page(report, sha(report), 1), pages.page(plan, sha(plan), 1)
    assert pages.prune({sha(report)}) == 1
    assert kept.image.exists() and not dropped.image.exists() and not dropped.image.parent.exists()
    assert pages.page(report, sha(report), 1).words == kept.words and pages.rendered == 2


def test_a_changed_damaged_or_short_pdf_is_a_dutch_error(report_pdf, tmp_path):
    path, _ = report_pdf
    pages = SourcePages(tmp_path / "pages")
    with pytest.raises(KbError) as exc:
        pages.page(path, "0" * 64, 1)
    assert exc.value.status == 409 and "veranderd sinds het werd ingelezen" in exc.value.message
    with pytest.raises(KbError) as exc:
        pages.page(path, sha(path), 9)
    assert exc.value.status == 404 and "geen pagina 9" in exc.value.message
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00niet echt\n" * 50)
    with pytest.raises(KbError) as exc:
        pages.page(broken, sha(broken), 1)
    assert exc.value.status == 422 and "kan niet als afbeelding getoond worden" in exc.value.message
    assert pages.rendered == 0


# ---------------------------------------------------------------- the web app


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus):
    return build_pdf_site(tmp_path_factory.mktemp("source"), corpus.data_dir)


@pytest.fixture(scope="module")
def app(site):
    docs, data, _ = site
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t", "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def pdf_section(client, ending: str) -> dict:
    sections = client.get(f"/documenten/{PDF_ID}.json").get_json()["sections"]
    return next(s for s in sections if s["text"].endswith(ending))


def test_the_reader_links_each_pdf_section_to_its_source_page(client):
    section = pdf_section(client, "(alinea 13)")
    assert section["source_url"] == f"/documenten/{PDF_ID}/pagina/{section['page']}?sectie={quote(section['id'], safe='')}"
    html = client.get(f"/documenten/{PDF_ID}").get_data(as_text=True)
    assert f'<a class="page" href="{section["source_url"]}"' in html
    report = client.get(f"/documenten/{REPORT_ID}.json").get_json()["sections"]
    assert all(s["source_url"] is None for s in report)  # a text file has no source page
    assert 'class="page" href=' not in client.get(f"/documenten/{REPORT_ID}").get_data(as_text=True)


def test_the_source_page_shows_the_page_with_the_section_highlighted(client, app, site):
    section = pdf_section(client, "(alinea 13)")
    r = client.get(section["source_url"])
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Jaarverslag Testeenheid 2021 (testdata)" in html and f"p. {section['page']}" in html
    rects = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', html)
    twin = client.get(section["source_url"].replace("?", ".json?", 1)).get_json()
    assert twin["found"] and rects == [(str(b["x"]), str(b["y"]), str(b["width"]), str(b["height"])) for b in twin["boxes"]]
    assert twin["section"]["id"] == section["id"] and twin["page"] == section["page"]
    assert twin["reader_url"] == f"/documenten/{PDF_ID}#{section['anchor']}"
    assert twin["previous_url"] is None and twin["next_url"].startswith(f"/documenten/{PDF_ID}/pagina/{section['page'] + 1}?")
    assert 'style="' not in html  # the CSP forbids style attributes: the overlay is SVG attributes
    # the highlight lies where the printed paragraph is: page 1, the right-hand column (paragraphs 11-20)
    _, _, placed = site
    assert next(p for p in placed if p.text.endswith("(alinea 13)")).column == 1
    assert all(b["x"] >= 50 for b in twin["boxes"])

    image = client.get(twin["image_url"])
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")
    assert "private" in image.headers["Cache-Control"] and "public" not in image.headers["Cache-Control"]
    pages = app.extensions["beleidsbank"].source_pages
    drawn = pages.rendered
    assert client.get(twin["image_url"]).status_code == 200 and client.get(section["source_url"] + "&x=1").status_code == 200
    assert pages.rendered == drawn  # the second request reads the page from the folder


def test_every_paragraph_of_the_pdf_is_highlighted_in_its_own_column(client, site):
    """The report repeats six sentences, each paragraph told apart by its "(alinea n)": every
    one is found on its page, starting in the column it was printed in, below the one before it there."""
    _, _, placed = site
    printed = {p.text.rsplit("(", 1)[1]: p for p in placed if p.kind == "paragraph"}
    sections = [s for s in client.get(f"/documenten/{PDF_ID}.json").get_json()["sections"] if s["text"].endswith(")")]
    assert len(sections) == len(printed) > 30
    last: dict[tuple[int, int], float] = {}
    for s in sections:
        where = printed[s["text"].rsplit("(", 1)[1]]
        twin = client.get(s["source_url"].replace("?", ".json?", 1)).get_json()
        assert twin["found"] and twin["page"] == where.page, s["text"]
        if s["page"] != (twin["section"]["page_end"] or s["page"]):  # split over a page break: found on the next page too
            assert client.get(twin["next_url"].replace("?", ".json?", 1)).get_json()["found"], s["text"]
            continue  # its part here may equal an earlier paragraph but for "(alinea n)": where, is not certain
        assert (twin["boxes"][0]["x"] >= 50) == (where.column == 1), s["text"]  # it starts there (may go on in the next)
        top = twin["boxes"][0]["y"]
        assert top > last.get((where.page, where.column), -1), s["text"]
        last[(where.page, where.column)] = top


@pytest.mark.parametrize("path,status,words", [
    (f"/documenten/{REPORT_ID}/pagina/1", 404, "is geen PDF"),
    (f"/documenten/{PDF_ID}/pagina/99", 404, "heeft geen pagina 99"),
    (f"/documenten/{PDF_ID}/pagina/0", 404, "heeft geen pagina 0"),
    (f"/documenten/{PDF_ID}/pagina/99.png", 404, "heeft geen pagina 99"),
    ("/documenten/bestaat-niet/pagina/1", 404, "bestaat niet"),
])
def test_no_source_page_is_a_dutch_404(client, path, status, words):
    r = client.get(path)
    assert r.status_code == status
    assert words in r.get_data(as_text=True).replace("&#39;", "'")
    twin = client.get(path.removesuffix(".png") + ".json")
    assert twin.status_code == status and words in twin.get_json()["error"]


def test_a_changed_source_file_says_so(tmp_path, site, corpus):
    docs, data, _ = build_pdf_site(tmp_path, corpus.data_dir, pages=1)
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t", "TESTING": True})
    (docs / f"{PDF_ID}.pdf").write_bytes(dutch_report(pages=2, columns=1)[0])  # replaced, not yet ingested
    r = app.test_client().get(f"/documenten/{PDF_ID}/pagina/1")
    assert r.status_code == 409 and "veranderd sinds het werd ingelezen" in r.get_data(as_text=True)
    (docs / f"{PDF_ID}.pdf").unlink()
    r = app.test_client().get(f"/documenten/{PDF_ID}/pagina/1.json")
    assert r.status_code == 404 and "staat niet (meer) in de documentenmap" in r.get_json()["error"]


def test_the_reader_goes_back_to_exactly_the_search_it_came_from(client):
    search = "/zoeken?q=inbraak&thema=ondermijning&jaar=2020&page=2"
    html = client.get(f"/documenten/{REPORT_ID}", query_string={"q": "inbraak", "terug": search}).get_data(as_text=True)
    assert f'<a href="{search.replace("&", "&amp;")}">terug naar de resultaten</a>' in html
    saved = "/zoekopdrachten/3?bezoek=2"  # a saved search is a way back too
    html = client.get(f"/documenten/{REPORT_ID}", query_string={"q": "inbraak", "terug": saved}).get_data(as_text=True)
    assert f'<a href="{saved}">terug naar de resultaten</a>' in html
    for hostile in ("https://elders.example/zoeken?q=x", "//elders.example/zoeken", "/zoekenx?q=1", "/beheer",
                    "/zoeken\\@elders.example", "javascript:alert(1)", "/zoekopdrachten/3/../../beheer",
                    "//elders.example/zoekopdrachten/3"):
        html = client.get(f"/documenten/{REPORT_ID}", query_string={"q": "inbraak", "terug": hostile}).get_data(as_text=True)
        assert '<a href="/zoeken?q=inbraak">terug naar de resultaten</a>' in html, hostile
        links = re.findall(r'href="([^"]*)"', html)
        assert not any(h.startswith(("https://elders", "//", "javascript:", "/zoeken\\")) for h in links), hostile
    # the way back travels along to the source page and back to the reader
    section = pdf_section(client, "(alinea 13)")
    twin = client.get(f"/documenten/{PDF_ID}.json", query_string={"q": "verdachtendossiers", "terug": search}).get_json()
    link = next(s for s in twin["sections"] if s["id"] == section["id"])["source_url"]
    page = client.get(link.replace("?", ".json?", 1)).get_json()
    assert page["search_url"] == search
    assert page["reader_url"].startswith(f"/documenten/{PDF_ID}?q=verdachtendossiers&terug=")


def test_ambitions_show_by_name_three_at_most_then_more(client):
    sections = client.get(f"/documenten/{REPORT_ID}.json").get_json()["sections"]
    many = max(sections, key=lambda s: len(s["reports_on"]))
    assert len(many["reports_on"]) > 3
    first = many["reports_on"][0]
    assert first["name"] != first["key"] and first["name"].replace(" ", "-").lower() == first["key"].lower()
    html = client.get(f"/documenten/{REPORT_ID}").get_data(as_text=True)
    block = html[html.index(f'id="{many["anchor"]}"'):]
    block = block[:block.index("</div>\n</div>")]
    shown = re.findall(r'<a class="ambition-chip" href="[^"]+" title="([^"]*)">([^<]+)</a>', block)
    assert [n.replace(" ✓", "") for _, n in shown] == [r["name"] for r in many["reports_on"]]
    assert shown[0][0].startswith(first["ambition"][:40].replace("'", "&#39;").replace('"', "&#34;")[:20])
    assert f"<summary>+{len(many['reports_on']) - 3}<" in block
    assert block.index("<summary>") > block.index(shown[2][1]) and block.index("<summary>") < block.index(shown[3][1])


def test_other_pages_can_link_a_hit_to_its_source_page(app, client):
    section = pdf_section(client, "(alinea 13)")
    with app.test_request_context("/"):
        url_for_page = app.jinja_env.globals["source_page_url"]
        assert url_for_page(PDF_ID, section["page"], section["id"]) == section["source_url"].replace("%2F", "%2F")
        assert url_for_page(REPORT_ID, 3, f"{REPORT_ID}/x") is None  # a text file
        assert url_for_page(PDF_ID, None, section["id"]) is None  # no page known


def test_the_documents_table_stays_within_a_phone(client):
    html = client.get("/documenten").get_data(as_text=True)
    assert re.search(r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+">\s*<table', html)
    assert html.count('data-label="Soort"') == 6  # each row stacks on a phone, its cells named (style.css)


def test_an_ingest_drops_the_pages_of_a_replaced_pdf(tmp_path, corpus):
    from kb.library import Library

    docs, data, _ = build_pdf_site(tmp_path, corpus.data_dir, pages=1)
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t", "TESTING": True})
    assert app.test_client().get(f"/documenten/{PDF_ID}/pagina/1.png").status_code == 200
    old = {p.name for p in (data / "pages").glob("??/*")}
    assert len(old) == 1
    (docs / f"{PDF_ID}.pdf").write_bytes(dutch_report(pages=2, columns=1)[0])
    assert not Library(data, documents_dir=docs).ingest().failures
    assert not {p.name for p in (data / "pages").glob("??/*")} & old  # the old file's pages are gone


def test_a_page_that_is_not_there_leaves_no_file_behind(report_pdf, tmp_path):
    pages = SourcePages(tmp_path / "pages")
    report, _ = report_pdf
    for n in (7, 8, 9):
        with pytest.raises(KbError) as missing:
            pages.page(report, sha(report), n)
        assert missing.value.status == 404
    assert not [p for p in (tmp_path / "pages").rglob("*") if p.is_file()]
