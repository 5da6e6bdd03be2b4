"""Highlighted snippets: the part of a section's text with the most query matches.

The text is HTML-escaped first and only then are the matches wrapped in <mark>, so a
section's own "<" or "&" can never become markup. A word matches when the Dutch analysis
gives it a term the query asked for (so "inbraak" marks "woninginbraken"), or when its
exact form does (FIT@NP, 82%). A synonym of several words ("georganiseerde criminaliteit")
marks its words only where they stand side by side, never a lone generic "criminaliteit".

All of it is linear in the text and bounded: only a text's first `TOKEN_CHARS` characters
are read for words (the rest is shown, escaped, unmarked), a word longer than `WORD_CHARS`
gets no analysis (only its exact form), and a snippet's window is found in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from kb.lang.analysis import EXACT_PATTERN, DutchAnalysis
from kb.once import memo
from kb.text import fold

_EXACT = re.compile(EXACT_PATTERN)
_WORD_CHAR = re.compile(r"[^\W_]")

TOKEN_CHARS = 100_000
"""How much of a text highlighting reads: its words up to here are marked (in a snippet and
on the reader page); the rest is shown unmarked. An ingest splits paragraphs into sections
of at most kb.enrich.sections.MAX_SECTION_CHARS, far below this; the cap is for a catalog
from before that (one 45 MB line kept a worker busy for good) and costs a few tens of ms."""

WORD_CHARS = 80
"""A longer "word" is no Dutch word (a hash, a run of letters without spaces) and is not
analysed: the compound splitter's work grows with the square of a word's length."""
_fold = lru_cache(maxsize=100_000)(fold)  # the same words come back in every section of a page


@dataclass(frozen=True)
class _Tokens:
    """A text's words with their index terms, worked out once per text (a reader page
    marks the same sections again for every query)."""

    words: tuple[tuple[int, int, frozenset[str]], ...]  # (start, end, main term + compound parts)
    exact: tuple[tuple[int, int, str], ...]  # (start, end, folded exact form)
    terms: frozenset[str]
    exacts: frozenset[str]


class Tokenizer:
    """The words of a text with their terms under one analysis, worked out once per text as
    long as the generation whose analysis it is stays open (a reader page marks the same
    sections again for every query)."""

    def __init__(self, analysis: DutchAnalysis, size: int = 20_000):
        self.analysis = analysis
        self._tokens = memo(size, _tokenize)

    def __call__(self, text: str) -> _Tokens:
        """The tokens of the text's first TOKEN_CHARS characters (all of a normal section)."""
        return self._tokens(head(text), self.analysis)


def head(text: str) -> str:
    """The part of `text` that highlighting reads: all of it up to TOKEN_CHARS characters,
    else the first TOKEN_CHARS cut back to the end of a word (hard, in a very long one)."""
    if len(text) <= TOKEN_CHARS:
        return text
    end = TOKEN_CHARS
    while end > TOKEN_CHARS - WORD_CHARS and _WORD_CHAR.match(text, end - 1) and _WORD_CHAR.match(text, end):
        end -= 1
    return text[:end] if end > TOKEN_CHARS - WORD_CHARS else text[:TOKEN_CHARS]


def _tokenize(text: str, analysis: DutchAnalysis) -> _Tokens:
    words = []
    seen: dict[str, frozenset[str] | None] = {}  # one term set per distinct word, not per occurrence
    for word, start, end in analysis.words(text):
        if word in seen:
            terms = seen[word]
        else:
            main, parts = analysis.terms(word) if len(word) <= WORD_CHARS else (None, ())
            terms = seen[word] = frozenset((main, *parts)) if main else None
        if terms is not None:
            words.append((start, end, terms))
    folded: dict[str, str] = {}
    exact = []
    for m in _EXACT.finditer(text):
        form = m.group()
        f = folded.get(form)
        if f is None:
            f = folded[form] = _fold(form.lower()) if len(form) <= WORD_CHARS else fold(form.lower())
        exact.append((m.start(), m.end(), f))
    terms = frozenset().union(*(t for t in seen.values() if t is not None))
    return _Tokens(tuple(words), tuple(exact), terms, frozenset(folded.values()))


