"""Plain text and Markdown of any style (issue 15): text copied from a document-sharing site
(site furniture, page markers, cut blocks, tables of contents) and Markdown in other dialects
(headings without a space, "*"/"+" lists, nested lists, pipe tables), plus plain-text tables.

The renderings of the bundled plan (tests/helpers/render_text.py) are ingested for real and
their ambitions compared with those of the bundled text."""

from __future__ import annotations

import re

import pytest
from helpers.paths import PLAN_ID
from helpers.plan_compare import ambitions_of, compare
from helpers.render_text import (
    FURNITURE,
    PLAN_TXT,
    hard_wrapped,
    markdown,
    plan_blocks,
    shared_site,
    toc_lines,
    write_rendering,
)

from kb.errors import KbError
from kb.library import Library
from kb.parse.text import parse_text, site

# measured: 136/136 for both renderings; asserted with a small margin
SHARE = {"markdown": 0.97, "site": 0.97, "wrapped": 0.97}


def _blocks(text: str, md: bool = False):
    return parse_text(text.encode("utf-8"), markdown=md).blocks


@pytest.fixture(scope="module")
def renderings():
    blocks = plan_blocks()
    return {"markdown": (markdown(blocks), ".md"), "site": (shared_site(blocks), ".txt"),
            "wrapped": (hard_wrapped(PLAN_TXT.read_text(encoding="utf-8")), ".txt")}


@pytest.mark.parametrize("name", ["markdown", "site", "wrapped"])
def test_rendering_keeps_the_plans_ambitions(name, renderings, corpus, tmp_path):
    text, suffix = renderings[name]
    folder = tmp_path / "docs"
    write_rendering(folder, text, suffix)
    result = Library(tmp_path / "data", documents_dir=tmp_path / "uploads").ingest([folder])
    assert not result.failures, result.failures
    found = compare(ambitions_of(result, PLAN_ID), ambitions_of(corpus, PLAN_ID))
    print(name, found)
    assert found.expected == 136
    assert found.share >= SHARE[name], str(found)
    sections = [s for s in result.sections if s.document_id == PLAN_ID]
    furniture = {f.lower() for f in FURNITURE}
    assert not [s.text for s in sections if s.text.lower() in furniture or site.is_furniture(s.text)]
    if name == "site":
        toc = set(toc_lines(text))
        assert len(toc) >= 8
        assert not [s.text for s in sections if s.text in toc or re.search(r"\.{4,}\s*\d+$", s.text)]
        assert not [s.text for s in sections if re.fullmatch(r"\(\d+\)|- \d+ -|Pagina \d+ van \d+", s.text)]
        # the chapters the table of contents lists are chapters again
        chapters = [s.text for s in sections if s.kind == "heading" and not s.heading_path]
        assert "Zes veiligheidsthema's voor 2022" in chapters and "Bijlage 2: Eenheidsmonitorset 2019 – 2022" in chapters


def test_renderings_have_what_they_claim(renderings):
    """The renderings really are in another dialect: otherwise the test above proves nothing."""
    md, _ = renderings["markdown"]
    assert re.search(r"^#{2,}[A-Z0-9]", md, re.M) and re.search(r"^#{2,} ", md, re.M)
    assert re.search(r"^\* ", md, re.M) and re.search(r"^\+ ", md, re.M)
    assert re.search(r"^   [*+] ", md, re.M) and re.search(r"^   \d\. ", md, re.M)
    assert re.search(r"^\| .* \|$\n^\|( --- \|)+$", md, re.M)
    text, _ = renderings["site"]
    assert len(re.findall(r"^\(\d+\)$", text, re.M)) >= 3 and re.search(r"^- \d+ -$", text, re.M)
    assert re.search(r"^Pagina \d+ van 40$", text, re.M)
    assert text.count("Bezig met laden…") >= 3
    assert re.search(r"^\S.*   \d", text, re.M)  # a table with its columns separated by spaces
    # blocks cut at a page break, some mid-word: a line ending in a letter, the next block in lower case
    cuts = re.findall(r"([a-zà-ÿ]+)\n\n(?:.*\n\n)+?(?:Copied!|No results found|Downloaden)\n\n([a-zà-ÿ]+)", text)
    assert len(cuts) >= 10


# ---------------------------------------------------------------- site furniture and page markers

PAGE = "Dit is de tekst van het document, een gewone alinea met genoeg woorden om tekst te zijn."


def test_site_furniture_is_dropped_by_pattern():
    text = "\n\n".join([
        "Ga naar de inhoud", "Bezig met laden…", "Copied!", "No results found",
        "Wij gebruiken cookies om de site te verbeteren. Lees meer.", "Alle cookies accepteren",
        "Delen", "Downloaden", "Delen · Downloaden · Opslaan", "Pagina 3 van 40",
        "Kop van het stuk", PAGE,
    ])
    assert [b.text for b in _blocks(text)] == ["Kop van het stuk", PAGE]


def test_a_line_the_site_repeats_at_every_page_is_dropped_but_a_repeated_heading_stays():
    parts = []
    for n in range(1, 5):
        parts += ["Waar willen we staan?", f"{PAGE} Pagina {n}.", f"({n})", "mijndocumentensite – het archief", "Delen"]
    texts = [b.text for b in _blocks("\n\n".join(parts))]
    assert "mijndocumentensite – het archief" not in texts
    assert texts.count("Waar willen we staan?") == 4  # repeated too, but never next to furniture


@pytest.mark.parametrize("marker", ["(12)", "- 12 -", "– 12 –", "Pagina 12", "Pagina 12 van 40", "12 / 40"])
def test_page_markers_on_their_own_line_are_dropped(marker):
    texts = [b.text for b in _blocks(f"Kop\n\n{PAGE}\n\n{marker}\n\n{PAGE}")]
    assert marker not in texts and texts.count(PAGE) == 2


def test_a_chapter_number_is_no_page_marker():
    blocks = _blocks(f"Inhoud\n\n\tInleiding\t3\n\n1\n\nInleiding\n\n{PAGE}")
    assert [(b.kind, b.text) for b in blocks] == [("heading", "Inleiding"), ("paragraph", PAGE)]


