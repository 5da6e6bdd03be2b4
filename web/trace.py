"""Ambities: the trace matrix (themes → ambitions × report years), the gaps, one
ambition with its ranked progress, and the auditor's decisions on its links."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    get_template_attribute,
    redirect,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from kb.lru import LRU
from kb.enrich.themes import DEFAULT_TAXONOMY, Taxonomy, load_taxonomy
from kb.trace import export as tables
from kb.store.decisions import (
    ADD,
    CONFIRM,
    NOTE,
    REJECT,
    WITHDRAW,
    DecisionError,
    DecisionStore,
    decisions_path,
    record_decision,
)
from kb.trace.matrix import NO_INFORMATION, Trace, trace_for
from kb.trace.status import STATUSES
from web.auth import requires
from web.pages import page

bp = Blueprint("trace", __name__)

CELL_STATUSES = STATUSES + (NO_INFORMATION,)
FORM_ACTIONS = {"bevestig": CONFIRM, "wijs-af": REJECT, "voeg-toe": ADD, "trek-in": WITHDRAW, "notitie": NOTE}


def _data() -> Path:
    return Path(current_app.config["DATA_DIR"])


def current_trace() -> Trace:
    """The trace of the app's data folder; during a re-ingest the previous one (trace_for)."""
    return trace_for(_data(), stale_ok=True)


def taxonomy() -> Taxonomy:
    """The theme taxonomy, read again only when its file changes (not on every request)."""
    return _taxonomy(DEFAULT_TAXONOMY.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _taxonomy(_mtime: int) -> Taxonomy:
    return load_taxonomy()


def theme_names() -> dict[str, str]:
    """slug -> label."""
    return taxonomy().labels()


@bp.app_context_processor
def labels():
    return {"theme_labels": theme_names()}


@dataclass
class MatrixView:
    """The matrix of one trace and one theme list: the page's data per filter and each
    row's HTML (an ambition's badges for every year), worked out by the first request and
    shared by the next ones until a new catalog or decision gives a new trace. The matrix
    has some 140 rows of four badges; rebuilt per request it was a tenth of the server's
    time under load."""

    trace: Trace
    taxonomy: Taxonomy
    contexts: dict[tuple, dict] = field(default_factory=dict)  # (theme, status, gaps, root) → page data
    rows: dict[str, Markup] = field(default_factory=dict)  # the row's address → its HTML

    def row(self, r: dict, years: list[int]) -> Markup:
        html = self.rows.get(r["url"])
        if html is None:
            html = self.rows[r["url"]] = Markup(get_template_attribute("_matrix_row.html", "row")(r, years))
        return html


_matrix_views: LRU[MatrixView] = LRU(8)  # per data folder


def matrix_view() -> MatrixView:
    """The data folder's matrix view, made anew when its trace or the theme list changed."""
    t, tax = current_trace(), taxonomy()
    key = current_app.config["DATA_DIR"]
    view = _matrix_views.get(key)
    if view is None or view.trace is not t or view.taxonomy is not tax:
        view = _matrix_views.put(key, MatrixView(t, tax))
    return view


@page(bp, "/ambities", "trace.html")
def matrix():
    view = matrix_view()
    names = theme_names()
    theme = request.args.get("thema", "").strip() or None
    if theme and theme not in names:
        abort(400, f"Onbekend thema '{theme}'.")
    status = request.args.get("status", "").strip() or None
    if status and status not in CELL_STATUSES:
        abort(400, f"Onbekende status '{status}'.")
    gaps = request.args.get("gaten") in ("1", "ja", "on")
    g.matrix_view = view
    key = (theme, status, gaps, request.script_root)
    context = view.contexts.get(key)
    if context is None:
        context = view.contexts[key] = _matrix_context(view.trace, names, theme, status, gaps)
    return context


def _matrix_context(t: Trace, names: dict[str, str], theme: str | None, status: str | None, gaps: bool) -> dict:
    base = url_for("trace.matrix")  # one url_for per page, not two per row
    groups: dict[str, dict] = {}
    counts = {s: 0 for s in CELL_STATUSES}
    for row in t.filtered(theme):
        cells = {str(y): {"status": c.status, "source": c.source, "links": len(c.progress), "verdacht": c.suspect}
                 for y, c in sorted(row.cells.items())}
        for c in cells.values():
            counts[c["status"]] += 1
        if gaps and not any(c["status"] == NO_INFORMATION for c in cells.values()):
            continue
        if status and not any(c["status"] == status for c in cells.values()):
            continue
        slug = row.ambition.get("theme") or ""
        group = groups.setdefault(slug, {"theme": slug, "name": names.get(slug, "Zonder thema"), "rows": []})
        group["rows"].append({"id": row.ambition["id"], "url": f"{base}/{quote(row.ambition['id'], safe='')}",
                              "kind": row.ambition["kind"],
                              "text": row.ambition["text"], "parent_id": row.ambition.get("parent_id"), "cells": cells})
    order = list(names) + [""]
    return {"years": t.years, "groups": sorted(groups.values(), key=lambda g: order.index(g["theme"]) if g["theme"] in order else 99),
            "themes": names, "theme": theme, "status": status, "gaps": gaps, "statuses": list(CELL_STATUSES),
            "counts": counts}


@bp.context_processor
def matrix_rows():
    """`matrix_row(r)` for trace.html: a row's HTML from the view (web/templates/_matrix_row.html)."""
    view: MatrixView | None = g.get("matrix_view")
    if view is None:
        return {}
    return {"matrix_row": lambda r: view.row(r, view.trace.years)}


@page(bp, "/ambities/<ambition_id>", "ambition.html")
def detail(ambition_id: str):
    t = current_trace()
    if not t.has(ambition_id):
        abort(404, f"Ambitie '{ambition_id}' bestaat niet.")
    row = t.detail(ambition_id)
    context = {"report_years": t.years, "themes": theme_names(), **row.to_dict(detail=True)}
    context["history"] = [d.to_dict() for d in DecisionStore(decisions_path(_data())).history(ambition_id)]
    return context


@bp.post("/ambities/<ambition_id>/beslissing")
@requires("auditor")
def decide(ambition_id: str):
    t = current_trace()
    if not t.has(ambition_id):
        abort(404, f"Ambitie '{ambition_id}' bestaat niet.")
    action = FORM_ACTIONS.get(request.form.get("actie", ""))
    if action is None:
        abort(400, "Onbekende beslissing.")
    section_id = request.form.get("sectie", "").strip() or None
    note = request.form.get("notitie", "").strip() or None
    try:
        record_decision(_data(), ambition_id, section_id, action, note, author=current_user.name)
    except DecisionError as exc:
        flash(str(exc), "fout")
    else:
        flash({CONFIRM: "Koppeling bevestigd.", REJECT: "Koppeling afgewezen.", ADD: "Koppeling toegevoegd.",
               WITHDRAW: "Beslissing ingetrokken.", NOTE: "Notitie bewaard."}[action])
    return redirect(url_for("trace.detail", ambition_id=ambition_id, _anchor="voortgang"))


@bp.get("/ambities/export.<fmt>")
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    theme = request.args.get("thema") or None
    rows = tables.trace_rows(current_trace(), theme)
    if fmt == "csv":
        body, mime = tables.to_csv(tables.TRACE_COLUMNS, rows), "text/csv; charset=utf-8"
    else:
        body = tables.to_xlsx("trace", tables.TRACE_COLUMNS, rows)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="beleidsbank-trace.{fmt}"'})
