"""`kb decision ...`: auditors' decisions on links; `kb status ...`: the statuses they set on
cells; `kb backup` and `kb restore` of them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kb.cli import main, options
from kb.library import Library
from kb.store import precious
from kb.store.decisions import ADD, CONFIRM, NOTE, REJECT, WITHDRAW, read_export
from kb.store.kpi_decisions import checked_export
from kb.store.status_decisions import SET as STATUS_SET
from kb.store.status_decisions import STATUSES
from kb.store.status_decisions import WITHDRAW as STATUS_WITHDRAW
from kb.store.status_decisions import checked_export as checked_status_export


@main.group()
@options.data_dir
def decision(data_dir) -> None:
    """Beslissingen van auditors: koppelingen bevestigen, afwijzen, toevoegen, notities."""


def _decide(lib: Library, action: str, ambition_id: str, section_id: str | None, note: str | None,
            author: str | None) -> None:
    d = lib.record_decision(ambition_id, section_id, action, note, author)
    click.echo(f"{d.action}: {ambition_id}{' ← ' + section_id if section_id else ''} ({d.author}, {d.at})")
    if d.warning:
        click.echo(f"let op: {d.warning}", err=True)


def _link_command(name: str, action: str, help_text: str) -> None:
    @decision.command(name, help=help_text)
    @click.argument("ambition_id")
    @click.argument("section_id")
    @options.note
    @options.author
    @options.library
    def command(lib: Library, ambition_id, section_id, note, author) -> None:
        _decide(lib, action, ambition_id, section_id, note, author)


for _name, _action, _help in (
    ("confirm", CONFIRM, "Bevestig dat SECTION_ID over AMBITION_ID rapporteert."),
    ("reject", REJECT, "Wijs een voorgestelde koppeling af."),
    ("add", ADD, "Voeg een koppeling toe die de rangschikking miste (sectie-id uit `kb search`)."),
    ("withdraw", WITHDRAW, "Trek een eerdere beslissing over een koppeling in (de geschiedenis blijft)."),
):
    _link_command(_name, _action, _help)


@decision.command("note")
@click.argument("ambition_id")
@click.argument("text")
@options.author
@options.library
def decision_note(lib: Library, ambition_id, text, author) -> None:
    """Schrijf een notitie bij een ambitie."""
    _decide(lib, NOTE, ambition_id, None, text, author)


@decision.command("history")
@click.argument("ambition_id", required=False)
@options.library
def decision_history(lib: Library, ambition_id) -> None:
    """Alle beslissingen (van één ambitie), oudste eerst."""
    for d in lib.decisions.history(ambition_id):
        click.echo(f"{d.at}  {d.author:<12} {d.action:<11} {d.ambition_id}  {d.section_id or ''}"
                   + (f"  \"{d.note}\"" if d.note else ""))


@decision.command("export")
@options.output
@options.library
def decision_export(lib: Library, output: Path | None) -> None:
    """Alle beslissingen als JSON, om mee te nemen naar een ander corpus."""
    exported = lib.decisions.export()
    exported["kpi_decisions"] = [d.to_dict() for d in lib.kpi_decisions.history()]  # confirmed or replaced figures
    exported["status_decisions"] = [d.to_dict() for d in lib.status_decisions.history()]  # statuses set on cells
    text = json.dumps(exported, ensure_ascii=False, indent=2)
    if not output:
        click.echo(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    click.echo(f"beslissingen geschreven naar {output}", err=True)


@decision.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@options.library
def decision_import(lib: Library, file: Path) -> None:
    """Voeg de beslissingen uit een export toe (bestaande blijven staan)."""
    data = read_export(file)
    kpi_rows = data.get("kpi_decisions") or [] if isinstance(data, dict) else []
    status_rows = data.get("status_decisions") or [] if isinstance(data, dict) else []
    checked_export(kpi_rows)  # every part checked before any is added
    checked_status_export(status_rows)
    added, present = lib.decisions.import_(data)
    kpi_added, kpi_present = lib.kpi_decisions.import_(kpi_rows)
    status_added, status_present = lib.status_decisions.import_(status_rows)
    click.echo(f"{added} beslissingen toegevoegd, {present} waren er al"
               + (f"; KPI-cijfers: {kpi_added} toegevoegd, {kpi_present} waren er al" if kpi_added or kpi_present else "")
               + (f"; statussen: {status_added} toegevoegd, {status_present} waren er al"
                  if status_added or status_present else ""))


@main.group()
@options.data_dir
def status(data_dir) -> None:
    """Statussen die een auditor vaststelt: per ambitie en verslagjaar, altijd met een reden.
    Een vastgestelde status gaat vóór het voorstel van de trace; intrekken brengt het voorstel terug."""


@status.command("set")
@click.argument("ambition_id")
@click.argument("year", type=int)
@click.argument("value", metavar="STATUS", type=click.Choice(STATUSES))
@click.option("--reden", "reason", required=True, help="Waarom deze status (verplicht).")
@options.author
@options.library
def status_set(lib: Library, ambition_id: str, year: int, value: str, reason: str, author: str | None) -> None:
    """Stel de status van AMBITION_ID in YEAR vast (STATUS tussen aanhalingstekens als het twee woorden zijn)."""
    d = lib.record_status_decision(ambition_id, year, STATUS_SET, value, reason, author)
    click.echo(f"{d.action}: {d.ambition_id} {d.year} = {d.status} ({d.author}, {d.at}): {d.note}")


@status.command("withdraw")
@click.argument("ambition_id")
@click.argument("year", type=int)
@click.option("--reden", "reason", required=True, help="Waarom de status wordt ingetrokken (verplicht).")
@options.author
@options.library
def status_withdraw(lib: Library, ambition_id: str, year: int, reason: str, author: str | None) -> None:
    """Trek de vastgestelde status van AMBITION_ID in YEAR in: het voorstel van de trace geldt weer."""
    d = lib.record_status_decision(ambition_id, year, STATUS_WITHDRAW, None, reason, author)
    click.echo(f"{d.action}: {d.ambition_id} {d.year} ({d.author}, {d.at}): {d.note}")


@status.command("history")
@click.argument("ambition_id", required=False)
@options.as_json
@options.library
def status_history(lib: Library, ambition_id: str | None, as_json: bool) -> None:
    """Elke vastgestelde of ingetrokken status (van één ambitie), oudste eerst."""
    if ambition_id:
        ambition_id = lib.snapshot().current_ambition(ambition_id)
    rows = lib.snapshot().status_decisions_on(ambition_id) if ambition_id else lib.snapshot().status_decisions
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("nog geen vastgestelde statussen")
    for d in rows:
        click.echo(f"{d.at[:16].replace('T', ' ')}  {d.author}  {d.action}  {d.ambition_id} {d.year}"
                   + (f" = {d.status}" if d.status else "") + f": {d.note}")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@options.library
def backup(lib: Library, path: Path) -> None:
    """Maak een back-up van de beslissingen en gebruikers (PATH: bestand of map), ook terwijl de app draait."""
    dest, counts = lib.backup(path)
    click.echo(f"back-up in {dest}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--leeg", "empty", is_flag=True,
              help="Begin bewust opnieuw zonder beslissingen en gebruikers (in plaats van een back-up).")
@click.option("--ja", "yes", is_flag=True, help="Echt doen; zonder --ja staat er alleen wat er zou gebeuren.")
@options.library
def restore(lib: Library, path: Path | None, empty: bool, yes: bool) -> None:
    """Zet een back-up van de beslissingen en gebruikers terug (de huidige wordt eerst bewaard).

    Eerst staat er wat het terugzetten laat vallen: de beslissingen en gebruikers die na de
    back-up zijn gemaakt (ze blijven alleen in de voor-herstel-kopie); pas met --ja gebeurt
    het. `kb restore --leeg --ja` begint bewust leeg (ook als het bestand ontbreekt of
    beschadigd is); het oude bestand wordt apart gezet."""
    live = lib.paths.precious
    if empty == (path is not None):
        raise click.UsageError("geef een back-up (PATH) of --leeg, niet allebei")
    if empty:
        lost = precious.live_rows(live)
        what = "Leeg beginnen"
    else:
        counts = precious.check(path)
        lost = precious.dropped(live, path)
        what = f"Terugzetten van {path} ({', '.join(f'{n} {t}' for t, n in counts.items())})"
    if lost is None:
        click.echo(f"{what}: de huidige {live.name} is onleesbaar; alles daarin gaat verloren "
                   "(het bestand wordt apart gezet, niet gewist).")
    elif any(lost.values()):
        click.echo(f"{what} laat {len(lost['decisions'])} beslissingen, {len(lost['users'])} gebruikers en "
                   f"{len(lost.get('saved_searches', []))} bewaarde zoekopdrachten vallen"
                   + (" die na de back-up zijn gemaakt" if not empty else "")
                   + " (ze blijven alleen bewaard in de kopie van de huidige stand):")
        for table, label in (("decisions", "beslissing"), ("users", "gebruiker"), ("saved_searches", "zoekopdracht")):
            for line in lost.get(table, [])[:20]:
                click.echo(f"  {label}: {line}")
            if len(lost.get(table, [])) > 20:
                click.echo(f"  … en nog {len(lost[table]) - 20}")
    else:
        click.echo(f"{what}: er gaat geen beslissing of gebruiker verloren.")
    if not yes:
        click.echo("Niets gedaan; herhaal met --ja om het te doen.", err=True)
        click.get_current_context().exit(1)
    if empty:
        aside = precious.start_empty(live)
        click.echo("leeg begonnen" + (f"; de vorige stand staat in {aside}" if aside else ""))
        return
    counts, safety = lib.restore(path)
    click.echo("hersteld: " + ", ".join(f"{n} {t}" for t, n in counts.items())
               + (f"; de vorige stand staat in {safety}" if safety else ""))
