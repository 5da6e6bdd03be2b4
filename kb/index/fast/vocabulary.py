"""The terms of a field within a few edits of a word: the fuzzy attempt of a search and the
spelling check ask for them for every word the index does not know.

Whoosh answers by walking a Levenshtein automaton over its term index in Python, about
6.5 ms a word on the bundled corpus, which a first search for a new word pays in full.
Here a field's terms are one sorted list per index generation: the terms that share the
required prefix are a slice of it (bisect), and rapidfuzz measures their distances in C++
(about 0.01 ms a word). The answers are Whoosh's: tests/test_vocabulary.py holds them
against both of Whoosh's ways.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

_AFTER_ALL = "\U0010ffff"  # sorts after every character: prefix + this bounds the prefix's terms


class Vocabulary:
    """The terms of one field of one generation, sorted."""

    def __init__(self, terms: Iterable[str]):
        self.terms = sorted(terms)

    def within(self, text: str, maxdist: int, prefix: int = 0, transpositions: bool = False) -> list[str]:
        """The terms that start with `text`'s first `prefix` letters and are at most
        `maxdist` edits from `text`, sorted. Without transpositions an edit is an insertion,
        deletion or substitution (Levenshtein): what Whoosh's FuzzyTerm reaches in each
        segment. With them, two neighbouring letters swapped is one edit too (optimal string
        alignment): what Whoosh's terms_within gives over several segments, and the typo
        people make most."""
        start = text[:prefix]
        lo = bisect.bisect_left(self.terms, start)
        hi = bisect.bisect_left(self.terms, start + _AFTER_ALL, lo)
        if lo == hi:
            return []
        candidates = self.terms[lo:hi]
        scorer = OSA.distance if transpositions else Levenshtein.distance
        distances = process.cdist([text], candidates, scorer=scorer, score_cutoff=maxdist, workers=1)[0]
        return [candidates[i] for i in np.flatnonzero(distances <= maxdist)]
