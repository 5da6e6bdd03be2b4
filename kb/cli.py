"""The `kb` command line: a thin layer over the library (sqlite-utils style).

Options map to function arguments; library errors become click.ClickException, so a user
sees one clear line and never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kb import config


@click.group()
@click.version_option(package_name="beleidsbank")
def main() -> None:
    """beleidsbank: kennisbank voor politie-beleidsdocumenten."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--data-dir", type=click.Path(path_type=Path), help="Datamap (standaard var/ of KB_DATA_DIR).")
@click.option("--quiet", "-q", is_flag=True, help="Geen voortgangsbalk.")
@click.option("--rebuild", is_flag=True, help="Alles opnieuw lezen en de zoekindex helemaal opnieuw opbouwen.")
def ingest(paths: tuple[Path, ...], data_dir: Path | None, quiet: bool, rebuild: bool) -> None:
    """Lees documenten in (standaard de map documents/) en werk de zoekindex bij."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from kb.ingest import IngestBusy, IngestError, ingest as run_ingest
    from kb.lang.words import KnowledgeError
    from kb.themes import load_taxonomy

    console = Console(stderr=True)
    targets = list(paths) or [config.documents_dir()]
    data = data_dir or config.data_dir()
    progress = Progress(TextColumn("[bold]inlezen"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                        console=console, disable=quiet or not console.is_terminal)
    task = None

    def on_start(total: int) -> None:
        nonlocal task
        task = progress.add_task("", total=total)

    def on_file(path: Path) -> None:
        progress.update(task, advance=1, description=path.name)

    index_task = None

    def on_index(done: int, total: int) -> None:
        nonlocal index_task
        if index_task is None:
            index_task = progress.add_task("zoekindex", total=total)
        progress.update(index_task, completed=done)

    try:
        with progress:
            result = run_ingest(targets, data, progress=on_file, on_start=on_start, rebuild=rebuild, on_index=on_index)
    except (IngestBusy, IngestError, KnowledgeError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"kan niet schrijven in {data}: {exc.strerror or exc}") from None

    # one unwrapped line per file, so a long path never splits a message
    for o in result.outcomes:
        for w in o.warnings:
            click.echo(f"waarschuwing {o.path}: {w}", err=True)
    for o in result.failures:
        click.echo(f"niet ingelezen {o.path}: {o.error}", err=True)

    labels = load_taxonomy().labels()
    table = Table(title="Ingelezen", show_header=True)
    table.add_column("thema")
    table.add_column("secties", justify="right")
    for slug, n in sorted(result.sections_per_theme().items(), key=lambda kv: -kv[1]):
        table.add_row(labels.get(slug, slug), str(n))
    console.print(table)
    click.echo(
        f"{len(result.documents)} documenten, {len(result.sections)} secties, "
        f"{len(result.ambitions)} ambities, {len(result.norms)} KPI-normen, {len(result.values)} gerealiseerde waarden; "
        f"{len(result.failures)} bestanden niet ingelezen. Catalogus in {data}.",
        err=True,
    )
    click.echo(_index_line(result.index, len(result.reused)), err=True)
    if result.failures:
        sys.exit(1)


def _index_line(report, reused: int = 0) -> str:
    if report is None:
        return "zoekindex niet bijgewerkt"
    if report.rebuilt:
        return f"zoekindex opnieuw opgebouwd ({report.reason}): {report.sections} secties."
    if not report.changed:
        return f"zoekindex was al actueel ({len(report.unchanged)} documenten ongewijzigd" + (
            f", {reused} niet opnieuw gelezen)." if reused else ").")
    parts = [f"{len(v)} {k}" for k, v in (("nieuw", report.added), ("gewijzigd", report.updated),
                                           ("verwijderd", report.removed), ("ongewijzigd", report.unchanged)) if v]
    return f"zoekindex bijgewerkt: documenten {', '.join(parts)}; {report.sections} secties opnieuw geïndexeerd."


def _ready_index(data: Path) -> None:
    """Make sure there is an index that matches the catalog (built from the catalog when
    it lags or the analysis changed); an ingest running elsewhere is left to finish."""
    from kb.catalog import CatalogMissing, catalog_path
    from kb.index.store import current_generation, is_stale
    from kb.ingest import IngestBusy, update_index
    from kb.lang.words import KnowledgeError

    if not catalog_path(data).exists():
        raise click.ClickException(f"er is nog geen catalogus in {data}; draai eerst `kb ingest`")
    if not is_stale(data):
        return
    try:
        report = update_index(data, wait=current_generation(data) is None)
    except IngestBusy as exc:
        raise click.ClickException(f"er is nog geen zoekindex en {exc}") from None
    except (CatalogMissing, OSError, KnowledgeError) as exc:
        raise click.ClickException(f"zoekindex bijwerken mislukt: {exc}") from None
    if report is not None and report.changed:
        click.echo(_index_line(report), err=True)


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--thema", multiple=True, help="Alleen dit thema (slug of naam), mag vaker.")
@click.option("--jaar", multiple=True, help="Alleen dit jaar of deze jaren (2020, 2019-2021).")
@click.option("--soort", multiple=True, help="Alleen deze soort document (plan, jaarverslag, leerdossier...).")
@click.option("--document", multiple=True, help="Alleen dit document (id).")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 100), help="Aantal resultaten.")
@click.option("--page", default=1, type=click.IntRange(1, None), help="Pagina van de resultaten.")
@click.option("--json", "as_json", is_flag=True, help="Het volledige resultaat als JSON.")
@click.option("--data-dir", type=click.Path(path_type=Path), help="Datamap (standaard var/ of KB_DATA_DIR).")
def search(query, thema, jaar, soort, document, limit, page, as_json, data_dir) -> None:
    """Zoek in de secties: woorden, "zinnen", -uitsluiten, OF, thema:/jaar:/soort:."""
    from kb.index.search import run_search
    from kb.index.store import IndexMissing
    from kb.lang.words import KnowledgeError

    data = data_dir or config.data_dir()
    _ready_index(data)
    filters = {k: list(v) for k, v in (("thema", thema), ("jaar", jaar), ("soort", soort), ("document", document)) if v}
    try:
        result = run_search(data, " ".join(query), filters=filters, page=page, per_page=limit)
    except (IndexMissing, KnowledgeError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_result(result)


def _print_result(result) -> None:
    import re
    from html import unescape

    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    for note in result.notes:
        console.print(f"[yellow]let op:[/] {escape(note)}")
    if result.suggestion:
        console.print(f"Bedoelde u: [bold]{escape(result.suggestion)}[/]?")
    if result.mode == "corrected":
        console.print(f"Geen resultaten voor '{escape(result.query)}'; resultaten voor '{escape(result.suggestion)}'.")
    elif result.mode == "any":
        console.print("Geen secties met alle woorden; secties met een deel ervan:")
    elif result.mode == "fuzzy":
        console.print("Geen exacte treffers; treffers voor woorden die erop lijken:")
    first = (result.page - 1) * result.per_page
    console.print(f"{result.total} secties" + (f", {first + 1}-{first + len(result.hits)}" if result.hits else ""))
    for n, hit in enumerate(result.hits, first + 1):
        where = " › ".join(hit.heading_path[-2:])
        page = f", p. {hit.page}" if hit.page else ""
        console.print(f"\n[bold]{n}. {escape(hit.document_title)}[/]{page}  [dim]{escape(hit.section_id)}[/]")
        if where:
            console.print(f"   [italic]{escape(where)}[/]")
        snippet = re.sub(r"<mark>(.*?)</mark>", lambda m: f"[reverse]{m.group(1)}[/reverse]", escape(unescape(hit.snippet)))
        console.print(f"   {snippet}")
    if result.total:
        themes = ", ".join(f"{k} ({v})" for k, v in list(result.facets.get("themes", {}).items())[:8])
        if themes:
            console.print(f"\n[dim]thema's: {escape(themes)}[/]")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--data-dir", type=click.Path(path_type=Path), help="Datamap (standaard var/ of KB_DATA_DIR).")
def serve(host: str, port: int, data_dir: Path | None) -> None:
    """Start de webinterface en de JSON-API."""
    from web import create_app

    data = data_dir or config.data_dir()
    _ready_index(data)
    app = create_app({"DATA_DIR": str(data)})
    click.echo(f"beleidsbank op http://{host}:{port}/ (stoppen met Ctrl+C)", err=True)
    try:
        app.run(host=host, port=port, debug=False, use_reloader=False)
    except OSError as exc:
        raise click.ClickException(f"kan niet luisteren op {host}:{port}: {exc.strerror or exc}") from None


@main.group()
def export() -> None:
    """Schrijf de catalogus als JSON Lines naar stdout."""


def _export(reader) -> None:
    from kb.catalog import CatalogMissing

    try:
        rows = reader(config.data_dir())
    except CatalogMissing as exc:
        raise click.ClickException(str(exc)) from None
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


@export.command("sections")
def export_sections() -> None:
    """Eén JSON-object per sectie."""
    from kb.catalog import read_sections

    _export(read_sections)


@export.command("ambitions")
def export_ambitions() -> None:
    """Eén JSON-object per ambitie (KPI-normen inbegrepen)."""
    from kb.catalog import read_ambitions

    _export(read_ambitions)


@export.command("documents")
def export_documents() -> None:
    """Eén JSON-object per document."""
    from kb.catalog import read_documents

    _export(read_documents)


@export.command("kpis")
def export_kpis() -> None:
    """KPI-normen uit het plan en gerealiseerde waarden uit verslagen."""
    from kb.catalog import read_norms, read_values

    def both(d):
        return [{"type": "norm", **n} for n in read_norms(d)] + [{"type": "waarde", **v} for v in read_values(d)]

    _export(both)


if __name__ == "__main__":
    main()