def test_furniture_patterns_are_data_an_analyst_extends(tmp_path, monkeypatch):
    data = tmp_path / "site-furniture.toml"
    data.write_text("furniture = ['bekijk dit document op .+']\npage_markers = []\n", encoding="utf-8")
    monkeypatch.setattr(site, "FURNITURE_FILE", data)
    assert site.is_furniture("Bekijk dit document op deelsite.nl")
    assert not site.is_furniture("Bezig met laden…")  # only what the file says
    data.write_text("furniture = ['[niet gesloten']\n", encoding="utf-8")
    with pytest.raises(KbError, match="site-furniture.toml: 'furniture': patroon"):
        site.patterns()


def test_the_shipped_file_has_the_issues_examples():
    for line in ("Bezig met laden…", "Copied!", "No results found", "Ga naar de inhoud", "Delen", "Downloaden",
                 "Alle cookies accepteren"):
        assert site.is_furniture(line), line
    assert site.is_page_marker("Pagina 3 van 40") and site.is_page_marker("(12)") and site.is_page_marker("- 12 -")
    assert not site.is_furniture("Delen van informatie met partners") and not site.is_page_marker("12")


# ---------------------------------------------------------------- blocks cut at a page break


def test_a_block_cut_mid_word_is_joined_without_a_space_when_the_word_is_known():
    text = (f"Kop\n\nDe politie pakt de criminele samenwe\n\n(12)\n\nDelen\n\nrkingsverbanden aan met partners.\n\n"
            "Wij werken voor\n\n- 13 -\n\nal onze inwoners.")
    texts = [b.text for b in _blocks(text)]
    assert "De politie pakt de criminele samenwerkingsverbanden aan met partners." in texts
    assert "Wij werken voor al onze inwoners." in texts  # "vooral" is a word, but "voor" and "al" are commoner


@pytest.mark.parametrize("left, right, joined", [
    ("de samenwe", "rkingsverbanden", "de samenwerkingsverbanden"),
    ("criminali", "teit", "criminaliteit"),
    ("onder", "mijnende", "ondermijnende"),  # a rare word, still a word
    ("de", "ketenpartners", None),  # "deketenpartners" splits (dek-eten-partners), but both are words
    ("werk", "plaats", None),
    ("de politie", "inzet", None),
    ("De eenheid", "participeert in", None),  # a rare but real word of its own, not a compound's tail
])
def test_join_cut(left, right, joined):
    assert site.join_cut(left, right) == joined


def test_a_block_ending_a_sentence_or_followed_by_a_capital_is_not_joined():
    texts = [b.text for b in _blocks(f"Kop\n\n{PAGE}\n\n(3)\n\nnog een regel tekst die volgt.\n\nEen zin zonder punt\n\n(4)\n\nNieuwe alinea hier.")]
    assert PAGE in texts and "Een zin zonder punt" not in " ".join(t for t in texts if "Nieuwe" in t)


# ---------------------------------------------------------------- tables of contents


def test_table_of_contents_lines_are_kept_out_and_name_the_chapters():
    toc = ["Inhoud", "Voorwoord 5", "2 Opdrachten voor de eenheid 15", "Inleiding ........ 17",
           "Bijlage 2: Eenheidsmonitorset 38"]
    body = ["Voorwoord", PAGE, "Opdrachten voor de eenheid", PAGE, "Inleiding", PAGE,
            "Bijlage 2: Eenheidsmonitorset", "Indicatoren:"]
    blocks = _blocks("\n\n".join(toc + body))
    texts = [b.text for b in blocks]
    assert not set(toc) & set(texts)
    chapters = [b.text for b in blocks if b.kind == "heading" and b.level == 1]
    assert chapters == ["Voorwoord", "Opdrachten voor de eenheid", "Inleiding", "Bijlage 2: Eenheidsmonitorset"]


def test_a_contents_list_without_page_numbers_is_known_by_the_headings_that_follow():
    # a plan as plain text: "Inhoud", then chapter titles without pages, each again later as a heading
    toc = "Voorwoord\n1 Inleiding\n2 Ons werkgebied\n3 Prioriteit 1: Dichtbij in de wijk"
    body = ["Voorwoord", "Voor u ligt het plan.", "1", "Inleiding", "Het team werkt voor 96.000 inwoners.",
            "2", "Ons werkgebied", "Drie gemeenten.", "3", "Prioriteit 1: Dichtbij in de wijk", "Inwoners willen een politie die ze kennen."]
    blocks = _blocks("\n\n".join(["Meerjarenplan 2020-2023", "Inhoud", toc] + body))
    assert not [b.text for b in blocks if "Inleiding" in b.text and "werkgebied" in b.text]  # no paragraph of titles
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert headings[-4:] == ["Voorwoord", "Inleiding", "Ons werkgebied", "Prioriteit 1: Dichtbij in de wijk"]
    # a list after "Inhoud" whose lines do not come back is text, and stays
    kept = _blocks("\n\n".join(["Plan", "Inhoud", "Wat de wijk vraagt\nWat het team doet\nWat we meten", "Inleiding", "Tekst."]))
    assert any("Wat het team doet" in b.text for b in kept)


def test_toc_lines_without_a_heading_need_a_run_or_dot_leaders():
    lines = ["Voorwoord 3", "", "Samenvatting 5", "Hoofdstuk een 9", "tekst", "Tabel 1", "Inleiding .... 4"]
    assert set(site.toc_lines(lines)) == {0, 2, 3, 6}
    assert site.toc_lines(["Voorwoord 7", "Samenvatting 5", "Inleiding 9"]) == {}  # pages go down: no contents
    assert site.toc_entry("In 2022 werken wij samen met 12") is not None
    assert site.toc_entry("Het aantal steeg naar 12.") is None


# ---------------------------------------------------------------- Markdown


