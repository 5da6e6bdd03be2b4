"""KPI: the scorecard, each norm against the realised figure per year, with a small chart
drawn on the server as SVG (readable without JavaScript): bars per year, or while there is
only one year with a figure, a bullet chart of that figure against the norm."""

from __future__ import annotations

import re
from html import escape

from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for
from flask_login import current_user
from markupsafe import Markup

from kb.errors import KbError
from kb.store.kpi_decisions import CONFIRM, OVERRIDE, WITHDRAW
from kb.text import dutch_number
from kb.trace.scorecard import MET, NOT_MET, ON_THE_WAY
from kb.trace.view import kpis_json
from web.auth import requires
from web.library import get_library, get_snapshot
from web.pages import page
from web.trace import current_trace, plan_arg

FORM_ACTIONS = {"bevestig": CONFIRM, "vervang": OVERRIDE, "trek-in": WITHDRAW}
# a figure's bar in the charts by its verdict (style.css: svg.chart rect.<class>)
VERDICT_CLASS = {MET: "ok", NOT_MET: "bad", ON_THE_WAY: "run"}

bp = Blueprint("kpi", __name__)


REPORT_NORM = re.compile(r"^[≥≤=]?\s*(-?\d+(?:,\d+)?)")  # as kb.trace.scorecard.describe writes it


def norm_of(line: dict) -> tuple[float, str] | None:
    """The norm a line was judged against, as (number, label): the plan's norm where it
    compares with the figure, else the report's own norm for the year when that decided."""
    if line.get("plan_norm") and line.get("norm_value") is not None:
        return line["norm_value"], f"plannorm {line['plan_norm']}"
    found = REPORT_NORM.match(line.get("report_norm") or "") if line.get("against") == "verslag" else None
    if found:
        return float(found.group(1).replace(",", ".")), f"norm verslag {line['report_norm']}"
    return None


def bullet(line: dict) -> str:
    """One year's figure as a bar against the norm as a line across it, with the verdict in
    words; the same said as the image's text alternative."""
    width, height, left, right = 340, 74, 10, 330
    norm = norm_of(line)
    top = max([line["value"]] + ([norm[0]] if norm else [])) * 1.15 or 1
    scale = (right - left) / top
    unit = f" {line['unit']}" if line.get("unit") else ""
    value_text = f"{line['year']}: {dutch_number(line['value'])}{unit}"
    verdict = line.get("verdict") or ""
    label = (f"{line['name']}, {line['year']}: gerealiseerd {dutch_number(line['value'])}{unit}; "
             + (f"{norm[1]}; {verdict}" if norm else f"geen norm om tegen te meten; {verdict}"))
    cls = VERDICT_CLASS.get(verdict, "neutral")
    bar = max(0.0, line["value"]) * scale
    parts = [f'<svg class="chart bullet" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(label)}"><title>{escape(label)}</title>',
             f'<rect class="track" x="{left}" y="22" width="{right - left}" height="18"/>',
             f'<rect class="{cls}" x="{left}" y="25" width="{bar:.1f}" height="12"/>',
             f'<text x="{left}" y="15">{escape(value_text)}{" · " + escape(verdict) if verdict else ""}</text>']
    if norm:
        x = left + norm[0] * scale
        parts.append(f'<line class="norm bullet-norm" x1="{x:.1f}" x2="{x:.1f}" y1="17" y2="45"/>')
        anchor = "end" if x > width / 2 else "start"
        parts.append(f'<text class="norm" x="{x:.1f}" y="60" text-anchor="{anchor}">{escape(norm[1])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def chart(lines: list[dict]) -> str:
    """Bars for the realised values per year, a dashed line for the plan's norm (when it
    is a number in the same unit); with one year of figures, a bullet chart (bullet()).
    Plain SVG; text escaped."""
    values = [ln for ln in lines if ln["value"] is not None]
    norm = next((ln for ln in lines if ln["plan_norm"] and ln.get("norm_value") is not None), None)
    if not values:
        return ""
    if len(values) == 1:
        return bullet(values[0])
    width, height, pad = max(300, 80 + 70 * len(lines)), 150, 26
    top = max([ln["value"] for ln in values] + ([norm["norm_value"]] if norm else [])) * 1.15 or 1
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(lines[0]["name"])}: gerealiseerd per jaar">']
    for i, ln in enumerate(lines):
        x = 40 + i * 70
        if ln["value"] is not None:
            h = (height - 2 * pad) * ln["value"] / top
            cls = VERDICT_CLASS.get(ln["verdict"], "neutral")
            parts.append(f'<rect class="{cls}" x="{x}" y="{height - pad - h:.1f}" width="40" height="{h:.1f}"/>')
            label = dutch_number(ln["value"])
            parts.append(f'<text x="{x + 20}" y="{height - pad - h - 4:.1f}" text-anchor="middle">{escape(label)}</text>')
        parts.append(f'<text x="{x + 20}" y="{height - 6}" text-anchor="middle">{ln["year"]}</text>')
    if norm:
        y = height - pad - (height - 2 * pad) * norm["norm_value"] / top
        parts.append(f'<line class="norm" x1="30" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"/>')
        # the label sits right of the bars, below the line, clear of the value labels
        parts.append(f'<text class="norm" x="{width - 10}" y="{y + 13:.1f}" text-anchor="end">plannorm {escape(norm["plan_norm"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def scorecard_context() -> dict:
    """The scorecard per norm, of one plan (`plan`) or all: /kpi, its twin and /api/kpis."""
    return kpis_json(current_trace(), plan_arg(), get_snapshot().plans)


@page(bp, "/kpi", "kpi.html")
def scorecard():
    return scorecard_context()


@bp.post("/kpi/beslissing")
@requires("auditor")
def decide():
    """An auditor confirms or replaces a KPI figure, with a reason (kb.store.kpi_decisions)."""
    action = FORM_ACTIONS.get(request.form.get("actie", ""))
    if action is None:
        abort(400, "Onbekende beslissing.")
    try:
        get_library().record_kpi_decision(request.form.get("norm", ""), request.form.get("jaar", ""), action,
                                          request.form.get("notitie", "").strip(), request.form.get("waarde", ""),
                                          request.form.get("eenheid", "").strip() or None, author=current_user.name)
    except KbError as exc:
        flash(exc.message, "fout")
    else:
        flash({CONFIRM: "Cijfer bevestigd.", OVERRIDE: "Cijfer vervangen.", WITHDRAW: "Beslissing ingetrokken."}[action])
    try:  # back to the plan the auditor was looking at; a plan gone meanwhile: all of them
        plan = get_snapshot().plans.chosen(request.form.get("plan"))
    except KbError:
        plan = None
    return redirect(url_for("kpi.scorecard", plan=plan))


@bp.post("/api/kpis/decisions")
@requires("auditor")
def api_decide():
    """JSON: {"norm_id", "year", "action" ("cijfer bevestigd" | "cijfer vervangen" | "ingetrokken"),
    "note", "value", "unit"}; 201 with the decision (a KbError: JSON by web/errors.py)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "Stuur een JSON-object met norm_id, year, action, note en eventueel value en unit.")
    d = get_library().record_kpi_decision(body.get("norm_id"), body.get("year"), body.get("action", ""),
                                          body.get("note"), body.get("value"), body.get("unit"),
                                          author=current_user.name)
    return jsonify(d.to_dict()), 201


@bp.app_template_global("kpi_chart")
def kpi_chart(lines: list[dict]) -> Markup:
    """A norm's chart as SVG markup (chart() escapes every text in it)."""
    return Markup(chart(lines))
