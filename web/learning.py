"""Leerdossiers: the learning files of the corpus (documents of kind leerdossier) and the
sections of other documents that mention leerdossiers or learning environments (AGORA,
leer/kennisomgeving), filterable by theme. The page's own search looks in both: what it
finds is what the lists below it hold."""

from __future__ import annotations

from flask import Blueprint, request

from web.library import get_snapshot
from web.search import phenomenon_labels
from web.pages import page
from web.trace import theme_names

bp = Blueprint("learning", __name__)

MENTIONS = "leerdossier OF leerdossiers OF leeromgeving OF kennisomgeving OF agora OF lessen OF leerpunten"
HIT_FIELDS = ("section_id", "document_id", "document_title", "kind", "heading_path", "page", "themes", "snippet")
SHOWN_MENTIONS = 30
SHOWN_FOUND = 50
PER_PAGE = 100  # the index's largest page
MAX_PAGES = 5  # at most this many pages of a query are read to find what lies in scope


def all_hits(snapshot, query: str, filters: dict) -> tuple[list, object]:
    """Every hit of `query` (up to MAX_PAGES pages), with the first page's result."""
    first = snapshot.search(query, filters=filters, per_page=PER_PAGE)
    hits = list(first.hits)
    for number in range(2, min(first.pages, MAX_PAGES) + 1):
        hits += snapshot.search(query, filters=filters, page=number, per_page=PER_PAGE).hits
    return hits, first


def in_scope(snapshot, query: str, filters: dict, mention_ids: set[str]) -> dict:
    """`query` over the leerdossiers and the mentioning paragraphs together, best first."""
    hits, first = all_hits(snapshot, query, filters)
    kept = [h for h in hits if h.kind == "leerdossier" or h.section_id in mention_ids]
    return {"total": len(kept), "suggestion": first.suggestion,
            "in_dossiers": sum(h.kind == "leerdossier" for h in kept),
            "hits": [{k: getattr(h, k) for k in HIT_FIELDS} for h in kept[:SHOWN_FOUND]]}


@page(bp, "/leerdossiers", "learning.html")
def lookup():
    names = theme_names()
    theme = request.args.get("thema", "").strip()
    filters = {"thema": [theme]} if theme in names else {}
    q = request.args.get("q", "").strip()[:500]
    snapshot = get_snapshot()
    dossiers = [d for d in snapshot.catalog.documents if d["kind"] == "leerdossier"]
    mentions, _ = all_hits(snapshot, MENTIONS, filters)
    mentions = [h for h in mentions if h.kind != "leerdossier"]
    found = in_scope(snapshot, q, filters, {h.section_id for h in mentions}) if q else None
    return {
        "query": q, "theme": theme if theme in names else "", "themes": names, "dossiers": dossiers, "found": found,
        "mentions": [{k: getattr(h, k) for k in HIT_FIELDS} for h in mentions[:SHOWN_MENTIONS]],
        "mentions_total": len(mentions),
        "phenomena": [{"slug": slug, "label": label} for slug, label in phenomenon_labels().items()],  # their /kennis pages
    }
