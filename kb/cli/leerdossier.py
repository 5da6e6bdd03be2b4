"""`kb leerdossier sjabloon`: the template of a new leerdossier on stdout, filled with the
metadata given (kb.store.authoring checks it as the ingest will), to write on in an editor:
`kb leerdossier sjabloon --titel "Leerdossier hennepteelt" --fenomeen hennepteelt > hennep.md`."""

from __future__ import annotations

import click

from kb.cli import main
from kb.model import LEERDOSSIER_STATUSES
from kb.store import authoring


@main.group()
def leerdossier() -> None:
    """Leerdossiers schrijven."""


@leerdossier.command("sjabloon")
@click.option("--titel", help="De titel (zonder: het lege sjabloon).")
@click.option("--eenheid", help="De eenheid, zoals 'Eenheid Rotterdam'.")
@click.option("--datum", help="De datum, zoals 2024-05-01.")
@click.option("--fenomeen", "fenomenen", multiple=True, help="Een fenomeen uit fenomenen.toml (vaker te geven).")
@click.option("--thema", "themas", multiple=True, help="Een thema uit themes.toml (vaker te geven).")
@click.option("--eigenaar", help="Het team dat het leerdossier bijhoudt.")
@click.option("--status", type=click.Choice(LEERDOSSIER_STATUSES), default="concept", show_default=True)
@click.option("--ambitie", "ambities", multiple=True, help="De sleutel van een ambitie die het dient (vaker te geven).")
@click.option("--voorbeeld", is_flag=True, help="Geschreven als voorbeeld (telt nooit als bewijs).")
@click.option("--bron", help="Waar het leerdossier vandaan komt.")
def sjabloon(titel, eenheid, datum, fenomenen, themas, eigenaar, status, ambities, voorbeeld, bron) -> None:
    """Druk het sjabloon van een leerdossier af (Markdown met front matter), ingevuld met de opties."""
    if titel is None:
        if any((eenheid, datum, fenomenen, themas, eigenaar, ambities, voorbeeld, bron)):
            raise click.UsageError("geef ook --titel om het sjabloon in te vullen")
        click.echo(authoring.template_text(), nl=False)
        return
    click.echo(authoring.new_leerdossier({
        "title": titel, "unit": eenheid, "date": datum, "fenomenen": list(fenomenen), "thema": list(themas),
        "eigenaar": eigenaar, "status": status, "ambities": list(ambities), "voorbeeld": voorbeeld, "source": bron}),
        nl=False)
