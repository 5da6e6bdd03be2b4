"""What the plan's structure says about an ambition, beyond its own words.

Its **context**: the words of its parent and its parts, which the linker weighs lightly
beside the ambition's own (kb.trace.linking.Linker.rank_scoped). "Menselijk kapitaal
efficiënter wordt ingezet" is an item of "Capaciteitsmanagement"; "Ten aanzien van de
Jeugdtaak" is what its items say. On the gold sets this raised recall@5 on every blind set
(benchmarks/eval_trace_blind.py) and MRR on all four.

And two rules that read a cell's status against the structure, after the paragraphs have
spoken (kb.trace.build.proposed_status):

- **A goal's horizon.** A goal for 2022 ("In 2022 staat de eenheid ... in verbinding met
  alle geledingen") is not realised by what a 2020 report calls done: that is progress
  towards it. Before its horizon year, "gerealiseerd" and "deels gerealiseerd" read as
  "lopend". The horizon is the latest year of the plan's period the ambition names; a goal
  (kind "doel") that names none has the end of the plan's period, unless the evidence is
  strong (a paragraph that restates the goal, a confirmed link, a leerdossier that names it):
  "Elke hennepkwekerij wordt binnen een week geruimd" can be met in the plan's first year,
  and a report that says so of the goal itself is believed.
- **An ambition in parts.** An ambition with items of its own (1 "Waarneming en duiding"
  with 1a-1f) is as far as its parts: some realised and others not, or not reported on, is
  "deels gerealiseerd"; all realised is "gerealiseerd"; otherwise the parts' statuses
  combined with its own (kb.trace.status.combine). Parts the report says nothing of leave
  the ambition's own status alone.

Both apply to what the trace proposes; an auditor's status stands above them, a KPI figure
too. Each says itself on the cell (`Cell.rule`), so the page shows why. Blind readings
of the 2020 report (benchmarks/trace_gold_blind*.toml) called goals "lopend" or
"vertraagd", never "gerealiseerd", and multi-part ambitions with one part done "deels".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from kb.store.status_decisions import StatusDecision
from kb.text import YEAR_WORD
from kb.trace.status import combine
from kb.trace.view import NO_INFORMATION, Row

DONE, PARTLY, UNDER_WAY = "gerealiseerd", "deels gerealiseerd", "lopend"
PARTS = "onderdelen"  # a cell's source when its parts set its status


@dataclass(frozen=True)
class Horizon:
    """The year an ambition is meant to be reached by; `named`: the ambition says it."""

    year: int
    named: bool


def horizon(ambition: dict, plan: dict | None) -> Horizon | None:
    """The year an ambition is meant to be reached by, when it names one or is a goal."""
    period = (plan or {}).get("period")
    if not period:
        return None
    years = [y for y in map(int, YEAR_WORD.findall(ambition.get("text") or "")) if period[0] <= y <= period[1]]
    if years:
        return Horizon(max(years), True)
    return Horizon(period[1], False) if ambition.get("kind") == "doel" else None


def before_horizon(status: str, year: int, reached_by: Horizon | None, strong: bool = False) -> tuple[str, str]:
    """The status read against the horizon, and the rule that changed it ("" when none did).
    `strong`: the evidence speaks of the ambition itself (it then counts for a goal whose
    horizon is only the plan's end)."""
    if reached_by is None or year >= reached_by.year or status not in (DONE, PARTLY):
        return status, ""
    if strong and not reached_by.named:
        return status, ""
    return UNDER_WAY, (f"doel voor {reached_by.year}: wat het verslag over {year} "
                       f"{'af' if status == DONE else 'deels af'} noemt, is voortgang daarheen")


def roll_up(rows: list[Row], horizons: dict[str, Horizon | None],
            statuses: Mapping[tuple[str, int], StatusDecision]) -> None:
    """Every ambition with parts, deepest first: its proposed status from its parts' (an
    auditor's status of a part, from `statuses`, where one set it). Runs on the proposals,
    before the auditors' statuses are laid over the cells."""
    parts: dict[str, list[Row]] = defaultdict(list)
    by_id = {r.ambition["id"]: r for r in rows}
    for r in rows:
        if r.ambition.get("parent_id") in by_id:
            parts[r.ambition["parent_id"]].append(r)

    def depth(aid: str) -> int:
        n, seen = 0, {aid}
        while (aid := by_id[aid].ambition.get("parent_id")) in by_id and aid not in seen:
            n, seen = n + 1, seen | {aid}
        return n

    for aid in sorted(parts, key=depth, reverse=True):
        row = by_id[aid]
        for year, cell in row.cells.items():
            if cell.source not in ("voorstel", ""):  # confirmed links or a KPI figure say more
                continue
            said = [_status(p, year, statuses) for p in parts[aid]]
            reported = [s for s in said if s != NO_INFORMATION]
            if not reported:
                continue
            done = sum(s == DONE for s in said)
            if done == len(said):
                status, why = DONE, f"alle {len(said)} onderdelen gerealiseerd"
            elif done:
                status, why = PARTLY, f"{done} van de {len(said)} onderdelen gerealiseerd"
            else:
                own = [cell.status] if cell.status != NO_INFORMATION else []
                status, why = combine(reported + own), f"volgens {len(reported)} van de {len(said)} onderdelen"
            status, later = before_horizon(status, year, horizons.get(aid))
            cell.status, cell.rule, cell.source = status, "; ".join(x for x in (why, later) if x), PARTS


def _status(row: Row, year: int, statuses: Mapping[tuple[str, int], StatusDecision]) -> str:
    decided = statuses.get((row.ambition["id"], year))
    if decided is not None:
        return decided.status
    cell = row.cells.get(year)
    return cell.status if cell is not None else NO_INFORMATION


def context(ambitions: list[dict]):
    """ambition -> the text of its parent and its parts: what the plan's structure says it
    is about, for the linker (kb.trace.linking.Linker.rank_scoped)."""
    by_id = {a["id"]: a for a in ambitions}
    parts: dict[str, list[str]] = defaultdict(list)
    for a in ambitions:
        if a.get("parent_id") in by_id:
            parts[a["parent_id"]].append(a["text"])

    def of(ambition: dict) -> str:
        parent = by_id.get(ambition.get("parent_id"))
        return " ".join(([parent["text"]] if parent else []) + parts.get(ambition["id"], []))
    return of
