"""The PDF parser on PDFs made here (columns, hyphenation, running headers, a ruled table)
and on the real-world PDFs in ../shared/pdfs-wild/."""

import re
import subprocess

import pytest
from helpers.browser import CHROMIUM, FLAGS
from helpers.paths import WILD
from helpers.pdfgen import dutch_report, encrypted_pdf, image_only_pdf

from kb.parse import parse_bytes
from kb.errors import ParseError


def _body(doc):
    return [b for b in doc.blocks if b.kind == "paragraph"]


@pytest.mark.parametrize("columns", [1, 2, 3])
def test_generated_pdf_in_reading_order_with_pages(columns):
    data, placed = dutch_report(pages=2, columns=columns)
    doc = parse_bytes(data, ".pdf")
    expected = [p for p in placed if p.kind == "paragraph"]
    got = _body(doc)
    # every paragraph comes back whole, hyphenation undone, in the order it was written
    assert [b.text for b in got] == [p.text for p in expected]
    assert [b.page for b in got] == [p.page for p in expected]


def test_generated_pdf_headings_header_footer_table():
    data, placed = dutch_report(pages=2, columns=2)
    doc = parse_bytes(data, ".pdf")
    headings = [b for b in doc.blocks if b.kind == "heading"]
    assert [h.text for h in headings] == [p.text for p in placed if p.kind == "heading"]
    assert all(h.level == 1 for h in headings)
    all_text = " ".join(b.text for b in doc.blocks)
    assert "Jaarverslag Testeenheid" not in all_text  # running header
    assert not re.search(r"Pagina \d", all_text)  # running footer
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [["Woninginbraken", "3.209", "2.950"], ["Reactietijd spoed", "83,3%", "84,1%"]]
    assert rows[0].columns == ["Indicator", "2020", "2021"]
    paragraphs = _body(doc)
    assert paragraphs[0].heading_path == ["Hoofdstuk 1 Resultaten"]
    # words broken at line ends were really hyphenated in the PDF, and came back whole
    assert "verdachtendossiers" in all_text and "publiek-private" in all_text and "e-learning" in all_text


def _printed(tmp_path, html: str) -> bytes:
    """A web page printed to PDF by Debian's Chromium, as "Afdrukken als PDF" does."""
    page, out = tmp_path / "plan.html", tmp_path / "plan.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", *FLAGS, f"--print-to-pdf={out}", "--no-pdf-header-footer",
                    page.as_uri()], check=True, capture_output=True, timeout=60)
    return out.read_bytes()


def test_bullets_a_browser_draws_are_list_items(tmp_path):
    # Chromium draws each bullet of a <ul> as a small disc, not as a character: without the
    # disc the items ran together into one paragraph
    items = ["We nemen elk jaar ten minste acht aspiranten op in het team.",
             "In 2025 verbouwen we het bureau aan de Lindenkade.", "Elk team houdt ieder kwartaal een moreel beraad."]
    html = ("<html><body style='font-family: sans-serif'><h1>Teamplan</h1><h2>7. Onze organisatie</h2>"
            "<p>Al onze ambities staan of vallen met voldoende collega's.</p><p>Doel: in 2027 is de formatie gevuld.</p>"
            "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
            "<ul style='list-style-type: square'><li>Een vierkant is ook een opsommingsteken.</li></ul>"
            "<p>Een gewone alinea met een ● teken midden in de zin blijft een alinea.</p></body></html>")
    doc = parse_bytes(_printed(tmp_path, html), ".pdf")
    bullets = [b.text for b in doc.blocks if b.kind == "bullet"]
    assert bullets == [*items, "Een vierkant is ook een opsommingsteken."]
    assert [b.text for b in doc.blocks if b.kind == "paragraph"][-1].startswith("Een gewone alinea met een")


