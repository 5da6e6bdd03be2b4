"""Running a search: ranked sections with snippets, facets, paging and did-you-mean.

The order of attempts: all words must match; if nothing does and a word looks misspelt,
the corrected query; then any word may match (ranked by how many do), first as typed and
then corrected; last a fuzzy match on every word. The result says which attempt answered
(`mode`), so the interface can say "geen resultaten met alle woorden".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
from whoosh import query as Q

from kb.index.query import build_filter, build_query, clean_text, parse_query
from kb.index.fast.scoring import Scored, term_table
from kb.index.snippets import Marker
from kb.index.store import IndexHandle
from kb.index.spelling import apply_corrections, corrections
from kb.lru import LRU
from kb.enrich.themes import Taxonomy

MAX_PER_PAGE = 100
STORED_CACHE = 5_000  # sections' stored fields kept per generation (the hits that come back)
FACETS = ("themes", "years", "kind", "document_id")


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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict:
        d = asdict(self)
        d["pages"] = self.pages
        return d


class FacetTable:
    """Facet values of every document in one generation, read once from the postings,
    as parallel arrays (docnum, value code) so a count is one numpy bincount."""

    def __init__(self, reader):
        self.columns: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        for name in FACETS:
            labels: list[str] = []
            docs: list[np.ndarray] = []
            codes: list[np.ndarray] = []
            for term in reader.field_terms(name):
                ids = np.fromiter(reader.postings(name, term).all_ids(), dtype=np.int64)
                docs.append(ids)
                codes.append(np.full(len(ids), len(labels), dtype=np.int64))
                labels.append(term)
            empty = np.zeros(0, dtype=np.int64)
            self.columns[name] = (labels, np.concatenate(docs) if docs else empty, np.concatenate(codes) if codes else empty)

    def count(self, mask: np.ndarray) -> dict[str, dict[str, int]]:
        """Per facet, value -> number of matching documents, most frequent first."""
        out = {}
        for name, (labels, docs, codes) in self.columns.items():
            counts = np.bincount(codes[mask[docs]], minlength=len(labels))
            found = sorted((-int(c), labels[i]) for i, c in enumerate(counts) if c)
            out[name] = {label: -c for c, label in found}
        return out


def search(
    handle: IndexHandle,
    searcher,
    text: str,
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    per_page: int = 10,
    taxonomy: Taxonomy | None = None,
) -> SearchResult:
    parsed = parse_query(text)
    for key, values in (filters or {}).items():
        parsed.filters.setdefault(key, []).extend(v for v in values if v)
    page = max(1, int(page or 1))
    per_page = max(1, min(int(per_page or 10), MAX_PER_PAGE))
    fq, understood, notes = build_filter(parsed.filters, taxonomy or handle.taxonomy)
    result = SearchResult(query=clean_text(text)[0], page=page, per_page=per_page, filters=understood, notes=parsed.notes + notes)
    lexicon = handle.lexicon

    built = build_query(parsed, lexicon)
    q = built.whoosh()
    if q is None:
        if fq is None:
            result.mode = "empty"
            if parsed.words or parsed.groups:
                result.notes.append("de zoekvraag bevat alleen veelvoorkomende woorden")
            return result
        q, result.mode = Q.Every(), "filter"
    table = handle.cached("terms", lambda: term_table(handle, searcher))
    fixes = corrections(parsed.words, lexicon, searcher, table, handle.cached("corrections", lambda: LRU(20_000))) \
        if parsed.words else {}
    if fixes:
        result.suggestion = apply_corrections(result.query, fixes)
    filtered = table.evaluate(searcher, fq).mask if fq is not None else None

    def _matching(q: Q.Query) -> Scored:
        found = table.evaluate(searcher, q)
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

    result.total = int(np.count_nonzero(scored.mask))
    result.expansions = built.expansions
    result.facets = handle.cached("facets", lambda: FacetTable(searcher.reader())).count(scored.mask)
    start = (page - 1) * per_page
    marker = Marker(lexicon.analysis, built.highlight)  # one per search, not one per hit
    stored = handle.cached("stored", lambda: LRU(STORED_CACHE))
    for docnum, score in scored.top(start + per_page)[start:]:
        result.hits.append(_hit(stored.get_or_make(docnum, lambda: searcher.stored_fields(docnum)), score, marker))
    return result


def _hit(f: dict, score: float, marker: Marker) -> Hit:
    return Hit(
        section_id=f["id"],
        document_id=f["document_id"],
        document_title=f["document_title"],
        kind=f["kind"],
        heading_path=list(f.get("heading_path") or []),
        page=f.get("page"),
        themes=[t for t in f.get("themes", "").split(",") if t],
        years=[int(y) for y in f.get("years", "").split(",") if y],
        text=f["text"],
        snippet=marker.snippet(f["text"]),
        score=round(score, 4),
        section_kind=f.get("section_kind", ""),
        order=f.get("order", 0),
    )


def run_search(data_dir, text: str, **kwargs) -> SearchResult:
    """Open the live index, search once, close the searcher."""
    from kb.index.store import searcher as open_searcher

    with open_searcher(data_dir) as (handle, s):
        return search(handle, s, text, **kwargs)
