"""Did you mean: a better-known spelling from the index's own vocabulary.

A query word is questioned when it is not a compound of words the index knows and the
index does not know it, knows it from at most one section, or when it is no Dutch word at
all (not in wordfreq's list nor the lemma table) even though the documents use it: the plan
itself writes "Ondernijning", and a user typing that should still hear of "ondermijning".
The suggestion is the word within one edit, or two for words of six letters or more, that
the most sections use; two neighbouring letters swapped count as one edit ("drgus" is one
from "drugs"). For a word the documents do use, only a real Dutch word used at least as
often is suggested. A word that the analysis finds in several sections although its exact
form occurs nowhere ("ondermijnig": stemmed as ondermijning) is found well enough: no
suggestion. An abbreviation that the documents never use ("RIEK") gets the known
abbreviation one letter from it that they do use (RIEC).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from kb.index.fast.vocabulary import Vocabulary
from kb.lang.lexicon import Lexicon
from kb.lang.words import lemma_table, zipf
from kb.once import memo
from kb.text import fold

RARE = 1  # a word used in this many sections or fewer may be a typo
BETTER = 5  # ... if a close spelling is used this many times more often


class Spelling:
    """Did-you-mean for one index generation: the answer per word is remembered as long as
    the generation is open (the vocabulary does not change)."""

    def __init__(self, lexicon: Lexicon, vocabulary: Vocabulary, size: int = 20_000):
        self.lexicon = lexicon
        self.vocabulary = vocabulary  # the generation's "exact" terms
        self._correction = memo(size, _correction)

    def corrections(self, words: list[str], reader) -> dict[str, str]:
        """{typed word: suggested word} for the words that look misspelt."""
        fixes = {word: self._correction(word, self.lexicon, reader, self.vocabulary) for word in dict.fromkeys(words)}
        return {word: fix for word, fix in fixes.items() if fix is not None}


def _correction(word: str, lexicon: Lexicon, reader, vocabulary: Vocabulary) -> str | None:
    folded = fold(word.lower())
    if len(folded) < 4 or not folded.isalpha():
        return None
    wt = lexicon.word(word)
    if wt.main is None:
        return None
    if wt.acronym:
        return _abbreviation(folded, lexicon, reader, vocabulary)
    seen = reader.doc_frequency("text", wt.main)
    used = reader.doc_frequency("exact", folded)
    dutch = is_dutch(folded)
    if seen > RARE and (dutch or not used):
        return None  # found in several sections through its stem: the search already answers
    if wt.parts and all(reader.doc_frequency("text", p) for p in wt.parts):
        return None  # a compound of known words ("medewerkerswelzijn"): nothing wrong with it
    maxdist = 2 if len(folded) >= 6 else 1
    best: tuple[int, int, str] | None = None
    for cand in vocabulary.within(folded, maxdist, 1, transpositions=True):
        if cand == folded or not cand.isalpha():
            continue
        df = reader.doc_frequency("exact", cand)
        if used and not (df >= used and is_dutch(cand)):
            continue
        key = (OSA.distance(cand, folded), -df, cand)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    df = -best[1]
    if seen == 0 or used or not dutch or df >= BETTER * seen:
        return best[2]
    return None


def _abbreviation(folded: str, lexicon: Lexicon, reader, vocabulary: Vocabulary) -> str | None:
    """The known abbreviation (curated or learned) one edit from an unused one, the most used first."""
    if reader.doc_frequency("exact", folded):
        return None
    known = {fold(a.lower()): a for a in lexicon.abbreviations}
    found = [(-reader.doc_frequency("exact", c), c) for c in vocabulary.within(folded, 1, 1, transpositions=True)
             if c in known and c != folded]
    found = [f for f in found if f[0] < 0]
    return known[min(found)[1]] if found else None


def is_dutch(word: str) -> bool:
    return zipf(word) > 0 or word in lemma_table()


def apply_corrections(text: str, fixes: dict[str, str]) -> str:
    for wrong, right in fixes.items():
        text = re.sub(rf"(?<![\w@&]){re.escape(wrong)}(?![\w@&])", right, text, count=1)
    return text
