"""`kb trace` and `kb kpi`: what became of the plan's ambitions and norms."""

from __future__ import annotations

import json

import click

from kb.cli import main, options, render
from kb.errors import KbError
from kb.enrich.themes import chosen_theme
from kb.library import Library
from kb.text import dutch_number
from kb.trace.view import ambition_json, ambitions_json, kpis_json


@main.command()
@click.argument("ambition_id", required=False)
@click.option("--thema", help="Alleen de ambities van dit thema (slug of naam).")
@options.plan
@options.as_json
@options.library
def trace(lib: Library, ambition_id: str | None, thema: str | None, plan: str | None, as_json: bool) -> None:
    """De trace-matrix (ambitie × verslagjaar), of met AMBITION_ID (plan:sleutel, of de sleutel
    alleen als één plan die heeft) de details van één ambitie."""
    snapshot = lib.snapshot()
    theme = chosen_theme(thema, snapshot.taxonomy)
    t = snapshot.trace
    plan = snapshot.plans.chosen(plan)
    if ambition_id:
        found = snapshot.current_ambition(ambition_id)
        if not t.has(found):
            raise KbError(f"onbekende ambitie '{ambition_id}' (zie `kb trace` voor de ids)", status=404)
        ambition_id = found
        if as_json:
            click.echo(json.dumps(ambition_json(t, ambition_id, snapshot.decisions_on(ambition_id),
                                                snapshot.status_decisions_on(ambition_id)),
                                  ensure_ascii=False, indent=2))
        else:
            render.trace_detail(t.detail(ambition_id), t.years)
        return
    if as_json:
        click.echo(json.dumps(ambitions_json(t, snapshot.taxonomy.labels(), theme, plan=plan, plans=snapshot.plans), ensure_ascii=False, indent=2))
    else:
        render.trace_matrix(t.filtered(theme, plan, snapshot.taxonomy.labels()), t.columns_of(plan))


@main.group(invoke_without_command=True)
@options.plan
@options.as_json
@options.data_dir
@click.pass_context
def kpi(ctx: click.Context, plan: str | None, as_json: bool, data_dir) -> None:
    """De KPI-scorekaart: elke norm uit het plan tegen de gerealiseerde waarde per jaar.
    Met `confirm`, `override`, `withdraw` en `history` beslist een auditor over een cijfer."""
    if ctx.invoked_subcommand is not None:
        return
    lib = Library(data_dir or ctx.find_root().params.get("data_dir"))
    snapshot = lib.snapshot()
    plan = snapshot.plans.chosen(plan)
    if as_json:
        click.echo(json.dumps(kpis_json(snapshot.trace, plan, snapshot.plans), ensure_ascii=False, indent=2))
    else:
        render.scorecard([line.to_dict() for line in snapshot.trace.scorecard_of(plan)])


def _kpi_decision(action: str, help_text: str, with_value: bool = False):
    @kpi.command({"cijfer bevestigd": "confirm", "cijfer vervangen": "override", "ingetrokken": "withdraw"}[action],
                 help=help_text)
    @click.argument("norm")
    @click.argument("year", type=int)
    @(click.argument("value") if with_value else (lambda f: f))
    @click.option("--eenheid", "unit", help="Eenheid van het cijfer (standaard die van het gevonden cijfer).")
    @options.note
    @options.author
    @options.library
    def command(lib: Library, norm: str, year: int, unit: str | None, note: str | None,
                author: str | None, value: str | None = None) -> None:
        if not (note or "").strip():
            raise KbError("geef de reden met --notitie: een beslissing over een KPI-cijfer vraagt er een")
        d = lib.record_kpi_decision(norm, year, action, note, value, unit, author)
        click.echo(f"{d.action}: {d.norm_id} {d.year}" + (f" = {dutch_number(d.value)}{' ' + d.unit if d.unit else ''}"
                                                          if d.value is not None else "") + f" ({d.author})")
    return command


_kpi_decision("cijfer bevestigd", "Bevestig het cijfer dat de scorekaart voor NORM in YEAR vond (met --notitie).")
_kpi_decision("cijfer vervangen", "Vervang het cijfer voor NORM in YEAR door VALUE (met --notitie: waarom).", True)
_kpi_decision("ingetrokken", "Trek de beslissing over het cijfer van NORM in YEAR in (met --notitie).")


@kpi.command("history")
@options.as_json
@options.library
def kpi_history(lib: Library, as_json: bool) -> None:
    """Elke beslissing over een KPI-cijfer, oudste eerst."""
    rows = [d.to_dict() for d in lib.kpi_decisions.history()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("nog geen beslissingen over KPI-cijfers")
    for d in rows:
        value = f" = {dutch_number(d['value'])}{' ' + d['unit'] if d['unit'] else ''}" if d["value"] is not None else ""
        click.echo(f"{d['at'][:16].replace('T', ' ')}  {d['author']}  {d['action']}  {d['norm_id']} {d['year']}{value}: {d['note']}")
