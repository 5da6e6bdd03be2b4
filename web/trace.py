"""Ambities: the trace matrix (themes → ambitions × report years), the gaps, one
ambition with its ranked progress, and the auditor's decisions on its links."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_login import current_user

from kb.enrich.themes import chosen_theme
from kb.errors import KbError
from kb.store.decisions import ADD, CONFIRM, NOTE, REJECT, WITHDRAW
from kb.trace import export as tables
from kb.trace.view import CELL_STATUSES, Trace, ambition_json, ambitions_json
from web.auth import requires
from web.downloads import download
from web.library import get_library, get_snapshot
from web.pages import page

bp = Blueprint("trace", __name__)

FORM_ACTIONS = {"bevestig": CONFIRM, "wijs-af": REJECT, "voeg-toe": ADD, "trek-in": WITHDRAW, "notitie": NOTE}


def current_trace() -> Trace:
    return get_snapshot().trace


def theme_names() -> dict[str, str]:
    """slug -> label."""
    return get_snapshot().taxonomy.labels()


@bp.app_context_processor
def labels():
    try:
        return {"theme_labels": theme_names()}
    except KbError:  # the error page of a store that cannot be read renders without them
        return {"theme_labels": {}}


@bp.context_processor
def decision_keys():
    """`decision_key()` in a form that posts a decision: a new random idempotency key per
    form, so a form sent twice (a retry after a timeout, a double click) records one decision."""
    return {"decision_key": lambda: secrets.token_urlsafe(18)}


def theme_arg() -> str | None:
    """The theme a request asks for (`thema`: slug or name); a KbError (400) for none such."""
    return chosen_theme(request.args.get("thema"), get_snapshot().taxonomy)


def matrix_context() -> dict:
    """The ambitions, grouped and filtered: /ambities, its twin and /api/ambitions."""
    status = request.args.get("status", "").strip() or None
    if status and status not in CELL_STATUSES:
        abort(400, f"Onbekende status '{status}'.")
    gaps = request.args.get("gaten") in ("1", "ja", "on")
    plan = request.args.get("plan", "").strip() or None
    if plan is not None and plan not in get_snapshot().plans.plans:
        abort(404, f"Onbekend plan '{plan}'.")
    if plan is not None:
        plan = get_snapshot().plans.current_of(plan)  # an older version: the matrix of its current one
    return ambitions_json(current_trace(), theme_names(), theme_arg(), status, gaps, plan, get_snapshot().plans)


def traced_id(ambition_id: str) -> str:
    """The id of the ambition the matrix holds for `ambition_id`: itself, or for a bare key
    (an address of before ids were per plan) or an older version of a plan, the ambition in
    the current version; 404 for none."""
    snapshot = get_snapshot()
    if snapshot.trace.has(ambition_id):
        return ambition_id
    try:
        found = snapshot.current_ambition(ambition_id)
    except KbError:
        found = None
    if found is None or not snapshot.trace.has(found):
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
    return ambition_json(snapshot.trace, ambition_id, snapshot.decisions_on(ambition_id))


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
    try:
        get_library().record_decision(ambition_id, section_id, action, note, author=current_user.name,
                                      key=request.form.get("sleutel") or None)
    except KbError as exc:
        flash(exc.message, "fout")
    else:
        flash({CONFIRM: "Koppeling bevestigd.", REJECT: "Koppeling afgewezen.", ADD: "Koppeling toegevoegd.",
               WITHDRAW: "Beslissing ingetrokken.", NOTE: "Notitie bewaard."}[action])
    return redirect(url_for("trace.detail", ambition_id=ambition_id, _anchor="voortgang"))


@bp.get("/ambities/export.<fmt>")
def export(fmt: str):
    return download(tables.trace_table(current_trace(), theme_arg(), request.args.get("plan") or None), fmt)
