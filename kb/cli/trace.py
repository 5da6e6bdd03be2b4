"""`kb trace` and `kb kpi`: what became of the plan's ambitions and norms."""

from __future__ import annotations

import json

import click

from kb.cli import main, options, render
from kb.errors import KbError
from kb.enrich.themes import chosen_theme
from kb.library import Library
from kb.trace.scorecard import scorecard_json
from kb.trace.view import ambition_json, ambitions_json


@main.command()
@click.argument("ambition_id", required=False)
@click.option("--thema", help="Alleen de ambities van dit thema (slug of naam).")
@options.as_json
@options.library
def trace(lib: Library, ambition_id: str | None, thema: str | None, as_json: bool) -> None:
    """De trace-matrix (ambitie × verslagjaar), of met AMBITION_ID de details van één ambitie."""
    snapshot = lib.snapshot()
    theme = chosen_theme(thema, snapshot.taxonomy)
    t = snapshot.trace
    if ambition_id:
        if not t.has(ambition_id):
            raise KbError(f"onbekende ambitie '{ambition_id}' (zie `kb trace` voor de ids)", status=404)
        if as_json:
            click.echo(json.dumps(ambition_json(t, ambition_id, snapshot.decisions_on(ambition_id)),
                                  ensure_ascii=False, indent=2))
        else:
            render.trace_detail(t.detail(ambition_id), t.years)
        return
    if as_json:
        click.echo(json.dumps(ambitions_json(t, snapshot.taxonomy.labels(), theme), ensure_ascii=False, indent=2))
    else:
        render.trace_matrix(t.filtered(theme), t.years)


@main.command()
@options.as_json
@options.library
def kpi(lib: Library, as_json: bool) -> None:
    """De KPI-scorekaart: elke norm uit het plan tegen de gerealiseerde waarde per jaar."""
    snapshot = lib.snapshot()
    if as_json:
        click.echo(json.dumps(scorecard_json(snapshot.kpis(), snapshot.trace.years), ensure_ascii=False, indent=2))
    else:
        render.scorecard([line.to_dict() for line in snapshot.kpis()])
