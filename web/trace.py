"""Ambities: the trace matrix (themes → ambitions × report years), the gaps, one
ambition with its ranked progress, the auditor's decisions on its links and the statuses
an auditor sets on its cells.

After a decision the page comes back at the item decided, with the confirmation there (not
at the top, off screen): the message is flashed with the id of that item (`HERE`), and the
ambition page takes such messages out of the page's list before the layout shows the rest."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, Response, abort, flash, get_flashed_messages, redirect, request, url_for
from flask_login import current_user

from kb.enrich.themes import WITHOUT_THEME, chosen_theme
from kb.errors import KbError
from kb.store.decisions import ADD, CONFIRM, NOTE, REJECT, WITHDRAW
from kb.store.status_decisions import SET as STATUS_SET
from kb.store.status_decisions import STATUSES as SETTABLE_STATUSES
from kb.store.status_decisions import WITHDRAW as STATUS_WITHDRAW
from kb.trace import export as tables
from kb.trace.linking import FAR_SHARE, LINK_THRESHOLD, THIN_SCORE
from kb.trace.view import CELL_STATUSES, STRONG_SCORE, Trace, ambition_json, ambitions_json, key_terms, numbering, strength
from web.auth import requires
from web.downloads import download
from web.library import get_library, get_snapshot
from web.pages import page

bp = Blueprint("trace", __name__)

FORM_ACTIONS = {"bevestig": CONFIRM, "wijs-af": REJECT, "voeg-toe": ADD, "trek-in": WITHDRAW, "notitie": NOTE}
HERE = "bij:"  # a flash category "bij:<ok|fout>:<element id>": shown at that element of the ambition page


def current_trace() -> Trace:
    return get_snapshot().trace


def theme_names() -> dict[str, str]:
    """slug -> label."""
    return get_snapshot().taxonomy.labels()


@bp.app_context_processor
def labels():
    try:
        return {"theme_labels": theme_names(), "without_theme": WITHOUT_THEME}
    except KbError:  # the error page of a store that cannot be read renders without them
        return {"theme_labels": {}, "without_theme": WITHOUT_THEME}


@bp.context_processor
def decision_keys():
    """`decision_key()` in a form that posts a decision: a new random idempotency key per
    form, so a form sent twice (a retry after a timeout, a double click) records one decision."""
    return {"decision_key": lambda: secrets.token_urlsafe(18)}


@bp.context_processor
def ambition_helpers():
    """What the ambition page computes from its JSON context (so the JSON twin, the API and
    `kb trace ID --json` stay one shape)."""
    return {"item_id": item_id, "numbering": lambda a: numbering(a, theme_names()), "strength": strength,
            "progress_search_url": progress_search_url, "flashes_here": flashes_here,
            "settable_statuses": SETTABLE_STATUSES, "strong_score": STRONG_SCORE, "link_threshold": LINK_THRESHOLD,
            "thin_score": THIN_SCORE, "far_share": FAR_SHARE}


def item_id(section_id: str) -> str:
    """The HTML id of a progress item on the ambition page (the whole section id: items come
    from several documents)."""
    return "k-" + re.sub(r"[^A-Za-z0-9_-]+", "-", section_id)


def flashes_here() -> dict[str, tuple[str, str]]:
    """The messages flashed for an element of this page (element id -> (message, "ok" or
    "fout")), taken out of the request's list so that the layout does not show them again at
    the top. Flask hands back the request's own list (with categories, unfiltered)."""
    found = get_flashed_messages(with_categories=True)
    mine = [(c, m) for c, m in found if isinstance(c, str) and c.startswith(HERE)]
    if isinstance(found, list):
        found[:] = [f for f in found if f not in mine]
    return {c[len(HERE):].partition(":")[2]: (m, c[len(HERE):].partition(":")[0]) for c, m in mine}


def flash_here(message: str, target: str, ok: bool = True) -> None:
    flash(message, f"{HERE}{'ok' if ok else 'fout'}:{target}")


def progress_search_url(ambition: dict) -> str:
    """"Zoek voortgang": the ambition's content words as an any-words query (ranked), in the
    reports that report on its plan (kb.trace.scope), one `document` filter each."""
    reports = get_snapshot().scope.reports.get(ambition["document_id"], set())
    terms = key_terms(ambition["text"])
    return url_for("search.results", q=" OF ".join(terms), document=sorted(reports))


def theme_arg() -> str | None:
    """The theme a request asks for (`thema`: slug or name); a KbError (400) for none such."""
    return chosen_theme(request.args.get("thema"), get_snapshot().taxonomy)


def plan_arg() -> str | None:
    """The plan a request asks for (`plan`; an older version means its current one); a
    KbError (404) for a plan the library does not have."""
    return get_snapshot().plans.chosen(request.args.get("plan"))


def status_args() -> tuple[str | None, bool]:
    """The matrix's status filter and "toon gaten" as a request gives them (400 for a status
    there is none of): the matrix and its download keep the same rows."""
    status = request.args.get("status", "").strip() or None
    if status and status not in CELL_STATUSES:
        abort(400, f"Onbekende status '{status}'.")
    return status, request.args.get("gaten") in ("1", "ja", "on")


def matrix_context() -> dict:
    """The ambitions, grouped and filtered: /ambities, its twin and /api/ambitions."""
    status, gaps = status_args()
    return ambitions_json(current_trace(), theme_names(), theme_arg(), status, gaps, plan_arg(), get_snapshot().plans)


