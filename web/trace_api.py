"""The trace in JSON: ambitions with their status per report year, one ambition with its
progress paragraphs, the KPI scorecard (each the same answer as its page's JSON twin), and
the same tables as CSV/XLSX downloads.

Decisions can be posted as JSON by a logged-in auditor, with the CSRF token of the session
in an X-CSRFToken header (every page carries it in <meta name="csrf-token"> once logged in;
an anonymous page does not, so reading never writes a session); the command
line has `kb decision ...`.

A decision POST may carry an idempotency key (an `Idempotency-Key` header, or an
`idempotency_key` field in the body; any text of 1 to 200 characters, a fresh random one per
decision): sent again with the same key (a retry after a timeout), it records nothing new and
answers the decision of the first request (same id, header `Idempotent-Replayed: true`); the
same key with another decision is refused (409).

A status for a cell is posted the same way (`POST /api/ambitions/<id>/status` with year,
status and reason; action "ingetrokken" withdraws it). `GET /api/ambities/zoek?q=…&plan=…`
finds ambitions by their words, key or numbering as one types (the "Koppel aan ambitie…"
picker, web/static/link-picker.js); with `sectie=<section id>` and no plan, only those of
the plans the section's report reports on.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request

from kb.trace import export as tables
from web.downloads import download
from web.kpi import scorecard_context
from web.library import get_library, get_snapshot
from web.trace import current_trace, detail_context, matrix_context, plan_arg, trace_download, traced_id

bp = Blueprint("trace_api", __name__, url_prefix="/api")


@bp.get("/ambitions")
def api_ambitions():
    return jsonify(matrix_context())


@bp.get("/ambitions/<path:ambition_id>")
def api_ambition(ambition_id: str):
    found = detail_context(ambition_id, "trace_api.api_ambition")
    return found if isinstance(found, Response) else jsonify(found)


@bp.get("/kpis")
def api_kpis():
    return jsonify(scorecard_context())


@bp.get("/export/<string:name>.<string:fmt>")
def api_export(name: str, fmt: str):
    if name not in ("trace", "kpis") or fmt not in ("csv", "xlsx"):
        return jsonify({"error": "Kies /api/export/trace.csv, trace.xlsx, kpis.csv of kpis.xlsx."}), 404
    if name == "trace":
        return trace_download(fmt)
    return download(tables.scorecard_table(current_trace(), plan_arg()), fmt)


@bp.post("/ambitions/<path:ambition_id>/decisions")
def api_decide(ambition_id: str):
    from flask_login import current_user

    from kb.store.decisions import ACTIONS, ADD, CONFIRM
    from web.auth import requires

    @requires("auditor")
    def decide():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, "Stuur een JSON-object met action, section_id en eventueel note.")
        found = traced_id(ambition_id)  # a bare key or an older version's id: the current ambition
        if body.get("action") not in ACTIONS:
            abort(400, f"action moet een van {', '.join(ACTIONS)} zijn.")
        key = request.headers.get("Idempotency-Key") or body.get("idempotency_key")
        d = get_library().record_decision(found, body.get("section_id"), body["action"], body.get("note"),
                                          author=current_user.name, key=key)  # a KbError: JSON by web/errors.py
        said = {"counts": d.warning is None, **({"warning": d.warning} if d.warning else {})} \
            if d.action in (CONFIRM, ADD) else {}  # whether a link made counts (a rejection or note: no such question)
        response = jsonify({**d.to_dict(), **said})
        if d.replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return response, 201

    return decide()


@bp.post("/ambitions/<path:ambition_id>/status")
def api_set_status(ambition_id: str):
    from flask_login import current_user

    from kb.store.status_decisions import ACTIONS, SET
    from web.auth import requires

    @requires("auditor")
    def decide():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, "Stuur een JSON-object met year, status en reason (verplicht).")
        found = traced_id(ambition_id)
        action = body.get("action") or SET
        if action not in ACTIONS:
            abort(400, f"action moet een van {', '.join(ACTIONS)} zijn.")
        reason = body.get("reason") if body.get("reason") is not None else body.get("note")
        d = get_library().record_status_decision(found, body.get("year"), action, body.get("status"), reason,
                                                 author=current_user.name)  # a KbError: JSON by web/errors.py
        return jsonify(d.to_dict()), 201

    return decide()


PICKER_LIMIT = 10


@bp.get("/ambities/zoek")
def api_find_ambitions():
    """Ambitions whose numbering, key or text hold every typed word (accents and case do not
    count), best first: the numbering or key starting with the words, then in plan order."""
    from kb.text import fold
    from kb.trace.view import numbering
    from web.trace import theme_names

    snapshot = get_snapshot()
    words = fold(request.args.get("q", "")).split()[:10]
    plan = plan_arg()
    plans: set[str] | None = None
    if plan is not None:
        plans = {plan}
    elif request.args.get("sectie"):
        section = snapshot.catalog.section_by_id.get(request.args["sectie"])
        if section is not None:
            plans = set(snapshot.scope.plans_of(section["document_id"])) or None
    labels = theme_names()
    found = []
    for n, row in enumerate(current_trace().rows):
        a = row.ambition
        if plans is not None and a["document_id"] not in plans:
            continue
        label = numbering(a, labels)
        head = fold(f"{label} {a.get('key') or ''}")
        hay = f"{head} {fold(a['text'])}"
        if words and not all(w in hay for w in words):
            continue
        found.append((0 if words and head.startswith(words[0]) or fold(label).startswith(" ".join(words)) else 1,
                      n, {"id": a["id"], "key": a.get("key"), "label": label, "kind": a["kind"],
                          "theme": a.get("theme"), "plan": a["document_id"], "text": a["text"]}))
    found.sort(key=lambda f: (f[0], f[1]))
    return jsonify({"query": request.args.get("q", ""), "plans": sorted(plans) if plans else None,
                    "total": len(found), "ambitions": [f[2] for f in found[:PICKER_LIMIT]]})