def test_a_web_table_ruled_per_row_is_read_as_rows(tmp_path):
    """A web page's table as Chromium prints it: a filled header over rows parted by a rule
    under each cell, no lines between the columns. Only the header was a table; its rows
    became paragraphs (no KPI figures), and a cell over two lines was mixed with the next."""
    rows = [("Woninginbraken (incl. pogingen)", "214", "187", "max. 180"), ("Straatroven", "31", "27", "-"),
            ("Online fraude: binnen 5 werkdagen teruggebeld", "74%", "81%", "95%")]
    html = ("<html><head><style>body { font-family: sans-serif } table { border-collapse: collapse; width: 100% }"
            " th { background: #15406b; color: white; text-align: left; padding: 4px }"
            " td { border-bottom: 1px solid #c8d3df; padding: 4px; vertical-align: top }"
            " h2 { border-bottom: 2px solid #15406b }</style></head><body>"
            "<h1>Jaarverslag 2024</h1><h2>Het jaar in cijfers</h2>"
            "<table><tr><th>Onderwerp</th><th>2023</th><th>2024</th><th>Norm</th></tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
            "<p>In totaal registreerden we ruim 21.300 incidenten.</p>"
            "<h2>Stand van zaken</h2><table style='width: 60%'><tr><th>Nr</th><th>Actie</th><th>Stand</th></tr>"
            "<tr><td>A2</td><td>Ondermijningstafel met de drie gemeenten en het RIEC</td><td>afgerond</td></tr></table>"
            "<p>Een alinea na de tabel.</p></body></html>")
    doc = parse_bytes(_printed(tmp_path, html), ".pdf")
    table = [b for b in doc.blocks if b.kind == "table_row"]
    assert [b.cells for b in table] == [list(r) for r in rows] + [
        ["A2", "Ondermijningstafel met de drie gemeenten en het RIEC", "afgerond"]]
    assert table[0].columns == ["Onderwerp", "2023", "2024", "Norm"]
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == [
        "In totaal registreerden we ruim 21.300 incidenten.", "Een alinea na de tabel."]

def test_pdf_refusals_are_specific():
    with pytest.raises(ParseError) as e:
        parse_bytes(b"", ".pdf")
    assert e.value.reason == "empty"
    with pytest.raises(ParseError) as e:
        parse_bytes(image_only_pdf(), ".pdf")
    assert e.value.reason == "no_text" and "OCR" in e.value.message
    with pytest.raises(ParseError) as e:
        parse_bytes(encrypted_pdf(), ".pdf")
    assert e.value.reason == "encrypted"
    data, _ = dutch_report(pages=1)
    with pytest.raises(ParseError) as e:
        parse_bytes(data[: len(data) // 3], ".pdf")
    assert e.value.reason in ("damaged", "no_text")
    with pytest.raises(ParseError) as e:
        parse_bytes(b"this is not a pdf at all", ".pdf")
    assert e.value.reason == "damaged"


WILD_FILES = sorted(WILD.glob("*.pdf")) if WILD.exists() else []


@pytest.mark.slow
@pytest.mark.skipif(not WILD_FILES, reason=f"{WILD} ontbreekt: de echte PDF's uit pdfplumber's testset zijn niet aanwezig")
@pytest.mark.parametrize("path", WILD_FILES, ids=lambda p: p.name)
def test_wild_pdf_parsed_or_refused_specifically(path):
    try:
        doc = parse_bytes(path.read_bytes(), ".pdf")
    except ParseError as exc:
        assert exc.reason in ("empty", "encrypted", "damaged", "no_text"), exc.reason
        assert len(exc.message) > 10
        return
    texts = [b.text for b in doc.blocks]
    assert texts and all(t.strip() for t in texts)
    assert sum(len(t) for t in texts) > 5
    assert not any("\x00" in t for t in texts)


@pytest.mark.skipif(not WILD_FILES, reason=f"{WILD} ontbreekt")
def test_wild_specific_refusals():
    reasons = {}
    for name in ("empty.pdf", "password-example.pdf"):
        with pytest.raises(ParseError) as e:
            parse_bytes((WILD / name).read_bytes(), ".pdf")
        reasons[name] = e.value.reason
    assert reasons == {"empty.pdf": "empty", "password-example.pdf": "encrypted"}


@pytest.mark.slow
@pytest.mark.skipif(not WILD_FILES, reason=f"{WILD} ontbreekt")
def test_wild_three_column_federal_register_reads_columns():
    doc = parse_bytes((WILD / "federal-register-2020-17221.pdf").read_bytes(), ".pdf")
    text = " ".join(b.text for b in doc.blocks)
    assert doc.pages == 15
    # running header of every page is gone
    assert text.count("Federal Register / Vol. 85") <= 1
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "Airworthiness Directives; The Boeing Company Airplanes" in headings
    assert "AGENCY : Federal Aviation Administration (FAA), DOT." in [b.text for b in doc.blocks]
    # a page whose columns a few rows across the gutter (the running header, a title) did not hide
    assert {"FAA’s Determination", "Proposed AD Requirements", "Flightcrew Training"} <= set(headings)


@pytest.mark.slow
@pytest.mark.skipif(not WILD_FILES, reason=f"{WILD} ontbreekt")
def test_ingesting_the_wild_folder_never_stops_the_rest(tmp_path):
    from kb.library import Library

    result = Library(tmp_path / "data").ingest([WILD])
    pdf_outcomes = [o for o in result.outcomes if o.path.endswith(".pdf")]
    assert len(pdf_outcomes) == len(WILD_FILES)
    assert len(result.documents) + len(result.failures) == len(WILD_FILES)
    assert len(result.documents) >= 12
    for o in result.failures:
        assert o.reason in ("empty", "encrypted", "damaged", "no_text"), (o.path, o.reason, o.error)
    assert Library(tmp_path / "data").paths.catalog.exists()


def test_results_numbered_in_decimals_are_list_items(tmp_path):
    # a Word-like plan numbers its results under each chapter: "1.1 Elk signaal ...", the number
    # in the line with no full stop after it, the lines after the first at a hanging indent wider
    # than the number; read as one paragraph of all results before
    results = ["Elk signaal van ondermijning wordt binnen tien werkdagen besproken in het Lokaal Ondermijningsoverleg "
               "met de gemeenten Beekdal en Hollum en het RIEC.",
               'In 2024 starten wij samen met LTO met de voorlichtingsaanpak "Waakzaam op het Erf"; in 2026 hebben '
               "ten minste 300 agrarische ondernemers deze voorlichting gehad, in alle kernen van het buitengebied.",
               "Wij leggen jaarlijks voor ten minste 150.000 euro beslag op crimineel vermogen."]
    html = ("<html><head><style>body { font-family: sans-serif; font-size: 11pt } ol.res { list-style: none; "
            "padding-left: 0 } ol.res li { padding-left: 1cm; text-indent: -1cm; margin-bottom: 5pt }</style></head>"
            "<body><h1>2 Opgave 1: Ondermijning</h1><h2>Resultaten die we willen boeken</h2><ol class='res'>"
            + "".join(f"<li>1.{n} {r}</li>" for n, r in enumerate(results, 1))
            + "</ol><p>Het aantal meldingen over het buitengebied steeg in 2023 tot een niveau dat, zoals beschreven "
              "in paragraaf<br>2.3 Een andere aanpak, veel vraagt van de partners.</p></body></html>")
    doc = parse_bytes(_printed(tmp_path, html), ".pdf")
    bullets = [(b.label, b.text) for b in doc.blocks if b.kind == "bullet"]
    assert bullets == [(f"1.{n}", r) for n, r in enumerate(results, 1)]
    # a line of a paragraph that starts with a reference is no item
    assert doc.blocks[-1].kind == "paragraph" and "in paragraaf 2.3 Een andere aanpak, veel" in doc.blocks[-1].text


def _printed_with_header(tmp_path, html: str) -> bytes:
    """A web page printed by Chromium with its header and footer, as a browser's print does."""
    page, out = tmp_path / "plan.html", tmp_path / "plan.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", *FLAGS, f"--print-to-pdf={out}", page.as_uri()],
                   check=True, capture_output=True, timeout=60)
    return out.read_bytes()


