"""How text becomes index terms: one Dutch analysis used by the index, the query builder
and the snippet maker alike, so a query term always means what an index term means.

Text fields ("text", "heading"): words are lower-cased and folded (geïnvesteerd
= geinvesteerd), Dutch stopwords dropped, each word reduced to lemma-then-stem, and a
compound emits its parts at the same position, after the whole word, so "inbraak" finds
"woninginbraken" and "woninginbraken" itself still ranks first. A word in capitals (OM,
RIEC) is an abbreviation: kept whole, never a stopword, never stemmed.

Exact field ("exact"): lower-cased and folded words with nothing removed, and identifiers
kept whole (FIT@NP, RI&E, 82%, 6,8%), for phrases and codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh.analysis import Filter, RegexTokenizer

from kb.lang.compounds import CompoundSplitter
from kb.lang.stem import DutchStemmer
from kb.parse.cleanup import fold

ANALYZER_VERSION = 1  # bump when the code below changes what terms a text yields

WORD_PATTERN = r"[^\W_]+"
EXACT_PATTERN = r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:[@&][^\W_]+)*"
_WORD = re.compile(WORD_PATTERN)
_EXACT = re.compile(EXACT_PATTERN)


def is_acronym(word: str) -> bool:
    """OM, RIEC, PTSS, FIT: a short word written in capitals."""
    return 2 <= len(word) <= 6 and word.isupper() and sum(c.isalpha() for c in word) >= 2


@dataclass
class DutchAnalysis:
    """Word -> index terms. The one place that applies stopwords, stems and compounds."""

    stemmer: DutchStemmer
    splitter: CompoundSplitter | None
    stopwords: frozenset[str]
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def terms(self, word: str, acronym: bool | None = None) -> tuple[str | None, tuple[str, ...]]:
        """(main term, compound-part terms); main is None for a word that is not indexed."""
        key = (word, acronym)
        found = self._cache.get(key)
        if found is None:
            found = self._terms(word, acronym)
            if len(self._cache) < 500_000:
                self._cache[key] = found
        return found

    def _terms(self, word: str, acronym: bool | None) -> tuple[str | None, tuple[str, ...]]:
        if acronym if acronym is not None else is_acronym(word):
            return fold(word.lower()), ()
        low = word.lower()
        folded = fold(low)
        if folded in self.stopwords or (len(folded) == 1 and not folded.isdigit()):
            return None, ()
        main = self.stemmer(low)
        if not self.splitter or not folded.isalpha():
            return main, ()
        parts = []
        for part in self.splitter.split(folded):
            term = self.stemmer(part)
            if term != main and term not in parts:
                parts.append(term)
        return main, tuple(parts)

    def words(self, text: str) -> list[tuple[str, int, int]]:
        """The words of `text` with their character offsets, as the tokenizer sees them."""
        return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def exact_terms(text: str) -> list[str]:
    return [fold(m.group().lower()) for m in _EXACT.finditer(text)]


class DutchFilter(Filter):
    """Whoosh filter around DutchAnalysis. Not pickled with the schema: the index is always
    opened with a schema made from its own generation's lexicon (see kb.index.store)."""

    is_morph = True

    def __init__(self, analysis: DutchAnalysis | None):
        self.analysis = analysis

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.analysis = None

    def __call__(self, tokens):
        terms = self.analysis.terms
        pos = -1
        for t in tokens:
            main, parts = terms(t.text)
            if main is None:
                continue
            pos += 1
            if t.positions:
                t.pos = pos
            t.text = main
            yield t
            for part in parts:
                extra = t.copy()
                extra.text = part
                yield extra


class FoldFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text.lower())
            yield t


def dutch_analyzer(analysis: DutchAnalysis):
    return RegexTokenizer(WORD_PATTERN) | DutchFilter(analysis)


def exact_analyzer():
    return RegexTokenizer(EXACT_PATTERN) | FoldFilter()
