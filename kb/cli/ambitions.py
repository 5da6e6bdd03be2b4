"""`kb ambitions [PLAN]`: what extraction (and the curation sidecar) made of one plan, so an
analyst can check it in a minute: per ambition its key, kind, theme, page, where it came
from (the rule: `origin`, and the heading path) and the start of its text; counts per kind
and per origin; the plan's versions; the ingest's warnings about its ambitions.

The listing itself is built in kb/trace/listing.py, which the web's plan pages
(web/plans.py) answer too, so `--json`, /plannen/<id>.json and /api/plans/<id> give the
same fields.
"""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.markup import escape

from kb.cli import main, options
from kb.library import Library
from kb.trace.listing import KINDS, NO_ORIGIN, choose_plan, plan_listing

def _start(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def show(listing: dict) -> None:
    console = Console(highlight=False, width=None if Console().is_terminal else 200)
    plan, counts = listing["plan"], listing["counts"]
    period = "–".join(str(y) for y in plan["period"]) if plan.get("period") else "geen periode"
    console.print(f"[bold]{escape(plan['id'])}[/]: {escape(plan.get('title') or '')} "
                  f"({escape(plan.get('unit') or 'onbekende eenheid')}, {period}; {escape(plan['status'])})")
    console.print(f"{counts['total']} ambities; per soort: "
                  + ", ".join(f"{k} {n}" for k, n in counts["kind"].items()))
    console.print("per herkomst:")
    for origin, n in counts["origin"].items():
        console.print(f"  {n:>4}  {escape(origin)}")
    if len(listing["versions"]) > 1:
        console.print("versies: " + "; ".join(f"{escape(v['id'])} ({escape(v['status'])})"
                                              for v in listing["versions"]))
    for w in listing["warnings"]:
        console.print(f"[yellow]waarschuwing:[/] {escape(w)}")
    if listing["filter"]["kind"]:
        console.print(f"alleen soort {listing['filter']['kind']}: {len(listing['ambitions'])} ambities")
    console.print(f"de id van een ambitie is {escape(plan['id'])}:<sleutel>; per kop (de plaats in het plan):")
    rows = listing["ambitions"]
    kw = min(max((len(a["key"]) for a in rows), default=8), 34)
    ow = max(16, min(44, console.width - kw - 40 - 40))  # the origin's width: the text keeps 40 columns
    head = f"{'sleutel':<{kw}}  {'soort':<8}  {'thema':<20}  {'p.':>4}  {'herkomst':<{ow}}  tekst"
    console.print(f"[bold]{escape(head)}[/]", overflow="ellipsis", no_wrap=True)
    heading = None
    for a in rows:
        if a["heading_path"] != heading:
            heading = a["heading_path"]
            console.print(f"[dim]── {escape(' › '.join(heading) or '(geen kop)')}[/]",
                          overflow="ellipsis", no_wrap=True)
        line = (f"{a['key']:<{kw}}  {a['kind']:<8}  {_start(a['theme'] or '–', 20):<20}  {a['page'] or '–':>4}  "
                f"{_start(a['origin'] or NO_ORIGIN, ow):<{ow}}  {' '.join(a['text'].split())}")
        console.print(escape(line), overflow="ellipsis", no_wrap=True)


@main.command()
@click.argument("plan", required=False)
@click.option("--kind", "--soort", "kind", type=click.Choice(KINDS), help="Alleen de ambities van deze soort.")
@options.as_json
@options.library
def ambitions(lib: Library, plan: str | None, kind: str | None, as_json: bool) -> None:
    """Wat uit een plan als ambitie is gehaald, met waar elk vandaan komt. PLAN: de document-id
    van het plan of het begin ervan (weg te laten als er één plan is)."""
    snapshot = lib.snapshot()
    plan_id = choose_plan(snapshot.plans.plans, plan)
    listing = plan_listing(snapshot, plan_id, kind)
    if as_json:
        click.echo(json.dumps(listing, ensure_ascii=False, indent=2))
    else:
        show(listing)