def traced_id(ambition_id: str) -> str:
    """The id of the ambition the matrix holds for `ambition_id`: itself, or for a bare key
    (an address of before ids were per plan) or an older version of a plan, the ambition in
    the current version; 404 for none."""
    snapshot = get_snapshot()
    if snapshot.trace.has(ambition_id):
        return ambition_id
    found = snapshot.current_ambition(ambition_id)  # KbError 404, saying why (a key in several plans)
    if not snapshot.trace.has(found):
        abort(404, f"Ambitie '{ambition_id}' bestaat niet.")
    return found


def detail_context(ambition_id: str, endpoint: str = "trace.detail") -> dict | Response:
    """One ambition with its progress and the history of decisions on it; the address of
    another id for the same ambition is sent on to its own (a bare key, an older version)."""
    found = traced_id(ambition_id)
    if found != ambition_id:
        query = request.query_string.decode("utf-8", "replace")
        return redirect(url_for(endpoint, ambition_id=found) + (f"?{query}" if query else ""))
    snapshot = get_snapshot()
    context = ambition_json(snapshot.trace, ambition_id, snapshot.decisions_on(ambition_id),
                            snapshot.status_decisions_on(ambition_id))
    known = snapshot.catalog.section_by_id
    for d in context["history"]:  # a decision on a paragraph of a removed document stays, said so
        d["section_exists"] = not d.get("section_id") or d["section_id"] in known
    return context


@page(bp, "/ambities", "trace.html")
def matrix():
    return matrix_context()


@page(bp, "/ambities/<ambition_id>", "ambition.html")
def detail(ambition_id: str):
    return detail_context(ambition_id, "trace.detail_json" if request.path.endswith(".json") else "trace.detail")


@bp.post("/ambities/<ambition_id>/beslissing")
@requires("auditor")
def decide(ambition_id: str):
    ambition_id = traced_id(ambition_id)
    action = FORM_ACTIONS.get(request.form.get("actie", ""))
    if action is None:
        abort(400, "Onbekende beslissing.")
    section_id = request.form.get("sectie", "").strip() or None
    note = request.form.get("notitie", "").strip() or None
    # where the auditor is: the item decided on (a link added becomes one), else the form used
    item = item_id(section_id or "")
    form = "notitie-form" if action == NOTE else "koppeling-toevoegen" if action == ADD else item
    try:
        d = get_library().record_decision(ambition_id, section_id, action, note, author=current_user.name,
                                          key=request.form.get("sleutel") or None)
    except KbError as exc:
        target = form
        flash_here(exc.message, target, ok=False)
    else:
        target = form if action == NOTE else item
        said = {CONFIRM: "Koppeling bevestigd.", REJECT: "Koppeling afgewezen.", ADD: "Koppeling toegevoegd.",
                WITHDRAW: "Beslissing ingetrokken.", NOTE: "Notitie bewaard."}[action]
        if d.warning:
            said = f"{said} Let op: {d.warning}."
        elif action != NOTE:
            said += status_after(ambition_id, section_id)
        flash_here(said, target, ok=d.warning is None)
    return redirect(url_for("trace.detail", ambition_id=ambition_id, _anchor=target))


def status_after(ambition_id: str, section_id: str | None) -> str:
    """What a decision on a link made of the cell of its year (a confirmation adopts what
    the paragraph says), read from the snapshot after it: " Status 2020 nu: lopend."."""
    snapshot = get_library().snapshot()  # not the request's: the decision is in the next one
    section = snapshot.catalog.section_by_id.get(section_id or "")
    year = snapshot.scope.year.get(section["document_id"]) if section else None
    cell = snapshot.trace.detail(ambition_id).cells.get(year) if snapshot.trace.has(ambition_id) else None
    return f" Status {year} nu: {cell.status}." if cell is not None else ""


STATUS_ACTIONS = {"stel-vast": STATUS_SET, "trek-in": STATUS_WITHDRAW}


@bp.post("/ambities/<ambition_id>/status")
@requires("auditor")
def set_status(ambition_id: str):
    """Status vaststellen (or withdraw it) for one report year, with a required reason."""
    ambition_id = traced_id(ambition_id)
    action = STATUS_ACTIONS.get(request.form.get("actie", ""))
    if action is None:
        abort(400, "Onbekende beslissing over een status.")
    year = request.form.get("jaar", "").strip()
    # the year's card; a form without a year has no place: its message stands at the top
    anchor = f"jaar-{year}" if year.isdigit() else None
    target = anchor or "status"
    try:
        d = get_library().record_status_decision(ambition_id, year, action, request.form.get("status") or None,
                                                 request.form.get("reden", ""), author=current_user.name)
    except KbError as exc:
        flash_here(exc.message, target, ok=False)
    else:
        flash_here(f"Status {d.year} vastgesteld: {d.status}." if action == STATUS_SET
                   else f"Vastgestelde status {d.year} ingetrokken: het voorstel geldt weer.", target)
    return redirect(url_for("trace.detail", ambition_id=ambition_id, _anchor=anchor))


def trace_download(fmt: str) -> Response:
    """The matrix as CSV or XLSX, each row with the absolute address of its ambition page."""
    status, gaps = status_args()
    table = tables.trace_table(current_trace(), theme_arg(), plan_arg(), status=status, gaps=gaps,
                               page_url=lambda aid: url_for("trace.detail", ambition_id=aid, _external=True),
                               labels=theme_names())
    return download(table, fmt)


@bp.get("/ambities/export.<fmt>")
def export(fmt: str):
    return trace_download(fmt)
