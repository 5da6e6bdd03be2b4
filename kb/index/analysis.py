"""The Whoosh side of the Dutch analysis (kb.lang.analysis): the analyzers of the index's
fields.

Text fields ("text", "heading"): DutchAnalysis, a compound's parts at the same position as
the whole word, after it, so "woninginbraken" itself still ranks first.
Exact field ("exact"): lower-cased and folded words with nothing removed, identifiers kept
whole (FIT@NP, RI&E, 82%, 6,8%), for phrases and codes.
"""

from __future__ import annotations

from whoosh.analysis import Filter, RegexTokenizer

from kb.lang.analysis import EXACT_PATTERN, WORD_PATTERN, DutchAnalysis
from kb.text import fold


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
