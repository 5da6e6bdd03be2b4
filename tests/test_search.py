"""Searching a real Whoosh index on disk, built by a real ingest."""

import re
from functools import cache

import pytest
from helpers.paths import REPORT_ID

from kb.library import Library


@cache
def library(data):
    return Library(data)


def run_search(data, q, **kw):
    return library(data).snapshot().search(q, **kw)


def ids(result):
    return [h.section_id for h in result.hits]


def texts(result):
    return [h.text for h in result.hits]


def first_text(data, q, **kw):
    r = run_search(data, q, **kw)
    assert r.hits, f"{q!r} found nothing"
    return r.hits[0].text


@pytest.mark.parametrize("query,expected", [
    ("inbraak", "woninginbraken daalde"),  # compound, both directions
    ("woninginbraak", "woninginbraken daalde"),
    ("messen", "messenbezit onder jongeren"),
    ("cybercrimebeeld", "Eenheid Cybercrime Beeld"),
    ("aanhouden", "aangehouden na een actie"),  # inflection
    ("geinvesteerd", "fors geïnvesteerd"),  # diacritics
    ("reactietijd", "aanrijdtijden voor prio 1"),  # synonym
    ("verwarde personen", "personen met verward gedrag"),
])
def test_dutch_queries_find_their_section(small, query, expected):
    r = run_search(small, query, per_page=20)
    assert any(expected in t for t in texts(r)), (query, texts(r))


def test_exact_compound_ranks_above_its_parts(small):
    r = run_search(small, "woninginbraken")
    assert "woninginbraken daalde" in r.hits[0].text
    assert any("inbraken in woningen" in t for t in texts(r))


def test_abbreviation_finds_long_form_and_back(small):
    riec = texts(run_search(small, "RIEC"))
    assert any("spil van de integrale aanpak" in t for t in riec)  # written RIEC
    long_form = texts(run_search(small, "Regionaal Informatie- en Expertisecentrum"))
    assert any("spil van de integrale aanpak" in t for t in long_form)
    hic = texts(run_search(small, "high impact crime"))
    assert any("HIC-cijfers" in t for t in hic)


def test_identifiers_and_phrases(small):
    assert "FIT@NP" in first_text(small, "FIT@NP")
    assert "82%" in first_text(small, "82%")
    assert "verward gedrag" in first_text(small, '"verward gedrag"')
    assert not run_search(small, '"gedrag verward"').hits


def test_exclusion_and_or(small):
    both = run_search(small, "straatroof")
    without = run_search(small, "straatroof -aangehouden")
    assert without.total == both.total - 1
    either = run_search(small, "phishing OF messenbezit")
    assert either.total == 2


def test_all_words_then_any_word(small):
    r = run_search(small, "messenbezit zzzonbekend")
    assert r.mode in ("any", "fuzzy") and r.hits and "messenbezit" in r.hits[0].text


def test_did_you_mean(small):
    r = run_search(small, "ondermijnig")  # found through its stem: no "Bedoelde u", no typo echoed
    assert r.total and r.suggestion is None
    assert r.expansions and not any("ondermijnig" in e for e in r.expansions)
    r = run_search(small, "phising")
    assert r.suggestion == "phishing" and r.mode == "corrected" and "phishing" in r.hits[0].text
    assert run_search(small, "ondermijning").suggestion is None
    assert run_search(small, "aangehouden").suggestion is None  # a real word, just inflected
    # two neighbouring letters swapped are one edit, also in a word too short for two
    assert [run_search(small, q).suggestion for q in ("taem", "wjik", "wrekt")] == ["team", "wijk", "werkt"]


def test_fuzzy_retry_when_nothing_matches(small):
    r = run_search(small, "messenbezitt")
    assert r.total and r.mode in ("corrected", "fuzzy")


def test_filters_and_facets(small):
    r = run_search(small, "politie", filters={"soort": ["plan"]})
    assert r.total and {h.kind for h in r.hits} == {"plan"}
    assert set(r.facets["kind"]) == {"plan"}
    all_ = run_search(small, "politie")
    assert sum(all_.facets["kind"].values()) == all_.total
    assert all_.facets["document_id"]["plan-testeenheid-2021-2024"] == r.total
    y = run_search(small, "jaar:2022 politie")
    assert y.total and all(2022 in h.document_years for h in y.hits)
    only_filter = run_search(small, "", filters={"thema": ["cybercrime"]})
    assert only_filter.mode == "filter" and only_filter.total == only_filter.facets["themes"]["cybercrime"]


def test_snippet_escapes_then_marks(small):
    r = run_search(small, "aanvallen")
    snippet = r.hits[0].snippet
    assert "&lt;script&gt;" in snippet and "<script>" not in snippet
    assert "R&amp;D" in snippet
    assert "<mark>aanvallen</mark>" in snippet.replace("&lt;script&gt;-", "")
    compound = [h.snippet for h in run_search(small, "inbraak").hits if "woninginbraken" in h.text]
    assert "<mark>woninginbraken</mark>" in compound[0]


