"""Zoekopdrachten: a logged-in user's saved searches (kb.store.saved_searches): the list with
how many hits are new since each was last opened, the page that runs one and marks the hits
of documents that arrived since the visit before, rename, remove, and an Atom feed per
saved search, read with its secret token instead of a login (feed readers cannot log in).

Opening a saved search is a visit: it is recorded, and the browser is sent on to the
address of that visit (`?bezoek=N`), so that its further pages and a reload keep marking
what was new when it was opened. None of these pages is kept in the page cache: they show
more than the snapshot (the user's own searches and visits)."""

from __future__ import annotations

import html
import re
import uuid
from datetime import datetime, timezone
from functools import wraps
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask_login import current_user

from kb.errors import NotReady
from kb.index.search import FACET_KEYS, HIT_FIELDS, MAX_PER_PAGE, SearchResult, search_budget, search_json
from kb.store.precious import DiskFull
from kb.store.saved_searches import Arrivals, SavedSearch, SavedSearchStore
from web.auth import OPEN_ENDPOINTS, login_manager
from web.errors import error_response, wants_json
from web.library import get_library, get_snapshot
from web.pages import page
from web.search import int_arg, reader_url

bp = Blueprint("saved", __name__)
# the feed is read with its token, not a session: open like the login page, also with KB_LOGIN_REQUIRED
bp.record_once(lambda state: OPEN_ENDPOINTS.add("saved.feed"))

FILTERS = tuple(FACET_KEYS)  # the search page's filters: what a saved search keeps beside its query
PER_PAGE = 20
FEED_ENTRIES = MAX_PER_PAGE
ATOM = "http://www.w3.org/2005/Atom"
LOCAL = ZoneInfo("Europe/Amsterdam")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def store() -> SavedSearchStore:
    return get_library().saved_searches


def logged_in(view):
    """Any logged-in user (every role has saved searches); a JSON twin answers 401."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            if wants_json():
                return error_response(401, "Log in om uw bewaarde zoekopdrachten te zien.")
            return login_manager.unauthorized()
        return view(*args, **kwargs)
    return wrapper


def arrivals() -> Arrivals:
    """When each document of the request's catalog arrived (noting new ones first)."""
    documents = {d["id"]: d.get("content_hash") or "" for d in get_snapshot().catalog.documents}
    return store().arrivals(documents)


def run(saved: SavedSearch, filters: dict[str, list[str]] | None = None, page_no: int = 1,
        per_page: int = PER_PAGE) -> SearchResult:
    """The saved search on the request's snapshot, as the search page runs it."""
    return get_snapshot().search(saved.query, filters=saved.filters if filters is None else filters, page=page_no,
                                 per_page=per_page, budget=search_budget(current_app.config["SEARCH_BUDGET_MS"]))


def new_documents(result: SearchResult, found: Arrivals, mark: int) -> dict[str, int]:
    """The documents among a search's hits that arrived after `mark`, with their hit counts."""
    return {doc: n for doc, n in result.facets.get("document_id", {}).items() if found.is_new(doc, mark)}


def search_args(saved: SavedSearch) -> dict[str, list[str]]:
    """The search page's arguments for this saved search (its link to /zoeken)."""
    return {**({"q": [saved.query]} if saved.query else {}), **saved.filters}


# ---------------------------------------------------------------------- the list


@page(bp, "/zoekopdrachten", "saved.html", keep=False)
@logged_in
def listing():
    searches = store().list(current_user.name)
    counts: dict[int, tuple[int, int]] = {}  # id -> (hits, new hits)
    try:
        found = arrivals() if searches else Arrivals()
        for s in searches:
            result = run(s, per_page=1)
            counts[s.id] = (result.total, sum(new_documents(result, found, s.mark).values()))
    except NotReady:  # no catalog or index yet: the list without counts
        counts = {}
    items = []
    for s in searches:
        total, new = counts.get(s.id, (None, None))
        items.append({**s.to_dict(), "url": url_for("saved.opened", search_id=s.id),
                      "search_url": url_for("search.results", **search_args(s)),
                      "feed_url": url_for("saved.feed", search_id=s.id, sleutel=s.feed_token, _external=True),
                      "total": total, "new": new})
    return {"searches": items}


# ---------------------------------------------------------------------- changing them


def _form_filters() -> dict[str, list[str]]:
    return {key: request.form.getlist(key) for key in FILTERS if request.form.getlist(key)}


def _back(saved_id: int | None = None):
    return redirect(url_for("saved.listing", _anchor=f"zoekopdracht-{saved_id}" if saved_id else None), 303)


