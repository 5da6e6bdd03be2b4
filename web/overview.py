"""Overzicht: a theme × year heatmap of how many progress paragraphs each theme has, and
how its ambitions stand, each cell linking into the matrix."""

from __future__ import annotations

from flask import Blueprint

from kb.trace.view import NO_INFORMATION
from web.pages import page
from web.trace import current_trace, theme_names

bp = Blueprint("overview", __name__)


@page(bp, "/overzicht", "overview.html")
def heatmap():
    t = current_trace()
    names = theme_names()
    table: dict[str, dict] = {slug: {"theme": slug, "name": name, "years": {}} for slug, name in names.items()}
    for row in t.rows:
        slug = row.ambition.get("theme")
        if slug not in table:
            continue
        for year, cell in row.cells.items():
            c = table[slug]["years"].setdefault(str(year), {"paragraphs": 0, "ambitions": 0, "gaps": 0, "done": 0})
            c["ambitions"] += 1
            c["paragraphs"] += len(cell.progress)
            c["gaps"] += cell.status == NO_INFORMATION
            c["done"] += cell.status == "gerealiseerd"
    top = max([c["paragraphs"] for r in table.values() for c in r["years"].values()] or [1]) or 1
    for r in table.values():
        for c in r["years"].values():
            c["heat"] = min(5, round(5 * c["paragraphs"] / top))
    return {"years": t.years, "themes": [r for r in table.values() if r["years"]]}
