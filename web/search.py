"""Zoeken: the search page (and the home page), its JSON twin and its CSV export."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, request, url_for

from kb.errors import NotReady
from kb.index.search import FACET_KEYS, MAX_PER_PAGE, search_budget, search_json
from kb.model import REPORT_KINDS
from kb.tables import Table
from web.downloads import download
from web.library import get_snapshot
from web.pages import page

bp = Blueprint("search", __name__)

FILTERS = tuple(FACET_KEYS)
CSV_LIMIT = 1000


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    try:
        return min(max(int(raw), low), high) if raw.strip() else default
    except ValueError:
        return default


def request_filters() -> dict[str, list[str]]:
    return {key: request.args.getlist(key) for key in FILTERS if request.args.getlist(key)}


def run(per_page: int | None = None, page_no: int | None = None):
    """The request's search, within the app's time budget (KB_SEARCH_BUDGET_MS)."""
    return get_snapshot().search(request.args.get("q", ""), filters=request_filters(),
                                 page=page_no or int_arg("page", 1, 1, 10_000),
                                 per_page=per_page or int_arg("per_page", 10, 1, MAX_PER_PAGE),
                                 budget=search_budget(current_app.config["SEARCH_BUDGET_MS"]))


def search_context() -> dict:
    """The search page's data (the API's /api/search answers the same dict)."""
    return search_json(run(), get_snapshot().catalog.titles)


def _args_with(current: dict[str, list[str]], changes: dict) -> dict[str, list[str]]:
    """The request's arguments (`current`, as lists) with `changes`: a list, one value, or
    None to drop the argument."""
    args = dict(current)
    for key, value in changes.items():
        values = value if isinstance(value, list) else [] if value is None else [value]
        if values:
            args[key] = values
        else:
            args.pop(key, None)
    return args


@bp.app_context_processor
def search_links():
    current: list[dict[str, list[str]]] = []  # the request's arguments, read once per page

    def search_url(changes: dict) -> str:
        if not current:
            current.append(request.args.to_dict(flat=False))
        args = _args_with(current[0], changes)
        base = url_for("search.results")
        return f"{base}?{urlencode(args, doseq=True, quote_via=quote)}" if args else base

    def toggle_url(key: str, value: str) -> str:
        """The current search with this facet value added, or removed when it is on."""
        values = request.args.getlist(key)
        values = [v for v in values if v != value] if value in values else values + [value]
        return search_url({key: values, "page": None})

    def page_url(n: int) -> str:
        return search_url({"page": str(n)})

    def reader_url(hit: dict) -> str:
        q = request.args.get("q")
        query = f"?{urlencode({'q': q}, quote_via=quote)}" if q else ""
        return f"{url_for('documents.reader', doc_id=hit['document_id'])}{query}#{quote(anchor(hit['section_id']))}"

    return {"toggle_url": toggle_url, "page_url": page_url, "reader_url": reader_url, "anchor": anchor}


def anchor(section_id: str) -> str:
    """An HTML id for a section: its id without the document part."""
    rest = section_id.split("/", 1)[1] if "/" in section_id else section_id
    return "s-" + rest.replace("/", "--")


@page(bp, "/", "home.html")
def home():
    """The start page: the search box and what the knowledge base holds."""
    try:
        catalog = get_snapshot().catalog
        docs, ambitions = catalog.documents, catalog.ambitions
    except NotReady:
        docs, ambitions = [], []
    kinds: dict[str, int] = {}
    for d in docs:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    return {"documents": len(docs), "kinds": kinds, "ambitions": len(ambitions),
            "report_years": sorted({d["year"] for d in docs if d["kind"] in REPORT_KINDS and d.get("year")})}


@page(bp, "/zoeken", "search.html")
def results():
    if not request.args.get("q", "").strip() and not request_filters():
        return {"query": "", "total": 0, "hits": [], "facets": {}, "filters": {}, "notes": [], "pages": 1, "page": 1,
                "per_page": 10, "suggestion": None, "mode": "empty", "expansions": [], "partial": False, "document_titles": {}}
    return search_context()


@bp.get("/zoeken.csv")
def results_csv():
    result = run(per_page=CSV_LIMIT, page_no=1)
    columns = ["sectie", "document", "titel", "soort", "kopjes", "pagina", "thema's", "jaren", "score", "tekst"]
    rows = [[h.section_id, h.document_id, h.document_title, h.kind, " › ".join(h.heading_path), h.page or "",
             ", ".join(h.themes), ", ".join(map(str, h.years)), h.score, h.text] for h in result.hits]
    return download(Table("zoekresultaten", columns, rows), "csv")
