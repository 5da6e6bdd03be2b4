"""Dehyphenation and the other repairs for text that went through a page layout."""

import pytest

from kb.parse.cleanup import ends_sentence, is_print_slug, join_hyphenated, join_lines, slug_pages


@pytest.mark.parametrize(
    "left,right,expected",
    [
        ("verdachten-", "dossiers", "verdachtendossiers"),
        ("mede-", "werkers", "medewerkers"),
        ("Drugs-", "coördinatiepunt", "Drugscoördinatiepunt"),
        ("het CTER-", "team", "het CTER-team"),  # an abbreviation keeps its hyphen
        ("via e-", "learning", "via e-learning"),  # one-letter prefix
        ("de politie-", "inzet", "de politie-inzet"),  # vowel clash: e + i
        ("de re-", "integratie", "de re-integratie"),
        ("Noord-", "Holland", "Noord-Holland"),  # capital after the hyphen
        ("kennis-, expertise-", "en informatiecentrum", "kennis-, expertise- en informatiecentrum"),
        ("periode 2019-", "2022", "periode 2019-2022"),
    ],
)
def test_join_hyphenated(left, right, expected):
    assert join_hyphenated(left, right) == expected


def test_join_lines_only_dehyphenates_before_lowercase():
    assert join_lines("mensenhandel en", "–smokkel") == "mensenhandel en –smokkel"
    # a hyphen after a letter or a digit before a capital or a digit is a real one, and no word
    # breaks there: the parts of a name or a range are joined as written (a PDF's line end)
    assert join_lines("de wijk Ede-", "Veldhuizen") == "de wijk Ede-Veldhuizen"
    assert join_lines("voor de periode 2022-", "2025:") == "voor de periode 2022-2025:"
    assert join_lines("Koggehaven (KVO-", "B)") == "Koggehaven (KVO-B)"
    assert join_lines("kennis -", "Twee") == "kennis - Twee"  # a dash between words is no hyphen


def test_a_table_cells_lines_are_joined_as_a_paragraphs_and_a_span_of_months_keeps_its_hyphen():
    from kb.parse.cleanup import join_cell_lines
    assert join_cell_lines("Jaarlijks oktober-\nmaart") == "Jaarlijks oktober-maart"
    assert join_cell_lines("Zorg- en Veiligheidshuis IJssel-\nVallei") == "Zorg- en Veiligheidshuis IJssel-Vallei"
    assert join_cell_lines("preventie-\nacties in de\nwijken") == "preventieacties in de wijken"


def test_print_slug_and_pages():
    slug = "21042-06-1 Eenheid Rotterdam Jaarverslag.indd   4-521042-06-1 Eenheid Rotterdam Jaarverslag.indd   4-5 03-05-2021   15:41"
    assert is_print_slug(slug)
    assert slug_pages(slug) == (4, 5)
    assert not is_print_slug("De indeling van de eenheid")


def test_sentence_end_ignores_abbreviations_and_open_brackets():
    assert ends_sentence("Dit is klaar.")
    assert not ends_sentence("over de toepassing van bevoegdheden (zgn.")
    assert not ends_sentence("samenwerking met o.a.")
    assert not ends_sentence("de aanpak")
