"""What the search knows about words for one index generation: the Dutch analysis (with
the corpus words the compound splitter used when the index was built) and the expansions
applied at query time (synonyms and abbreviations, both directions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.lang.analysis import DutchAnalysis, is_acronym
from kb.lang.abbreviations import load_curated, merge
from kb.lang.compounds import make_splitter
from kb.lang.stem import DutchStemmer
from kb.lang.synonyms import load_synonyms
from kb.lang.words import stopwords
from kb.text import fold


@dataclass(frozen=True)
class Expansion:
    terms: tuple[str, ...]  # main terms, all required
    label: str  # as written in the data file or the document
    kind: str  # "synoniem" or "afkorting"


@dataclass
class WordTerms:
    main: str | None
    parts: tuple[str, ...] = ()
    acronym: bool = False


@dataclass
class Lexicon:
    analysis: DutchAnalysis
    abbreviations: dict[str, list[str]] = field(default_factory=dict)
    rules: dict[tuple[str, ...], list[Expansion]] = field(default_factory=dict)
    labels: dict[tuple[str, ...], str] = field(default_factory=dict)  # a rule's key as the data file writes it

    @classmethod
    def build(
        cls,
        corpus_words: list[str] = (),
        learned_abbreviations: dict[str, list[str]] | None = None,
        stemmer: str = "dutch_porter",
        lemmas: bool = True,
        compounds: bool = True,
        synonyms: bool = True,
        abbreviations: bool = True,
    ) -> "Lexicon":
        """The switches exist for benchmarks/eval_search.py, which measures each part."""
        analysis = DutchAnalysis(DutchStemmer(stemmer, lemmas), make_splitter(corpus_words) if compounds else None, stopwords())
        lex = cls(analysis)
        if abbreviations:
            lex.abbreviations = merge(load_curated(), learned_abbreviations or {})
            for abbr, longs in lex.abbreviations.items():
                key = (fold(abbr.lower()),)
                long_keys = [(tuple(lex.phrase(f)), f) for f in longs]
                for lk, text in long_keys:
                    if lk:
                        lex._add(key, Expansion(lk, text, "afkorting"), abbr)
                        lex._add(lk, Expansion(key, abbr, "afkorting"), text)
        if synonyms:
            for group in load_synonyms():
                for term, others in group.expansions():
                    key = tuple(lex.phrase(term))
                    for other in others:
                        alt = tuple(lex.phrase(other))
                        if key and alt and alt != key:
                            lex._add(key, Expansion(alt, other, "synoniem"), term)
        return lex

    def _add(self, key: tuple[str, ...], exp: Expansion, label: str) -> None:
        self.labels.setdefault(key, label)
        existing = self.rules.setdefault(key, [])
        if exp.terms not in (e.terms for e in existing):
            existing.append(exp)

    @property
    def longest_rule(self) -> int:
        return max((len(k) for k in self.rules), default=0)

    def word(self, word: str) -> WordTerms:
        """The terms for one query word. A known abbreviation typed in lower case ("riec")
        counts as the abbreviation, unless it is a stopword ("om")."""
        acronym = is_acronym(word) or (
            word.upper() in self.abbreviations and fold(word.lower()) not in self.analysis.stopwords)
        main, parts = self.analysis.terms(word, acronym=acronym)
        return WordTerms(main, parts, acronym)

    def phrase(self, text: str) -> list[str]:
        """Main terms of a multi-word text (stopwords gone), acronyms recognised."""
        out = []
        for w, _, _ in self.analysis.words(text):
            t = self.word(w).main
            if t:
                out.append(t)
        return out
