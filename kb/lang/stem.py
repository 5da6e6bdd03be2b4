"""Dutch stemming: the lemma first, then a Snowball stemmer.

The lemma lookup turns irregular forms into their dictionary form ("aangehouden" ->
"aanhouden", "gedaald" -> "dalen"); the stemmer then merges the regular variants
("aanhouden", "aanhouding" -> "aanhoud"). benchmarks/eval_search.py compares the options.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from kb.lang.words import lemma_table
from kb.text import fold

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
        self._stem_word = lru_cache(maxsize=500_000)(self._stem_word)
        self._lock = threading.Lock()  # PyStemmer: "must not be called concurrently"

    def __call__(self, word: str) -> str:
        """`word` lower-cased; returns its stem (folded, no diacritics)."""
        return self._stem_word(word)

    def _stem_word(self, word: str) -> str:
        lemma = self.lemmas.get(word, word)
        with self._lock:
            stem = self._stem(lemma)
        return fold(stem)
