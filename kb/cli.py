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
    from kb.enrich.themes import load_taxonomy

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
    from kb.store.catalog import CatalogMissing, catalog_path
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


# ---------------------------------------------------------------- trace


def _trace(data_dir: Path | None):
    from kb.store.catalog import CatalogMissing
    from kb.lang.words import KnowledgeError
    from kb.store.decisions import DecisionError
    from kb.trace.matrix import trace_for

    try:
        return trace_for(data_dir or config.data_dir())
    except (CatalogMissing, KnowledgeError, DecisionError) as exc:
        raise click.ClickException(str(exc)) from None


def _theme(thema: str | None) -> str | None:
    if not thema:
        return None
    from kb.enrich.themes import find_theme, load_taxonomy

    slug = find_theme(thema, load_taxonomy())
    if not slug:
        raise click.ClickException(f"onbekend thema '{thema}'")
    return slug


@main.command()
@click.argument("ambition_id", required=False)
@click.option("--thema", help="Alleen de ambities van dit thema (slug of naam).")
@click.option("--json", "as_json", is_flag=True, help="Als JSON (dezelfde velden als /api/ambitions).")
@click.option("--data-dir", type=click.Path(path_type=Path), help="Datamap (standaard var/ of KB_DATA_DIR).")
def trace(ambition_id: str | None, thema: str | None, as_json: bool, data_dir: Path | None) -> None:
    """De trace-matrix (ambitie × verslagjaar), of met AMBITION_ID de details van één ambitie."""
    t = _trace(data_dir)
    if ambition_id:
        if not t.has(ambition_id):
            raise click.ClickException(f"onbekende ambitie '{ambition_id}' (zie `kb trace` voor de ids)")
        row = t.detail(ambition_id)
        if as_json:
            click.echo(json.dumps(row.to_dict(detail=True), ensure_ascii=False, indent=2))
        else:
            _print_detail(row, t.years)
        return
    rows = t.filtered(_theme(thema))
    if as_json:
        click.echo(json.dumps({"years": t.years, "ambitions": [r.to_dict() for r in rows]}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False)
    table.add_column("ambitie", no_wrap=True)
    table.add_column("tekst", max_width=40, no_wrap=True)
    for y in t.years:
        table.add_column(str(y), no_wrap=True)
    for row in rows:
        cells = []
        for y in t.years:
            cell = row.cells.get(y)
            if cell is None:
                cells.append("")
                continue
            mark = "✓ " if cell.source == "bevestigd" else ""
            cells.append(f"{mark}{cell.status}{' ⚠ verdacht' if cell.suspect else ''} ({len(cell.progress)})")
        table.add_row(escape(row.ambition["id"]), escape(row.ambition["text"]), *map(escape, cells))
    Console().print(table)


def _print_detail(row, years) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    a = row.ambition
    console.print(f"[bold]{escape(a['id'])}[/] ({a['kind']}, thema {a.get('theme') or '-'})")
    console.print(escape(a["text"]))
    for y in years:
        cell = row.cells.get(y)
        if cell is None:
            continue
        console.print(f"\n[bold]{y}: {cell.status}[/]" + (f" [dim]({cell.source})[/]" if cell.source else ""))
        if cell.kpi:
            k = cell.kpi.to_dict()
            console.print(f"  KPI: norm {k['plan_norm']}, gerealiseerd {k['value']}{' ' + k['unit'] if k['unit'] else ''}"
                          f"{', norm verslag ' + k['report_norm'] if k['report_norm'] else ''}: {k['verdict']}")
    console.print("\n[bold]Voortgang[/] (best eerst)")
    for p in row.progress:
        d = p.decision
        tag = f" [{'green' if d.action in ('bevestigd', 'toegevoegd') else 'red'}]{d.action}[/]" if d else ""
        if p.suspect:
            tag += " [yellow]verdacht: tekst gewijzigd[/]"
        score = "-" if p.score is None else f"{p.score:.2f}"
        console.print(f"  {score} {p.year} [dim]{escape(p.section['id'])}[/]{tag}")
        console.print(f"       {p.finding.status}: {escape(', '.join(p.finding.evidence) or '-')}"
                      + (f" (reden: {escape(p.finding.reason)})" if p.finding.reason else ""))
        if p.shared_terms:
            console.print(f"       gedeeld: {escape(', '.join(p.shared_terms))}")
        console.print(f"       {escape(p.section['text'][:200])}")
    for n in row.notes:
        console.print(f"\nnotitie ({escape(n.author)}, {n.at[:10]}): {escape(n.note or '')}")


@main.group()
def decision() -> None:
    """Beslissingen van auditors: koppelingen bevestigen, afwijzen, toevoegen, notities."""


def _store(data_dir: Path | None):
    from kb.store.decisions import DecisionStore, decisions_path

    return DecisionStore(decisions_path(data_dir or config.data_dir()))


def _decide(action: str, ambition_id: str, section_id: str | None, note: str | None, author: str | None,
            data_dir: Path | None) -> None:
    from kb.store.catalog import CatalogMissing
    from kb.store.decisions import DecisionError, record_decision

    try:
        d = record_decision(data_dir or config.data_dir(), ambition_id, section_id, action, note, author)
    except (CatalogMissing, DecisionError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{d.action}: {ambition_id}{' ← ' + section_id if section_id else ''} ({d.author}, {d.at})")


_author = click.option("--auteur", "author", help="Wie beslist (standaard de gebruikersnaam).")
_note = click.option("--notitie", "note", help="Toelichting bij de beslissing.")
_data = click.option("--data-dir", type=click.Path(path_type=Path), help="Datamap (standaard var/ of KB_DATA_DIR).")


def _link_command(name: str, action: str, help_text: str) -> None:
    @decision.command(name, help=help_text)
    @click.argument("ambition_id")
    @click.argument("section_id")
    @_note
    @_author
    @_data
    def command(ambition_id, section_id, note, author, data_dir) -> None:
        _decide(action, ambition_id, section_id, note, author, data_dir)


for _name, _action, _help in (
    ("confirm", "bevestigd", "Bevestig dat SECTION_ID over AMBITION_ID rapporteert."),
    ("reject", "afgewezen", "Wijs een voorgestelde koppeling af."),
    ("add", "toegevoegd", "Voeg een koppeling toe die de rangschikking miste (sectie-id uit `kb search`)."),
    ("withdraw", "ingetrokken", "Trek een eerdere beslissing over een koppeling in (de geschiedenis blijft)."),
):
    _link_command(_name, _action, _help)


@decision.command("note")
@click.argument("ambition_id")
@click.argument("text")
@_author
@_data
def decision_note(ambition_id, text, author, data_dir) -> None:
    """Schrijf een notitie bij een ambitie."""
    _decide("notitie", ambition_id, None, text, author, data_dir)


@decision.command("history")
@click.argument("ambition_id", required=False)
@_data
def decision_history(ambition_id, data_dir) -> None:
    """Alle beslissingen (van één ambitie), oudste eerst."""
    from kb.store.decisions import DecisionError

    try:
        history = _store(data_dir).history(ambition_id)
    except DecisionError as exc:
        raise click.ClickException(str(exc)) from None
    for d in history:
        click.echo(f"{d.at}  {d.author:<12} {d.action:<11} {d.ambition_id}  {d.section_id or ''}"
                   + (f"  \"{d.note}\"" if d.note else ""))


@decision.command("export")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Bestand (standaard stdout).")
@_data
def decision_export(output, data_dir) -> None:
    """Alle beslissingen als JSON, om mee te nemen naar een ander corpus."""
    from kb.store.decisions import DecisionError

    try:
        text = json.dumps(_store(data_dir).export(), ensure_ascii=False, indent=2)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
    except DecisionError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"kan {output} niet schrijven: {exc.strerror or exc}") from None
    if output:
        click.echo(f"beslissingen geschreven naar {output}", err=True)
    else:
        click.echo(text)


@decision.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@_data
def decision_import(file, data_dir) -> None:
    """Voeg de beslissingen uit een export toe (bestaande blijven staan)."""
    from kb.store.decisions import DecisionError, read_export

    try:
        added, present = _store(data_dir).import_(read_export(file))
    except DecisionError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{added} beslissingen toegevoegd, {present} waren er al")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@_data
def backup(path: Path, data_dir: Path | None) -> None:
    """Maak een back-up van de beslissingen en gebruikers (PATH: bestand of map), ook terwijl de app draait."""
    from kb.store.precious import BackupError, backup as do_backup, check
    from kb.store.decisions import decisions_path

    try:
        dest = do_backup(decisions_path(data_dir or config.data_dir()), path)
        counts = check(dest)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"back-up in {dest}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@_data
def restore(path: Path, data_dir: Path | None) -> None:
    """Zet een back-up van de beslissingen en gebruikers terug (de huidige wordt eerst bewaard)."""
    from kb.store.precious import BackupError, restore as do_restore
    from kb.store.decisions import decisions_path

    try:
        counts, safety = do_restore(decisions_path(data_dir or config.data_dir()), path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("hersteld: " + ", ".join(f"{n} {t}" for t, n in counts.items())
               + (f"; de vorige stand staat in {safety}" if safety else ""))


@main.group()
def users() -> None:
    """Gebruikers van de webinterface (rollen: lezer, auditor, beheerder)."""


def _users(data_dir: Path | None):
    from kb.store.decisions import decisions_path
    from kb.store.users import UserStore

    return UserStore(decisions_path(data_dir or config.data_dir()))


@users.command("add")
@click.argument("name")
@click.option("--rol", "role", type=click.Choice(["lezer", "auditor", "beheerder"]), default="auditor", show_default=True)
@click.option("--wachtwoord", "password", help="Het wachtwoord (anders wordt erom gevraagd; of KB_PASSWORD).",
              envvar="KB_PASSWORD")
@_data
def users_add(name: str, role: str, password: str | None, data_dir: Path | None) -> None:
    """Voeg een gebruiker toe."""
    from kb.store.users import UserError

    if not password:
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    try:
        user = _users(data_dir).add(name, password, role)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"gebruiker {user.name} ({user.role}) toegevoegd")


@users.command("remove")
@click.argument("name")
@_data
def users_remove(name: str, data_dir: Path | None) -> None:
    """Verwijder een gebruiker (zijn beslissingen blijven staan)."""
    from kb.store.users import UserError

    try:
        _users(data_dir).remove(name)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"gebruiker {name} verwijderd")


