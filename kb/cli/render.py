"""How the command line shows things: progress bars and rich tables, on stderr for what is
said about the work and stdout for the results. Only presentation: it is handed what to show."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from kb.enrich.ids import split_ambition_id
from kb.model import LEERDOSSIER, REPORT_KINDS
from kb.text import dutch_number, shown_score
from kb.trace.evidence import unknown_keys
from kb.trace.scope import Scope


class IngestProgress:
    """A bar for the files and one for the index, on stderr (not in a pipe or with -q)."""

    def __init__(self, quiet: bool):
        self.console = Console(stderr=True)
        self.bar = Progress(TextColumn("[bold]inlezen"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                            console=self.console, disable=quiet or not self.console.is_terminal)
        self._files = self._index = None

    def __enter__(self) -> IngestProgress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def start(self, total: int) -> None:
        self._files = self.bar.add_task("", total=total)

    def file(self, path: Path) -> None:
        self.bar.update(self._files, advance=1, description=path.name)

    def index(self, done: int, total: int) -> None:
        if self._index is None:
            self._index = self.bar.add_task("zoekindex", total=total)
        self.bar.update(self._index, completed=done)


def ingest_summary(result, labels: dict[str, str], data_dir) -> None:
    # one unwrapped line per file, so a long path never splits a message
    for o in result.outcomes:
        for w in o.warnings:
            click.echo(f"waarschuwing {o.path}: {w}", err=True)
    for o in result.failures:
        click.echo(f"niet ingelezen {o.path}: {o.error}", err=True)
    for notice in result.notices:
        click.echo(f"let op: {notice}", err=True)
    per_plan: dict[str, int] = {}
    for a in result.ambitions:
        per_plan[a.document_id] = per_plan.get(a.document_id, 0) + 1
    documents = [d.to_dict() for d in result.documents]
    scope = Scope(documents)
    for d in result.documents:
        if d.kind == "plan":
            state = f"oudere versie; huidig: {d.superseded_by}" if d.superseded_by else "huidige versie"
            if not d.period and not d.superseded_by:
                state += "; zonder periode telt geen verslag ervoor: zet period in de metadata"
            click.echo(f"plan {d.id}: {per_plan.get(d.id, 0)} ambities ({state})", err=True)
        elif d.kind in REPORT_KINDS:
            plans = scope.plans_of(d.id)
            about = f"{d.year or 'geen jaar'}, {d.unit or 'geen eenheid'}"
            if d.year is None:
                said = "telt voor geen kolom: zonder jaar weet de trace niet over welk jaar het rapporteert; zet year in de metadata"
            elif plans:
                said = f"telt voor {', '.join(plans)}"
            else:
                said = ("telt voor geen plan (geen plan van deze eenheid dekt dit jaar); zet unit of reports_on in de "
                        "metadata als het wel over een plan rapporteert")
            click.echo(f"verslag {d.id} ({about}): {said}", err=True)
        elif d.kind == LEERDOSSIER and d.serves:
            click.echo(f"leerdossier {d.id}: {leerdossier_scope(d, scope)}", err=True)
    for report, named in scope.unknown:
        click.echo(f"let op: {report} noemt in reports_on '{named}', maar dat is geen plan in de documenten", err=True)
    keys: dict[str, set[str]] = {}
    for a in result.ambitions:
        keys.setdefault(a.document_id, set()).add(a.key or split_ambition_id(a.id)[1])
    for leerdossier, key, plan in unknown_keys(scope, documents, keys):
        click.echo(f"let op: leerdossier {leerdossier} noemt in ambities '{key}', maar plan {plan} heeft geen ambitie "
                   "met die sleutel (zie `kb ambitions`)", err=True)
    table = Table(title="Ingelezen", show_header=True)
    table.add_column("thema")
    table.add_column("secties", justify="right")
    for slug, n in sorted(result.sections_per_theme().items(), key=lambda kv: -kv[1]):
        table.add_row(labels.get(slug, slug), str(n))
    Console(stderr=True).print(table)
    click.echo(
        f"{len(result.documents)} documenten, {len(result.sections)} secties, "
        f"{len(result.ambitions)} ambities, {len(result.norms)} KPI-normen, {len(result.values)} gerealiseerde waarden; "
        f"{len(result.failures)} bestanden niet ingelezen. Catalogus in {data_dir}.",
        err=True,
    )
    click.echo(index_line(result.index, len(result.reused)), err=True)


def leerdossier_scope(d, scope: Scope) -> str:
    """What the trace makes of a leerdossier that names ambitions (kb.trace.evidence)."""
    year, plans = scope.year.get(d.id), scope.plans_of(d.id)
    if d.example:
        return "een voorbeeld (voorbeeld = true): telt nergens als bewijs"
    if year is None:
        return "telt voor geen jaar: zonder datum weet de trace niet wanneer het er was; zet date in de metadata"
    if not plans:
        return (f"{year}, {d.unit or 'geen eenheid'}: telt voor geen plan (geen plan van deze eenheid dekt {year}); "
                "zet unit of reports_on in de metadata als het wel over een plan gaat")
    return f"bewijs in {year} voor {', '.join(d.serves)} van {', '.join(plans)}"


def index_line(report, reused: int = 0) -> str:
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


def search_result(result) -> None:
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


def trace_matrix(rows, years: list[int]) -> None:
    plans = sorted({row.ambition["document_id"] for row in rows})
    title = (f"plan {plans[0]}: de id van een ambitie is {plans[0]}:<sleutel>" if len(plans) == 1
             else "de id van een ambitie is <plan>:<sleutel>")
    table = Table(show_lines=False, title=escape(title))
    if len(plans) > 1:
        table.add_column("plan", no_wrap=True)
    table.add_column("sleutel", no_wrap=True)
    table.add_column("tekst", max_width=40, no_wrap=True)
    for y in years:
        table.add_column(str(y), no_wrap=True)
    for row in rows:
        cells = []
        for y in years:
            cell = row.cells.get(y)
            if cell is None:
                cells.append("")
                continue
            mark = "✓ " if cell.source == "bevestigd" else "✎ " if cell.decided_by else ""
            cells.append(f"{mark}{cell.status}{' ⚠ verdacht' if cell.suspect else ''} ({len(cell.progress)})")
        plan, key = split_ambition_id(row.ambition["id"])
        table.add_row(*([escape(plan or "")] if len(plans) > 1 else []), escape(key), escape(row.ambition["text"]),
                      *map(escape, cells))
    Console().print(table)


def trace_detail(row, years: list[int]) -> None:
    console = Console(highlight=False)
    a = row.ambition
    console.print(f"[bold]{escape(a['id'])}[/] ({a['kind']}, thema {a.get('theme') or '-'})")
    for d in row.progress:
        if d.decision is not None and d.decision.carried_from:
            console.print(f"[dim]beslissingen overgenomen van de vorige versie ({escape(d.decision.carried_from)})[/]")
            break
    console.print(escape(a["text"]))
    for y in years:
        cell = row.cells.get(y)
        if cell is None:
            continue
        console.print(f"\n[bold]{y}: {cell.status}[/]" + (f" [dim]({cell.source})[/]" if cell.source else ""))
        if cell.rule:
            console.print(f"  regel: {escape(cell.rule)}")
        if cell.kpi:
            k = cell.kpi.to_dict()
            console.print(f"  KPI: norm {k['plan_norm']}, gerealiseerd {k['value']}{' ' + k['unit'] if k['unit'] else ''}"
                          f"{', norm verslag ' + k['report_norm'] if k['report_norm'] else ''}: {k['verdict']}")
        if cell.decided_by:
            d = cell.decided_by
            console.print(f"  {escape(d['what'])} door {escape(d['author'])} op {d['at'][:10]}: {escape(d['note'] or '')}")
    console.print("\n[bold]Voortgang[/] (best eerst)")
    for p in row.progress:
        d = p.decision
        tag = f" [{'green' if d.action in ('bevestigd', 'toegevoegd') else 'red'}]{d.action}[/]" if d else ""
        if p.suspect:
            tag += " [yellow]verdacht: tekst gewijzigd[/]"
        score = "-" if p.score is None else shown_score(p.score)
        console.print(f"  {score} {p.year} [dim]{escape(p.section['id'])}[/]{tag}")
        if p.held and not p.above_threshold and not d:  # as the ambition page shows it
            console.print(f"       onder de drempel gehouden: {escape(p.held)}")
        console.print(f"       {p.finding.status}: {escape(', '.join(p.finding.evidence) or '-')}"
                      + (f" (reden: {escape(p.finding.reason)})" if p.finding.reason else ""))
        if p.shared_terms:
            console.print(f"       gedeeld: {escape(', '.join(p.shared_terms))}")
        console.print(f"       {escape(p.leerdossier['explanation'] if p.leerdossier else p.section['text'][:200])}")
    for n in row.notes:
        console.print(f"\nnotitie ({escape(n.author)}, {n.at[:10]}): {escape(n.note or '')}")


def scorecard(lines: list[dict]) -> None:
    table = Table()
    plans = {d["plan"] for d in lines}
    if len(plans) > 1:  # several plans' norms together ("Ziekteverzuim" twice): say whose
        table.add_column("plan")
    for col in ("norm", "jaar", "plannorm", "gerealiseerd", "norm verslag", "oordeel", "auditor"):
        table.add_column(col)
    for d in lines:
        value = "" if d["value"] is None else f"{dutch_number(d['value'])}{' ' + d['unit'] if d['unit'] else ''}"
        verdict = d["verdict"] + (f" ({d['against']})" if d["against"] else "")
        decided = d.get("decision") or {}
        auditor = (f"{d['said']} door {decided['author']}: {decided['note']}" if decided else "")
        table.add_row(*([escape(d["plan"])] if len(plans) > 1 else []), escape(d["name"]), str(d["year"]),
                      escape(d["plan_norm"] or ""), escape(value),
                      escape(d["report_norm"] or ""), verdict, escape(auditor))
    Console().print(table)
