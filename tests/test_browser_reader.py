"""The reader and the source page in a real Chromium against gunicorn (issue 17, "The source
page" and "The reader"), at desktop and phone size: a search hit in a PDF opens the reader,
its "p. n" opens the page of the PDF with the paragraph highlighted, the way back leads to
the same search; the sticky bar names the heading, the match buttons walk the marks;
axe-core finds nothing and nothing is wider than a phone. Screenshots:
test-output/screenshots/reader-*.png."""

from __future__ import annotations

import re
import subprocess
from urllib.parse import parse_qs

import pytest
from helpers.browser import axe_violations, browser, page_width, shot, sized_page  # noqa: F401 (fixtures)
from helpers.paths import REPORT_ID
from helpers.servers import gunicorn
from helpers.source_pages import PDF_ID, build_pdf_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus):
    """gunicorn (two workers, as served) over the bundled corpus plus a two-column PDF report."""
    docs, data, placed = build_pdf_site(tmp_path_factory.mktemp("reader-e2e"), corpus.data_dir)
    proc, port = gunicorn(data, "--workers", "2", "--threads", "4", docs=docs, secret="reader-e2e")
    yield f"http://127.0.0.1:{port}", placed
    proc.terminate()
    try:
        proc.communicate(timeout=60)  # a graceful stop; slow when the machine is busy
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


def clean(page, name: str) -> None:
    """axe-core finds nothing; on the phone nothing scrolls sideways."""
    assert axe_violations(page) == [], name
    if page.size_name == "telefoon":
        assert page_width(page) <= 390, f"{name} is breder dan de telefoon"


def test_a_pdf_hit_opens_its_source_page_with_the_paragraph_highlighted(server, sized_page):
    base, placed = server
    pg, size = sized_page, sized_page.size_name
    search = "/zoeken?q=verdachtendossiers+alinea+13"
    pg.goto(base + search)
    hit = pg.locator(".hit", has_text="alinea 13").first
    hit.locator(".hit-title").click()
    pg.wait_for_url(f"**/documenten/{PDF_ID}**")
    target = pg.evaluate("location.hash").lstrip("#")
    section = pg.locator(f"[id='{target}']")
    assert "(alinea 13)" in section.inner_text() and section.locator("mark").count() >= 1
    link = section.locator("a.page")
    printed = next(p for p in placed if p.text.endswith("(alinea 13)"))
    assert link.inner_text() == f"p. {printed.page}"
    pg.wait_for_load_state("networkidle")
    shot(pg, f"reader-lezer-pdf-{size}")
    clean(pg, "lezer")

    link.click()
    pg.wait_for_url(re.compile(rf"/documenten/{PDF_ID}/pagina/{printed.page}\?sectie="))
    pg.wait_for_load_state("networkidle")
    image = pg.locator(".source-sheet img")
    assert pg.evaluate("document.querySelector('.source-sheet img').naturalWidth") > 0  # the page was drawn
    rects = pg.locator("svg.source-highlight rect")
    assert rects.count() >= 2  # the paragraph's lines
    sheet, first = image.bounding_box(), rects.first.bounding_box()
    assert first["width"] > 20 and first["height"] > 3
    # inside the page, in its right-hand column: where the report printed paragraph 13
    assert printed.column == 1
    assert sheet["x"] + sheet["width"] / 2 <= first["x"] <= sheet["x"] + sheet["width"]
    assert sheet["y"] <= first["y"] <= sheet["y"] + sheet["height"]
    assert first["y"] < 844 and first["y"] + first["height"] > 0  # scrolled into view (reader.js)
    assert pg.locator("h1").inner_text().startswith("Jaarverslag Testeenheid 2021")
    assert "(alinea 13)" in pg.locator(".source-quote").inner_text()
    shot(pg, f"reader-bronpagina-{size}")
    shot(pg, f"reader-bronpagina-heel-{size}", full_page=True)
    clean(pg, "bronpagina")

    pg.locator(".source-nav a", has_text="terug naar de lezer").click()
    pg.wait_for_url(re.compile(rf"/documenten/{PDF_ID}\?q=[^#]+#{target}$"))
    assert pg.locator(f"[id='{target}'] mark").count() >= 1
    pg.locator(".doc-head a", has_text="terug naar de resultaten").click()
    pg.wait_for_url(re.compile(r"/zoeken\?q=verdachtendossiers"))
    assert pg.evaluate("location.pathname") == "/zoeken"
    assert parse_qs(pg.evaluate("location.search").lstrip("?")) == parse_qs(search.split("?", 1)[1])
    assert not pg.errors, pg.errors


def test_the_reader_names_the_heading_walks_the_matches_and_the_documents_fit(server, sized_page):
    base, _ = server
    pg, size = sized_page, sized_page.size_name
    pg.goto(f"{base}/documenten/{REPORT_ID}?q=inbraak")
    pg.wait_for_load_state("networkidle")
    bar = pg.locator(".reader-bar")
    assert bar.locator(".reader-doc").inner_text() == pg.locator("h1").inner_text()
    marks = pg.locator("article mark")
    assert marks.count() > 2
    count = pg.locator("[data-match-count]")
    pg.locator("[data-match=next]").click()
    assert count.inner_text() == f"1 van {marks.count()}"
    pg.locator("[data-match=next]").click()
    assert count.inner_text() == f"2 van {marks.count()}" and pg.locator("mark.current").count() == 1
    current = pg.locator("mark.current").bounding_box()
    assert 0 <= current["y"] <= pg.viewport_size["height"]
    pg.locator("[data-match=previous]").click()
    assert count.inner_text() == f"1 van {marks.count()}"
    # scrolled into the document, the bar names the heading above and stays on screen
    pg.locator(".section-heading").nth(3).scroll_into_view_if_needed()
    pg.mouse.wheel(0, 400)
    pg.locator("[data-current-heading]").wait_for(state="visible")
    heading = pg.locator("[data-current-heading]").inner_text()
    assert heading and heading in [t.split(" p. ")[0].strip() for t in pg.locator(".section-heading").all_inner_texts()]
    assert -1 <= bar.bounding_box()["y"] <= 1
    # ambitions by name, three at most, the rest behind "+n"
    more = pg.locator("details.more-chips").first
    assert more.locator("summary").inner_text().startswith("+")
    shot(pg, f"reader-lezer-{size}")
    clean(pg, "lezer")

    pg.goto(f"{base}/documenten")
    pg.wait_for_load_state("networkidle")
    shot(pg, f"reader-documenten-{size}", full_page=True)
    clean(pg, "documenten")
    assert not pg.errors, pg.errors
