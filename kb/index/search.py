"""Running a search: ranked sections with snippets, facets, paging and did-you-mean.

The order of attempts: all words must match; if nothing does and a word looks misspelt,
the corrected query; then any word may match (ranked by how many do), first as typed and
then corrected; last a fuzzy match on every word. The result says which attempt answered
(`mode`), so the interface can say "geen resultaten met alle woorden".

Sections whose text matches rank above those where only the heading path does, and bare
headings (a section that is just a heading) below both: a hit says where it matched
(`matched_in`), and a heading-only hit shows its heading path marked.

A page beyond the last is the last page, with a note.

A search has a time budget (setting KB_SEARCH_BUDGET_MS): once it is spent, the remaining
hits get the plain start of their text instead of a highlighted snippet, and the result
says so (`partial`, and a note), so no request keeps a worker busy for long.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as Q

from kb import settings
from kb.enrich.roles import load_roles
from kb.enrich.themes import Taxonomy
from kb.errors import KbError
from kb.index.fast.scoring import Scored, by_whoosh
from kb.index.generation import Generation
from kb.index.query import build_filter, build_query, clean_text, parse_query
from kb.index.snippets import Marker, plain_snippet
from kb.index.spelling import apply_corrections
from kb.model import LEERDOSSIER
from kb.parse.rows import row_text

MAX_PER_PAGE = 100
# as the filters: "jaar" is the document's reporting year or plan period, "noemt" a year the section names
FACET_KEYS = {"thema": "themes", "jaar": "doc_years", "noemt": "mentions", "soort": "kind", "document": "document_id",
              "rol": "role", "fenomeen": "phenomena", "status": "doc_status"}
HIT_FIELDS = ("section_id", "document_id", "document_title", "kind", "heading_path", "page", "themes", "years",
              "text", "snippet", "score", "title", "section_kind", "document_years", "mentioned_years", "matched_in",
              "heading_marked", "row", "role", "phenomena", "status", "example")
ROLE_BOOST = 1.5  # a leerdossier section whose role the query names ("signalen", "lessen"): its score times this
BUDGET_NOTE = "niet alle fragmenten zijn gemarkeerd, want de zoekopdracht duurde te lang"


@dataclass
class Hit:
    section_id: str
    document_id: str
    document_title: str
    kind: str
    heading_path: list[str]
    page: int | None
    themes: list[str]
    years: list[int]
    text: str
    snippet: str
    score: float
    section_kind: str = ""
    order: int = 0
    title: str = ""  # the section's own heading (the document's title when it has none)
    document_years: list[int] = field(default_factory=list)  # a report's year, a plan's period
    mentioned_years: list[int] = field(default_factory=list)
    matched_in: str = "tekst"  # "tekst", or "kop" when only the heading path holds the query's words, or
    # "onderwerp" when only what the leerdossier as a whole is about does (its title, its phenomena)
    heading_marked: str = ""  # HTML: the heading path (" › "), escaped, the query's words <mark>ed
    row: list[list[str]] = field(default_factory=list)  # a table row: [column name, cell] pairs
    role: str | None = None  # a leerdossier section's role (kb.enrich.roles), else None
    phenomena: list[str] = field(default_factory=list)  # kb.enrich.learning
    status: str | None = None  # a leerdossier's: "concept" or "afgerond"
    example: bool = False  # the document is an example (metadata voorbeeld = true)


@dataclass
class SearchResult:
    query: str
    total: int = 0
    suggestion: str | None = None
    mode: str = "all"  # all | any | corrected | fuzzy | filter | empty
    page: int = 1
    per_page: int = 10
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)
    partial: bool = False  # the time budget ran out: some snippets are plain, unmarked text

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(
    gen: Generation,
    text: str,
    taxonomy: Taxonomy,
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    per_page: int = 10,
    scoring: str = "fast",
    budget: float | None = None,
) -> SearchResult:
    """Search one index generation. `scoring`: "fast" ranks on the generation's arrays
    (kb.index.fast), "whoosh" with Whoosh's own searcher; the scores are the same.
    `budget`: seconds for the search after which no more snippets are highlighted
    (default: the setting SEARCH_BUDGET_MS)."""
    deadline = time.monotonic() + (search_budget() if budget is None else budget)
    parsed = parse_query(text)
    for key, values in (filters or {}).items():
        parsed.filters.setdefault(key, []).extend(v for v in values if v)
    page = max(1, int(page or 1))
    per_page = max(1, min(int(per_page or 10), MAX_PER_PAGE))
    fq, understood, notes = build_filter(parsed.filters, taxonomy)
    result = SearchResult(query=clean_text(text)[0], page=page, per_page=per_page, filters=understood, notes=parsed.notes + notes)
    lexicon = gen.lexicon
    searcher = gen.searcher()

    built = build_query(parsed, lexicon)
    q = built.whoosh()
    if q is None:
        if fq is None:
            result.mode = "empty"
            if parsed.words or parsed.groups:
                result.notes.append("de zoekvraag bevat alleen veelvoorkomende woorden")
            return result
        q, result.mode = Q.Every(), "filter"
    evaluate = _evaluator(gen, searcher, scoring)
    fixes = gen.spelling.corrections(parsed.words, searcher.reader()) if parsed.words else {}
    if fixes:
        result.suggestion = apply_corrections(result.query, fixes)
    filtered = evaluate(fq).mask if fq is not None else None

    def _matching(q: Q.Query) -> Scored:
        found = evaluate(q)
        if filtered is not None:
            found.mask &= filtered
        return found

    scored = _matching(q)
    if not scored.mask.any() and built.query is not None:
        corrected = parse_query(result.suggestion) if fixes else None
        attempts = [
            ("corrected", lambda: build_query(corrected, lexicon) if corrected else None),
            ("any", lambda: build_query(parsed, lexicon, mode="any") if len(parsed.groups) > 1 else None),
            ("corrected", lambda: build_query(corrected, lexicon, mode="any") if corrected and len(corrected.groups) > 1 else None),
            ("fuzzy", lambda: build_query(parsed, lexicon, mode="any", fuzzy=True)),
        ]
        for mode, make in attempts:
            attempt = make()
            if attempt is None or attempt.whoosh() is None:
                continue
            found = _matching(attempt.whoosh())
            if found.mask.any():
                built, scored, result.mode = attempt, found, mode
                break

    _boost_asked_roles(gen, parsed.words, scored)
    result.total = int(np.count_nonzero(scored.mask))
    result.expansions = built.expansions
    result.facets = gen.facets.count(scored.mask)
    if result.total and page > result.pages:
        result.notes.append(f"pagina {page} bestaat niet; dit is de laatste pagina ({result.pages})")
        page = result.page = result.pages
    start = (page - 1) * per_page
    marker = Marker(gen.tokenizer, built.highlight, built.phrases)  # one per search, not one per hit
    tier = _tiers(evaluate, built, result.mode, scored) if result.total > 1 else None
    tier = _examples_last(gen, tier, scored) if result.total > 1 else tier
    for docnum, score in scored.top(start + per_page, first=tier)[start:]:
        in_time = time.monotonic() < deadline
        result.hits.append(_hit(gen.stored_fields(docnum), score, marker if in_time else None))
        result.partial = result.partial or not in_time
    if result.partial:
        result.notes.append(BUDGET_NOTE)
    return result


def _boost_asked_roles(gen: Generation, words: list[str], scored: Scored) -> None:
    """A query that names a role of a leerdossier's sections ("welke signalen wijzen op een
    drugslab in een woning") ranks the sections of that role higher, in place. Only the words
    it asks for count (kb.index.query.parse_query), not a `rol:` filter (which keeps those
    sections only anyway) nor an excluded word."""
    if not words:
        return
    try:
        asked = load_roles().asked_in(" ".join(words))
    except KbError:  # a broken roles file is said by the ingest; searching goes on without it
        return
    if asked:
        docs = gen.facets.having("role", asked)
        scored.score[docs] *= ROLE_BOOST


def _examples_last(gen: Generation, tier: np.ndarray | None, scored: Scored) -> np.ndarray | None:
    """The ranks with every section of an example document (voorbeeld = true) after every
    real one: a made-up leerdossier illustrates, a real report or leerdossier answers."""
    examples = gen.facets.having("example", {"voorbeeld"})
    if not len(examples) or not scored.mask[examples].any():
        return tier
    ranks = (np.zeros(len(scored.mask)) if tier is None else tier) + 2.0
    ranks[examples] -= 2.0
    return ranks


def _tiers(evaluate: Callable[[Q.Query], Scored], built, mode: str, scored: Scored) -> np.ndarray | None:
    """1 for a section whose own text matches, 0 for one where only the heading path (or the
    exact field, which holds it) does or that is a bare heading: the first rank above the
    second, each by score. None when the query has no part the text field alone can match."""
    if mode == "filter":
        body = scored.mask
    else:
        text_q = text_only(built.whoosh())
        if text_q is None:
            return None
        body = evaluate(text_q).mask
    headings = evaluate(Q.Term("section_kind", "heading")).mask
    return (body & ~headings & scored.mask).astype(np.float64)


def text_only(q: Q.Query | None) -> Q.Query | None:
    """The part of a query that the "text" field alone can match (heading, exact and fuzzy
    terms gone), or None when nothing of it can."""
    if q is None:
        return None
    if type(q) in (Q.Term, Q.Phrase):
        return q if q.fieldname == "text" else None
    if type(q) in (Q.Or, Q.And):
        parts = [text_only(sub) for sub in q.subqueries]
        if type(q) is Q.And and any(p is None for p in parts):
            return None
        parts = [p for p in parts if p is not None]
        return type(q)(parts, boost=q.boost) if parts else None
    if isinstance(q, Q.AndNot):
        a = text_only(q.a)
        return type(q)(a, q.b) if a is not None else None
    if type(q) is Q.Require:
        a, b = text_only(q.a), text_only(q.b)
        return Q.Require(a, b) if a is not None and b is not None else None
    if type(q) is Q.Every:
        return q
    return None


def search_budget(value: object = None) -> float:
    """The time budget of a search in seconds, from the setting SEARCH_BUDGET_MS (`value`,
    else KB_SEARCH_BUDGET_MS or its default)."""
    raw = settings.from_os("SEARCH_BUDGET_MS") if value is None else value
    try:
        ms = int(str(raw).strip())
    except ValueError:
        raise KbError(f"KB_SEARCH_BUDGET_MS moet een geheel getal zijn, niet {raw!r}", status=500) from None
    return max(0, ms) / 1000


def _evaluator(gen: Generation, searcher, scoring: str) -> Callable[[Q.Query], Scored]:
    """Query -> which documents match and their scores, on the arrays or by Whoosh."""
    if scoring == "fast":
        table = gen.terms
        return lambda q: table.evaluate(searcher, q)
    if scoring != "whoosh":
        raise ValueError(f"scoring is 'fast' or 'whoosh', not {scoring!r}")
    n = searcher.reader().doc_count_all()
    return lambda q: by_whoosh(searcher, q, n)


def _hit(f: dict, score: float, marker: Marker | None) -> Hit:
    path = list(f.get("heading_path") or [])
    row = table_row(f)
    shown = row_text(f["cells"], f["columns"]) if row else f["text"]
    heading = " › ".join(path)
    in_text = marker is None or bool(marker.spans(shown))
    in_heading = marker.mark(heading) if marker is not None and heading else None
    return Hit(
        section_id=f["id"],
        document_id=f["document_id"],
        document_title=f["document_title"],
        kind=f["kind"],
        heading_path=path,
        page=f.get("page"),
        themes=[t for t in f.get("themes", "").split(",") if t],
        years=_ints(f.get("years")),
        text=f["text"],
        snippet=marker.snippet(shown) if marker is not None else plain_snippet(shown),
        score=round(score, 4),
        section_kind=f.get("section_kind", ""),
        order=f.get("order", 0),
        title=path[-1] if path else f["document_title"],
        document_years=_ints(f.get("doc_years")),
        mentioned_years=_ints(f.get("mentions")),
        matched_in="kop" if in_heading and not in_text else (
            "onderwerp" if not in_heading and not in_text and f.get("kind") == LEERDOSSIER else "tekst"),
        heading_marked=in_heading or escape(heading),
        row=row,
        role=f.get("role") or None,
        phenomena=[p for p in (f.get("phenomena") or "").split(",") if p],
        status=f.get("doc_status") or None,
        example=f.get("example") == "voorbeeld",
    )


def _ints(stored: str | None) -> list[int]:
    return [int(y) for y in (stored or "").split(",") if y]


def table_row(f: dict) -> list[list[str]]:
    """A table row's [column name, cell] pairs (the label's column unnamed), when its table's
    column names line up with its cells; else [] (the row's text says it as it is)."""
    cells, columns = f.get("cells") or [], f.get("columns") or []
    if f.get("section_kind") != "table_row" or not cells or not columns or len(cells) > len(columns):
        return []
    return [["" if k == 0 else columns[k], cell] for k, cell in enumerate(cells) if cell]


def search_json(result: SearchResult, titles: dict[str, str]) -> dict:
    """A search as every JSON answer gives it (`/api/search`, `/zoeken.json`, `kb search
    --json`): facets under the names of the filters, and the titles of the documents in them."""
    return {
        "query": result.query, "total": result.total, "suggestion": result.suggestion, "mode": result.mode,
        "page": result.page, "per_page": result.per_page, "pages": result.pages, "filters": result.filters,
        "notes": result.notes, "expansions": result.expansions, "partial": result.partial,
        "facets": {key: result.facets.get(field, {}) for key, field in FACET_KEYS.items()},
        "hits": [{k: getattr(h, k) for k in HIT_FIELDS} for h in result.hits],
        "document_titles": {i: titles[i] for i in result.facets.get("document_id", {}) if i in titles},
    }
