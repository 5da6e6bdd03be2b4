"""Ambities: the trace matrix (themes → ambitions × report years), the gaps, one
ambition with its ranked progress, and the auditor's decisions on its links."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from kb.errors import KbError
from kb.store.decisions import ADD, CONFIRM, NOTE, REJECT, WITHDRAW
from kb.trace import export as tables
from kb.trace.status import STATUSES
from kb.trace.view import NO_INFORMATION, Trace
from web.auth import requires
from web.downloads import download
from web.library import get_library, get_snapshot
from web.pages import page

bp = Blueprint("trace", __name__)

CELL_STATUSES = STATUSES + (NO_INFORMATION,)
FORM_ACTIONS = {"bevestig": CONFIRM, "wijs-af": REJECT, "voeg-toe": ADD, "trek-in": WITHDRAW, "notitie": NOTE}


def current_trace() -> Trace:
    return get_snapshot().trace


def theme_names() -> dict[str, str]:
    """slug -> label."""
    return get_snapshot().taxonomy.labels()


@bp.app_context_processor
def labels():
    return {"theme_labels": theme_names()}


@page(bp, "/ambities", "trace.html")
def matrix():
    names = theme_names()
    theme = request.args.get("thema", "").strip() or None
    if theme and theme not in names:
        abort(400, f"Onbekend thema '{theme}'.")
    status = request.args.get("status", "").strip() or None
    if status and status not in CELL_STATUSES:
        abort(400, f"Onbekende status '{status}'.")
    gaps = request.args.get("gaten") in ("1", "ja", "on")
    t = current_trace()
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


@page(bp, "/ambities/<ambition_id>", "ambition.html")
def detail(ambition_id: str):
    t = current_trace()
    if not t.has(ambition_id):
        abort(404, f"Ambitie '{ambition_id}' bestaat niet.")
    row = t.detail(ambition_id)
    context = {"report_years": t.years, "themes": theme_names(), **row.to_dict(detail=True)}
    context["history"] = [d.to_dict() for d in get_library().decisions.history(ambition_id)]
    return context


@bp.post("/ambities/<ambition_id>/beslissing")
@requires("auditor")
def decide(ambition_id: str):
    if not current_trace().has(ambition_id):
        abort(404, f"Ambitie '{ambition_id}' bestaat niet.")
    action = FORM_ACTIONS.get(request.form.get("actie", ""))
    if action is None:
        abort(400, "Onbekende beslissing.")
    section_id = request.form.get("sectie", "").strip() or None
    note = request.form.get("notitie", "").strip() or None
    try:
        get_library().record_decision(ambition_id, section_id, action, note, author=current_user.name)
    except KbError as exc:
        flash(exc.message, "fout")
    else:
        flash({CONFIRM: "Koppeling bevestigd.", REJECT: "Koppeling afgewezen.", ADD: "Koppeling toegevoegd.",
               WITHDRAW: "Beslissing ingetrokken.", NOTE: "Notitie bewaard."}[action])
    return redirect(url_for("trace.detail", ambition_id=ambition_id, _anchor="voortgang"))


@bp.get("/ambities/export.<fmt>")
def export(fmt: str):
    return download(tables.trace_table(current_trace(), request.args.get("thema") or None), fmt)
