"""Dutch stemming: the lemma first, then a Snowball stemmer.

The lemma lookup turns irregular forms into their dictionary form ("aangehouden" ->
"aanhouden", "gedaald" -> "dalen"); the stemmer then merges the regular variants
("aanhouden", "aanhouding" -> "aanhoud"). A plural in -s that the lemma table does not know
is stemmed as its singular is ("havens" -> haven -> hav, as "haven" -> hav): Snowball takes
off only one ending, so the two would not meet. A separable verb's participle that the lemma
table lacks ("witgewassen", "ingevoerd", "ingevoerde") gets its infinitive (witwassen,
invoeren) when that is a known verb.
benchmarks/eval_search.py compares the options.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from kb.lang.words import dictionary, lemma_table, verb_lemmas
from kb.text import fold

ALGORITHMS = ("dutch_porter", "dutch", "whoosh")
# participles that are adjectives or nouns in their own right: no separable verb behind them
NOT_PARTICIPLES = frozenset({"ingewikkeld", "ondergeschikt", "vergevorderd", "afgelegen", "ingetogen", "uitgeslapen",
                             "aangetrouwd", "afgezant", "bergeend"})
INSEPARABLE = frozenset({"on", "her", "be", "ver", "ont", "er"})  # "hergebruikt" is no her + bruiken


class DutchStemmer:
    def __init__(self, algorithm: str = "dutch_porter", lemmas: bool = True):
        if algorithm not in ALGORITHMS:
            raise ValueError(f"onbekende stemmer {algorithm!r}; kies uit {', '.join(ALGORITHMS)}")
        self.algorithm = algorithm
        self.lemmas = lemma_table() if lemmas else {}
        self.infinitives = frozenset(v for v in (*self.lemmas.values(), *dictionary()) if v.endswith("en")) if lemmas else frozenset()
        # a weak participle's verb: only a lemma (a dictionary word in -en may be a plural or a
        # past tense: "voorgerecht" is no voorrechten, "uitgemaakt" no uitmaakten)
        self.verbs = verb_lemmas() if lemmas else frozenset()
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

    def _separable_participle(self, word: str) -> str | None:
        """A separable verb's participle that the lemma table lacks: "witgewassen" ->
        witwassen, "bijgedragen" -> bijdragen; a weak one in -d or -t, also inflected, as well:
        "ingevoerd(e)" -> invoeren, "toegerust" -> toerusten, "ingezet(te)" -> inzetten (the
        "ge" inside, the infinitive a known verb). A participle used as an adjective
        ("ingewikkeld") is left alone."""
        strong = word.endswith("en")
        if not strong and word.endswith(("de", "te")):
            word = word[:-1]  # "uitgebreide" as "uitgebreid"
        if len(word) < (9 if strong else 7) or not (strong or word[-1] in "dt") or word in NOT_PARTICIPLES:
            return None
        start = 2
        while (i := word.find("ge", start, len(word) - (4 if strong else 3))) != -1:
            rest = word[:i] + word[i + 2:]
            if word[:i] in INSEPARABLE:
                start = i + 1
                continue
            if strong:
                if rest in self.infinitives:
                    return rest
            else:  # the doubled consonant first: afgesteld -> afstellen, not afstelen
                for infinitive in (rest[:-1] + rest[-2] + "en", rest + rest[-1] + "en", rest[:-1] + "en", rest + "en"):
                    if infinitive in self.verbs:
                        return infinitive
            start = i + 1
        return None

    def _stem_word(self, word: str) -> str:
        lemma = self.lemmas.get(word) or self._separable_participle(word) or word
        with self._lock:
            stem = self._stem(lemma)
            if lemma == word and len(word) > 4 and word.endswith("s") and stem == word[:-1]:
                stem = self._stem(stem)  # plural -s off: the singular's own stem
        return fold(stem)
