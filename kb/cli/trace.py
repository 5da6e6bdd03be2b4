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
@click.option("--plan", help="Alleen de ambities van dit plan (document-id).")
@options.as_json
@options.library
def trace(lib: Library, ambition_id: str | None, thema: str | None, plan: str | None, as_json: bool) -> None:
    """De trace-matrix (ambitie × verslagjaar), of met AMBITION_ID (plan:sleutel, of de sleutel
    alleen als één plan die heeft) de details van één ambitie."""
    snapshot = lib.snapshot()
    theme = chosen_theme(thema, snapshot.taxonomy)
    t = snapshot.trace
    if plan is not None and plan not in snapshot.plans.plans:
        raise KbError(f"onbekend plan '{plan}' (plannen: {', '.join(sorted(snapshot.plans.plans)) or 'geen'})", status=404)
    if ambition_id:
        found = snapshot.plans.resolve(snapshot.resolve_ambition(ambition_id))
        if found is None or not t.has(found):
            raise KbError(f"onbekende ambitie '{ambition_id}' (zie `kb trace` voor de ids)", status=404)
        ambition_id = found
        if as_json:
            click.echo(json.dumps(ambition_json(t, ambition_id, snapshot.decisions_on(ambition_id)),
                                  ensure_ascii=False, indent=2))
        else:
            render.trace_detail(t.detail(ambition_id), t.years)
        return
    if as_json:
        click.echo(json.dumps(ambitions_json(t, snapshot.taxonomy.labels(), theme, plan=plan, plans=snapshot.plans), ensure_ascii=False, indent=2))
    else:
        render.trace_matrix(t.filtered(theme, plan), t.years)


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
