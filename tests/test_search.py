"""Searching a real Whoosh index on disk, built by a real ingest."""

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
    r = run_search(small, "ondermijnig")
    assert r.suggestion == "ondermijning"
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
    assert y.total and all(2022 in h.years for h in y.hits)
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
    beyond = run_search(small, "politie", page=999)
    assert beyond.total and not beyond.hits


def test_real_corpus(corpus):
    data = corpus.data_dir
    r = run_search(data, "aanrijdtijd prio 1")
    assert any(h.document_id == REPORT_ID and "83,3%" in h.text for h in r.hits)
    r = run_search(data, "ondernijning")  # the plan's own typo: found, and the right word suggested
    assert r.total and r.suggestion == "ondermijning"
    r = run_search(data, "FIT@NP", filters={"jaar": ["2020"]})
    assert r.total == 2