def test_atx_headings_with_and_without_the_space():
    blocks = _blocks(f"# Plan\n\n##Thema\n\n####Onderdeel ###\n\n{PAGE}\n\n#MeToo is een beweging die we volgen.", md=True)
    heads = [(b.level, b.text) for b in blocks if b.kind == "heading"]
    assert heads == [(1, "Plan"), (2, "Thema"), (4, "Onderdeel")]
    assert blocks[-1].kind == "paragraph" and blocks[-1].text.startswith("#MeToo")


def test_star_and_plus_lists_are_items_and_nesting_letters_numbered_sub_items():
    text = "\n".join([
        "## Hoe gaan we dit bereiken?", "",
        "1. Eerste punt", "   * een sub-item in kleine letters", "   + Tweede sub-item",
        "2. Tweede punt", "   1. Genest genummerd", "   2. Nog een", "      * dieper",
        "3. Derde punt", "", "* Los item", "+ Nog een los item",
    ])
    items = [(b.label, b.text) for b in _blocks(text, md=True) if b.kind == "bullet"]
    assert items == [
        ("1", "Eerste punt"), ("a", "een sub-item in kleine letters"), ("b", "Tweede sub-item"),
        ("2", "Tweede punt"), ("a", "Genest genummerd"), ("b", "Nog een"), ("•", "dieper"),
        ("3", "Derde punt"), ("•", "Los item"), ("•", "Nog een los item"),
    ]


@pytest.mark.parametrize("md", [True, False])
@pytest.mark.parametrize("sub", [["  a. sub een", "  b. sub twee"], ["  - sub een", "  - sub twee"],
                                 ["   1. sub een", "   2. sub twee"], ["    * sub een", "    * sub twee"]])
def test_items_indented_under_an_item_are_a_nested_list(md, sub):
    """Issue 15: nested lists are items of their own, labeled by their letter, their number as
    a letter or their place, in Markdown and in plain text alike."""
    if not md and sub[0].lstrip().startswith("*"):
        return  # "*" is no list marker in plain text
    head = "## Wat gaan we doen?" if md else "Wat gaan we doen?"
    for top in ("- Eerste punt", "1. Eerste punt"):
        text = "\n".join([head, "", top, *sub, top.replace("Eerste", "Tweede").replace("1.", "2."), ""])
        items = [(b.label, b.text) for b in _blocks(text, md=md) if b.kind == "bullet"]
        first, second = ("•", "•") if top.startswith("-") else ("1", "2")
        assert items == [(first, "Eerste punt"), ("a", "sub een"), ("b", "sub twee"), (second, "Tweede punt")], text


def test_a_dashed_line_in_lower_case_at_the_lists_own_indent_still_continues_the_item():
    items = [(b.label, b.text) for b in _blocks("Kop\n\n- Het eerste punt loopt\n- door op de volgende regel.\n")
             if b.kind == "bullet"]
    assert items == [("•", "Het eerste punt loopt door op de volgende regel.")]


@pytest.mark.parametrize("lines", [
    ["Dit plan beschrijft hoe de gemeente samen met politie en Openbaar Ministerie de komende",
     "vier jaar werkt aan een veilige gemeente. Het plan is gebaseerd op de veiligheidsanalyse",
     "Jeugd en veiligheid", "van 2022 en de gesprekken met inwoners."],
    ["Kort.", "Nog een regel die met een hoofdletter begint en lang genoeg is om als alinea te tellen.",
     "Zonder leesteken aan het eind"],
])
def test_a_hard_wrapped_markdown_paragraph_is_one_paragraph(lines):
    """Lines without a blank line between them are one paragraph in Markdown, also when a line
    looks like a heading, ends a sentence or starts with a capital (they were split before when
    a line was 70 characters or longer and the next began with a capital)."""
    blocks = _blocks("## Inleiding\n\n" + "\n".join(lines) + "\n\nVolgende alinea.\n", md=True)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Inleiding"), ("paragraph", " ".join(lines)), ("paragraph", "Volgende alinea.")]


def test_a_markdown_item_goes_on_over_its_next_lines():
    blocks = _blocks("## Kop\n\n- We zetten straatcoaches in\nVeilig Thuis Online op scholen.\n- Tweede.\n", md=True)
    assert [(b.label, b.text) for b in blocks if b.kind == "bullet"] == [
        ("•", "We zetten straatcoaches in Veilig Thuis Online op scholen."), ("•", "Tweede.")]


def test_nested_numbered_markdown_gives_lettered_ambition_ids(tmp_path):
    folder = tmp_path / "docs"
    text = "\n".join([
        "# Plan", "", "## 3. Ondermijning", "", "### Hoe gaan we dit bereiken?", "",
        "1. De politie werkt samen.", "   1. Met gemeenten.", "   2. Met het OM.", "2. De politie leert.", "",
    ])
    folder.mkdir()
    (folder / "plan.md").write_text(text, encoding="utf-8")
    (folder / "plan.meta.toml").write_text('title = "Plan"\nkind = "plan"\nunit = "Eenheid X"\nperiod = [2019, 2022]\n',
                                           encoding="utf-8")
    result = Library(tmp_path / "data", documents_dir=tmp_path / "uploads").ingest([folder])
    assert not result.failures, result.failures
    assert {"ondermijning-1", "ondermijning-1a", "ondermijning-1b", "ondermijning-2"} <= {a.key for a in result.ambitions}


def test_pipe_table_rows_keep_label_columns_and_figures_together():
    text = "\n".join([
        "# Resultaten", "", "Tabel 2. Aanpak", "",
        "| Indicator | 2019 | 2020 |", "|---|--:|--:|",
        "| Aangepakte criminele samenwerkingsverbanden | 1.420 | 1.529 |",
        "| Ondermijning | | 12 |", "", PAGE,
    ])
    blocks = _blocks(text, md=True)
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [r.text for r in rows] == [
        "Aangepakte criminele samenwerkingsverbanden | 2019: 1.420 | 2020: 1.529", "Ondermijning | 2020: 12"]
    assert rows[0].columns == ["Indicator", "2019", "2020"] and rows[0].cells[1:] == ["1.420", "1.529"]
    assert [b.text for b in blocks if b.kind == "heading"] == ["Resultaten"]
    assert not any(re.fullmatch(r"[\d.,\s|]+", b.text) for b in blocks)  # no figure on its own
    assert not any("---" in b.text or b.text.startswith("Indicator") for b in blocks)


