"""The source page: a page of a document's source PDF as the auditor cites it, with the
section they came from highlighted (kb.render.pages draws the page once and finds the
section's words on it). Registered by web/documents.py under /documenten/<id>/pagina/<n>,
so it belongs to the Documenten menu.

The highlight is an SVG overlay of `<rect>`s in percentages of the page (the CSP forbids
style attributes; an SVG's own attributes are not styles), not boxes drawn into the image:
one image per page serves every section on it, stays in the browser's cache, and the JSON
twin gives the same boxes for other programs.

The way back: `q` (the search words to mark in the reader) and `terug` (the search the
reader was opened from) are passed on, `terug` only as a path of /zoeken on this site
(never an address elsewhere)."""

from __future__ import annotations

import re

from urllib.parse import quote, urlencode, urlsplit

from flask import abort, request, send_file, url_for

from kb.errors import KbError
from kb.render.pages import boxes, is_pdf, source_of
from web.library import get_library, get_snapshot
from web.search import anchor

SEARCH_PATH = "/zoeken"


SAVED_SEARCH_PATH = re.compile(r"/zoekopdrachten/\d{1,9}")


def search_back_url(value: str | None) -> str | None:
    """`value` when it is a search on this site (a path /zoeken, or a saved search
    /zoekopdrachten/<id>, with its query string), else None: never another site."""
    if not value or len(value) > 2000 or any(c in value for c in "\\\r\n\t") or not value.startswith("/"):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not (parts.path == SEARCH_PATH or SAVED_SEARCH_PATH.fullmatch(parts.path)):
        return None
    return value


def reader_args() -> dict[str, str]:
    """The way back that a link from the reader carries: the search words and the search."""
    out = {}
    q = request.args.get("q", "").strip()[:500]
    if q:
        out["q"] = q
    back = search_back_url(request.args.get("terug"))
    if back:
        out["terug"] = back
    return out


def page_link(reader_url: str, page: int, section_id: str | None, carry: str = "") -> str:
    """The source page of `page` from a reader's address (built by hand: a reader has hundreds
    of sections, url_for for each would cost more than the page)."""
    link = f"{reader_url}/pagina/{page}"
    query = "&".join(part for part in (f"sectie={quote(section_id, safe='')}" if section_id else "", carry) if part)
    return f"{link}?{query}" if query else link


def _document(doc_id: str) -> dict:
    document = get_snapshot().catalog.document_by_id.get(doc_id)
    if document is None:
        abort(404, f"Document '{doc_id}' bestaat niet.")
    return document


def _rendered(document: dict, n: int, image_only: bool = False):
    """Page `n` of the document's PDF, drawn once (KbError with a Dutch message: not a PDF,
    no such page, the file gone, changed or unreadable); with `image_only`, its PNG's path."""
    library = get_library()
    source = source_of(library.documents_dir, document)
    pages = document.get("pages")
    if n < 1 or (pages and n > pages):
        raise KbError(f"'{document['title']}' heeft geen pagina {n} (wel 1 tot en met {pages}).", status=404)
    pages_of = library.source_pages
    return (pages_of.image if image_only else pages_of.page)(source, document["content_hash"], n)


def source_page(doc_id: str, n: int):
    """The page as an image with the section (`sectie`) highlighted, links to the pages
    before and after and back to the reader at that section."""
    snapshot = get_snapshot()
    document = _document(doc_id)
    rendered = _rendered(document, n)
    section = snapshot.catalog.section_by_id.get(request.args.get("sectie", ""))
    if section is not None and section["document_id"] != doc_id:
        section = None
    found = []
    if section is not None:  # a table row as printed: its cells, without the column names the text adds
        split = (section.get("page_end") or 0) > (section.get("page") or 0)
        found = boxes(rendered.words, " ".join(section.get("cells") or []) or section["text"], part=split)
    carry = reader_args()
    reader = url_for("documents.reader", doc_id=doc_id, **carry)
    extra = {"sectie": section["id"]} if section is not None else {}
    last = document.get("pages") or n

    def other(m: int) -> str | None:
        return url_for("documents.source_page", doc_id=doc_id, n=m, **extra, **carry) if 1 <= m <= last else None

    on_page = section is not None and (section.get("page") or 0) <= n <= (section.get("page_end") or section.get("page") or 0)
    return {
        "document": {"id": document["id"], "title": document["title"], "kind": document["kind"],
                     "path": document["path"], "pages": document.get("pages")},
        "page": n,
        "image_url": url_for("documents.page_image", doc_id=doc_id, n=n, v=document["content_hash"][:12]),
        "width": rendered.width, "height": rendered.height,
        "section": None if section is None else {
            "id": section["id"], "kind": section["kind"], "text": section["text"],
            "heading_path": section["heading_path"], "page": section.get("page"), "page_end": section.get("page_end")},
        "found": bool(found),
        "expected": on_page,  # the section says it is on this page
        "boxes": [{"x": round(x * 100, 3), "y": round(y * 100, 3), "width": round(w * 100, 3), "height": round(h * 100, 3)}
                  for x, y, w, h in found],
        "previous_url": other(n - 1), "next_url": other(n + 1),
        "reader_url": reader + (f"#{anchor(section['id'])}" if section is not None else ""),
        "search_url": carry.get("terug"),
    }


def page_image(doc_id: str, n: int):
    """The page as a PNG. Its address carries the file's hash (`v`), so a browser may keep
    it for a day; a new version of the file has a new address."""
    document = _document(doc_id)
    image = _rendered(document, n, image_only=True)
    fresh = request.args.get("v") == document["content_hash"][:12]
    response = send_file(image, mimetype="image/png", conditional=True, max_age=86400 if fresh else 0)
    response.cache_control.public = False
    response.cache_control.private = True  # reading may need a login (KB_LOGIN_REQUIRED)
    return response


def source_page_url(doc_id: str, page: int | None, section_id: str | None = None, **carry) -> str | None:
    """The source page of a section for any template (a search hit, a progress paragraph):
    None when its document is not a PDF or the section has no page."""
    if not page:
        return None
    document = get_snapshot().catalog.document_by_id.get(doc_id)
    if document is None or not is_pdf(document):
        return None
    query = {"sectie": section_id} if section_id else {}
    query.update({k: v for k, v in carry.items() if v})
    return url_for("documents.source_page", doc_id=doc_id, n=page) + (f"?{urlencode(query)}" if query else "")
