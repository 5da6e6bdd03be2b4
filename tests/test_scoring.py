"""Our array scoring (kb.index.fast.scoring) against Whoosh's own matcher on the same index:
the same documents match and they get the same BM25F scores, on one clean segment and on
an index with several segments and deleted documents (what an incremental update makes)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from whoosh import query as Q
from helpers.smallcorpus import DOCS, write_corpus

from kb.index.query import build_filter, build_query, parse_query
from kb.index.fast.postings import Postings
from kb.index.fast.blocks import _leaf_slow, read_postings
from kb.library import Library

ROOT = Path(__file__).resolve().parent.parent
GOLD = [g["q"] for g in tomllib.loads((ROOT / "benchmarks" / "search_gold.toml").read_text())["query"]]
EXTRA = [
    '"aanpak van ondermijning"', "inbraak -woning", "cybercrime OF phishing", "RIEC",
    "prio 1", "verwarde personen", "ondermijnig", "jaar:2020 politie", "thema:cybercrime",
]
FUZZY = ["ondernijning wijkagent", "wijkagnet", "ondermijnig", "cybercrmie OF inbraek"]


def whoosh_ranking(searcher, q, limit=None):
    return {docnum: score for docnum, score in searcher.search(q, limit=limit).items()}


def generation(data_dir):
    snapshot = Library(data_dir).snapshot()
    return snapshot.generation, snapshot.taxonomy


def assert_same_as_whoosh(gen, taxonomy, searcher, text, mode="all", fuzzy=False):
    parsed = parse_query(text)
    built = build_query(parsed, gen.lexicon, mode=mode, fuzzy=fuzzy)
    q = built.whoosh()
    fq, _, _ = build_filter(parsed.filters, taxonomy)
    if q is None:
        return 0
    table = gen.terms
    assert table.postings is not None  # the generation's posting store answers, not Whoosh's blocks
    ours = table.evaluate(searcher, q)
    theirs = whoosh_ranking(searcher, q)
    assert set(ours.docnums().tolist()) == set(theirs), text
    for docnum, score in theirs.items():
        assert ours.score[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12), (text, docnum)
    top = ours.top(10)
    expected = sorted(theirs.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [d for d, _ in top] == [d for d, _ in expected], text
    if fq is not None:
        assert set(table.evaluate(searcher, fq).docnums().tolist()) == set(searcher.docs_for_query(fq))
    return len(theirs)


def test_scores_match_whoosh_on_the_bundled_corpus(corpus):
    gen, taxonomy = generation(corpus.data_dir)
    matched = 0
    with gen.ix.searcher() as s:
        for text in GOLD + EXTRA:
            matched += assert_same_as_whoosh(gen, taxonomy, s, text) > 0
            assert_same_as_whoosh(gen, taxonomy, s, text, mode="any")
        fuzzy = [assert_same_as_whoosh(gen, taxonomy, s, text, mode="any", fuzzy=True) for text in FUZZY]
    assert matched >= len(GOLD) * 3 // 4  # the comparison ran on queries that find something (a question
    # typed as a sentence finds nothing with all its words, and is compared in mode "any")
    assert all(fuzzy), dict(zip(FUZZY, fuzzy))


def test_fuzzy_terms_are_scored_by_us_as_by_whoosh(corpus):
    """The fuzzy attempt is evaluated on our arrays (not handed to Whoosh): a word within
    reach of several terms (boosted) and of exactly one (Whoosh drops the boost then)."""
    gen, taxonomy = generation(corpus.data_dir)
    with gen.ix.searcher() as s:
        table = gen.terms
        reach = {w: gen.vocabulary("exact").within(w, 2, 1) for w in ("ondernijning", "wijkagnet")}
        assert len(reach["ondernijning"]) > 1 and len(reach["wijkagnet"]) == 1, reach
        for word in reach:
            q = build_query(parse_query(word), gen.lexicon, mode="any", fuzzy=True).whoosh()
            fuzzy = [sub for sub in q.leaves() if isinstance(sub, Q.FuzzyTerm)]
            assert fuzzy
            for f in fuzzy:
                assert table.evaluate(s, f).mask.any()
            assert assert_same_as_whoosh(gen, taxonomy, s, word, mode="any", fuzzy=True) > 0


@pytest.fixture
def updated(tmp_path):
    """An index updated in place: a changed document leaves deleted documents behind
    and its new version lands in a second segment."""
    docs = write_corpus(tmp_path / "docs")
    lib = Library(tmp_path / "data")
    lib.ingest([docs])
    title, kind, year, text = DOCS["jaarverslag-testeenheid-2021"]
    (docs / "jaarverslag-testeenheid-2021.txt").write_text(
        text + "\nDe woninginbraken in Noord namen af; het RIEC hielp.\n", encoding="utf-8")
    result = lib.ingest([docs])
    assert result.index.updated == ["jaarverslag-testeenheid-2021"]
    return tmp_path / "data"


def test_scores_match_whoosh_with_deletions_and_segments(updated):
    gen, taxonomy = generation(updated)
    with gen.ix.searcher() as s:
        reader = s.reader()
        assert reader.has_deletions() and len(list(reader.leaf_readers())) > 1
        for text in ["inbraak", "woninginbraken", "RIEC", "ondermijning", "reactietijd", "aanpak OF GGD",
                     '"verward gedrag"', "inbraak -Noord"]:
            assert assert_same_as_whoosh(gen, taxonomy, s, text) > 0, text
        # fuzzy across segments and deletions; "daalde" reaches two terms, one of them in the second segment;
        # "norod" reaches "noord" only with a swap, which Whoosh's FuzzyTerm does not count as one edit
        for text in ["woninginbraken", "inbraek", "ondermijnig", "daalde", "norod inbraak"]:
            assert assert_same_as_whoosh(gen, taxonomy, s, text, mode="any", fuzzy=True) > 0, text


def postings_both_ways(data_dir):
    """Per term: (fast path minus deleted documents, Whoosh's matcher); and the longest list."""
    gen, _ = generation(data_dir)
    with gen.ix.searcher() as s:
        reader = s.reader()
        for field in ("text", "heading", "exact", "themes"):
            for term in reader.field_terms(field):
                ids, weights = read_postings(reader, field, term)
                slow_ids, slow_weights = [], []
                for leaf, base in reader.leaf_readers():
                    if (field, term) in leaf:
                        i, w = _leaf_slow(leaf, field, term)
                        slow_ids += (i + base).tolist()
                        slow_weights += w.tolist()
                live = [(i, w) for i, w in zip(ids.tolist(), weights.tolist()) if not reader.is_deleted(i)]
                yield (field, term), live, list(zip(slow_ids, slow_weights))


@pytest.mark.parametrize("which", ["updated", "corpus"])
def test_block_reader_equals_whoosh_matcher(which, request):
    """The fast path reads posting blocks whole; it must give what the matcher gives,
    across segments, deletions and lists longer than one block (128 postings)."""
    data_dir = request.getfixturevalue("updated") if which == "updated" else request.getfixturevalue("corpus").data_dir
    checked, longest = 0, 0
    for key, fast, slow in postings_both_ways(data_dir):
        assert fast == slow, key
        checked += 1
        longest = max(longest, len(slow))
    assert checked > 150
    if which == "corpus":
        assert longest > 2 * 128  # three blocks or more


@pytest.mark.parametrize("which", ["updated", "corpus"])
def test_posting_store_equals_whoosh_matcher(which, request):
    """The numpy posting store written with each generation holds what Whoosh holds."""
    data_dir = request.getfixturevalue("updated") if which == "updated" else request.getfixturevalue("corpus").data_dir
    gen, _ = generation(data_dir)
    store = Postings.open(gen.path)
    assert store is not None
    with gen.ix.searcher() as s:
        reader = s.reader()
        checked = 0
        for key, _fast, slow in postings_both_ways(data_dir):
            field, term = key
            if field == "themes":
                continue
            ids, weights = store.get(field, term)
            live = [(i, w) for i, w in zip(ids.tolist(), weights.tolist()) if not reader.is_deleted(i)]
            assert live == slow, key
            checked += 1
        assert checked > 150


@pytest.mark.parametrize("which", ["updated", "corpus"])
def test_whoosh_scoring_setting_gives_the_same_searches(which, request):
    """KB_SCORING=whoosh ranks with Whoosh's own searcher.search instead of our arrays: every
    search gives the same hits, in the same order, with the same scores and facets."""
    data_dir = request.getfixturevalue("updated") if which == "updated" else request.getfixturevalue("corpus").data_dir
    fast, slow = Library(data_dir, scoring="fast").snapshot(), Library(data_dir, scoring="whoosh").snapshot()
    found = 0
    for text in GOLD + EXTRA + FUZZY + ["norod inbraak", "daalde"]:
        a, b = fast.search(text, per_page=20), slow.search(text, per_page=20)
        assert (a.total, a.mode, a.suggestion, a.facets) == (b.total, b.mode, b.suggestion, b.facets), text
        assert [h.section_id for h in a.hits] == [h.section_id for h in b.hits], text
        assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits], rel=1e-9), text
        found += a.total > 0
    assert found > 10
    assert "terms" in fast.generation.__dict__ and "terms" not in slow.generation.__dict__  # each took its own way


def test_an_excluded_word_excludes_the_first_hit_too(tmp_path):
    """Whoosh's AndNotMatcher let through a first hit that holds the excluded word when that
    word's first posting came earlier (`inbraak -woning`: the hit "inbraak in een woning");
    kb.index.query.Excluding checks the first hit as every other."""
    from whoosh import index as whoosh_index
    from whoosh import query as Q
    from whoosh.fields import ID, TEXT, Schema

    from kb.index.query import Excluding

    ix = whoosh_index.create_in(str(tmp_path), Schema(id=ID(stored=True), text=TEXT))
    with ix.writer() as w:
        for n, text in enumerate(["een woning", "inbraak in een woning", "inbraak in een schuur"]):
            w.add_document(id=str(n), text=text)
    with ix.searcher() as s:
        found = {h["id"] for h in s.search(Excluding(Q.Term("text", "inbraak"), Q.Term("text", "woning")))}
        assert found == {"2"}
        assert {h["id"] for h in s.search(Excluding(Q.Term("text", "een"), Q.Term("text", "schuur")))} == {"0", "1"}
