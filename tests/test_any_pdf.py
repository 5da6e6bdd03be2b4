"""Structure of a printed PDF from its layout (issue 15): the bundled plan rendered as a
PDF (tests/helpers/render_pdf.py) must come through the ingest with the ambitions of the
bundled text; running headers, page numbers and the table of contents stay out; real Dutch
PDFs keep their headings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers.paths import DOCUMENTS, PLAN_ID, ROOT
from helpers.plan_compare import ambitions_of, compare
from helpers.render_pdf import plan_blocks, render_plan

from kb.library import Library
from kb.parse import parse_bytes

REALDOCS = ROOT.parent / "shared" / "realdocs-pdf"
TITLE = "Strategische thema's veiligheid 2019 – 2022"


def _ingest(tmp_path: Path, data: bytes):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{PLAN_ID}.pdf").write_bytes(data)
    shutil.copy(DOCUMENTS / f"{PLAN_ID}.meta.toml", folder)
    result = Library(tmp_path / "data", documents_dir=tmp_path / "uploads").ingest([folder])
    assert not result.failures, result.failures
    return result


def _bundled(corpus) -> dict[str, str]:
    return ambitions_of(corpus, PLAN_ID)


# measured: 136/136 in one and in two columns, the monitor set as a table (kb.enrich.kpi
# reads norms from its rows) or as a list
@pytest.mark.slow
@pytest.mark.parametrize("columns", [1, 2])
def test_rendered_plan_has_the_ambitions_of_the_text(tmp_path, corpus, columns):
    data, placed = render_plan(columns=columns)
    result = _ingest(tmp_path, data)
    bundled = _bundled(corpus)
    c = compare(ambitions_of(result, PLAN_ID), bundled)
    assert c.share >= 0.97, str(c)
    assert not c.extra, str(c)

    sections = [s for s in result.sections if s.document_id == PLAN_ID]
    texts = [s.text for s in sections]
    # the running header is the title: only the cover's title is a section with that text
    assert not [s for s in sections if s.page != 1 and TITLE in s.text]
    assert not [t for t in texts if re.fullmatch(r"\d{1,3}", t.strip())], "a page number became a section"
    toc_pages = {p.page for p in placed if p.kind == "toc"}
    assert not [s for s in sections if s.page in toc_pages], "a line of the contents became a section"
    assert not [t for t in texts if re.search(r"\.{4,}", t)]
    # a table row keeps its label, its column headers and its figures
    row = next(s for s in sections if s.kind == "table_row" and s.text.startswith("Totaal basisteams"))
    assert row.cells[:3] == ["Totaal basisteams", "479,4", "475,4"] and row.columns
    assert not [s for s in sections if s.kind != "table_row" and re.fullmatch(r"[\d.,% ]+", s.text)]


@pytest.mark.slow
def test_rendered_plan_with_the_monitor_set_as_a_list_has_every_ambition(tmp_path, corpus):
    data, _ = render_plan(columns=2, monitor_table=False)
    c = compare(ambitions_of(_ingest(tmp_path, data), PLAN_ID), _bundled(corpus))
    assert c.share >= 0.97, str(c)


@pytest.mark.slow
def test_rendered_plan_blocks_look_like_the_text_parsers():
    """Headings with the text parser's levels, numbered items with their label (the number
    in a cell of its own), footnotes; nothing of the contents page."""
    data, _ = render_plan(columns=1)
    pdf = parse_bytes(data, ".pdf").blocks
    text = [b for b in plan_blocks() if "eenheidsmonitorset" not in " ".join(b.heading_path).lower()]
    levels = {b.text: b.level for b in pdf if b.kind == "heading"}
    expected = {b.text: b.level for b in text if b.kind == "heading"}
    same = [t for t in expected if levels.get(t) == expected[t]]
    assert len(same) >= 0.95 * len(expected), sorted(set(expected) - set(same))[:10]
    assert "Inhoud" not in levels
    items = [(b.label, b.text[:40]) for b in pdf if b.kind == "bullet"]
    wanted = [(b.label, b.text[:40]) for b in text if b.kind == "bullet"]
    assert items == wanted
    assert [b.label for b in pdf if b.kind == "footnote"] == [b.label for b in text if b.kind == "footnote"]


@pytest.mark.skipif(not REALDOCS.exists(), reason=f"{REALDOCS} ontbreekt: de echte Nederlandse PDF's zijn niet aanwezig")
@pytest.mark.parametrize("name, headings", [
    ("den-helder-besluitenlijst-raad-2015-06-29.pdf", ["Besluitenlijst raadsvergadering 29 juni 2015"]),
    ("zeeuwse-handen-beleidsplan-2023.pdf", ["Contact", "Oprichting", "RSIN-nummer", "Bestuurders bij oprichting",
                                             "De wijze van verwerving van inkomen"]),
])
def test_real_dutch_pdfs_keep_their_headings(name, headings):
    doc = parse_bytes((REALDOCS / name).read_bytes(), ".pdf")
    found = [b.text for b in doc.blocks if b.kind == "heading"]
    for h in headings:
        assert any(f.startswith(h) for f in found), (h, found)
    items = [b for b in doc.blocks if b.kind == "bullet"]
    assert items and all(b.label for b in items)
    if name.startswith("den-helder"):
        # the agenda's numbered items, with their number, in order
        numbers = [int(b.label) for b in items if b.label.isdigit() and b.page == 1]
        assert numbers[:3] == [1, 2, 3]


# --- word-processor PDFs (the held-out "fpdf-pdf" rendering's traits), one rule each, on
# small PDFs made here with fpdf2 ---------------------------------------------------------

WORDS = ("de eenheid werkt samen met gemeenten partners aan veiligheid in wijken zij deelt informatie stemt "
         "inzet af legt verantwoording over resultaten buurt politie zorg opsporing jeugd overlast").split()


class _Lorem:
    """Body text that differs from paragraph to paragraph: justified copies of one text would
    line their word gaps up into what reads as a column gutter."""

    def __init__(self):
        import random

        self.random = random.Random(7)

    def __str__(self) -> str:
        words = [self.random.choice(WORDS) for _ in range(28)]
        return " ".join(words).capitalize() + ". Zij legt verantwoording af over de resultaten. "

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __mul__(self, n: int) -> str:
        return "".join(str(self) for _ in range(n))


LOREM = _Lorem()


def _doc(header: str | None = None, footer: bool = False):
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            if header and self.page_no() > 1:
                self.set_font("Helvetica", "", 8)
                self.cell(0, 5, header, new_x="LMARGIN", new_y="NEXT")
                self.ln(6)

        def footer(self):
            if footer and self.page_no() > 1:
                self.set_y(-15)
                self.set_font("Times", "I", 8)
                self.cell(0, 10, f"Pagina {self.page_no()} van {{nb}}", align="C")

    pdf = Doc(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.alias_nb_pages()
    pdf.add_page()
    return pdf


def _text(pdf, text, style: str = "", size: float = 11, family: str = "Times", markdown: bool = False):
    pdf.set_font(family, style, size)
    pdf.multi_cell(0, 5.2, str(text), align="J", markdown=markdown, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.6)


def _blocks(pdf):
    return parse_bytes(bytes(pdf.output()), ".pdf").blocks


def test_word_processor_running_header_and_page_x_of_y_footer_are_dropped():
    pdf = _doc(header="Eenheid Noord      Beleidsplan 2024", footer=True)
    _text(pdf, "Beleidsplan 2024", "B", 24, "Helvetica")
    for chapter in range(1, 4):
        pdf.add_page()
        _text(pdf, f"Hoofdstuk {chapter}", "B", 18, "Helvetica")
        for _ in range(3):
            _text(pdf, LOREM * 3)
    texts = [b.text for b in _blocks(pdf)]
    assert not [t for t in texts if "Pagina" in t or "Eenheid Noord" in t], texts
    assert [t for t in texts if t.startswith("Hoofdstuk")] == ["Hoofdstuk 1", "Hoofdstuk 2", "Hoofdstuk 3"]


def test_numbered_headings_of_one_size_take_their_levels_from_the_numbering():
    pdf = _doc()
    for title in ["1 Inleiding", "1.1 Aanleiding", "1.2 Leeswijzer", "2 Aanpak", "2.1 Preventie", "2.1.1 Jeugd"]:
        _text(pdf, title, "B", 14, "Helvetica")
        _text(pdf, LOREM)
    heads = [(b.label, b.level) for b in _blocks(pdf) if b.kind == "heading"]
    assert heads == [("1", 1), ("1.1", 2), ("1.2", 2), ("2", 1), ("2.1", 2), ("2.1.1", 3)], heads


def test_bookmarks_confirm_headings_and_their_levels():
    pdf = _doc()
    # two heading levels at one size and weight, told apart only by the document's outline;
    # a third bookmarked title is set in body text
    for level, title in [(0, "Inleiding"), (1, "Aanleiding van het plan"), (1, "Opbouw van het plan"),
                         (0, "Aanpak"), (1, "Samenwerking met partners")]:
        pdf.start_section(title, level=level)
        _text(pdf, title, "B", 14, "Helvetica")
        _text(pdf, LOREM)
    pdf.start_section("Verantwoording", level=0)
    _text(pdf, "Verantwoording")
    _text(pdf, LOREM)
    heads = [(b.text, b.level) for b in _blocks(pdf) if b.kind == "heading"]
    assert heads == [("Inleiding", 1), ("Aanleiding van het plan", 2), ("Opbouw van het plan", 2), ("Aanpak", 1),
                     ("Samenwerking met partners", 2), ("Verantwoording", 1)], heads


def test_lettered_items_on_a_hanging_indent_under_their_numbered_item():
    pdf = _doc()
    _text(pdf, "De aanpak bestaat uit:")

    def item(label: str, text: str, indent: float):
        pdf.set_font("Times", "", 11)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(7, 5.2, label)
        x = pdf.l_margin + indent + 7
        pdf.set_x(x)
        pdf.multi_cell(pdf.w - pdf.r_margin - x, 5.2, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.6)

    item("1.", "De politie formuleert samen met partners " + LOREM, 0)
    item("a)", "Fenomenen worden integraal aangepakt. " + LOREM, 7)
    item("b)", "De aanpak concentreert zich op het verstoren. " + LOREM, 7)
    item("2.", "De politie ontwikkelt methodieken. " + LOREM, 0)
    items = [(b.label, b.text[:20]) for b in _blocks(pdf) if b.kind == "bullet"]
    assert items == [("1", "De politie formuleer"), ("a", "Fenomenen worden int"), ("b", "De aanpak concentree"),
                     ("2", "De politie ontwikkel")], items
    texts = {b.label: b.text for b in _blocks(pdf) if b.kind == "bullet"}
    assert texts["a"].startswith("Fenomenen worden integraal aangepakt. ") and texts["a"].endswith("over de resultaten.")
    assert texts["a"].count("Zij legt verantwoording") == 1  # its lines at the hanging indent, one item


def test_justified_text_is_joined_and_words_split_by_a_font_change_stay_whole():
    pdf = _doc()
    _text(pdf, "Titel van het plan", "B", 18, "Helvetica")
    _text(pdf, "Blijf in verbinding: investeer in een politie voor __iedereen__. Zet in op **contraterrorisme**: "
          + LOREM * 3, markdown=True)
    paras = [b.text for b in _blocks(pdf) if b.kind == "paragraph"]
    assert len(paras) == 1, paras
    assert paras[0].startswith("Blijf in verbinding: investeer in een politie voor iedereen. Zet in op contraterrorisme: ")
    assert paras[0].count("Zij legt verantwoording") == 3
    assert "  " not in paras[0] and paras[0].endswith("over de resultaten.")


def test_bold_question_headings_and_two_run_in_heading_styles_nest():
    pdf = _doc()
    for theme in ["Cybercrime", "Ondermijning"]:
        if theme != "Cybercrime":
            pdf.add_page()
        _text(pdf, theme, "B", 14, "Helvetica")
        _text(pdf, LOREM)
        _text(pdf, "Waar willen we in 2024 staan?", "BI", 11, "Helvetica")
        _text(pdf, LOREM)
        _text(pdf, "Hoe gaan we dit bereiken?", "BI", 11, "Helvetica")
        for pillar in ["Meer verbinding", "Betere informatie"]:
            _text(pdf, pillar, "B", 11, "Times")
            _text(pdf, LOREM)
    blocks = _blocks(pdf)
    heads = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert heads[:5] == [("Cybercrime", 1), ("Waar willen we in 2024 staan?", 2), ("Hoe gaan we dit bereiken?", 2),
                         ("Meer verbinding", 3), ("Betere informatie", 3)], heads
    pillar = next(b for b in blocks if b.kind == "heading" and b.text == "Betere informatie")
    assert pillar.heading_path == ["Cybercrime", "Hoe gaan we dit bereiken?"]


def test_table_of_contents_without_leaders_is_dropped():
    pdf = _doc()
    _text(pdf, "Inhoud", "B", 16, "Helvetica")
    for title, page in [("Voorwoord", 2), ("1 Inleiding", 2), ("1.1 Aanleiding", 2), ("2 Aanpak", 3),
                        ("2.1 Preventie", 3), ("Bijlagen", 3)]:
        pdf.set_font("Times", "B" if "." not in title else "", 11)
        pdf.set_x(pdf.l_margin + (10 if "." in title else 0))
        pdf.cell(pdf.epw - (10 if "." in title else 0) - 12, 6, title, new_x="RIGHT", new_y="TOP")
        pdf.cell(12, 6, str(page), align="R", new_x="LMARGIN", new_y="NEXT")
    for title in ["Voorwoord", "1 Inleiding", "1.1 Aanleiding", "2 Aanpak", "2.1 Preventie", "Bijlagen"]:
        pdf.add_page()
        _text(pdf, title, "B", 18 if "." not in title else 13, "Helvetica")
        _text(pdf, LOREM * 2)
    blocks = _blocks(pdf)
    assert not [b for b in blocks if b.page == 1], [b.text for b in blocks if b.page == 1]
    assert [b.text for b in blocks if b.kind == "heading"][:2] == ["Voorwoord", "1 Inleiding"]


def test_superscript_footnotes_are_footnotes_with_their_number():
    pdf = _doc()
    _text(pdf, "Titel", "B", 18, "Helvetica")
    _text(pdf, "Ondermijnende criminaliteit¹ heeft maar één doel. " + LOREM * 2)
    pdf.set_font("Times", "", 8)
    pdf.cell(7, 5.2, "¹")
    pdf.multi_cell(0, 5.2, "Tops en Van der Torre (2014) definiëren ondermijnende criminaliteit als criminaliteit "
                   "die de formele grondslag van onze samenleving systematisch aantast en verder nog veel meer.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _text(pdf, LOREM)
    notes = [(b.label, b.text[:20]) for b in _blocks(pdf) if b.kind == "footnote"]
    assert notes == [("1", "Tops en Van der Torr")], notes
    note = next(b for b in _blocks(pdf) if b.kind == "footnote")
    assert note.text.endswith("nog veel meer.")


def test_a_list_of_dash_items_without_full_stops_stays_a_list_and_a_signature_mark_is_no_heading():
    """Found on a real plan (../shared/realdocs-pdf, Zeeuwse Handen): members listed as
    "- Name - role" lines, none ending in a full stop, are items of their own (the rule for a
    dash carried to a line start applies inside a paragraph only, before a lower-case word
    or a figure); "w.g." beside a name is no heading."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "Bestuurders bij oprichting:", new_x="LMARGIN", new_y="NEXT")
    for line in ("- TC van Ruitenburg - voorzitter", "- PW van de Vreede - secretaris", "- PM van Veen - bestuurslid"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 6, "De periode loopt van 2019", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "- 2022 en wordt jaarlijks bekeken.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(60, 6, "PM van Veen")
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.cell(0, 6, "w.g.", new_x="LMARGIN", new_y="NEXT")
    blocks = parse_bytes(bytes(pdf.output()), ".pdf").blocks
    assert [b.text for b in blocks if b.kind == "bullet"] == [
        "TC van Ruitenburg - voorzitter", "PW van de Vreede - secretaris", "PM van Veen - bestuurslid"], blocks
    assert any(b.kind == "paragraph" and b.text.startswith("De periode loopt van 2019 - 2022") for b in blocks), blocks
    assert not [b for b in blocks if b.kind == "heading" and "w.g." in b.text], blocks


# ---------------------------------------------------------------- other units' plans as printed PDFs


def _plan_ambitions(data: bytes, suffix: str):
    from kb.enrich.ambitions import extract_ambitions
    from kb.enrich.metadata import make_document
    from kb.enrich.sections import build_sections
    from kb.enrich.themes import load_taxonomy

    taxonomy = load_taxonomy()
    parsed = parse_bytes(data, suffix)
    doc = make_document("plan", f"plan{suffix}", {"title": "Plan", "kind": "plan"}, "", parsed.pages, False)
    return extract_ambitions(doc, build_sections(doc, parsed.blocks, taxonomy), taxonomy)


@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("which", ["speerpunten", "ivp", "prioriteiten"])
def test_other_plans_printed_give_the_keys_and_texts_of_their_text_form(which, columns):
    """Issue 15: the same plan in any format gives the same keys and texts. The three plans of
    other conventions (tests/helpers/other_plans.py), printed as PDFs (bold headings over body
    text, numbered and lettered items with their label in a cell of its own, lettered items
    under a numbered one indented once more, running header and page numbers, a table of
    contents), against the ambitions of their own file."""
    from helpers.other_plans import IVP_EXPECTED, PRIORITIES_EXPECTED, SPEARHEADS_EXPECTED, plan_file
    from helpers.render_other_pdf import render_other_plan

    expected = {"ivp": IVP_EXPECTED, "prioriteiten": PRIORITIES_EXPECTED, "speerpunten": SPEARHEADS_EXPECTED}[which]
    name, data = plan_file(which)
    text_form = {a.id: a.text for a in _plan_ambitions(data, Path(name).suffix)}
    assert text_form == expected
    printed = {a.id: a.text for a in _plan_ambitions(render_other_plan(which, columns), ".pdf")}
    c = compare(printed, text_form)
    assert c.share == 1.0 and not c.extra, str(c)
    assert list(printed) == list(text_form)  # in the same order


def test_printed_speerpunten_plan_keeps_lettered_items_and_drops_its_furniture():
    from helpers.render_other_pdf import render_other_plan

    blocks = parse_bytes(render_other_plan("speerpunten"), ".pdf").blocks
    items = [(b.label, b.text) for b in blocks if b.kind == "bullet"]
    assert ("1", "We maken met Veilig Thuis afspraken over") in items
    assert ("a", "de overdracht van meldingen binnen een werkdag;") in items
    assert ("c", "Elke wijkagent heeft de training meldcode afgerond.") in items
    texts = [b.text for b in blocks]
    assert "Inhoud" not in texts and not any(re.fullmatch(r"\d+", t) for t in texts)  # no contents, no page numbers
    assert not any(t.startswith("Teamplan Basisteam Waterland") for t in texts[1:])  # the running header
    heads = {b.text: b.level for b in blocks if b.kind == "heading"}
    assert heads["Speerpunt 1 Huiselijk geweld"] < heads["Ambitie"]


# ---------------------------------------------------------------- a one-page plan (held-out round 2)


def test_one_page_plan_keeps_every_priority_heading_over_its_bold_run_in_headings():
    """On a page of its own every heading size is "used on one page only": they rank together,
    and a bold line at body size ("Resultaten 2024", "Inzet") sits below all of them. It used
    to take level 1, so "Prioriteit 2" fell under the "Inzet" of priority 1 and lost its goal,
    and the closing chapter was read as an action item."""
    pdf = _doc()
    _text(pdf, "Jaarplan 2024", "B", 20, "Helvetica")
    _text(pdf, "1. Inleiding", "B", 13, "Helvetica")
    _text(pdf, "Dit jaarplan beschrijft de prioriteiten van het basisteam voor het komende jaar.", size=10)
    _text(pdf, "2. Prioriteiten", "B", 13, "Helvetica")
    for n, name in [(1, "Woninginbraken"), (2, "Jeugd")]:
        _text(pdf, f"Prioriteit {n} - {name}", "B", 11, "Helvetica")
        _text(pdf, f"Doel: In 2024 daalt het aantal incidenten rond {name.lower()} met tien procent.", size=10)
        _text(pdf, "Resultaten 2024", "B", 10)
        _text(pdf, f"- Aantal meldingen {name.lower()}: maximaal 300", size=10)
        _text(pdf, "Inzet", "B", 10)
        _text(pdf, f"a) Gerichte surveillance tegen {name.lower()} in de donkere maanden.", size=10)
    _text(pdf, "3. Capaciteit en verantwoording", "B", 13, "Helvetica")
    _text(pdf, "Het basisteam heeft een formatie van 142 fte en rapporteert elk kwartaal.", size=10)
    data = bytes(pdf.output())
    heads = [(b.text, b.level) for b in parse_bytes(data, ".pdf").blocks if b.kind == "heading"]
    levels = dict(heads)
    assert levels["Prioriteit 2 - Jeugd"] == levels["Prioriteit 1 - Woninginbraken"]
    assert levels["Inzet"] > levels["Prioriteit 1 - Woninginbraken"] > levels["2. Prioriteiten"]
    assert levels["3. Capaciteit en verantwoording"] == levels["2. Prioriteiten"]
    keys = {a.id: a.text for a in _plan_ambitions(data, ".pdf")}
    assert {"prioriteit-1-doel", "prioriteit-2-doel", "prioriteit-1-resultaat-a", "prioriteit-2-a"} <= set(keys), keys
    assert not [k for k in keys if not k.startswith("prioriteit-")], keys  # no "plan-3" from the closing chapter


def test_a_goal_labelled_doel_under_a_priority_is_its_goal_next_to_a_results_block():
    """ "Doel: ..." opening a paragraph under "Prioriteit 1" is the priority's goal, also when
    the priority has a goal block of its own ("Resultaten 2024")."""
    from kb.enrich.ambitions import extract_ambitions
    from kb.enrich.metadata import make_document
    from kb.enrich.sections import build_sections
    from kb.enrich.themes import load_taxonomy
    from kb.parse.text import parse_text

    text = ("# Jaarplan\n\n## Prioriteit 1 – Woninginbraken\n\nEen analyse van de cijfers van vorig jaar.\n\n"
            "Doel: het aantal woninginbraken daalt met tien procent.\n\n### Resultaten 2024\n\n"
            "- Aantal woninginbraken: maximaal 310\n")
    taxonomy = load_taxonomy()
    parsed = parse_text(text.encode(), markdown=True)
    doc = make_document("plan", "plan.md", {"title": "Plan", "kind": "plan"}, "", parsed.pages, False)
    keys = {a.id: a.text for a in extract_ambitions(doc, build_sections(doc, parsed.blocks, taxonomy), taxonomy)}
    assert keys.get("prioriteit-1-doel", "").startswith("Doel: het aantal woninginbraken"), keys
    assert "prioriteit-1-resultaat-a" in keys, keys
