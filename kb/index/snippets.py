"""Highlighted snippets: the part of a section's text with the most query matches.

The text is HTML-escaped first and only then are the matches wrapped in <mark>, so a
section's own "<" or "&" can never become markup. A word matches when the Dutch analysis
gives it a term the query asked for (so "inbraak" marks "woninginbraken"), or when its
exact form does (FIT@NP, 82%).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from kb.index.analysis import EXACT_PATTERN, DutchAnalysis
from kb.parse.cleanup import fold

_EXACT = re.compile(EXACT_PATTERN)
_fold = lru_cache(maxsize=100_000)(fold)  # the same words come back in every section of a page


@dataclass(frozen=True)
class _Tokens:
    """A text's words with their index terms, worked out once per text (a reader page
    marks the same sections again for every query)."""

    words: tuple[tuple[int, int, frozenset[str]], ...]  # (start, end, main term + compound parts)
    exact: tuple[tuple[int, int, str], ...]  # (start, end, folded exact form)
    terms: frozenset[str]
    exacts: frozenset[str]


_tokens_cache: OrderedDict[tuple[int, str], _Tokens] = OrderedDict()
_tokens_lock = threading.Lock()
TOKEN_CACHE = 20_000


def _tokens(text: str, analysis: DutchAnalysis) -> _Tokens:
    key = (id(analysis), text)
    with _tokens_lock:
        found = _tokens_cache.get(key)
        if found is not None:
            _tokens_cache.move_to_end(key)
            return found
    words = []
    for word, start, end in analysis.words(text):
        main, parts = analysis.terms(word)
        if main:
            words.append((start, end, frozenset((main, *parts))))
    exact = tuple((m.start(), m.end(), _fold(m.group().lower())) for m in _EXACT.finditer(text))
    found = _Tokens(tuple(words), exact, frozenset().union(*(w[2] for w in words)), frozenset(e[2] for e in exact))
    with _tokens_lock:
        _tokens_cache[key] = found
        while len(_tokens_cache) > TOKEN_CACHE:
            _tokens_cache.popitem(last=False)
    return found


def match_spans(text: str, analysis: DutchAnalysis, terms: set[tuple[str, str]]) -> list[tuple[int, int]]:
    wanted_text = {t for f, t in terms if f == "text"}
    wanted_exact = {t for f, t in terms if f == "exact"}
    tokens = _tokens(text, analysis)
    if tokens.terms.isdisjoint(wanted_text) and tokens.exacts.isdisjoint(wanted_exact):
        return []
    spans = [(s, e) for s, e, ts in tokens.words if not ts.isdisjoint(wanted_text)]
    spans += [(s, e) for s, e, f in tokens.exact if f in wanted_exact]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    if len(text) <= width:
        return 0, len(text)
    best_start, best_count = 0, -1
    for i, (s, _) in enumerate(spans):
        count = sum(1 for s2, e2 in spans[i:] if e2 <= s + width)
        if count > best_count:
            best_start, best_count = s, count
    start = max(0, best_start - width // 5) if spans else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    return start, end


def make_snippet(text: str, analysis: DutchAnalysis, terms: set[tuple[str, str]], width: int = 260) -> str:
    """HTML: escaped text with <mark>ed matches, cut to about `width` characters."""
    spans = match_spans(text, analysis, terms)
    start, end = _window(text, spans, width)
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


def highlight_all(text: str, analysis: DutchAnalysis, terms: set[tuple[str, str]]) -> str:
    """HTML: the whole text escaped, every match <mark>ed (for the document reader)."""
    out, pos = [], 0
    for s, e in match_spans(text, analysis, terms) if terms else []:
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)
