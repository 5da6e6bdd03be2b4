"""`kb users ...`: who may use the web interface, with which role."""

from __future__ import annotations

import click

from kb.cli import main, options
from kb.errors import KbError
from kb.library import Library
from kb.store.users import ROLES


@main.group()
@options.data_dir
def users(data_dir) -> None:
    """Gebruikers van de webinterface (rollen: lezer, auditor, beheerder)."""


@users.command("add")
@click.argument("name")
@click.option("--rol", "role", type=click.Choice(ROLES), default="auditor", show_default=True)
@click.option("--wachtwoord", "password", help="Het wachtwoord (anders wordt erom gevraagd; of KB_PASSWORD).",
              envvar="KB_PASSWORD")
@options.library
def users_add(lib: Library, name: str, role: str, password: str | None) -> None:
    """Voeg een gebruiker toe."""
    if not password:
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    user = lib.users.add(name, password, role)
    click.echo(f"gebruiker {user.name} ({user.role}) toegevoegd")


@users.command("remove")
@click.argument("name")
@options.library
def users_remove(lib: Library, name: str) -> None:
    """Verwijder een gebruiker en zijn bewaarde zoekopdrachten (zijn beslissingen blijven staan)."""
    lib.remove_user(name)
    click.echo(f"gebruiker {name} verwijderd")


@users.command("password")
@click.argument("name")
@click.option("--wachtwoord", "password", help="Het nieuwe wachtwoord (anders wordt erom gevraagd; of KB_PASSWORD).",
              envvar="KB_PASSWORD")
@options.library
def users_password(lib: Library, name: str, password: str | None) -> None:
    """Geef een gebruiker een nieuw wachtwoord (zijn sessies eindigen)."""
    if not password:
        password = click.prompt("Nieuw wachtwoord", hide_input=True, confirmation_prompt=True)
    lib.users.set_password(name, password)
    click.echo(f"wachtwoord van {name} gewijzigd; zijn sessies zijn beëindigd")


@users.command("logout")
@click.argument("name")
@options.library
def users_logout(lib: Library, name: str) -> None:
    """Beëindig alle sessies van een gebruiker (elke browser moet opnieuw inloggen)."""
    if lib.users.get(name) is None:
        raise KbError(f"gebruiker '{name}' bestaat niet")
    lib.users.end_sessions(name)
    click.echo(f"sessies van {name} beëindigd")


@users.command("list")
@options.library
def users_list(lib: Library) -> None:
    """Alle gebruikers met hun rol."""
    found = lib.users.list()
    for u in found:
        click.echo(f"{u.name:<20} {u.role:<10} {u.created}")
    if not found:
        click.echo("nog geen gebruikers; voeg er een toe met `kb users add NAAM --rol beheerder`", err=True)