def test_a_table_row_the_page_end_cuts_in_two_is_one_row(tmp_path):
    """A browser prints a long table over pages and cuts a row of several lines at the page
    end: the lines under the last ruled row and the rest at the top of the next page (under
    the repeated header) are that one row, with its cells in their columns; the heading above
    the table stays one heading."""
    actions = [(f"Thema {n % 4 + 1}", f"Actie {n}: samen met de partners de aanpak van de overlast in de wijk "
                f"verder uitwerken en de uitvoering jaarlijks bespreken met de driehoek en de raad",
                "Politie, gemeente, woningcorporatie", f"{2022 + n % 4}") for n in range(1, 31)]
    rows = "".join(f"<tr><td>{t}</td><td>{a}</td><td>{p}</td><td>{w}</td></tr>" for t, a, p, w in actions)
    html = ("<html><head><meta charset='utf-8'><style>body { font-family: 'DejaVu Sans', sans-serif; font-size: 10.5pt }"
            " table { border-collapse: collapse; width: 100%; font-size: 9pt }"
            " th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left }</style></head>"
            "<body><h2>Bijlage: Uitvoeringsagenda</h2><table><thead><tr><th>Thema</th><th>Actie</th><th>Partners</th>"
            f"<th>Wanneer</th></tr></thead><tbody>{rows}</tbody></table></body></html>")
    doc = parse_bytes(_printed_with_header(tmp_path, html), ".pdf")
    table = [b for b in doc.blocks if b.kind == "table_row"]
    assert [b.cells for b in table] == [list(a) for a in actions], [b.text[:60] for b in table]
    assert any(b.page_end != b.page for b in table)  # one row did run over a page end
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Bijlage: Uitvoeringsagenda"]
    assert not [b.text for b in doc.blocks if b.kind == "paragraph"]


