"""Options shared by several commands, as decorators (sqlite-utils style)."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from kb.library import Library


DATA_DIR_HELP = "Datamap (standaard var/; of KB_DATA_DIR)."

data_dir = click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), help=DATA_DIR_HELP)


def library(command):
    """The command gets the Library of `--data-dir` as its first argument. The option may be
    given after the command (`kb trace --data-dir X`) or before it, on any group on the way
    (`kb --data-dir X trace`, `kb export --data-dir X sections`); the nearest wins. Without it,
    KB_DATA_DIR or var/."""

    @data_dir
    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx: click.Context, *args, data_dir: Path | None = None, **kwargs):
        outer = ctx
        while data_dir is None and outer.parent is not None:
            outer = outer.parent
            data_dir = outer.params.get("data_dir")
        return ctx.invoke(command, Library(data_dir), *args, **kwargs)

    return wrapper


as_json = click.option("--json", "as_json", is_flag=True, help="Als JSON (dezelfde velden als de API).")
author = click.option("--auteur", "author", help="Wie beslist (standaard de gebruikersnaam).")
note = click.option("--notitie", "note", help="Toelichting bij de beslissing.")
output = click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Bestand (standaard stdout).")
table_format = click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None,
                            help="csv of xlsx (standaard uit de extensie van --output, anders csv).")
plan = click.option("--plan", help="Alleen dit plan (document-id; een oudere versie: de huidige). Standaard alle plannen.")
