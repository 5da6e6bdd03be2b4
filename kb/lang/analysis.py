"""How a text becomes terms: the one Dutch analysis that the index, the query builder, the
snippet maker and the trace all use, so a query term always means what an index term means.

Words are lower-cased and folded (geïnvesteerd = geinvesteerd), Dutch stopwords dropped,
each word reduced to lemma-then-stem, and a compound gives its parts as well, so "inbraak"
finds "woninginbraken". A word in capitals (OM, RIEC) is an abbreviation: kept whole, never
a stopword, never stemmed. The exact form keeps identifiers whole (FIT@NP, RI&E, 82%, 6,8%).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.lang.compounds import CompoundSplitter
from kb.lang.stem import DutchStemmer
from kb.text import fold

ANALYZER_VERSION = 12  # 12: a tie of head and linking-s head decided in order; 11: "mis-" a prefix, "!" keeps inflections whole ("kentekens"); 10: a head that is a word beside a linking s ("plaats|vinden", no plaat), no three-letter start of any verb ("streven"); 9: the three-letter rule only for a verb lemma ("vakmensen" splits again); 8: no "heden" part; 7: no "eren" part, no three-letter head before a verb ("handelen"); 3: plural -s stems as its singular, inflected compound parts; 4: weak separable participles ("ingevoerd"); 5: no prefix or particle parts, no split of a derivation ("waardering"); 6: inflected participles, prefixed heads; bump when the code below changes what terms a text yields

WORD_PATTERN = r"[^\W_]+"
EXACT_PATTERN = r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:[@&][^\W_]+)*"
_WORD = re.compile(WORD_PATTERN)
_EXACT = re.compile(EXACT_PATTERN)


def is_acronym(word: str) -> bool:
    """OM, RIEC, PTSS, FIT: a short word written in capitals."""
    return 2 <= len(word) <= 6 and word.isupper() and sum(c.isalpha() for c in word) >= 2


class DutchAnalysis:
    """Word -> index terms. The one place that applies stopwords, stems and compounds.
    Its answers are remembered as long as it lives (one index generation)."""

    def __init__(self, stemmer: DutchStemmer, splitter: CompoundSplitter | None, stopwords: frozenset[str]):
        self.stemmer, self.splitter, self.stopwords = stemmer, splitter, stopwords
        self.terms = lru_cache(maxsize=500_000)(self._terms)

    def _terms(self, word: str, acronym: bool | None = None) -> tuple[str | None, tuple[str, ...]]:
        """(main term, compound-part terms); main is None for a word that is not indexed."""
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
