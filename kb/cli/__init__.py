"""The `kb` command line: a thin layer over kb.library (sqlite-utils style).

Options map to arguments of the Library's methods; what a user can cause (kb.errors.KbError)
becomes one clear line and exit status 1 here, in the group, never a traceback. Each
command module adds its commands to `main`; rendering (rich tables) lives in render.py.
"""

from __future__ import annotations

from pathlib import Path

import click

from kb.errors import KbError


class KbGroup(click.Group):
    """The group that turns a KbError (or a file system error) of any command into a
    clean message and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KbError as exc:
            raise click.ClickException(exc.message) from None
        except OSError as exc:  # a file named on the command line that cannot be read or written
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


@click.group(cls=KbGroup)
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), envvar="KB_DATA_DIR",
              help="Datamap (standaard var/; of KB_DATA_DIR).")
@click.version_option(package_name="beleidsbank")
def main(data_dir: Path | None) -> None:
    """beleidsbank: kennisbank voor politie-beleidsdocumenten."""


from kb.cli import ambitions, decisions, export, ingest, leerdossier, search, trace, users  # noqa: E402,F401  (they add their commands)
