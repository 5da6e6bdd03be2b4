"""Scanned PDFs (kb/parse/ocr.py): pages without a text layer read with Tesseract's Dutch
model, on pages drawn here (tests/helpers/scans.py) and ingested for real."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from click.testing import CliRunner
from helpers.pdfgen import dutch_report
from helpers.scans import PAGES, mixed_pdf, page_image, recovered, scanned_pdf
from PIL import Image

from kb.cli import main
from kb.errors import ParseError
from kb.library import Library
from kb.parse import parse_bytes
from kb.parse.ocr import INSTALL, reporting, unavailable

SUMMARY = re.compile(r"^(\d+) pagina(?:'s)? via OCR gelezen \(gem\. zekerheid (\d+) %\)$")
ACCURACY_FLOOR = 0.9  # share of the page's words read back; measured 1.0 (DejaVu Sans, 300 DPI, scan-like)


def _ingest(tmp_path, files: dict[str, bytes]):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    lib = Library(tmp_path / "data", documents_dir=tmp_path / "uploads")
    return lib, lib.ingest([folder])


@pytest.mark.slow  # OCR: about a second per page
def test_a_scanned_plan_is_read_by_ocr_and_found(tmp_path):
    assert unavailable() is None, "Tesseract met het Nederlandse model hoort er te zijn (make tesseract)"
    heading, paragraphs = PAGES[0]
    # as a copier scans it: askew, blurred, specks, JPEG
    lib, result = _ingest(tmp_path, {"veiligheidsplan-scan.pdf": scanned_pdf([PAGES[0]], degraded=True)})
    assert not result.failures, result.failures
    [doc] = result.documents
    sections = [s for s in result.sections if s.document_id == doc.id]

    # the summary's warning, with the mean confidence
    notes = [m for w in doc.warnings if (m := SUMMARY.match(w))]
    assert len(notes) == 1, doc.warnings
    assert notes[0].group(1) == "1" and 80 <= int(notes[0].group(2)) <= 100

    # the large line became the heading, the paragraphs stayed two paragraphs under it
    headings = [s for s in sections if s.kind == "heading"]
    assert [s.text for s in headings] == [heading]
    body = [s for s in sections if s.kind == "paragraph"]
    assert len(body) == 2, [s.text for s in body]
    assert all(s.heading_path == [heading] and s.page == 1 for s in body)

    # every section carries its OCR confidence, kept in the catalog too
    assert all(s.ocr_confidence is not None and 50 <= s.ocr_confidence <= 100 for s in sections)
    stored = lib.catalog.read()
    try:
        assert [r["ocr_confidence"] for r in stored.sections(doc.id)] == [s.ocr_confidence for s in sections]
    finally:
        stored.close()

    # found by search, on a word only the scan holds
    hits = lib.snapshot().search("informatiepositie").hits
    assert hits and hits[0].section_id in {s.id for s in body}

    # accuracy: the share of the page's words that came back
    expected = " ".join([heading, *paragraphs])
    got = " ".join(s.text for s in sections)
    accuracy = recovered(expected, got)
    print(f"OCR-nauwkeurigheid: {accuracy:.1%} van de woorden teruggelezen")
    assert accuracy >= ACCURACY_FLOOR, (accuracy, got)


def test_a_pdf_with_a_text_layer_is_never_ocrd():
    data, _ = dutch_report(pages=3, columns=2)
    pages_ocrd = []
    with reporting(lambda done, total: pages_ocrd.append(done)):
        doc = parse_bytes(data, ".pdf")
    assert pages_ocrd == []
    assert all(b.ocr_confidence is None for b in doc.blocks)
    assert not any("OCR" in w for w in doc.warnings)


@pytest.mark.slow  # OCR: about a second per page
def test_a_mixed_pdf_reads_the_scan_by_ocr_and_the_text_page_as_text():
    pages_ocrd = []
    with reporting(lambda done, total: pages_ocrd.append((done, total))):
        doc = parse_bytes(mixed_pdf(), ".pdf")
    assert pages_ocrd == [(1, 1)]  # only the scanned page went to Tesseract
    headings = [b for b in doc.blocks if b.kind == "heading"]
    assert [(h.text, h.page) for h in headings] == [(PAGES[0][0], 1), (PAGES[1][0], 2)]
    scanned = [b for b in doc.blocks if b.page == 1]
    text = [b for b in doc.blocks if b.page == 2]
    assert scanned and all(b.ocr_confidence is not None for b in scanned)
    assert text and all(b.ocr_confidence is None for b in text)
    assert recovered(" ".join(PAGES[0][1]), " ".join(b.text for b in scanned if b.kind == "paragraph")) >= ACCURACY_FLOOR
    # the text page keeps the PDF parser's exact text
    assert [b.text for b in text if b.kind == "paragraph"] == PAGES[1][1]
    assert any(SUMMARY.match(w) and w.startswith("1 pagina ") for w in doc.warnings), doc.warnings


def test_without_tesseract_the_refusal_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine where `tesseract` is not installed
    assert unavailable() is not None and INSTALL in unavailable()
    with pytest.raises(ParseError) as e:
        parse_bytes(scanned_pdf(), ".pdf")
    assert e.value.reason == "no_text"
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-nld" in e.value.message
    # a mixed PDF keeps its text page, and says what it could not read
    doc = parse_bytes(mixed_pdf(), ".pdf")
    assert {b.page for b in doc.blocks} == {2}
    assert any("1 pagina zonder tekstlaag niet gelezen" in w and INSTALL in w for w in doc.warnings), doc.warnings


@pytest.mark.slow  # OCR: about a second per page
def test_pages_beyond_the_cap_are_skipped_with_a_warning(monkeypatch):
    monkeypatch.setenv("KB_OCR_MAX_PAGES", "1")
    doc = parse_bytes(scanned_pdf(PAGES[:2]), ".pdf")
    assert {b.page for b in doc.blocks} == {1}
    assert any("1 pagina zonder tekstlaag niet gelezen (vanaf pagina 2)" in w and "KB_OCR_MAX_PAGES" in w
               for w in doc.warnings), doc.warnings
    assert any(w.startswith("1 pagina via OCR gelezen") for w in doc.warnings)


@pytest.mark.slow  # OCR: about a second per page
def test_a_page_that_takes_too_long_is_skipped_and_the_rest_read(monkeypatch):
    # page 1 is A3 of noise, which keeps Tesseract busy for 5 s or more; page 2 a plain A4
    # page (1 s)
    noise = Image.fromarray((np.random.default_rng(7).random((4960, 3508)) < 0.5).astype(np.uint8) * 255, "L")
    buf = io.BytesIO()
    noise.save(buf, "PDF", resolution=300, save_all=True, append_images=[page_image(*PAGES[2])])
    monkeypatch.setenv("KB_OCR_PAGE_SECONDS", "3")  # noise 5 s or more, the plain page about 1 s: room both ways
    doc = parse_bytes(buf.getvalue(), ".pdf")
    assert any(w == "pagina 1 overgeslagen: OCR duurde langer dan 3 s (KB_OCR_PAGE_SECONDS)" for w in doc.warnings), \
        doc.warnings
    assert {b.page for b in doc.blocks} == {2}
    assert [b.text for b in doc.blocks if b.kind == "heading"] == [PAGES[2][0]]


@pytest.mark.slow  # OCR: about a second per page
def test_the_ingest_command_shows_each_ocrd_page_unless_quiet(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(scanned_pdf(PAGES[:2]))
    env = {"KB_DATA_DIR": str(tmp_path / "data")}
    out = CliRunner().invoke(main, ["ingest", str(folder)], env=env).output
    assert "OCR: pagina 1 van 2 gelezen" in out and "OCR: pagina 2 van 2 gelezen" in out, out
    assert "2 pagina's via OCR gelezen (gem. zekerheid" in out
    quiet = CliRunner().invoke(main, ["ingest", "--quiet", "--rebuild", str(folder)], env=env).output
    assert "OCR: pagina" not in quiet and "2 pagina's via OCR gelezen" in quiet


def _scanned_print(tmp_path, html: str) -> bytes:
    """A web page printed by Debian's Chromium WITH its header and footer (the date and the
    title on top, the file's address and "2/3" below), then scanned: every page drawn to a
    grey image, turned 0.4°, and the images saved as a PDF without a text layer."""
    import subprocess

    import pypdfium2 as pdfium
    from helpers.browser import CHROMIUM, FLAGS

    page, printed = tmp_path / "verslag.html", tmp_path / "verslag-print.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", *FLAGS, f"--print-to-pdf={printed}", page.as_uri()],
                   check=True, capture_output=True, timeout=60)
    pdf = pdfium.PdfDocument(printed.read_bytes())
    images = [pdf[i].render(scale=2.5).to_pil().convert("L").rotate(0.4, fillcolor=255) for i in range(len(pdf))]
    pdf.close()
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=180, save_all=True, append_images=images[1:])
    return buf.getvalue()


CHAPTERS = ["Woninginbraak", "Jeugdoverlast", "Ondermijning", "Verkeersveiligheid", "Cybercrime"]


@pytest.mark.slow  # a browser and OCR of three pages
def test_a_scanned_browser_print_keeps_its_headings_and_paragraphs_and_loses_its_running_lines(tmp_path):
    paragraph = ("In 2025 hebben wij op het gebied van {t} veel werk verzet. Samen met de gemeente en onze partners "
                 "hebben wij de aanpak van {t} verder versterkt, onder meer met extra controles in de avonduren en "
                 "gesprekken met bewoners in de wijken. Het aantal meldingen over {t} daalde in de loop van het jaar, "
                 "al blijft de situatie in sommige buurten zorgelijk en vraagt zij ook in 2026 om blijvende aandacht "
                 "van de wijkagenten en de recherche. Wij verwachten dat de werkwijze volgend jaar wordt uitgebreid.")
    body = "".join(f"<h2>{n}. {t}</h2>" + f"<p>{paragraph.format(t=t.lower())}</p>" * 3
                   for n, t in enumerate(CHAPTERS, 1))
    html = ("<html><head><meta charset='utf-8'><title>Jaarverslag 2025 Basisteam Kustzoom</title></head>"
            "<body style='font-family: sans-serif'><h1>Jaarverslag 2025 Basisteam Kustzoom</h1>"
            # headings without a letter below the line ("Voorwoord"): as tall as the others by their letters
            "<h2>Voorwoord</h2><p>Voor u ligt het jaarverslag van ons basisteam over 2025.</p>"
            f"{body}<h2>Vooruitblik</h2><p>In 2026 gaan wij verder met de ingeslagen weg.</p></body></html>")
    doc = parse_bytes(_scanned_print(tmp_path, html), ".pdf")
    assert doc.pages >= 2
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Jaarverslag 2025 Basisteam Kustzoom", "Voorwoord",
                        *(f"{n}. {t}" for n, t in enumerate(CHAPTERS, 1)), "Vooruitblik"], headings
    assert len({b.level for b in doc.blocks if b.kind == "heading" and b.text != headings[0]}) == 1
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    # no running header or footer, and no paragraph cut in two at a page end: each is one of
    # those written, whole
    assert not [b.text for b in doc.blocks if "file:" in b.text or "AM" in b.text.split() or "PM" in b.text.split()]
    assert len(paragraphs) == 2 + 3 * len(CHAPTERS), [p.text[:60] for p in paragraphs]
    assert all(p.text.endswith(".") for p in paragraphs), [p.text[-60:] for p in paragraphs]
    assert any(p.page_end != p.page for p in paragraphs)  # one did run on onto the next page


def test_ocr_reads_a_chapter_numbers_stop_read_as_a_comma_and_no_i_with_an_accent():
    from kb.parse.ocr import PageResult, _Line, _Word, ocr_blocks

    def line(text: str, top: int, height: int, para: int) -> _Line:
        words, left = [], 100
        for w in text.split():
            words.append(_Word(w, 95.0, left, top, 20 * len(w), height))
            left += 20 * len(w) + 15
        return _Line(words, 1, (para, 1), 72 / 300)

    body = [line("Op 21 mei is de nieuwe werkwijze in heel het district van start gegaan.", 600 + 60 * i, 48, 2)
            for i in range(3)]
    blocks = ocr_blocks([PageResult(1, [line("5, Bereikbaarheid en ons team", 400, 90, 1), *body])])
    assert (blocks[0].kind, blocks[0].text) == ("heading", "5. Bereikbaarheid en ons team")
    assert blocks[1].kind == "paragraph"