@bp.post("/zoekopdrachten")
@logged_in
def create():
    found = arrivals()  # what the catalog holds now counts as seen
    saved = store().create(current_user.name, request.form.get("naam"), request.form.get("q", ""), _form_filters(),
                           found)
    flash(f"Zoekopdracht '{saved.name}' bewaard. Hier ziet u wat er sindsdien bij komt.")
    return _back(saved.id)


@bp.post("/zoekopdrachten/<int:search_id>/naam")
@logged_in
def rename(search_id: int):
    saved = store().rename(current_user.name, search_id, request.form.get("naam"))
    flash(f"Zoekopdracht hernoemd tot '{saved.name}'.")
    return _back(saved.id)


@bp.post("/zoekopdrachten/<int:search_id>/verwijder")
@logged_in
def remove(search_id: int):
    saved = store().remove(current_user.name, search_id)
    flash(f"Zoekopdracht '{saved.name}' verwijderd.")
    return _back()


@bp.post("/zoekopdrachten/<int:search_id>/sleutel")
@logged_in
def new_token(search_id: int):
    saved = store().new_token(current_user.name, search_id)
    flash(f"De feed van '{saved.name}' heeft een nieuw adres; het oude werkt niet meer.")
    return _back(saved.id)


# ---------------------------------------------------------------------- one saved search


def _hit_json(hit, new: bool, query: str) -> dict:
    out = {k: getattr(hit, k) for k in HIT_FIELDS}
    out["new"] = new
    out["url"] = reader_url(hit.document_id, hit.section_id, query, back=request.full_path.removesuffix("?"))
    return out


@page(bp, "/zoekopdrachten/<int:search_id>", "saved_search.html", keep=False)
@logged_in
def opened(search_id: int):
    saved = store().get(current_user.name, search_id)
    found = arrivals()
    page_no = int_arg("page", 1, 1, 10_000)
    notes = []
    if saved.visit == 0 or request.args.get("bezoek") != str(saved.visit):
        try:
            saved = store().record_visit(current_user.name, search_id, found)
        except DiskFull:  # shown all the same, against the last visit; not remembered
            saved.shown_mark, saved.previous_visited = saved.mark, saved.visited
            notes.append("de schijf is vol: dit bezoek is niet onthouden, dus dezelfde treffers blijven nieuw")
        else:
            args = {"bezoek": saved.visit, **({"page": page_no} if page_no > 1 else {})}
            return redirect(url_for(request.endpoint, search_id=search_id, **args))
    result = run(saved, page_no=page_no)
    titles = get_snapshot().catalog.titles
    fresh = new_documents(result, found, saved.shown_mark)
    context = search_json(result, titles)
    context["hits"] = [_hit_json(h, h.document_id in fresh, saved.query) for h in result.hits]
    context["notes"] = notes + context["notes"]
    new_hits = []
    if fresh and page_no == 1:  # every new hit at the top of the first page, newest documents first
        new_result = run(saved, {**saved.filters, "document": sorted(fresh)}, per_page=MAX_PER_PAGE)
        new_hits = [_hit_json(h, True, saved.query) for h in _newest_first(new_result.hits, found)]
    context.update({
        "search": saved.to_dict(), "visit": saved.visit,
        "since": saved.previous_visited or saved.created, "first_visit": saved.previous_visited is None,
        "new_total": sum(fresh.values()),
        "new_documents": [{"id": d, "title": titles.get(d, d), "hits": n} for d, n in fresh.items()],
        "new_hits": new_hits,
        "search_url": url_for("search.results", **search_args(saved)),
        "feed_url": url_for("saved.feed", search_id=saved.id, sleutel=saved.feed_token, _external=True),
        "page_args": {"search_id": saved.id, "bezoek": saved.visit},
    })
    return context


def _newest_first(hits: list, found: Arrivals) -> list:
    """Hits ordered by their document's arrival (newest first), then its date, then rank."""
    documents = get_snapshot().catalog.document_by_id

    def arrived(doc_id: str) -> str:
        a = found.by_document.get(doc_id)
        return a.at if a is not None else "9999"  # not noted (a full disk): as new as can be

    def dated(doc_id: str) -> str:
        d = documents.get(doc_id, {})
        return d.get("date") or (f"{d['year']}-12-31" if d.get("year") else "")

    order = {doc: i for i, doc in enumerate(sorted({h.document_id for h in hits},
                                                   key=lambda d: (arrived(d), dated(d), d), reverse=True))}
    return sorted(hits, key=lambda h: (order[h.document_id], -h.score))


