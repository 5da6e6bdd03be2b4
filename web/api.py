"""The JSON API. Every answer is JSON, errors included, with a Dutch message."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from kb.index.search import MAX_PER_PAGE, search
from kb.index.store import IndexMissing
from kb.lang.words import KnowledgeError
from web.index_access import get_searcher

bp = Blueprint("api", __name__, url_prefix="/api")

HIT_FIELDS = ("section_id", "document_id", "document_title", "kind", "heading_path", "page", "themes", "years",
              "text", "snippet", "score")


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    try:
        return min(max(int(raw), low), high) if raw.strip() else default
    except ValueError:
        return default


def search_context() -> dict:
    """The search page's data: rendered as JSON here, as HTML by the interface later."""
    q = request.args.get("q", "")
    filters = {key: request.args.getlist(key) for key in ("thema", "jaar", "soort", "document") if request.args.getlist(key)}
    page = _int_arg("page", 1, 1, 10_000)
    per_page = _int_arg("per_page", 10, 1, MAX_PER_PAGE)
    handle, searcher = get_searcher()
    result = search(handle, searcher, q, filters=filters, page=page, per_page=per_page)
    return {
        "query": result.query,
        "total": result.total,
        "suggestion": result.suggestion,
        "mode": result.mode,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
        "filters": result.filters,
        "notes": result.notes,
        "expansions": result.expansions,
        "facets": {"thema": result.facets.get("themes", {}), "jaar": result.facets.get("years", {}),
                   "soort": result.facets.get("kind", {}), "document": result.facets.get("document_id", {})},
        "hits": [{k: getattr(h, k) for k in HIT_FIELDS} for h in result.hits],
    }


@bp.get("/search")
def api_search():
    try:
        return jsonify(search_context())
    except IndexMissing:
        return jsonify({"error": "Er is nog geen zoekindex. Draai eerst `kb ingest`."}), 503
    except KnowledgeError as exc:
        return jsonify({"error": f"Een taalbestand is onbruikbaar: {exc}"}), 500


@bp.errorhandler(404)
def not_found(_):
    return jsonify({"error": "Onbekend adres in de API."}), 404
