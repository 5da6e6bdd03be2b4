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
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request

from kb.trace import export as tables
from web.downloads import download
from web.kpi import scorecard_context
from web.library import get_library
from web.trace import current_trace, detail_context, matrix_context, theme_arg, traced_id

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
    t = current_trace()
    table = tables.trace_table(t, theme_arg(), request.args.get("plan") or None) if name == "trace" else tables.scorecard_table(t)
    return download(table, fmt)


@bp.post("/ambitions/<path:ambition_id>/decisions")
def api_decide(ambition_id: str):
    from flask_login import current_user

    from kb.store.decisions import ACTIONS
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
        response = jsonify(d.to_dict())
        if d.replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return response, 201

    return decide()
