"""`kb ingest`: read documents into the catalog and the search index."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kb.cli import main, options, render
from kb.library import Library
from kb.parse.ocr import reporting


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Geen voortgangsbalk.")
@click.option("--rebuild", is_flag=True, help="Alles opnieuw lezen en de zoekindex helemaal opnieuw opbouwen.")
@options.library
def ingest(lib: Library, paths: tuple[Path, ...], quiet: bool, rebuild: bool) -> None:
    """Lees documenten in (standaard de map documents/) en werk de zoekindex bij."""
    def ocr_page(done: int, total: int) -> None:  # OCR is slow: a line per scanned page
        if not quiet:
            progress.console.print(f"OCR: pagina {done} van {total} gelezen", highlight=False)

    with render.IngestProgress(quiet) as progress, reporting(ocr_page):
        result = lib.ingest(list(paths), progress=progress.file, on_start=progress.start, rebuild=rebuild,
                            on_index=progress.index)
    render.ingest_summary(result, lib.snapshot().taxonomy.labels(), lib.data_dir)
    if result.failures:
        sys.exit(1)


@main.group()
@options.data_dir
def documents(data_dir) -> None:
    """Documenten uit de documentenmap halen en terugzetten (zoals Beheer in de webinterface)."""


def _ingest_quietly(lib: Library) -> None:
    with render.IngestProgress(True) as progress:
        result = lib.ingest([], progress=progress.file, on_start=progress.start, on_index=progress.index)
    render.ingest_summary(result, lib.snapshot().taxonomy.labels(), lib.data_dir)


@documents.command("remove")
@click.argument("doc_id")
@click.option("--ja", is_flag=True, help="Niet eerst vragen.")
@options.author
@options.library
def documents_remove(lib: Library, doc_id: str, ja: bool, author: str | None) -> None:
    """Haal document DOC_ID uit de documentenmap en lees opnieuw in. Het bestand en zijn
    metadata gaan naar removed/ in de datamap (terug te zetten); beslissingen blijven."""
    import getpass

    source = lib.document_source(doc_id)
    if not ja:
        click.confirm(f"{source.name} uit de documentenmap halen en opnieuw inlezen?", abort=True)
    record = lib.remove_document(doc_id, by=author or getpass.getuser())
    click.echo(f"{record.original} verplaatst naar removed/{record.name} in de datamap "
               f"(terugzetten: kb documents restore {record.name})")
    _ingest_quietly(lib)


@documents.command("removed")
@options.library
def documents_removed(lib: Library) -> None:
    """De verwijderde documenten, nieuwste eerst."""
    from kb.store.corpus_admin import list_removed

    for r in list_removed(lib.paths.removed):
        click.echo(f"{r.name}\t{r.original}\t{r.at[:10]}\t{r.by}")


@documents.command("restore")
@click.argument("name")
@options.library
def documents_restore(lib: Library, name: str) -> None:
    """Zet een verwijderd document (NAME uit `kb documents removed`) terug en lees opnieuw in."""
    path = lib.restore_document(name)
    click.echo(f"{path.name} teruggezet")
    _ingest_quietly(lib)
