"""Documenten: the list of documents and the reader, which shows a document as its
sections with a table of contents, page numbers (for a PDF a link to the source page,
web/source.py, registered here), theme badges, the search words marked when arriving from
a search (with the way back to exactly that search), and per section the ambitions it is
linked to in the trace, by name."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, abort, request, url_for

from kb.index.query import build_query, parse_query
from kb.index.snippets import Marker
from kb.render.pages import is_pdf
from kb.trace.plans import key_of
from web import source
from web.library import get_snapshot
from web.pages import page
from web.search import anchor

bp = Blueprint("documents", __name__)
CHIPS = 3  # ambition names shown on a section; the rest behind "+n"

page(bp, "/documenten/<doc_id>/pagina/<int:n>", "source_page.html")(source.source_page)
bp.add_url_rule("/documenten/<doc_id>/pagina/<int:n>.png", "page_image", source.page_image)
bp.add_app_template_global(source.source_page_url)


def ambition_name(key: str) -> str:
    """What a person calls an ambition: its key as words ("ondermijning-4e" -> "Ondermijning 4e")."""
    words = " ".join("KPI" if w.lower() == "kpi" else w for w in key.replace("_", "-").split("-") if w)
    return words[:1].upper() + words[1:]


@page(bp, "/documenten", "documents.html")
def listing():
    docs = get_snapshot().catalog.documents
    kind = request.args.get("soort", "").strip()
    shown = [d for d in docs if not kind or d["kind"] == kind]
    return {"documents": shown, "kinds": sorted({d["kind"] for d in docs}), "kind": kind}


@page(bp, "/documenten/<doc_id>", "document.html")
def reader(doc_id: str):
    snapshot = get_snapshot()
    document = snapshot.catalog.document_by_id.get(doc_id)
    if document is None:
        abort(404, f"Document '{doc_id}' bestaat niet.")
    trace = snapshot.trace
    ambitions_url = url_for("trace.matrix")  # one url_for per document, not one per section
    reader_url = url_for("documents.reader", doc_id=doc_id)
    carry = source.reader_args()
    carried = urlencode(carry, quote_via=quote)
    pdf = is_pdf(document)
    rows = snapshot.catalog.sections_by_document.get(doc_id, [])
    sections, toc = [], []
    for s in rows:
        item = {
            "id": s["id"], "anchor": anchor(s["id"]), "kind": s["kind"], "page": s.get("page"),
            "source_url": source.page_link(reader_url, s["page"], s["id"], carried) if pdf and s.get("page") else None,
            "level": len(s["heading_path"]) + 1 if s["kind"] == "heading" else None,
            "heading_path": s["heading_path"], "themes": s.get("themes") or [], "years": s.get("years") or [],
            "text": s["text"], "html": None,
            "reports_on": [{"ambition_id": row.ambition["id"], "key": key_of(row.ambition),
                            "name": ambition_name(key_of(row.ambition)), "ambition": row.ambition["text"][:300],
                            "status": p.finding.status, "confirmed": p.decision is not None,
                            "url": f"{ambitions_url}/{quote(row.ambition['id'], safe=':~')}"}
                           for row, p in trace.reports_on(s["id"])],
            "ambitions": [{"ambition_id": row.ambition["id"], "key": key_of(row.ambition),
                           "name": ambition_name(key_of(row.ambition)), "ambition": row.ambition["text"][:300],
                           "kind": row.ambition["kind"],
                           "years": {str(y): c.status for y, c in row.cells.items()},
                           "url": f"{ambitions_url}/{quote(row.ambition['id'], safe=':~')}"}
                          for row in trace.ambitions_in(s["id"])],
        }
        if s["kind"] == "heading":
            toc.append({"anchor": item["anchor"], "text": s["text"], "level": item["level"]})
        sections.append(item)
    q = request.args.get("q", "").strip()[:500]
    marked = 0
    if q and snapshot.has_index:
        gen = snapshot.generation
        marker = Marker(gen.tokenizer, build_query(parse_query(q), gen.lexicon).highlight)
        for i in snapshot.document_terms(doc_id).holding(marker):
            html = marker.mark(sections[i]["text"])
            if html is not None:
                marked += html.count("<mark>")
                sections[i]["html"] = html
    back = carry.get("terug") or (url_for("search.results", q=q) if q else None)
    return {"document": document, "toc": toc, "sections": sections, "query": q, "marked": marked,
            "search_url": back, "chips": CHIPS, "has_source_pages": pdf}
