"""Overzicht: a theme × year table of how the ambitions of each theme stand in each report
year: the mix of their cell statuses (as the trace sets them) as a small stacked bar with
the counts as text beside it, and how many progress paragraphs lie behind them. Each cell
links into the matrix for its theme."""

from __future__ import annotations

from flask import Blueprint
from markupsafe import Markup

from kb.trace.view import CELL_STATUSES, NO_INFORMATION, NO_THEME_NAME, plan_labels, plans_json, theme_group
from web.library import get_snapshot
from web.pages import page
from web.trace import current_trace, plan_arg, theme_names

bp = Blueprint("overview", __name__)

BAR_WIDTH, BAR_HEIGHT = 180, 14



def status_mix(rows, names: dict[str, str]) -> list[dict]:
    """Per theme (in the taxonomy's order) and year: how many ambitions have a cell there,
    how many of those cells have each status, and how many paragraphs were linked. Ambitions
    without a theme ("Zonder thema": a plan in other words than the taxonomy's, a KPI norm of
    the monitor set's "Overig") count in a last row: every cell of the matrix is counted once."""
    table: dict[str, dict] = {slug: {"theme": slug, "name": name, "years": {}} for slug, name in names.items()}
    table[""] = {"theme": "", "name": NO_THEME_NAME, "years": {}}  # last, as in the matrix
    for row in rows:
        slug = theme_group(row.ambition, names)
        for year, cell in row.cells.items():
            c = table[slug]["years"].setdefault(
                str(year), {"ambitions": 0, "paragraphs": 0, "statuses": {s: 0 for s in CELL_STATUSES}})
            c["ambitions"] += 1
            c["paragraphs"] += len(cell.progress)
            c["statuses"][cell.status] = c["statuses"].get(cell.status, 0) + 1
    for r in table.values():
        for c in r["years"].values():
            c["done"] = c["statuses"]["gerealiseerd"]
            c["gaps"] = c["statuses"][NO_INFORMATION]
    return [r for r in table.values() if r["years"]]


@page(bp, "/overzicht", "overview.html")
def heatmap():
    """The overview of one plan (`plan`) or of all: with several plans, each its own."""
    t, plan, plans = current_trace(), plan_arg(), get_snapshot().plans
    labels = plan_labels(plans, plan)
    # all plans together: under each year, whose report years it holds
    holders = {str(y): [p for p in labels if y in t.columns_of(p)] for y in t.years} if labels else {}
    year_plans = {y: [labels[p] for p in ps] for y, ps in holders.items()}
    # a year only one plan has: its cells open that plan's matrix
    only_plan = {y: ps[0] for y, ps in holders.items() if len(ps) == 1}
    return {"years": t.columns_of(plan), "statuses": list(CELL_STATUSES), "filters": {"plan": plan},
            "plans": plans_json(plans), "year_plans": year_plans, "only_plan": only_plan,
            "themes": status_mix(t.filtered(None, plan), theme_names())}


@bp.app_template_global("status_mix_bar")
def status_mix_bar(statuses: dict[str, int]) -> Markup:
    """A cell's status mix as a stacked bar (SVG: widths are attributes, so no inline style
    the CSP would refuse). Decorative: the counts stand beside it as text."""
    total = sum(statuses.values())
    parts = [f'<svg class="mix" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
             f'aria-hidden="true" focusable="false">']
    x = 0.0
    for status, n in statuses.items():
        if not n or not total:
            continue
        width = BAR_WIDTH * n / total
        parts.append(f'<rect class="s-{status.replace(" ", "-")}" x="{x:.2f}" y="0" width="{width:.2f}" height="{BAR_HEIGHT}"/>')
        x += width
    parts.append("</svg>")
    return Markup("".join(parts))
