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