def test_plain_text_table_with_spaced_columns():
    text = "\n".join([
        "Resultaten", "", PAGE, "",
        "Indicator                          2019      2020",
        "Aangepakte criminele verbanden     1.420     1.529",
        "Woninginbraken                     3.210     2.954",
        "", PAGE,
    ])
    blocks = _blocks(text)
    rows = [b.text for b in blocks if b.kind == "table_row"]
    assert rows == ["Aangepakte criminele verbanden | 2019: 1.420 | 2020: 1.529", "Woninginbraken | 2019: 3.210 | 2020: 2.954"]
    assert not any(b.kind == "heading" and b.text in ("Woninginbraken", "Indicator") for b in blocks)


def test_plain_text_table_with_pipes_between_the_cells_and_no_blank_lines():
    text = "\n".join([
        "Resultaten", "", "We haalden de meeste normen, zie de kerncijfers.", "", "Kerncijfers",
        "Indicator | 2023 | 2024 | Norm",
        "Meldingen jeugdoverlast | 410 | 380 | 350",
        "Aantal Halt-verwijzingen | 55 | 61 | 60",
        "Cameratoezicht | | 4 |",
        "", "De overlast daalde in alle kernen.",
    ])
    blocks = _blocks(text)
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [r.text for r in rows] == ["Meldingen jeugdoverlast | 2023: 410 | 2024: 380 | Norm: 350",
                                      "Aantal Halt-verwijzingen | 2023: 55 | 2024: 61 | Norm: 60",
                                      "Cameratoezicht | 2024: 4"]  # an empty cell keeps its column
    assert rows[0].columns == ["Indicator", "2023", "2024", "Norm"]
    assert not any("Indicator" in b.text for b in blocks if b.kind != "table_row")


def test_plain_text_table_with_tabs_and_years_in_its_header():
    # as Word saves a table as text: one tab between the cells, the header naming years
    text = "\n".join([
        "10 Kerncijfers", "", "Indicator\t2024\t2025\tNorm",
        "Woninginbraken\t182\t151\tmax. 164",
        "Ziekteverzuim\t7,1%\t6,4%\t< 6%",
        "Meldingen verward gedrag\t612\t\t-",  # an empty cell: which column is not sure
        "", "11 Vooruitblik 2026", "", "In 2026 verwachten we meer collega's.",
    ])
    blocks = _blocks(text)
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [r.text for r in rows] == ["Woninginbraken | 2024: 182 | 2025: 151 | Norm: max. 164",
                                      "Ziekteverzuim | 2024: 7,1% | 2025: 6,4% | Norm: < 6%",
                                      "Meldingen verward gedrag | 612 | -"]
    assert rows[0].columns == ["Indicator", "2024", "2025", "Norm"]
    assert not any(b.text.startswith("Indicator") for b in blocks)


def test_a_sentence_with_a_pipe_is_no_table():
    text = "Kop\n\nDe politie werkt | samen met de gemeente in alle wijken van de stad.\nDe inzet steeg.\n"
    assert not any(b.kind == "table_row" for b in _blocks(text))


def test_numbered_chapters_over_decimal_sections_are_the_chapters_they_number():
    # "1. Inleiding" straight above "1.1 Aanleiding" is its chapter, not an empty heading read
    # as a paragraph, and "3. Jeugd" is no section of "2.2"
    text = "\n".join([
        "Jaarverslag 2024 Basisteam Proefland", "", "1. Inleiding", "", "1.1 Aanleiding", "",
        "Dit verslag beschrijft de voortgang van het teamplan in het jaar 2024.", "",
        "2. Wijkagenten", "", "2.1 Bezetting", "", "De bezetting van de wijkagenten kwam uit op 92 procent.", "",
        "2.2 Tijd in de wijk", "", "Wijkagenten waren 67 procent van hun tijd in de eigen wijk.", "",
        "3. Jeugd", "", "Kerncijfers", "", "Indicator | 2023 | 2024", "Halt-verwijzingen | 55 | 61",
        "Meldingen jeugdoverlast | 410 | 380", "", "3.1 Scholen", "",
        "Alle scholen hebben nu een vaste contactpersoon bij de politie.",
    ])
    blocks = _blocks(text)
    heads = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert heads == [("Jaarverslag 2024 Basisteam Proefland", 1), ("1. Inleiding", 2), ("1.1 Aanleiding", 3),
                     ("2. Wijkagenten", 2), ("2.1 Bezetting", 3), ("2.2 Tijd in de wijk", 3), ("3. Jeugd", 2),
                     ("Kerncijfers", 3), ("3.1 Scholen", 3)]
    path = {b.text[:20]: b.heading_path[1:] for b in blocks if b.kind != "heading"}
    assert path["Wijkagenten waren 67"] == ["2. Wijkagenten", "2.2 Tijd in de wijk"]
    assert path["Alle scholen hebben "] == ["3. Jeugd", "3.1 Scholen"]
    assert path["Halt-verwijzingen | "] == ["3. Jeugd", "Kerncijfers"]


def test_a_sentence_with_double_spaces_is_no_table():
    text = f"Kop\n\nDe politie werkt.  Het aantal steeg met 12.\nDe inzet steeg.  Zie tabel 3.\n\n{PAGE}"
    assert not any(b.kind == "table_row" for b in _blocks(text))


def test_setext_headings_are_headings():
    """A wiki or CMS export underlines its headings (=== level 1, --- level 2); a --- after
    a blank line stays a horizontal rule (found by the blind renderings,
    benchmarks/heldout_renderings.py)."""
    from kb.parse import parse_bytes

    text = ("Veiligheidsplan 2023\n=====================\n\nInleiding\n---------\n\n"
            "De politie werkt samen met de gemeente.\n\n---\n\nNog een alinea.\n")
    blocks = parse_bytes(text.encode("utf-8"), ".md").blocks
    headings = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert headings == [("Veiligheidsplan 2023", 1), ("Inleiding", 2)], blocks
    assert [b.text for b in blocks if b.kind == "paragraph"] == ["De politie werkt samen met de gemeente.",
                                                                  "Nog een alinea."]


