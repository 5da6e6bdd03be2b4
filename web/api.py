"""The JSON API. Every answer is JSON, errors included, with a Dutch message.
Search and completions live here; the trace's routes in web/trace_api.py, a blueprint of
its own under the same /api prefix."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from kb.errors import NotReady
from web.library import get_snapshot
from web.search import search_context

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def api_search():
    return jsonify(search_context())  # no index, a broken data file: web/errors.py answers in JSON


@bp.get("/suggest")
def api_suggest():
    """Completions for the search box as you type: headings and index words with this start."""
    prefix = request.args.get("q", "")[:60]
    try:
        found = get_snapshot().complete(prefix)
    except NotReady:
        found = []
    return jsonify({"query": prefix, "suggestions": found})
