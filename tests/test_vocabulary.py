"""kb.index.fast.vocabulary against Whoosh on a real index on disk with two segments: Levenshtein
as Whoosh's FuzzyTerm reaches in each segment (its automaton), and with swapped neighbours
as Whoosh's terms_within over several segments. Words over a small alphabet, so that most
queries have terms within reach."""

from __future__ import annotations

import random

import pytest
from helpers.examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, index

from kb.index.fast.vocabulary import Vocabulary

LETTERS = "abcdeé"
words = st.text(alphabet=LETTERS, min_size=1, max_size=9)


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    rnd = random.Random(11)
    ix = index.create_in(tmp_path_factory.mktemp("vocab"), fields.Schema(w=fields.KEYWORD))
    for _segment in range(2):
        with ix.writer() as w:
            for _ in range(300):
                w.add_document(w=" ".join("".join(rnd.choice(LETTERS) for _ in range(rnd.randint(1, 8)))
                                          for _ in range(3)))
            w.merge = False  # a second segment beside the first
    searcher = ix.searcher()
    assert not searcher.reader().is_atomic()
    yield searcher.reader()
    searcher.close()


def vocabulary_of(reader) -> Vocabulary:
    return Vocabulary(t.decode() for t in reader.lexicon("w"))


@settings(max_examples=examples(300), deadline=None)
@given(text=words, maxdist=st.integers(0, 2), prefix=st.integers(0, 3))
def test_levenshtein_as_whoosh_fuzzy_term_in_each_segment(reader, text, maxdist, prefix):
    prefix = min(prefix, len(text))  # Whoosh's automaton needs the prefix inside the word
    theirs = set()
    for leaf, _base in reader.leaf_readers():
        theirs |= set(leaf.terms_within("w", text, maxdist, prefix=prefix))
    assert vocabulary_of(reader).within(text, maxdist, prefix) == sorted(theirs)


@settings(max_examples=examples(300), deadline=None)
@given(text=words, maxdist=st.integers(0, 2), prefix=st.integers(0, 3))
def test_swapped_neighbours_as_whoosh_terms_within_over_segments(reader, text, maxdist, prefix):
    theirs = sorted(set(reader.terms_within("w", text, maxdist, prefix=prefix)))
    assert vocabulary_of(reader).within(text, maxdist, prefix, transpositions=True) == theirs


def test_a_swap_is_one_edit_only_with_transpositions():
    v = Vocabulary(["drugs", "drug", "druk", "dragen", "rugs"])
    assert v.within("drgus", 1, 1) == []
    assert v.within("drgus", 1, 1, transpositions=True) == ["drugs"]
    assert v.within("drug", 1, 1) == ["drug", "drugs", "druk"]
    assert v.within("drug", 1, 2) == ["drug", "drugs", "druk"]
    assert v.within("rug", 1, 0) == ["drug", "rugs"]  # without a prefix every term is a candidate
    assert v.within("xyz", 2, 1) == [] and Vocabulary([]).within("drug", 2) == []