@users.command("list")
@_data
def users_list(data_dir: Path | None) -> None:
    """Alle gebruikers met hun rol."""
    from kb.store.users import UserError

    try:
        found = _users(data_dir).list()
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    for u in found:
        click.echo(f"{u.name:<20} {u.role:<10} {u.created}")
    if not found:
        click.echo("nog geen gebruikers; voeg er een toe met `kb users add NAAM --rol beheerder`", err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Als JSON (dezelfde velden als /api/kpis).")
@_data
def kpi(as_json: bool, data_dir: Path | None) -> None:
    """De KPI-scorekaart: elke norm uit het plan tegen de gerealiseerde waarde per jaar."""
    t = _trace(data_dir)
    lines = [line.to_dict() for line in t.scorecard]
    if as_json:
        click.echo(json.dumps({"years": t.years, "kpis": lines}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table()
    for col in ("norm", "jaar", "plannorm", "gerealiseerd", "norm verslag", "oordeel"):
        table.add_column(col)
    for d in lines:
        value = "" if d["value"] is None else f"{d['value']:g}{' ' + d['unit'] if d['unit'] else ''}".replace(".", ",")
        verdict = d["verdict"] + (f" ({d['against']})" if d["against"] else "")
        table.add_row(escape(d["name"]), str(d["year"]), escape(d["plan_norm"] or ""), escape(value),
                      escape(d["report_norm"] or ""), verdict)
    Console().print(table)


@main.group()
def export() -> None:
    """Schrijf de catalogus als JSON Lines naar stdout, of de trace/KPI's als CSV of XLSX."""


def _write_table(kind: str, fmt: str, output: Path | None, thema: str | None, data_dir: Path | None) -> None:
    from kb.trace import export as tables

    t = _trace(data_dir)
    if kind == "trace":
        columns, rows, sheet = tables.TRACE_COLUMNS, tables.trace_rows(t, _theme(thema)), "trace"
    else:
        columns, rows, sheet = tables.SCORECARD_COLUMNS, tables.scorecard_rows(t), "kpi"
    data = tables.to_csv(columns, rows) if fmt == "csv" else tables.to_xlsx(sheet, columns, rows)
    if output is None:
        if fmt == "xlsx" and sys.stdout.isatty():
            raise click.ClickException("XLSX is binair: geef een bestand op met --output")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"kan {output} niet schrijven: {exc.strerror or exc}") from None
    click.echo(f"{len(rows)} rijen geschreven naar {output}", err=True)


_format = click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None,
                       help="csv of xlsx (standaard uit de extensie van --output, anders csv).")
_output = click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Bestand (standaard stdout).")


def _fmt(fmt: str | None, output: Path | None) -> str:
    return fmt or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")


@export.command("trace")
@_format
@_output
@click.option("--thema", help="Alleen de ambities van dit thema.")
@_data
def export_trace(fmt, output, thema, data_dir) -> None:
    """De trace-matrix: één rij per ambitie × jaar, met status, koppelingen, beslissingen, notities."""
    _write_table("trace", _fmt(fmt, output), output, thema, data_dir)


@export.command("scorecard")
@_format
@_output
@_data
def export_scorecard(fmt, output, data_dir) -> None:
    """De KPI-scorekaart: één rij per norm × jaar."""
    _write_table("kpi", _fmt(fmt, output), output, None, data_dir)


def _export(reader) -> None:
    from kb.store.catalog import CatalogMissing

    try:
        rows = reader(config.data_dir())
    except CatalogMissing as exc:
        raise click.ClickException(str(exc)) from None
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


@export.command("sections")
def export_sections() -> None:
    """Eén JSON-object per sectie."""
    from kb.store.catalog import read_sections

    _export(read_sections)


@export.command("ambitions")
def export_ambitions() -> None:
    """Eén JSON-object per ambitie (KPI-normen inbegrepen)."""
    from kb.store.catalog import read_ambitions

    _export(read_ambitions)


@export.command("documents")
def export_documents() -> None:
    """Eén JSON-object per document."""
    from kb.store.catalog import read_documents

    _export(read_documents)


@export.command("kpis")
def export_kpis() -> None:
    """KPI-normen uit het plan en gerealiseerde waarden uit verslagen."""
    from kb.store.catalog import read_norms, read_values

    def both(d):
        return [{"type": "norm", **n} for n in read_norms(d)] + [{"type": "waarde", **v} for v in read_values(d)]

    _export(both)


if __name__ == "__main__":
    main()
