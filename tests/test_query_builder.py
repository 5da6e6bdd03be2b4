"""The query syntax and the Whoosh query built from it: pure functions, no index."""

import pytest
from whoosh import query as Q

from kb.lang.lexicon import Lexicon
from kb.index.query import MAX_QUERY_CHARS, Phrase, Word, build_filter, build_query, parse_query
from kb.enrich.themes import load_taxonomy


@pytest.fixture(scope="module")
def lex():
    return Lexicon.build()


def terms(q):
    return {(f, t) for f, t in q.iter_all_terms()}


def test_words_phrases_exclusions_or():
    p = parse_query('woninginbraken "prio 1" -corona aanrijdtijd OF reactietijd')
    assert p.groups == [[Word("woninginbraken")], [Phrase(("prio", "1"))], [Word("aanrijdtijd"), Word("reactietijd")]]
    assert p.excluded == [Word("corona")]
    assert parse_query("a OR b | c").groups == [[Word("a"), Word("b"), Word("c")]]
    assert parse_query("NIET corona drugs").excluded == [Word("corona")]
    assert parse_query('-"verward gedrag" x').excluded == [Phrase(("verward", "gedrag"))]


def test_filters():
    p = parse_query('ziekteverzuim thema:inzetbaarheid jaar:2019-2020 soort:jaarverslag thema:"burger centraal"')
    assert p.groups == [[Word("ziekteverzuim")]]
    assert p.filters == {"thema": ["inzetbaarheid", "burger centraal"], "jaar": ["2019-2020"], "soort": ["jaarverslag"]}
    # an unknown prefix is just text
    assert parse_query("http://x.nl").groups == [[Phrase(("http", "x", "nl"))]]


@pytest.mark.parametrize("text", [
    '"unbalanced quote', 'OF', 'OR OR', '-', '--', '"', '""', 'NIET', 'thema:', ':', ')(*&^%$#@!',
    "\x00\x01\x1b[31m ondermijning \x7f", "a" * 10_000, " ".join(["woord"] * 3000), "jaar:abc", "thema:zzz",
    "\u202e\u200bRIEC\ufeff", "😀 drugs", "‘quotes’ “curly” „laag”",
])
def test_malformed_queries_never_raise(lex, text):
    from whoosh.query import Query

    parsed = parse_query(text)
    units = [u for g in parsed.groups for u in g] + parsed.excluded
    assert len(units) <= 24
    for word in (w for u in units for w in ([u.text] if isinstance(u, Word) else u.words)):
        assert word and not any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in word), (text, word)
    built = build_query(parsed, lex)
    q = built.whoosh()  # a Whoosh query or None, never an exception
    assert q is None or isinstance(q, Query)
    if not parsed.groups and not parsed.excluded:
        assert q is None
    fq, understood, notes = build_filter(parsed.filters, load_taxonomy())
    assert all(isinstance(n, str) and n for n in parsed.notes + notes)
    if "jaar" in parsed.filters:
        assert fq is None and not understood and "niet begrepen" in notes[0]
    if "thema" in parsed.filters:
        assert fq is None and "onbekend thema" in notes[0]


def test_unbalanced_quote_runs_to_the_end():
    assert parse_query('"reactietijd spoed').groups == [[Phrase(("reactietijd", "spoed"))]]


def test_control_characters_and_length_are_cleaned():
    p = parse_query("\x00ondermijning\x07 drugs")
    assert p.groups == [[Word("ondermijning")], [Word("drugs")]]
    long = parse_query("ondermijning " * 1000)
    assert long.notes and str(MAX_QUERY_CHARS) in long.notes[0]
    assert sum(len(g) for g in long.groups) <= 24


def test_lone_operators_are_dropped():
    assert parse_query("OF drugs OF").groups == [[Word("drugs")]]
    assert parse_query("drugs -").groups == [[Word("drugs")]] and not parse_query("drugs -").excluded


def test_all_words_required_then_any(lex):
    parsed = parse_query("inbraak drugs")
    assert isinstance(build_query(parsed, lex).query, Q.And)
    assert isinstance(build_query(parsed, lex, mode="any").query, Q.Or)


def test_stemmed_and_exact_terms(lex):
    t = terms(build_query(parse_query("aangehouden"), lex).query)
    assert ("text", lex.word("aanhouden").main) in t
    assert ("exact", "aangehouden") in t


def test_compound_query_also_looks_for_its_parts(lex):
    q = build_query(parse_query("cybercrimebeeld"), lex).query
    t = terms(q)
    assert ("text", lex.word("cybercrime").main) in t and ("text", lex.word("beeld").main) in t


def test_identifiers_go_to_the_exact_field(lex):
    assert build_query(parse_query("FIT@NP"), lex).query == Q.Term("exact", "fit@np")
    assert build_query(parse_query("82%"), lex).query == Q.Term("exact", "82%")


def test_abbreviation_expands_to_long_form_and_back(lex):
    t = terms(build_query(parse_query("RIEC"), lex).query)
    assert ("text", lex.word("expertisecentrum").main) in t
    t = terms(build_query(parse_query("Regionaal Informatie- en Expertisecentrum"), lex).query)
    assert ("text", "riec") in t
    # lower case works too, but not for a stopword: "om" is a preposition, "OM" the Openbaar Ministerie
    assert ("text", "riec") in terms(build_query(parse_query("riec"), lex).query)
    assert build_query(parse_query("om"), lex).query is None
    assert ("text", lex.word("ministerie").main) in terms(build_query(parse_query("OM"), lex).query)


def test_synonyms_multi_word(lex):
    built = build_query(parse_query("prio 1 aanrijdtijd"), lex)
    t = terms(built.query)
    assert ("text", lex.word("spoed").main) in t and ("text", lex.word("reactietijd").main) in t
    assert any(e.startswith("prio 1 → spoed") for e in built.expansions)
    # "prio" alone is no synonym of spoed
    assert ("text", lex.word("spoed").main) not in terms(build_query(parse_query("prio"), lex).query)


def test_exclusion_only_and_stopword_only(lex):
    assert isinstance(build_query(parse_query("-corona"), lex).whoosh(), Q.AndNot)
    assert build_query(parse_query("de het een"), lex).whoosh() is None


def test_phrase_uses_positions(lex):
    q = build_query(parse_query('"verward gedrag"'), lex).query
    assert any(isinstance(sub, Q.Phrase) for sub in q.children())


def test_filter_values_understood_or_noted():
    tax = load_taxonomy()
    fq, understood, notes = build_filter({"thema": ["ondermijnig"], "jaar": ["2019-2020"], "soort": ["verslag"]}, tax)
    assert understood == {"thema": ["ondermijning"], "jaar": ["2019-2020"], "soort": ["jaarverslag"]}
    assert not notes
    assert ("doc_years", "2019") in terms(fq) and ("doc_years", "2020") in terms(fq) and ("kind", "jaarverslag") in terms(fq)
    fq, understood, notes = build_filter({"noemt": ["2017"]}, tax)  # a year the section names: its own field
    assert understood == {"noemt": ["2017"]} and terms(fq) == {("mentions", "2017")} and not notes
    fq, understood, notes = build_filter({"thema": ["zzz"], "jaar": ["twintig"], "soort": ["roman"]}, tax)
    assert fq is None and len(notes) == 3
