"""`kb export ...`: the catalog as JSON Lines, the trace and the scorecard as CSV or XLSX."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

import click

from kb.cli import main, options
from kb.errors import KbError
from kb.enrich.themes import chosen_theme
from kb.library import Library
from kb.trace import export as tables
from kb.trace.view import CELL_STATUSES


@main.group()
@options.data_dir
def export(data_dir) -> None:
    """Schrijf de catalogus als JSON Lines naar stdout, of de trace/KPI's als CSV of XLSX."""


def _write_table(lib: Library, kind: str, fmt: str | None, output: Path | None, thema: str | None,
                 plan: str | None, base_url: str | None = None, status: str | None = None, gaps: bool = False) -> None:
    fmt = fmt or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
    if output is None and fmt == "xlsx" and sys.stdout.isatty():
        raise KbError("XLSX is binair: geef een bestand op met --output")
    snapshot = lib.snapshot()
    theme = chosen_theme(thema, snapshot.taxonomy)
    plan = snapshot.plans.chosen(plan)
    if kind == "trace":
        base = (base_url or "").rstrip("/")
        table = tables.trace_table(snapshot.trace, theme, plan, labels=snapshot.taxonomy.labels(), status=status, gaps=gaps,
                                   page_url=(lambda aid: f"{base}/ambities/{quote(aid, safe=':')}") if base else None)
    else:
        table = tables.scorecard_table(snapshot.trace, plan)
    data = table.render(fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(data)
    click.echo(f"{len(table.rows)} rijen geschreven naar {output}", err=True)


@export.command("trace")
@options.table_format
@options.output
@click.option("--thema", help="Alleen de ambities van dit thema.")
@options.plan
@click.option("--status", type=click.Choice(CELL_STATUSES), help="Alleen de ambities met een cel met deze status (als de matrix).")
@click.option("--gaten", "gaps", is_flag=True, help="Alleen de ambities met een cel zonder informatie (als 'toon gaten').")
@click.option("--basis-url", "base_url", envvar="KB_BASE_URL", default=None,
              help="Adres van de webinterface (of KB_BASE_URL): elke rij krijgt de link naar haar ambitiepagina. "
                   "Zonder: geen links ('' ook geen).")
@options.library
def export_trace(lib: Library, fmt, output, thema, plan, status, gaps, base_url) -> None:
    """De trace-matrix: één rij per ambitie × jaar, met status (en wie die vaststelde, waarom), bevestigde,
    voorgestelde en afgewezen koppelingen, beslissingen, notities en de link naar de ambitiepagina."""
    if base_url is None:
        click.echo("let op: geen links naar de ambitiepagina's; geef --basis-url of zet KB_BASE_URL", err=True)
    _write_table(lib, "trace", fmt, output, thema, plan, base_url, status, gaps)


@export.command("scorecard")
@options.table_format
@options.output
@options.plan
@options.library
def export_scorecard(lib: Library, fmt, output, plan) -> None:
    """De KPI-scorekaart: één rij per norm × jaar."""
    _write_table(lib, "kpi", fmt, output, None, plan)


def _lines_command(name: str, help_text: str, read) -> None:
    @export.command(name, help=help_text)
    @options.library
    def command(lib: Library) -> None:
        with lib.catalog.read() as catalog:
            rows = read(catalog)
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))


for _name, _help, _read in (
    ("sections", "Eén JSON-object per sectie.", lambda c: c.sections()),
    ("ambitions", "Eén JSON-object per ambitie (KPI-normen inbegrepen).", lambda c: c.ambitions()),
    ("documents", "Eén JSON-object per document.", lambda c: c.documents()),
    ("kpis", "KPI-normen uit het plan en gerealiseerde waarden uit verslagen.",
     lambda c: [{"type": "norm", **n} for n in c.norms()] + [{"type": "waarde", **v} for v in c.values()]),
):
    _lines_command(_name, _help, _read)