def test_a_numbered_line_underlined_to_its_length_is_a_heading():
    from kb.parse import parse_bytes

    text = "3. Zes thema's\n==============\n\n1. Ondermijning\n---------------\n\nTekst.\n\n1. een item\n2. nog een\n"
    blocks = parse_bytes(text.encode("utf-8"), ".md").blocks
    assert [b.text for b in blocks if b.kind == "heading"] == ["3. Zes thema's", "1. Ondermijning"], blocks
    assert [b.label for b in blocks if b.kind == "bullet"] == ["1", "2"]


def test_a_bold_line_on_its_own_is_a_heading_below_the_one_above():
    from kb.parse import parse_bytes

    text = ("## Hoe gaan we dit bereiken?\n\n**Meer verbinding met de samenleving.**\n\nDe netwerken worden verbreed.\n\n"
            "Een zin met **vet** erin blijft een alinea.\n")
    blocks = parse_bytes(text.encode("utf-8"), ".md").blocks
    assert [(b.text, b.level) for b in blocks if b.kind == "heading"] == [
        ("Hoe gaan we dit bereiken?", 2), ("Meer verbinding met de samenleving.", 3)], blocks
    assert len([b for b in blocks if b.kind == "paragraph"]) == 2


# ---------------------------------------------------------------- text copied from a PDF viewer
# Hard breaks at the page width, words hyphenated at line ends, indented item continuations,
# a running header and a bare page number per page, form feeds between pages.

def test_viewer_text_breaks_inside_a_sentence_are_no_paragraph_end():
    from kb.parse.text.wrapped import reflow_viewer_text

    lines = [
        "De politie werkt samen met gemeenten en partners aan de veiligheid in de wijken",
        "en buurten van de regio. Zij doet dat al jaren met veel inzet en vakmanschap.",
        "Kort slot.",
        "",
        "Meer inclusieve werkcultuur",
        "De eenheid wil het werkplezier van de medewerkers verhogen en de verbondenheid",
        "versterken.",
    ]
    assert reflow_viewer_text(["Van Gorinchem tot Goeree-", "Overflakkee."]) == ["Van Gorinchem tot Goeree-Overflakkee.", ""]
    assert reflow_viewer_text(lines) == [
        "De politie werkt samen met gemeenten en partners aan de veiligheid in de wijken en buurten van de "
        "regio. Zij doet dat al jaren met veel inzet en vakmanschap. Kort slot.", "",
        "Meer inclusieve werkcultuur", "",  # a short line before a capital: the next word would have fitted
        "De eenheid wil het werkplezier van de medewerkers verhogen en de verbondenheid versterken.", "",
    ]


def test_viewer_text_indented_lines_continue_an_item():
    from kb.parse.text.wrapped import reflow_viewer_text

    lines = [
        "Wij doen het volgende in de komende jaren, samen met onze partners in de regio:",
        "1.  Ook in 2022 samen met partners maatschappelijke gebeurtenissen snel waarnemen",
        "    en duiden. Een belangrijk onderdeel is het volgen van social media.",
        "    a.  De mogelijkheden onderzoeken om informatie van gemeenten beter te benutten",
        "        voor signalering.",
        "2.  De opschaling op orde houden.",
        "•   Een opleidingseenheid zijn met een goede begeleidingsorganisatie voor nieuwe",
        "    instroom.",
        "Een nieuwe alinea na de lijst.",
    ]
    out = [line for line in reflow_viewer_text(lines) if line]
    assert out == [
        "Wij doen het volgende in de komende jaren, samen met onze partners in de regio:",
        "1. Ook in 2022 samen met partners maatschappelijke gebeurtenissen snel waarnemen en duiden. "
        "Een belangrijk onderdeel is het volgen van social media.",
        "a. De mogelijkheden onderzoeken om informatie van gemeenten beter te benutten voor signalering.",
        "2. De opschaling op orde houden.",
        "• Een opleidingseenheid zijn met een goede begeleidingsorganisatie voor nieuwe instroom.",
        "Een nieuwe alinea na de lijst.",
    ]


@pytest.mark.parametrize("left, right, joined", [
    ("het Regionaal Veiligheids-", "overleg komt bijeen", "het Regionaal Veiligheidsoverleg komt bijeen"),
    ("Grotend-", "eels met thema's", "Grotendeels met thema's"),  # broken anywhere: a known word
    ("de bedrijvigh-", "eid in de haven", "de bedrijvigheid in de haven"),
    ("De politie-", "eenheid Rotterdam", "De politie-eenheid Rotterdam"),  # both words, normally hyphenated
    ("alle gezondheids-", "en veiligheidsrisico's", "alle gezondheids- en veiligheidsrisico's"),
    ("van Goeree-", "Overflakkee", "van Goeree-Overflakkee"),
    ("het CTER-", "team", "het CTER-team"),
])
def test_viewer_text_joins_a_hyphenated_word_when_the_word_is_known(left, right, joined):
    from kb.parse.cleanup import join_wrapped_word

    assert join_wrapped_word(left, right) == joined


HEADER = "Gemeente Voorbeeld                          Veiligheidsplan 2021 – 2024"


def _paged(pages: list[list[str]]) -> str:
    out = []
    for k, page in enumerate(pages, 1):
        out.append("\n".join(([HEADER, ""] if k > 1 else []) + page + ["", str(k)]))
    return "\n\f".join(out) + "\n"


