"""Plannen: every plan with its unit, period, versions and ambitions per kind, and per plan
what extraction (and the curation sidecar) made of it: the same list as `kb ambitions PLAN`
(kb/trace/listing.py builds it), each ambition linking to its page in the trace.

HTML at /plannen and /plannen/<plan_id>, their JSON twins (.json), and the same contexts
at /api/plans and /api/plans/<plan_id>."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, url_for

from kb.trace.listing import plan_listing, plan_summary
from web.library import get_snapshot
from web.pages import page

bp = Blueprint("plans", __name__)


def _ambition_url(ambition_id: str) -> str:
    return url_for("trace.detail", ambition_id=ambition_id)


def _links(plan_id: str) -> dict:
    return {"url": url_for("plans.plan", plan_id=plan_id),
            "matrix_url": url_for("trace.matrix", plan=plan_id),
            "reader_url": url_for("documents.reader", doc_id=plan_id)}


def plans_context() -> dict:
    """The plans, each current one followed by its older versions."""
    plans = get_snapshot().plans
    order = []
    for current in plans.current:
        order += [v["id"] for v in plans.versions(current["id"])]
    order += sorted(set(plans.plans) - set(order))  # a version whose current one is missing
    return {"plans": [plan_summary(get_snapshot(), pid) | _links(pid) for pid in order]}


def plan_context(plan_id: str) -> dict:
    snapshot = get_snapshot()
    if plan_id not in snapshot.plans.plans:
        abort(404, f"Plan '{plan_id}' bestaat niet.")
    listing = plan_listing(snapshot, plan_id)
    listing["plan"] |= _links(plan_id)
    for v in listing["versions"]:
        v["url"] = url_for("plans.plan", plan_id=v["id"])
    for a in listing["ambitions"]:
        a["url"] = _ambition_url(a["id"])
    return listing


@page(bp, "/plannen", "plans.html")
def listing():
    return plans_context()


@page(bp, "/plannen/<plan_id>", "plan.html")
def plan(plan_id: str):
    return plan_context(plan_id)


@bp.get("/api/plans")
def api_plans():
    return jsonify(plans_context())


@bp.get("/api/plans/<plan_id>")
def api_plan(plan_id: str):
    return jsonify(plan_context(plan_id))