# ---------------------------------------------------------------------- the Atom feed


def _iso(value: str | None) -> str:
    """An RFC 3339 time (UTC) from a stored ISO time."""
    moment = datetime.fromisoformat(value) if value else datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def as_text(snippet: str) -> str:
    """A highlighted snippet (escaped text with <mark>) as plain text, fit for XML."""
    return _NOT_XML.sub("", html.unescape(re.sub(r"</?mark>", "", snippet)))


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def _feed_hits(saved: SavedSearch, found: Arrivals) -> list:
    """Up to FEED_ENTRIES hits, those of the newest documents first: the documents are taken
    newest first until they hold enough hits, then searched with them as the filter, so a
    new report's hits are in the feed however they rank against older ones."""
    counts = run(saved, per_page=1).facets.get("document_id", {})
    if not counts:
        return []
    ranked = [h.document_id for h in _newest_first([_Doc(d) for d in counts], found)]
    chosen, total = [], 0
    for doc in ranked:
        if total >= FEED_ENTRIES:
            break
        chosen.append(doc)
        total += counts[doc]
    result = run(saved, {**saved.filters, "document": chosen}, per_page=FEED_ENTRIES)
    return _newest_first(result.hits, found)


class _Doc:
    """A stand-in hit for ordering documents (`_newest_first` orders hits)."""

    def __init__(self, document_id: str):
        self.document_id, self.score = document_id, 0.0


@bp.get("/zoekopdrachten/<int:search_id>/atom.xml")
def feed(search_id: int):
    saved = store().by_token(search_id, request.args.get("sleutel"))
    found = arrivals()
    hits = _feed_hits(saved, found)
    hashes = {d["id"]: d.get("content_hash") or "" for d in get_snapshot().catalog.documents}
    ET.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
        if text is not None:
            element.text = _clean(text)
        return element

    root = ET.Element(f"{{{ATOM}}}feed")
    add(root, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"beleidsbank:zoekopdracht:{saved.id}:{saved.created}").urn)
    add(root, "title", f"{saved.name} · beleidsbank")
    described = saved.query or "(alleen filters)"
    filters = "; ".join(f"{k}: {', '.join(v)}" for k, v in saved.filters.items())
    add(root, "subtitle", f"Zoekopdracht {described}" + (f" ({filters})" if filters else ""))
    times = [found.by_document[h.document_id].at for h in hits if h.document_id in found.by_document]
    add(root, "updated", _iso(max(times, default=saved.created)))
    add(root, "link", rel="self", type="application/atom+xml", href=request.url)
    add(root, "link", rel="alternate", type="text/html",
        href=url_for("search.results", _external=True, **search_args(saved)))
    add(add(root, "author"), "name", "beleidsbank")
    add(root, "generator", "beleidsbank")
    for h in hits:
        arrival = found.by_document.get(h.document_id)
        entry = add(root, "entry")
        add(entry, "id", uuid.uuid5(uuid.NAMESPACE_URL,
                                    f"beleidsbank:sectie:{h.section_id}:{hashes.get(h.document_id, '')}").urn)
        heading = h.text if h.section_kind == "heading" else h.heading_path[-1] if h.heading_path else ""
        add(entry, "title", f"{heading} · {h.document_title}" if heading else h.document_title)
        add(entry, "link", rel="alternate", type="text/html", href=reader_url(h.document_id, h.section_id,
                                                                                saved.query, external=True))
        when = _iso(arrival.at if arrival is not None else None)
        add(entry, "updated", when)
        add(entry, "published", when)
        add(entry, "summary", as_text(h.snippet), type="text")
        for theme in h.themes:
            add(entry, "category", term=theme)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"  # its address holds a secret: no proxy keeps it
    return response


# ---------------------------------------------------------------------- templates


@bp.app_context_processor
def save_form():
    """`savable_search()` for the "Bewaar deze zoekopdracht" form (_save_search.html): the
    request's query and filters that are not empty, as the form carries them."""
    def savable_search() -> dict[str, list[str]]:
        args = {key: [v for v in request.args.getlist(key) if v.strip()] for key in ("q", *FILTERS)}
        return {key: values for key, values in args.items() if values}

    return {"savable_search": savable_search}


@bp.app_template_filter("when_local")
def when_local(value: str | None) -> str:
    """A stored ISO time as Dutch people read it: '2 december 2026, 16:40' (Amsterdam time)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(LOCAL)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"