MAGAZINE_CSS = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; margin: 0 1cm }
.cover { background: #1b3a6b; color: white; padding: 1.2cm 1cm } .cover h1 { font-size: 26pt; margin: 0 }
h2 { font-size: 17pt; color: #1b3a6b; border-bottom: 2px solid #c9a227; padding-bottom: 4pt; margin-top: 18pt }
h3 { font-size: 10pt; color: #1b3a6b; margin: 8pt 0 2pt }
.cols { column-count: 2; column-gap: 0.8cm } .lead { font-weight: bold; font-size: 10.5pt }
.box { background: #e6e6e6; padding: 6pt 9pt; break-inside: avoid } .box h3 { text-transform: uppercase }
blockquote { font-size: 14pt; font-style: italic; color: #1b3a6b; border-left: 4px solid #c9a227; margin: 12pt 1.5cm; padding-left: 12pt }
table { width: 100%; border-collapse: collapse } th { background: #1b3a6b; color: white; text-align: left; padding: 4pt }
td { padding: 4pt; border-bottom: 1px solid #bbb } tr:nth-child(even) td { background: #efefef }
"""


def _sentences(topic: str, n: int) -> list[str]:
    return [f"In {topic} werkten we in het {word} kwartaal samen met de gemeente, de partners en de inwoners "
            f"aan een aanpak die past bij wat de wijk van ons vraagt en wat wij kunnen waarmaken."
            for word in ("eerste", "tweede", "derde", "vierde")[:n]]


def test_a_magazine_report_in_two_columns_reads_column_by_column(tmp_path):
    """A magazine-style annual report as a browser prints it (CSS columns): a cover title and
    a chapter title across both columns, a lead paragraph in larger bold letters, a grey box
    in a column, a large quote under the columns, a chapter title too short to cross the
    gutter, a table with striped rows. Every paragraph comes back whole, in order, once."""
    chapters = [("Voorwoord: een jaar van bouwen", "het voorwoord"), ("Zorg en veiligheid", "de zorg"),
                ("Digitale criminaliteit", "de digitale wijk")]
    lead = ("Het aantal meldingen over personen met verward gedrag steeg opnieuw, naar 1.231. Het is een groeiend "
            "deel van ons werk, en het werk dat collega's het meest als zwaar ervaren.")
    quote = "“Een vat drugsafval op de heide is geen natuurprobleem. Het is het topje van een criminele economie.”"
    box = ["204 woninginbraken en pogingen daartoe", "11 dumpingen van drugsafval in het buitengebied",
           "14 grote verkeerscontroles op alcohol en drugs"]
    rows = [(f"Indicator {n}", f"{100 + n}", f"{90 + n}", f"max. {80 + n}") for n in range(1, 9)]
    body, paragraphs = [], []
    for k, (title, topic) in enumerate(chapters):
        texts = _sentences(topic, 4)
        paragraphs += ([lead] if k == 1 else []) + texts
        parts = [f"<p class='lead'>{lead}</p>" if k == 1 else ""]
        parts += [f"<p>{t}</p>" for t in texts[:2]]
        if k == 0:
            parts.append("<div class='box'><h3>In het kort</h3><ul>" + "".join(f"<li>{b}</li>" for b in box) + "</ul></div>")
        parts += [f"<h3>Verder in {topic}</h3>"] + [f"<p>{t}</p>" for t in texts[2:]]
        body.append(f"<h2>{title}</h2><div class='cols'>{''.join(parts)}</div>")
        if k == 0:
            body.append(f"<blockquote>{quote}</blockquote>")
            paragraphs.append(quote)
    table = ("<h2>Heidezoom in cijfers</h2><table><tr><th>Indicator</th><th>2023</th><th>2024</th><th>Doel 2027</th></tr>"
             + "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{d}</td></tr>" for a, b, c, d in rows) + "</table>")
    html = (f"<html><head><meta charset='utf-8'><title>Jaarverslag 2024</title><style>{MAGAZINE_CSS}</style></head><body>"
            "<div class='cover'><h1>Jaarverslag 2024 Basisteam Heidezoom</h1></div>" + "".join(body) + table + "</body></html>")
    doc = parse_bytes(_printed_with_header(tmp_path, html), ".pdf")
    got = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert got == paragraphs, got
    assert [b.text for b in doc.blocks if b.kind == "bullet"] == box
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Jaarverslag 2024 Basisteam Heidezoom", "Voorwoord: een jaar van bouwen", "IN HET KORT",
                        "Verder in het voorwoord", "Zorg en veiligheid", "Verder in de zorg", "Digitale criminaliteit",
                        "Verder in de digitale wijk", "Heidezoom in cijfers"]
    assert [b.cells for b in doc.blocks if b.kind == "table_row"] == [list(r) for r in rows]
    assert not any("file://" in b.text for b in doc.blocks)  # the browser's footer, on pages with and without columns