class TextTerms:
    """Which of many texts (a document's sections) hold which terms, so a query's marks
    are looked for only in the texts that can have them, not in all of them."""

    def __init__(self, texts: list[str], tokenizer: Tokenizer):
        self.tokenizer = tokenizer
        self._text: dict[str, list[int]] = {}
        self._exact: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            tokens = tokenizer(text)
            for term in tokens.terms:
                self._text.setdefault(term, []).append(i)
            for term in tokens.exacts:
                self._exact.setdefault(term, []).append(i)

    def holding(self, marker: Marker) -> list[int]:
        """The texts, by position, with at least one of the marker's terms."""
        found: set[int] = set()
        for term in marker.text:
            found.update(self._text.get(term, ()))
        for phrase in marker.phrases:  # texts with the phrase's first term (mark() looks closer)
            found.update(self._text.get(phrase[0], ()))
        for term in marker.exact:
            found.update(self._exact.get(term, ()))
        return sorted(found)


class Marker:
    """A query's highlight terms, split once, for marking many texts (a page of hits, the
    sections of a document that TextTerms finds holding them)."""

    def __init__(self, tokenizer: Tokenizer, terms: set[tuple[str, str]], phrases: set[tuple[str, ...]] = frozenset()):
        self.tokenizer = tokenizer
        self.text = frozenset(t for f, t in terms if f == "text")
        self.exact = frozenset(t for f, t in terms if f == "exact")
        self.phrases = tuple(sorted(p for p in phrases if p))  # "text" terms that count only side by side

    def spans(self, text: str) -> list[tuple[int, int]]:
        tokens = self.tokenizer(text)
        phrases = [p for p in self.phrases if tokens.terms.issuperset(p)]
        if tokens.terms.isdisjoint(self.text) and tokens.exacts.isdisjoint(self.exact) and not phrases:
            return []
        spans = [(s, e) for s, e, ts in tokens.words if not ts.isdisjoint(self.text)]
        spans += [(s, e) for s, e, f in tokens.exact if f in self.exact]
        spans += _phrase_spans(tokens.words, phrases)
        spans.sort()
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        return merged

    def mark(self, text: str) -> str | None:
        """HTML: the whole text escaped, every match <mark>ed (in its first TOKEN_CHARS
        characters); None when nothing there matches, so the reader keeps its unmarked
        rendering."""
        spans = self.spans(text)
        return _marked(text, spans, 0, len(text)) if spans else None

    def snippet(self, text: str, width: int = 260) -> str:
        """HTML: escaped text with <mark>ed matches, cut to about `width` characters
        around the most of them (a search hit)."""
        spans = self.spans(text)
        start, end = _window(text, spans, width)
        return ("…" if start > 0 else "") + _marked(text, spans, start, end) + ("…" if end < len(text) else "")


def _phrase_spans(words: tuple[tuple[int, int, frozenset[str]], ...], phrases: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """The words where each phrase's terms follow one another (stopwords between them are no
    words here, as in the index's positions)."""
    spans = []
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if all(phrase[j] in words[i + j][2] for j in range(n)):
                spans.extend((words[i + j][0], words[i + j][1]) for j in range(n))
    return spans


def plain_snippet(text: str, width: int = 260) -> str:
    """HTML: the start of the text, escaped, nothing marked (a hit whose search ran out of
    time for highlighting)."""
    start, end = _window(text, [], width)
    return escape(text[start:end]) + ("…" if end < len(text) else "")


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """text[start:end] escaped, with the spans in it wrapped in <mark>."""
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The `width` characters (cut at spaces) that start a little before the span whose
    window [start, start + width) holds the most whole spans: two pointers over the
    spans, which are sorted and do not overlap (so their ends rise too)."""
    if len(text) <= width:
        return 0, len(text)
    best_start, best_count = 0, -1
    j = 0
    for i, (s, _) in enumerate(spans):
        j = max(j, i)
        while j < len(spans) and spans[j][1] <= s + width:
            j += 1
        if j - i > best_count:
            best_start, best_count = s, j - i
    start = max(0, best_start - width // 5) if spans else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    return start, end
