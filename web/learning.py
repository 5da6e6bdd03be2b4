"""Leerdossiers: the learning files of the corpus (documents of kind leerdossier, searchable)
and the sections of other documents that mention leerdossiers or learning environments
(AGORA, leer/kennisomgeving), filterable by theme."""

from __future__ import annotations

from flask import Blueprint, request

from web.library import get_snapshot
from web.pages import page
from web.trace import theme_names

bp = Blueprint("learning", __name__)

MENTIONS = "leerdossier OF leerdossiers OF leeromgeving OF kennisomgeving OF agora OF lessen OF leerpunten"
HIT_FIELDS = ("section_id", "document_id", "document_title", "kind", "heading_path", "page", "themes", "snippet")


@page(bp, "/leerdossiers", "learning.html")
def lookup():
    names = theme_names()
    theme = request.args.get("thema", "").strip()
    filters = {"thema": [theme]} if theme in names else {}
    q = request.args.get("q", "").strip()[:500]
    snapshot = get_snapshot()
    dossiers = [d for d in snapshot.catalog.documents if d["kind"] == "leerdossier"]
    found = None
    if q:
        r = snapshot.search(q, filters={**filters, "soort": ["leerdossier"]}, per_page=20)
        found = {"total": r.total, "suggestion": r.suggestion,
                 "hits": [{k: getattr(h, k) for k in HIT_FIELDS} for h in r.hits]}
    mentions = snapshot.search(MENTIONS, filters=filters, per_page=30)
    return {
        "query": q, "theme": theme if theme in names else "", "themes": names, "dossiers": dossiers, "found": found,
        "mentions": [{k: getattr(h, k) for k in HIT_FIELDS} for h in mentions.hits if h.kind != "leerdossier"],
        "mentions_total": mentions.total,
    }
