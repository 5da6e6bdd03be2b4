"""Documenten: the list of documents and the reader, which shows a document as its
sections with a table of contents, page numbers, theme badges, the search words marked
when arriving from a search, and per section what it is linked to in the trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, abort, current_app, g, get_template_attribute, request, url_for
from markupsafe import Markup

from kb.store.catalog import read_catalog_id, read_documents, read_sections
from kb.index.query import build_query, parse_query
from kb.index.snippets import Marker, TextTerms
from kb.lru import LRU
from kb.trace.matrix import Trace, trace_for
from web.auth import may
from web.index_access import get_index
from web.pages import page
from web.search import anchor
from web.trace import theme_names

bp = Blueprint("documents", __name__)


def _data() -> Path:
    return Path(current_app.config["DATA_DIR"])


@page(bp, "/documenten", "documents.html")
def listing():
    docs = read_documents(_data())
    kind = request.args.get("soort", "").strip()
    shown = [d for d in docs if not kind or d["kind"] == kind]
    return {"documents": shown, "kinds": sorted({d["kind"] for d in docs}), "kind": kind}


# stands for a marked text in a section's rendering; all other text in it is escaped, so
# this can come only from the template's own {{ s.html|safe }}
SLOT = "<kb-mark-slot>"


@dataclass
class ReaderView:
    """One document as the reader shows it without marks, for one catalog and one trace.
    Built by the first request and shared by the next ones until either changes; each
    section's HTML is rendered once too (per role), so a page for any query only pastes
    its marked texts into ready fragments (a 400-section report is 270 kB of HTML)."""

    catalog_id: str
    trace: Trace
    document: dict
    sections: list[dict]
    toc: list[dict]
    _plain: dict[bool, list[str]] = field(default_factory=dict)  # auditor → each section's HTML
    _marked: dict[tuple[int, bool], tuple[str, str]] = field(default_factory=dict)  # the HTML around the text
    _terms: TextTerms | None = None
    _toc: Markup | None = None

    def contents(self) -> Markup:
        """The table of contents' HTML, rendered once."""
        if self._toc is None:
            self._toc = Markup(get_template_attribute("_section.html", "toc")(self.toc))
        return self._toc

    def holding(self, marker: Marker) -> list[int]:
        """The sections (by position) in which the marker may mark something."""
        terms = self._terms
        if terms is None or terms.analysis is not marker.analysis:  # another index generation's analysis
            terms = self._terms = TextTerms([s["text"] for s in self.sections], marker.analysis)
        return terms.holding(marker)

    def article(self, sections: list[dict], auditor: bool, render) -> Markup:
        """The sections' HTML; `sections` is self.sections with marked copies in places."""
        plain = self._plain.get(auditor)
        if plain is None:
            plain = self._plain[auditor] = [render(s, auditor) for s in self.sections]
        out = []
        for i, s in enumerate(sections):
            if s["html"] is None:
                out.append(plain[i])
                continue
            around = self._marked.get((i, auditor))
            if around is None:
                before, slot, after = str(render({**s, "html": SLOT}, auditor)).partition(SLOT)
                if not slot or SLOT in after:
                    raise RuntimeError("_section.html must show s.html exactly once")
                around = self._marked[(i, auditor)] = (before, after)
            out.append(around[0] + s["html"] + around[1])
        return Markup("".join(out))


_views: LRU[ReaderView] = LRU(32)  # documents kept; a miss costs one reading of its sections


def reader_view(data: Path, doc_id: str) -> ReaderView | None:
    """The document's view for the live catalog and trace, or None if there is no such
    document. The catalog id is read before the sections: a catalog swapped in between
    gives a view filed under the old id, which no later request asks for."""
    catalog_id = read_catalog_id(data)
    trace = trace_for(data, stale_ok=True)
    key = (str(data), doc_id)
    view = _views.get(key)
    if view is not None and view.catalog_id == catalog_id and view.trace is trace:
        return view
    doc = next((d for d in read_documents(data) if d["id"] == doc_id), None)
    if doc is None or catalog_id is None:
        return None
    ambitions_url = url_for("trace.matrix")  # one url_for per document, not one per section
    sections, toc = [], []
    for s in read_sections(data, doc_id):
        item = {
            "id": s["id"], "anchor": anchor(s["id"]), "kind": s["kind"], "page": s.get("page"),
            "level": len(s["heading_path"]) + 1 if s["kind"] == "heading" else None,
            "heading_path": s["heading_path"], "themes": s.get("themes") or [], "years": s.get("years") or [],
            "text": s["text"], "html": None,
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
    return _views.put(key, ReaderView(catalog_id, trace, doc, sections, toc))


@page(bp, "/documenten/<doc_id>", "document.html")
def reader(doc_id: str):
    view = reader_view(_data(), doc_id)
    if view is None:
        abort(404, f"Document '{doc_id}' bestaat niet.")
    g.reader_view = view
    q = request.args.get("q", "").strip()[:500]
    sections, marked = view.sections, 0
    if q:
        lexicon = get_index().lexicon
        marker = Marker(lexicon.analysis, build_query(parse_query(q), lexicon).highlight)
        sections = list(view.sections)
        for i in view.holding(marker):
            html = marker.mark(sections[i]["text"])
            if html is not None:
                marked += html.count("<mark>")
                sections[i] = {**sections[i], "html": html}
    return {"document": view.document, "toc": view.toc, "sections": sections, "query": q, "marked": marked}


@bp.context_processor
def article_renderer():
    """`article(sections)` and `contents()` for document.html: the sections' HTML and the
    table of contents from the view's rendered fragments (web/templates/_section.html)."""
    view: ReaderView | None = g.get("reader_view")
    if view is None:
        return {}
    auditor = may("auditor")
    labels = theme_names()
    macro = get_template_attribute("_section.html", "section")
    return {"article": lambda sections: view.article(sections, auditor, lambda s, a: macro(s, a, labels)),
            "contents": view.contents}