VIEWER_PAGES = [
    ["Inhoud", "",
     "1   Inleiding ............................................................... 2",
     "2   Thema's ................................................................. 3",
     "2.1 Ondermijning ......................................................... 3",
     "2.2 Cybercrime ........................................................... 4"],
    ["1   Inleiding", "",
     "Dit plan beschrijft de thema's waaraan de gemeente en de politie de komende",
     "jaren samen werken. Het is vastgesteld door de gemeenteraad en het bestuur van",
     "de politie-eenheid. De gemeente houdt de voortgang bij en rapporteert daar elk",
     "jaar over aan de raad, zodat die tijdig kan bijsturen waar dat nodig is en de",
     "veiligheid in de wijken en buurten van de gemeente verder kan verbeteren met"],
    ["alle partners die daaraan bijdragen.", "",
     "2   Thema's", "",
     "2.1  Ondermijning", "",
     "Criminelen gebruiken legale bedrijven om geld wit te wassen en drugs te verha-",
     "ndelen. Wij pakken dat samen met partners aan en delen daarvoor informatie met",
     "elkaar binnen het samenwerkingsverband in de regio en met het Openbaar Ministe-",
     "rie, zodat wij sneller kunnen ingrijpen."],
    ["2.2  Cybercrime", "",
     "Steeds meer criminaliteit speelt zich online af. Wij investeren daarom in kennis",
     "en vakmanschap van onze medewerkers, en in de samenwerking met bedrijven en",
     "kennisinstellingen in de regio, zodat slachtoffers beter geholpen worden."],
]


def test_viewer_text_drops_running_headers_and_page_numbers_and_glues_pages():
    text = _paged(VIEWER_PAGES)
    blocks = _blocks(text)
    texts = [b.text for b in blocks]
    assert not any("Gemeente Voorbeeld" in t for t in texts), texts
    assert not any(re.fullmatch(r"\d+", t) for t in texts), texts
    intro = next(t for t in texts if t.startswith("Dit plan"))
    assert intro.endswith("met alle partners die daaraan bijdragen.")  # glued across the page break
    assert "politie-eenheid" in intro and "verha-" not in " ".join(texts)
    assert any("drugs te verhandelen" in t and "Openbaar Ministerie" in t for t in texts), texts


def test_viewer_text_keeps_numbered_headings_as_headings():
    blocks = _blocks(_paged(VIEWER_PAGES))
    heads = [(b.text, b.level, b.label) for b in blocks if b.kind == "heading"]
    assert heads == [
        ("Inleiding", 1, None), ("Thema's", 1, None),
        ("2.1 Ondermijning", 2, "2.1"), ("2.2 Cybercrime", 2, "2.2"),
    ], heads
    assert not any("......" in b.text for b in blocks)  # the dotted table of contents is no text


def test_narrow_wrapped_text_is_not_read_as_viewer_text():
    from kb.parse.text.wrapped import is_viewer_text

    column = ["Een regel tekst uit een smalle kolom", "van een rapport in twee kolommen"] * 15
    assert not is_viewer_text(column)
    wide = ["Een regel tekst van een pagina die een PDF-lezer heeft gekopieerd, tot de rand van de",
            "pagina, met nog een paar woorden erachter."] * 15
    assert is_viewer_text(wide)


def test_viewer_text_without_form_feeds_drops_page_numbers_and_repeated_headers():
    text = _paged(VIEWER_PAGES).replace("\f", "")
    blocks = _blocks(text)
    texts = [b.text for b in blocks]
    assert not any("Gemeente Voorbeeld" in t or re.fullmatch(r"\d+", t) for t in texts), texts
    assert any(t.endswith("met alle partners die daaraan bijdragen.") for t in texts), texts
    assert [b.text for b in blocks if b.kind == "heading"][-2:] == ["2.1 Ondermijning", "2.2 Cybercrime"]


def test_viewer_text_numbered_line_that_runs_on_is_no_heading():
    from kb.parse.text.wrapped import reflow_viewer_text

    lines = [
        "12 Agenten en burgers uit de wijk",  # heading-like on its own, but the sentence runs on
        "werken samen aan de veiligheid in het centrum van de stad en de buurten eromheen.",
    ]
    assert reflow_viewer_text(lines)[0].startswith("12 Agenten en burgers uit de wijk werken samen")
    assert len([line for line in reflow_viewer_text(lines) if line]) == 1


def test_a_decimal_numbered_line_is_a_heading_below_its_chapter_but_a_figure_is_not():
    text = ("Inhoud\n\n1\tInleiding\t3\n\n1\n\nInleiding\n\n1.1 Aanleiding\n\nDe gemeente wil meer veiligheid.\n\n"
            "1.2 Doel van dit plan\n\nHet plan geeft richting.\n\n2.5 miljoen euro extra\n\nVoor de wijken.\n")
    blocks = _blocks(text)
    heads = [(b.text, b.level, b.label) for b in blocks if b.kind == "heading"]
    assert heads[:3] == [("Inleiding", 1, None), ("1.1 Aanleiding", 2, "1.1"), ("1.2 Doel van dit plan", 2, "1.2")]
    assert not any(label == "2.5" for _, _, label in heads), heads  # a figure is no section number


def test_viewer_text_nested_list_items_are_lettered_under_their_item():
    """Text copied from a PDF viewer: a numbered list indented under an item is its sub-list
    ("1." under "1." is "a."), an unnumbered one is lettered by its place."""
    import textwrap

    topics = ["woninginbraak", "jeugdoverlast", "verkeersveiligheid", "ondermijning"]
    lines: list[str] = []
    for page, topic in enumerate(topics):
        body = (f"Over {topic} schrijft dit plan een lange alinea die over meerdere regels doorloopt, zoals een "
                f"PDF-viewer dat kopieert wanneer je alles selecteert en in een tekstbestand plakt. ") * 2
        lines += ["Teamplan Waterland 2024", "", f"{page + 1}.{page + 1}  Aanpak van {topic}", ""]
        lines += textwrap.wrap(body, 78) + [""]
        lines += [f"1.  Eerste punt over {topic} met een lange tekst die doorloopt tot het einde van",
                  "    de regel en verder gaat op de volgende regel.",
                  f"    1.  Genest punt een over {topic}.",
                  f"    2.  Genest punt twee over {topic}.",
                  f"2.  Tweede punt over {topic}.",
                  f"    -   Een streepje onder het tweede punt over {topic}.",
                  f"3.  Derde punt over {topic}.", "", str(page + 1), "\f"]
    blocks = _blocks("\n".join(lines))
    items = [(b.label, b.text) for b in blocks if b.kind == "bullet" and "woninginbraak" in b.text]
    assert items == [
        ("1", "Eerste punt over woninginbraak met een lange tekst die doorloopt tot het einde van de regel en "
              "verder gaat op de volgende regel."),
        ("a", "Genest punt een over woninginbraak."), ("b", "Genest punt twee over woninginbraak."),
        ("2", "Tweede punt over woninginbraak."), ("a", "Een streepje onder het tweede punt over woninginbraak."),
        ("3", "Derde punt over woninginbraak."),
    ]


