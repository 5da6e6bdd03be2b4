"""Zoeken: the search page (and the home page), its JSON twin and its CSV export.

Every hit's link to the reader carries the whole search (query, filters, page) in `terug`,
so the reader's "terug naar de resultaten" returns to exactly this page. A request whose
address is longer than MAX_URL_CHARS gets a Dutch 414 page from here, well below the request
line gunicorn accepts (gunicorn.conf.py: limit_request_line), so nobody sees gunicorn's bare
English "URI Too Long" for a long query."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, request, url_for

from kb.enrich.learning import load_phenomena
from kb.enrich.roles import load_roles
from kb.errors import KbError, NotReady
from kb.index.search import FACET_KEYS, MAX_PER_PAGE, search_budget, search_json
from kb.model import REPORT_KINDS
from kb.tables import Table
from web.downloads import download
from web.library import get_snapshot
from web.pages import page

bp = Blueprint("search", __name__)

FILTERS = tuple(FACET_KEYS)
CSV_LIMIT = 1000
MAX_URL_CHARS = 6000  # below gunicorn's limit_request_line (gunicorn.conf.py), so the answer is ours
FACET_LABELS = {"thema": "Thema", "jaar": "Verslagjaar / planperiode", "noemt": "Noemt jaar",
                "soort": "Soort document", "document": "Document", "rol": "Rol", "fenomeen": "Fenomeen",
                "status": "Status leerdossier"}


def refuse_long_url() -> None:
    """A Dutch 414 for an address too long to be a search anyone typed."""
    length = len(request.full_path)
    if length > MAX_URL_CHARS:
        raise KbError(f"deze zoekopdracht is te lang ({length} tekens in het adres; hooguit {MAX_URL_CHARS}). "
                      "Gebruik minder of kortere woorden, of minder filters: een zoekvraag telt hooguit 500 tekens.",
                      status=414)


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
    refuse_long_url()
    return get_snapshot().search(request.args.get("q", ""), filters=request_filters(),
                                 page=page_no or int_arg("page", 1, 1, 10_000),
                                 per_page=per_page or int_arg("per_page", 10, 1, MAX_PER_PAGE),
                                 budget=search_budget(current_app.config["SEARCH_BUDGET_MS"]))


def search_context() -> dict:
    """The search page's data (the API's /api/search and `kb search --json` answer the same dict)."""
    return search_json(run(), get_snapshot().catalog.titles)


def current_search_url(page_no: int) -> str:
    """This search's address on the search page (query, filters, the page shown): the hit
    links' way back."""
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k in ("q", "per_page", *FILTERS)}
    if page_no > 1:
        args["page"] = [str(page_no)]
    base = url_for("search.results")
    return f"{base}?{urlencode(args, doseq=True, quote_via=quote)}" if args else base


def hit_url(hit: dict, back: str) -> str:
    """The reader at the hit's section, its words marked (`q`), and `terug`: the search to return to."""
    return reader_url(hit["document_id"], hit["section_id"], request.args.get("q", "").strip(), back=back)


def reader_url(document_id: str, section_id: str, query: str, back: str | None = None, external: bool = False) -> str:
    """The reader at this section, the query's words marked; `back`: where its "terug" goes."""
    return url_for("documents.reader", doc_id=document_id, q=query or None, terug=back or None,
                   _anchor=anchor(section_id), _external=external)


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

    def clear_filters_url() -> str:
        """The same words without any filter ("wis filters")."""
        return search_url({key: None for key in (*FILTERS, "page")})

    def reader_url(hit: dict, page_no: int = 1) -> str:
        """The hit in the reader, with the way back to this search's page `page_no`."""
        return hit_url(hit, current_search_url(page_no))

    return {"toggle_url": toggle_url, "page_url": page_url, "reader_url": reader_url, "anchor": anchor,
            "clear_filters_url": clear_filters_url, "facet_labels": FACET_LABELS, "years_label": years_label,
            "role_labels": role_labels, "phenomenon_labels": phenomenon_labels}


def _labels(load) -> dict[str, str]:
    """A data file's keys -> their Dutch labels; none when the file cannot be read (the
    page still shows the keys)."""
    try:
        return load().labels()
    except KbError:
        return {}


def role_labels() -> dict[str, str]:
    """A leerdossier role's key -> its label (kb/data/leerdossier-roles.toml)."""
    return _labels(load_roles)


def phenomenon_labels() -> dict[str, str]:
    """A phenomenon's slug -> its name (kb/data/fenomenen.toml)."""
    return _labels(load_phenomena)


def years_label(years: list[int]) -> str:
    """"2020", or a plan's period "2019–2022"."""
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{min(years)}–{max(years)}"


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
    refuse_long_url()
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
