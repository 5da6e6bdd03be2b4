"""Dutch stemming: the lemma first, then a Snowball stemmer.

The lemma lookup turns irregular forms into their dictionary form ("aangehouden" ->
"aanhouden", "gedaald" -> "dalen"); the stemmer then merges the regular variants
("aanhouden", "aanhouding" -> "aanhoud"). benchmarks/eval_search.py compares the options.
"""

from __future__ import annotations

from kb.lang.words import lemma_table
from kb.parse.cleanup import fold

ALGORITHMS = ("dutch_porter", "dutch", "whoosh")


class DutchStemmer:
    def __init__(self, algorithm: str = "dutch_porter", lemmas: bool = True):
        if algorithm not in ALGORITHMS:
            raise ValueError(f"onbekende stemmer {algorithm!r}; kies uit {', '.join(ALGORITHMS)}")
        self.algorithm = algorithm
        self.lemmas = lemma_table() if lemmas else {}
        if algorithm == "whoosh":
            from whoosh.lang.snowball.dutch import DutchStemmer as WhooshDutch

            self._stem = WhooshDutch().stem
        else:
            import Stemmer

            self._stem = Stemmer.Stemmer(algorithm).stemWord
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        """`word` lower-cased; returns its stem (folded, no diacritics)."""
        stem = self._cache.get(word)
        if stem is None:
            lemma = self.lemmas.get(word, word)
            stem = self._stem(lemma)
            stem = fold(stem)
            if len(self._cache) < 500_000:
                self._cache[word] = stem
        return stem