# ---------------------------------------------------------------- pandoc Markdown, lynx dumps (held-out round 2)


def test_pandoc_markdown_escapes_attributes_and_dashes_are_syntax_not_text():
    md = ("::: {custom-style=\"Title\"}\nJaarplan 2019 -- 2022\n:::\n\n"
          "# []{#_Toc529351743 .anchor}Inzetbaarheid\n\nDe vraag naar inzet stijgt, zie [de site](https://x.nl)[^1].\n\n"
          "## Waar willen we in 2022 staan? {#waar-willen-we-in-2022-staan}\n\n"
          "Het programma FIT\\@NP loopt door in 2022 en verder tot en met de laatste\n"
          "12\\. maand van het plan.\n\n[^1]: Zie het jaarverslag\n    van 2017.\n")
    blocks = _blocks(md, md=True)
    heads = [b.text for b in blocks if b.kind == "heading"]
    assert "Inzetbaarheid" in heads and "Waar willen we in 2022 staan?" in heads, heads
    body = [b.text for b in blocks if b.kind == "paragraph"]
    assert "De vraag naar inzet stijgt, zie de site." in body, body
    # an escaped number inside a paragraph stays text, unescaped
    assert any("FIT@NP" in t and "laatste 12. maand" in t for t in body), body
    assert [b.text for b in blocks if b.kind == "footnote"] == ["Zie het jaarverslag van 2017."]
    assert any("2019 – 2022" in b.text for b in blocks), blocks
    assert not [b for b in blocks if "\\" in b.text or "{#" in b.text or ":::" in b.text], blocks


def test_pandoc_hand_typed_number_opens_a_list_item_and_its_letters_hang_under_it():
    md = ("## Hoe gaan we dit bereiken?\n\nDeze ambities realiseren wij door:\n\n"
          "1\\. Waarneming en duiding\n\na.  Informatie van gemeenten beter benutten.\n\n"
          "b.  Netwerken van sleutelpersonen in kaart brengen.\n\n2\\. Opschaling en slagkracht\n\n"
          "a.  Vroegtijdig optrekken met partners.\n")
    items = [(b.label, b.text) for b in _blocks(md, md=True) if b.kind == "bullet"]
    assert items == [("1", "Waarneming en duiding"), ("a", "Informatie van gemeenten beter benutten."),
                     ("b", "Netwerken van sleutelpersonen in kaart brengen."), ("2", "Opschaling en slagkracht"),
                     ("a", "Vroegtijdig optrekken met partners.")], items


def test_a_bold_paragraph_with_emphasis_inside_is_a_heading_like_line():
    md = ("## Hoe gaan we dit bereiken?\n\n**Ten aanzien van *kindermishandeling***\n\n"
          "Wij signaleren eerder en werken samen met Veilig Thuis.\n\n**Een** en **twee** woorden vet.\n")
    blocks = _blocks(md, md=True)
    heads = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert ("Ten aanzien van kindermishandeling", 3) in heads, heads
    assert "Een en twee woorden vet." in [b.text for b in blocks if b.kind == "paragraph"]


LYNX = """   [1]Politie  [2]Mijn buurt  [3]Informatie

Jaarplan veiligheid 2019 - 2022

   Vastgesteld door het Regionaal Veiligheidsoverleg op 12 november 2018 na
   overleg met alle gemeenten van de eenheid en het Openbaar Ministerie.

Zes thema's

1. Ondermijning

   Ondermijnende criminaliteit[4]1 tast de samenleving aan, zegt het rapport
   van de commissie dat in 2017 is verschenen en breed is besproken.

Waar willen we in 2022 staan?

   Minder ondermijning in alle wijken van de eenheid en in de haven van de
   regio, met een sterkere informatiepositie van de politie en de partners.

Hoe gaan we dit bereiken?

Informatie delen

     * Een regionaal informatieknooppunt met gemeenten en de Belastingdienst.
     * Meer bestuurlijke rapportages aan de burgemeesters van de gemeenten.

Inzetbaarheid

   De vraag naar politie-inzet overstijgt sinds jaar en dag de beschikbare
   capaciteit van de eenheid, ook in de komende jaren van dit plan.

Waar willen we in 2022 staan?

   Medewerkers maken dagelijks het verschil in de wijken van de eenheid.

   1 Zie het rapport van de commissie uit 2017.

References

   1. https://www.politie.nl/
   2. https://www.politie.nl/mijn-buurt/
   3. https://www.politie.nl/informatie/
   4. https://www.politie.nl/plan#fn1
"""


def test_lynx_dump_link_markers_references_and_navigation_are_furniture():
    blocks = _blocks(LYNX)
    texts = [b.text for b in blocks]
    assert not [t for t in texts if "References" in t or "https://" in t or "Mijn buurt" in t], texts
    assert not [t for t in texts if re.search(r"\[\d+\]", t)], texts
    para = next(t for t in texts if t.startswith("Ondermijnende criminaliteit"))
    assert para.startswith("Ondermijnende criminaliteit tast"), para  # the footnote number goes too
    assert [(b.label, b.text) for b in blocks if b.kind == "footnote"] == [("1", "Zie het rapport van de commissie uit 2017.")]
    items = [b.text for b in blocks if b.kind == "bullet"]
    assert items[:1] == ["Een regionaal informatieknooppunt met gemeenten en de Belastingdienst."], items


