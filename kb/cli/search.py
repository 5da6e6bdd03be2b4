"""`kb search` and `kb serve`."""

from __future__ import annotations

import json

import click

from kb.cli import main, options, render
from kb.index.search import search_json
from kb.library import Library


def _ready_index(lib: Library) -> None:
    """An index that matches the catalog before searching (built when it lags)."""
    report = lib.ready_index()
    if report is not None and report.changed:
        click.echo(render.index_line(report), err=True)


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--thema", multiple=True, help="Alleen dit thema (slug of naam), mag vaker.")
@click.option("--jaar", multiple=True, help="Alleen documenten van dit verslagjaar of met deze planperiode (2020, 2019-2021).")
@click.option("--noemt", multiple=True, help="Alleen secties die dit jaar noemen (2017).")
@click.option("--soort", multiple=True, help="Alleen deze soort document (plan, jaarverslag, leerdossier...).")
@click.option("--document", multiple=True, help="Alleen dit document (id).")
@click.option("--rol", multiple=True, help="Alleen secties van leerdossiers met deze rol (signalen, lessen...), mag vaker.")
@click.option("--fenomeen", multiple=True, help="Alleen secties over dit fenomeen (hennepteelt, drugslab...), mag vaker.")
@click.option("--status", multiple=True, help="Alleen leerdossiers met deze status (concept, afgerond).")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 100), help="Aantal resultaten.")
@click.option("--page", default=1, type=click.IntRange(1, None), help="Pagina van de resultaten.")
@options.as_json
@options.library
def search(lib: Library, query, thema, jaar, noemt, soort, document, rol, fenomeen, status, limit, page,
           as_json) -> None:
    """Zoek in de secties: woorden, "zinnen", -uitsluiten, OF, thema:/jaar:/noemt:/soort:/rol:/fenomeen:/status:."""
    _ready_index(lib)
    filters = {k: list(v) for k, v in (("thema", thema), ("jaar", jaar), ("noemt", noemt), ("soort", soort),
               ("document", document), ("rol", rol), ("fenomeen", fenomeen),
               ("status", status)) if v}
    snapshot = lib.snapshot()
    result = snapshot.search(" ".join(query), filters=filters, page=page, per_page=limit)
    if as_json:
        click.echo(json.dumps(search_json(result, snapshot.catalog.titles), ensure_ascii=False, indent=2))
    else:
        render.search_result(result)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@options.library
def serve(lib: Library, host: str, port: int) -> None:
    """Start de webinterface en de JSON-API (ontwikkelserver; in productie gunicorn)."""
    from web import create_app

    _ready_index(lib)
    app = create_app({"DATA_DIR": str(lib.data_dir)})
    click.echo(f"beleidsbank op http://{host}:{port}/ (stoppen met Ctrl+C)", err=True)
    try:
        app.run(host=host, port=port, debug=False, use_reloader=False)
    except OSError as exc:
        raise click.ClickException(f"kan niet luisteren op {host}:{port}: {exc.strerror or exc}") from None
