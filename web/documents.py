"""Documenten: the list of documents and the reader, which shows a document as its
sections with a table of contents, page numbers, theme badges, the search words marked
when arriving from a search, and per section what it is linked to in the trace."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, request, url_for

from kb.catalog import read_documents, read_sections
from kb.index.query import build_query, parse_query
from kb.index.snippets import highlight_all
from kb.trace.matrix import trace_for
from web.index_access import get_searcher
from web.pages import page
from web.search import anchor

bp = Blueprint("documents", __name__)


def _data() -> Path:
    return Path(current_app.config["DATA_DIR"])


@page(bp, "/documenten", "documents.html")
def listing():
    docs = read_documents(_data())
    kind = request.args.get("soort", "").strip()
    shown = [d for d in docs if not kind or d["kind"] == kind]
    return {"documents": shown, "kinds": sorted({d["kind"] for d in docs}), "kind": kind}


@page(bp, "/documenten/<doc_id>", "document.html")
def reader(doc_id: str):
    data = _data()
    doc = next((d for d in read_documents(data) if d["id"] == doc_id), None)
    if doc is None:
        abort(404, f"Document '{doc_id}' bestaat niet.")
    q = request.args.get("q", "").strip()[:500]
    terms: set = set()
    analysis = None
    if q:
        handle, _ = get_searcher()
        analysis = handle.lexicon.analysis
        terms = build_query(parse_query(q), handle.lexicon).highlight
    trace = trace_for(data, stale_ok=True)
    ambitions_url = url_for("trace.matrix")  # one url_for per page, not one per section
    sections, toc, marked = [], [], 0
    for s in read_sections(data, doc_id):
        html = highlight_all(s["text"], analysis, terms) if analysis else None
        marked += html.count("<mark>") if html else 0
        item = {
            "id": s["id"], "anchor": anchor(s["id"]), "kind": s["kind"], "page": s.get("page"),
            "level": len(s["heading_path"]) + 1 if s["kind"] == "heading" else None,
            "heading_path": s["heading_path"], "themes": s.get("themes") or [], "years": s.get("years") or [],
            "text": s["text"], "html": html,
            "reports_on": [{"ambition_id": row.ambition["id"], "ambition": row.ambition["text"][:140],
                            "status": p.finding.status, "confirmed": p.decision is not None,
                            "url": f"{ambitions_url}/{row.ambition['id']}"}
                           for row, p in trace.reports_on(s["id"])],
            "ambitions": [{"ambition_id": row.ambition["id"], "kind": row.ambition["kind"],
                           "years": {str(y): c.status for y, c in row.cells.items()},
                           "url": f"{ambitions_url}/{row.ambition['id']}"}
                          for row in trace.ambitions_in(s["id"])],
        }
        if s["kind"] == "heading":
            toc.append({"anchor": item["anchor"], "text": s["text"], "level": item["level"]})
        sections.append(item)
    return {"document": doc, "toc": toc, "sections": sections, "query": q, "marked": marked}