def test_lynx_dump_a_heading_with_a_question_of_its_own_is_a_topic_not_a_pillar():
    """All headings of a text-browser dump stand at the left margin alike: "Informatie delen"
    under "Hoe gaan we dit bereiken?" is a pillar, but "Inzetbaarheid", followed by a question
    of its own, is the next topic."""
    blocks = _blocks(LYNX)
    path = {b.text: b.heading_path for b in blocks if b.kind == "heading"}
    assert path["Informatie delen"][-1] == "Hoe gaan we dit bereiken?"
    assert "Hoe gaan we dit bereiken?" not in path["Inzetbaarheid"], path["Inzetbaarheid"]
    assert "1. Ondermijning" not in path["Inzetbaarheid"], path["Inzetbaarheid"]
    goal = next(b for b in blocks if b.text.startswith("Medewerkers maken"))
    assert goal.heading_path[-2:] == ["Inzetbaarheid", "Waar willen we in 2022 staan?"], goal.heading_path


def test_bracketed_numbers_stay_in_a_text_without_a_list_of_links():
    text = "Kop\n\n" + "   Zie artikel [3] van de wet, en de noot [12]4 bij het besluit van de raad.\n" * 25
    assert all("[3]" in b.text for b in _blocks(text) if b.kind == "paragraph")


# TESTDATA: a municipal plan saved as text with its lines broken at 100 characters, by hand (a line
# may break before a word that would have fitted), its contents listed without page numbers, its
# chapters numbered and set in capitals, its list items' next lines indented under their text
WRAPPED_PLAN = """\
GEMEENTE DIJKSTEDE

INHOUDSOPGAVE

1. Inleiding
2. Prioriteit 1: Ondermijning
Bijlage: Indicatoren


1. INLEIDING

1.1 Aanleiding
De gemeenteraad stelt ten minste eenmaal in de vier jaar de doelen vast die de gemeente op het gebied
van de openbare orde en veiligheid wil bereiken. Dit plan is daarvan de uitwerking. Het sluit aan op het
Beleidsplan 2023-2026 van de politie-eenheid en op de Regionale Veiligheidsstrategie van de gemeenten in
het arrondissement.¹

¹ Artikel 38b van de Politiewet 2012 vraagt dat de raad dit plan vaststelt, en dat hij het ten minste
  eenmaal in de vier jaar herziet.

In 2022 registreerde de politie in Dijkstede 2.874 misdrijven. Andere opvallende cijfers uit dat jaar:
- woninginbraken: 112 (2021: 121)
- overvallen en straatroven: 9


2. PRIORITEIT 1: ONDERMIJNING

Ondermijning is de vermenging van de onderwereld met de bovenwereld. Het RIEC ziet in onze regio vooral
drugsproductie in leegstaande agrarische gebouwen en witwassen via vastgoed en bedrijven met contant geld.

Wat willen we bereiken?

- Het aantal meldingen over ondermijning (bij Meld Misdaad Anoniem, de politie en de gemeente) is in
  2026 met 25% gestegen ten opzichte van 2022 (2022: 41 meldingen).
- Aangetroffen drugsafval wordt binnen 48 uur na de melding opgeruimd.

Wat gaan we daarvoor doen?

- Wij houden elk jaar minimaal twee integrale controles op bedrijventerreinen en in het buitengebied,
  samen met politie, Belastingdienst, Omgevingsdienst en RIEC.
- Wij richten in 2023 binnen de gemeente een intern meldpunt ondermijning in, zodat signalen van
  medewerkers op één plek binnenkomen en worden gewogen.


BIJLAGE: INDICATOREN

Indicator                                           Nulmeting 2022   Streefwaarde 2026
Woninginbraken (incl. pogingen)                     112              maximaal 90
Overvallen en straatroven                           9                minder dan 10 per jaar
Meldingen ondermijning (MMA, politie, gemeente)     41               51 (+25%)
"""


def test_hard_wrapped_text_is_read_as_paragraphs_items_and_chapters():
    blocks = _blocks(WRAPPED_PLAN)
    texts = [b.text for b in blocks]
    # a paragraph over four lines, one of them broken early by hand, is one paragraph; the
    # heading in the same run of lines stays a heading
    assert any(t.startswith("De gemeenteraad stelt") and t.endswith("in het arrondissement.") for t in texts), texts
    heading = next(b for b in blocks if b.text == "1.1 Aanleiding")
    assert heading.kind == "heading"
    # an item's next line, indented under its text, is the item's; a dashed line in lower case
    # right under an item is an item of its own
    items = [b.text for b in blocks if b.kind == "bullet"]
    assert ("Het aantal meldingen over ondermijning (bij Meld Misdaad Anoniem, de politie en de gemeente) is in "
            "2026 met 25% gestegen ten opzichte van 2022 (2022: 41 meldingen).") in items
    assert "woninginbraken: 112 (2021: 121)" in items and "overvallen en straatroven: 9" in items
    # a footnote's next line is the footnote's, not a paragraph of its own
    assert not any(t.startswith("eenmaal in de vier jaar herziet") for t in texts)
    # the contents list without page numbers is no text; the numbered chapters in capitals are
    # chapters, and the plan's questions sit under them
    assert "Inleiding" not in texts and "Bijlage: Indicatoren" not in texts
    question = next(b for b in blocks if b.text == "Wat willen we bereiken?")
    assert question.heading_path == ["2. PRIORITEIT 1: ONDERMIJNING"]
    chapter = next(b for b in blocks if b.text == "2. PRIORITEIT 1: ONDERMIJNING")
    assert chapter.heading_path == []
    # the indicator table: its header names the columns by a word and a year, a value may be five words
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [r.cells[0] for r in rows] == ["Woninginbraken (incl. pogingen)", "Overvallen en straatroven",
                                          "Meldingen ondermijning (MMA, politie, gemeente)"]
    assert all(r.columns == ["Indicator", "Nulmeting 2022", "Streefwaarde 2026"] for r in rows)
    assert rows[1].text.endswith("Streefwaarde 2026: minder dan 10 per jaar")


def test_text_of_one_paragraph_a_line_is_not_joined_by_its_line_lengths():
    """The bundled plan writes a paragraph a line: no width it was wrapped at."""
    from kb.parse.text.clean import wrap_width

    assert wrap_width(PLAN_TXT.read_text(encoding="utf-8").split("\n")) is None
    assert wrap_width(WRAPPED_PLAN.split("\n")) is not None
