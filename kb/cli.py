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
def ingest(paths: tuple[Path, ...], data_dir: Path | None, quiet: bool) -> None:
    """Lees documenten in (standaard de map documents/)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from kb.ingest import IngestBusy, IngestError, ingest as run_ingest
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

    try:
        with progress:
            result = run_ingest(targets, data, progress=on_file, on_start=on_start)
    except (IngestBusy, IngestError) as exc:
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
    if result.failures:
        sys.exit(1)


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
