"""Options shared by several commands, as decorators (sqlite-utils style)."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from kb.library import Library


def library(command):
    """The command gets the Library of `--data-dir` as its first argument. The option may be
    given before the command (`kb --data-dir X trace`) or after it (`kb trace --data-dir X`);
    without it, KB_DATA_DIR or var/."""

    @click.option("--data-dir", "command_data_dir", type=click.Path(path_type=Path, file_okay=False),
                  help="Datamap (standaard var/; of KB_DATA_DIR).")
    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx: click.Context, command_data_dir: Path | None, *args, **kwargs):
        data_dir = command_data_dir or ctx.find_root().params.get("data_dir")
        return ctx.invoke(command, Library(data_dir), *args, **kwargs)

    return wrapper


def theme_slug(lib: Library, name: str | None) -> str | None:
    """The theme a user means by `name` (slug, start or words of its name), or an error."""
    if not name:
        return None
    from kb.enrich.themes import find_theme
    from kb.errors import KbError

    slug = find_theme(name, lib.snapshot().taxonomy)
    if not slug:
        raise KbError(f"onbekend thema '{name}'")
    return slug


as_json = click.option("--json", "as_json", is_flag=True, help="Als JSON (dezelfde velden als de API).")
author = click.option("--auteur", "author", help="Wie beslist (standaard de gebruikersnaam).")
note = click.option("--notitie", "note", help="Toelichting bij de beslissing.")
output = click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Bestand (standaard stdout).")
table_format = click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None,
                            help="csv of xlsx (standaard uit de extensie van --output, anders csv).")