def test_paging(small):
    p1 = run_search(small, "politie OF meldingen OF 2021", per_page=2)
    p2 = run_search(small, "politie OF meldingen OF 2021", per_page=2, page=2)
    assert p1.total == p2.total > 4
    assert len(p1.hits) == len(p2.hits) == 2 and not set(ids(p1)) & set(ids(p2))
    beyond = run_search(small, "politie", page=999)  # the last page, and a note why
    assert beyond.total and beyond.hits and beyond.page == beyond.pages
    assert any("pagina 999 bestaat niet" in n for n in beyond.notes)


def test_real_corpus(corpus):
    data = corpus.data_dir
    r = run_search(data, "aanrijdtijd prio 1")
    assert any(h.document_id == REPORT_ID and "83,3%" in h.text for h in r.hits)
    r = run_search(data, "ondernijning")  # the plan's own typo: found, and the right word suggested
    assert r.total and r.suggestion == "ondermijning"
    r = run_search(data, "FIT@NP", filters={"jaar": ["2020"]})
    assert r.total == 2


# --- what officers reported (issue 17), on the bundled documents -------------------------


def test_reported_words_find_what_they_mean(corpus):
    data = corpus.data_dir
    typo, right = run_search(data, "ondermijnig"), run_search(data, "ondermijning")
    assert typo.total == right.total > 10 and typo.suggestion is None  # the stem finds it all: no "Bedoelde u"
    riek = run_search(data, "RIEK")  # an abbreviation no document uses, one letter from one they do
    assert riek.suggestion == "RIEC" and riek.mode == "corrected" and any("RIEC" in h.text for h in riek.hits)
    assert any("Hennepkwekerijen" in t for t in texts(run_search(data, "hennep", per_page=50)))
    assert any("witgewassen" in t for t in texts(run_search(data, "witwassen")))
    assert any("Havens" in h.text for h in run_search(data, "haven", per_page=50).hits)
    onbegrepen = run_search(data, "onbegrepen gedrag")  # the newer term for the same thing
    assert onbegrepen.mode == "all" and sum("verward gedrag" in t for t in texts(onbegrepen)) >= 3
    assert any(e.startswith("onbegrepen gedrag → ") for e in onbegrepen.expansions)


def test_a_synonym_phrase_never_marks_its_generic_word_alone(corpus):
    r = run_search(corpus.data_dir, "ondermijning", per_page=100)
    lone = re.compile(r"(?<!</mark> )(?<!</mark>/)(?<!</mark>\) )<mark>criminaliteit</mark>", re.I)
    assert r.total and not [h.snippet for h in r.hits if lone.search(h.snippet)]
    assert any("<mark>ondermijnende</mark> <mark>criminaliteit</mark>" in h.snippet for h in r.hits)


def test_body_matches_rank_above_heading_only_and_say_where(corpus):
    r = run_search(corpus.data_dir, "ondermijning", per_page=100)
    ranks = [2 * (not h.example) + (h.matched_in == "tekst" and h.section_kind != "heading") for h in r.hits]
    assert ranks == sorted(ranks, reverse=True) and {3, 2} <= set(ranks)  # examples (0, 1) after every real hit
    top = r.hits[:10]
    assert all(h.section_kind != "heading" and "<mark>" in h.snippet for h in top)
    in_heading = [h for h in r.hits if h.matched_in == "kop"]
    assert in_heading and all("<mark>" in h.heading_marked and "<mark>" not in h.snippet for h in in_heading)


def test_hit_title_is_the_section_heading_and_a_table_row_names_its_columns(corpus):
    r = run_search(corpus.data_dir, "woninginbraken", per_page=20)
    assert all(h.title == (h.heading_path[-1] if h.heading_path else h.document_title) for h in r.hits)
    assert len({h.title for h in r.hits}) > 1
    row = next(h for h in r.hits if h.section_kind == "table_row" and "4.038" in h.text)
    assert "2019: 4.038" in row.snippet and "2020: 3.209" in row.snippet and "<mark>" in row.snippet
    assert ["2019", "4.038"] in row.row and ["2020", "3.209"] in row.row


def test_year_of_the_document_apart_from_years_mentioned(corpus):
    data = corpus.data_dir
    r = run_search(data, "ondermijning")
    assert set(r.facets["doc_years"]) == {"2019", "2020", "2021", "2022"}  # the report's year, the plan's period
    mentioned = {int(y) for y in r.facets["mentions"]}
    assert mentioned - {2019, 2020, 2021, 2022}, mentioned  # years named in the text are their own facet
    report_only = run_search(data, "ondermijning", filters={"jaar": ["2019"]})  # the report is of 2020
    assert 0 < report_only.total < r.total and {h.kind for h in report_only.hits} == {"plan"}
    year = min(mentioned)
    named = run_search(data, "ondermijning", filters={"noemt": [str(year)]}, per_page=100)
    assert 0 < named.total < r.total and all(year in h.mentioned_years for h in named.hits)
    assert run_search(data, f"ondermijning noemt:{year}").total == named.total  # the query language too
