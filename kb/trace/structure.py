"""What the plan's structure says about an ambition, beyond its own words.

Its **context**: the words of its parent and its parts, which the linker weighs lightly
beside the ambition's own (kb.trace.linking.Linker.rank_scoped). "Menselijk kapitaal
efficiënter wordt ingezet" is an item of "Capaciteitsmanagement"; "Ten aanzien van de
Jeugdtaak" is what its items say. On the gold sets this raised recall@5 on every blind set
(benchmarks/eval_trace_blind.py) and MRR on all four.

And two rules that read a cell's status against the structure, after the paragraphs have
spoken (kb.trace.build.proposed_status), in kb.trace.build.build_trace:

- **A goal's horizon.** A goal for 2022 ("In 2022 staat de eenheid ... in verbinding met
  alle geledingen") is not realised by what a 2020 report calls done: that is progress
  towards it. Before its horizon year, "gerealiseerd" and "deels gerealiseerd" read as
  "lopend". The horizon is the latest year within the plan's period that the ambition says
  it is to be reached by ("In 2022", "uiterlijk 2021", "eind 2022"; not "vanaf 2021"); a
  goal (kind "doel") that names none has the end of the plan's period, unless the evidence
  is strong (a paragraph that restates the goal, a confirmed link, a leerdossier that names
  it): "Elke hennepkwekerij wordt binnen een week geruimd" can be met in the plan's first
  year, and a report that says so of the goal itself is believed.
- **An ambition in parts.** An ambition with items of its own (1 "Waarneming en duiding"
  with 1a-1f) is as far as its parts: some realised and others not, or not reported on, is
  "deels gerealiseerd"; all realised is "gerealiseerd"; otherwise the parts' statuses
  combined with its own (kb.trace.status.combine); its own paragraph saying it is late or
  not done still makes it "deels". Parts the report says nothing of leave the ambition's own
  status alone, and so does a cell with confirmed links.

Both read the status the paragraphs give, confirmed or proposed; an auditor's status stands
above them, and a KPI figure too. Each says itself on the cell (`Cell.rule`), so the page
shows why. They are the conventions the blind readers of the 2020 report wrote down and
applied (benchmarks/trace_gold_blind.toml's header: goals are judged on progress, a
multi-part ambition with only some parts done is "deels"); they were made on blind sets 1
and 2 and then measured on the held-out set 3, where each added one or two right statuses.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kb.store.status_decisions import StatusDecision
from kb.text import YEAR
from kb.trace.plans import key_of
from kb.trace.status import combine
from kb.trace.view import NO_INFORMATION, Row

DONE, PARTLY, UNDER_WAY, LATE, NOT_DONE = "gerealiseerd", "deels gerealiseerd", "lopend", "vertraagd", "niet gerealiseerd"
UNKNOWN = "onbekend"
BEHIND = (LATE, NOT_DONE)
NOT_YET = "nog niet"  # the cue that says "not there yet" (kb/data/status-cues.toml)
NOT_YET_RULE = "{says}: wat het verslag 'nog niet' noemt, is vóór {year} geen vertraging maar de weg erheen (lopend)"
PARTS = "onderdelen"  # a cell's source when its parts set its status
# a year the ambition is to be reached by: "In 2022 staat ...", "uiterlijk 2021", "eind 2022",
# the end of a range ("voor 2019-2022", "In 2020 en 2021"), an action table's column ("Gereed in: 2024",
# "Wanneer: 2022-2024", "Planning: 2023": a column's word with its colon, for in prose "volgens de
# planning 2024" or "de termijn 2025" may name a plan or a period); not "vanaf 2021", "sinds 2019"
# or "per 2021" (as of)
DEADLINE = re.compile(rf"\b(?:(?:in|uiterlijk|eind|einde|vóór|voor|tegen)(?:\s*:)?|(?:wanneer|planning|termijn|gereed|deadline)\s*:)"
                      rf"\s+(?:het\s+jaar\s+)?({YEAR})"
                      rf"(?:\s*(?:[-–]|en|t/m|tot\s+en\s+met)\s*({YEAR}))?\b", re.IGNORECASE)


def parts_of(ambitions: list[dict]) -> dict[str, list[dict]]:
    """ambition id -> its parts, in plan order; a part counts only within its own plan."""
    by_id = {a["id"]: a for a in ambitions}
    parts: dict[str, list[dict]] = defaultdict(list)
    for a in ambitions:
        parent = by_id.get(a.get("parent_id"))
        if parent is not None and parent["document_id"] == a["document_id"] and parent["id"] != a["id"]:
            parts[parent["id"]].append(a)
    return parts


def context(ambitions: list[dict]) -> Callable[[dict], str]:
    """ambition -> the text of its parent and its parts: what the plan's structure says it
    is about, for the linker (kb.trace.linking.Linker.rank_scoped)."""
    by_id = {a["id"]: a for a in ambitions}
    parts = parts_of(ambitions)
    parent_of = {p["id"]: by_id[aid] for aid, ps in parts.items() for p in ps}

    def of(ambition: dict) -> str:
        parent = parent_of.get(ambition["id"])
        return " ".join(([parent["text"]] if parent else []) + [p["text"] for p in parts.get(ambition["id"], [])])
    return of


@dataclass(frozen=True)
class Horizon:
    """The year an ambition is meant to be reached by; `named`: the ambition says it."""

    year: int
    named: bool
    goal: bool  # a goal ("doel"), not an item or pillar that names a year

    def says(self) -> str:
        what = "doel" if self.goal else "ambitie"
        return f"{what} voor {self.year}" if self.named else f"{what} voor het eind van de planperiode ({self.year})"


def horizon(ambition: dict, plan: dict | None, recurring: bool = False) -> Horizon | None:
    """The year an ambition is meant to be reached by, when it names one ("In 2022 ...") or
    is a goal of a plan with a period. A `recurring` item ("Twee keer per jaar ...
    (Wanneer: 2022-2025)") has none: the years it names are those it is done in, each judged
    on its own."""
    period = (plan or {}).get("period")
    goal = ambition.get("kind") == "doel"
    if not period or recurring and not goal:
        return None
    found = [int(end or start) for start, end in DEADLINE.findall(ambition.get("text") or "")]
    years = [y for y in found if period[0] <= y <= period[1]]
    if years:
        return Horizon(max(years), True, goal)
    return Horizon(period[1], False, goal) if goal else None


def before_horizon(status: str, year: int, reached_by: Horizon | None, strong: bool = False,
                   by_parts: bool = False, not_yet: bool = False) -> tuple[str, str]:
    """The status read against the horizon, and the rule that changed it ("" when none did).
    `strong`: the evidence speaks of the ambition itself (it then counts for a goal whose
    horizon is only the plan's end); `by_parts`: the status came from the ambition's parts;
    `not_yet`: "vertraagd" rests on "nog niet" alone, which before the horizon is the way there."""
    if reached_by is None or year >= reached_by.year:
        return status, ""
    if not_yet and status == LATE:
        return UNDER_WAY, NOT_YET_RULE.format(says=reached_by.says(), year=reached_by.year)
    if status not in (DONE, PARTLY):
        return status, ""
    if strong and not reached_by.named:
        return status, ""
    said = "de onderdelen" if by_parts else f"het verslag over {year}"
    return UNDER_WAY, (f"{reached_by.says()}: wat {said} {'deels ' if status == PARTLY else ''}gerealiseerd "
                       f"noemt, telt vóór {reached_by.year} als voortgang (lopend)")


UNDER_WAY_PAST_RULE = ("{says}: in {year} nog onderweg, en het verslag noemt een later jaar om het af te "
                       "ronden: later dan gepland (vertraagd)")
PAST_RULE = "{says}: in {year} nog maar deels gerealiseerd, de rest met een nieuwe termijn: later dan gepland (vertraagd)"


def past_horizon(status: str, year: int, reached_by: Horizon | None, new_term: bool) -> tuple[str, str]:
    """After the year an ambition names for itself ("Gereed in: 2023"), what is only partly done
    and given a new term is late: "87 procent heeft de training gevolgd ... de laatste groep is
    doorgeschoven naar het voorjaar van 2025" in the report on 2024 (`new_term`: the evidence
    names a later year; without one, blind readers kept "deels"). So is what is still under way in
    or after that year and given a later year to finish ("Actualiseren evacuatieplan (Wanneer:
    2023)": "wordt het plan in het voorjaar van 2024 ter vaststelling aangeboden" in the report on
    2023). The rule that changed it, or "" when none did."""
    if status == PARTLY and new_term and reached_by is not None and reached_by.named and year > reached_by.year:
        return LATE, PAST_RULE.format(says=reached_by.says(), year=year)
    if status == UNDER_WAY and new_term and reached_by is not None and reached_by.named and year >= reached_by.year:
        return LATE, UNDER_WAY_PAST_RULE.format(says=reached_by.says(), year=year)
    return status, ""


def roll_up(rows: list[Row], horizons: dict[str, Horizon | None],
            statuses: Mapping[tuple[str, int], StatusDecision]) -> None:
    """Every ambition with parts, deepest first: its proposed status from its parts' (an
    auditor's status of a part, from `statuses`, where one set it) and its own. Runs on the
    proposals, before the auditors' statuses are laid over the cells; a cell with confirmed
    links, a KPI figure or a figure against its own norm (kb.trace.own_norm) keeps its status.
    Then a chapter's one goal without parts from its chapter (_roll_up_chapter_goals)."""
    by_id = {r.ambition["id"]: r for r in rows}
    parts = {aid: [by_id[p["id"]] for p in ps] for aid, ps in parts_of([r.ambition for r in rows]).items()}
    order: list[str] = []  # parts before the ambition they belong to (a cycle is walked once)
    seen: set[str] = set()

    def visit(aid: str) -> None:
        if aid not in seen:
            seen.add(aid)
            for part in parts.get(aid, []):
                visit(part.ambition["id"])
            order.append(aid)

    for aid in parts:
        visit(aid)
    for aid in (a for a in order if a in parts):
        row = by_id[aid]
        for year, cell in row.cells.items():
            if cell.source not in ("voorstel", "") or cell.by_norm:  # confirmed links or a figure say more
                continue
            said = {key_of(p.ambition): _status(p, year, statuses) for p in parts[aid]}
            if all(s == NO_INFORMATION for s in said.values()):
                continue  # the report says nothing of the parts: the ambition's own evidence stands
            own = [cell.status] if cell.status != NO_INFORMATION else []
            done = [k for k, s in said.items() if s == DONE]
            behind = [s for s in own if s in BEHIND] if done else []
            if done:
                # some or all parts done; the ambition's own paragraph saying it is late or not
                # done still counts ("deels")
                status = combine([DONE] + [PARTLY] * (len(done) < len(said)) + behind)
            else:
                status = combine([s for s in said.values() if s != NO_INFORMATION] + own)
            status, later = before_horizon(status, year, horizons.get(aid), by_parts=True)
            if status == cell.status:
                continue  # the parts agree with what the paragraphs say: nothing to explain
            cell.status, cell.source = status, PARTS
            own_said = f"de eigen alinea: {behind[0]}" if behind else ""
            cell.rule = "; ".join(x for x in (_parts_said(said, bool(own)), own_said, later) if x)
    _roll_up_chapter_goals(rows, set(parts), horizons, statuses)


CHAPTER = "hoofdstuk"  # a cell's source when the other ambitions of its chapter set a goal's status
LISTED = 8  # a rule names at most this many of the chapter's ambitions


def _roll_up_chapter_goals(rows: list[Row], with_parts: set[str], horizons: dict[str, Horizon | None],
                           statuses: Mapping[tuple[str, int], StatusDecision]) -> None:
    """A chapter's one goal that no paragraph reports on is as far as the chapter's other
    ambitions: "Wat willen we bereiken?" over one goal, and the actions or results under
    "Wat gaan we daarvoor doen?" beside it, which the plan did not make its parts. Only a goal
    alone under its heading (not one of "Doelstellingen" 1 and 2), without parts of its own,
    in a cell with no paragraph above the threshold; the chapter is its heading path but the
    last heading (not the whole plan), and the goal's horizon applies (before it, what is done
    is the way there). Statuses the others do not have ("geen informatie", "onbekend") say nothing.
    `with_parts`: the ids of the ambitions that have parts."""
    goals_under: Counter = Counter()  # (plan, heading path) -> its goals
    under: dict[tuple, list[Row]] = defaultdict(list)  # (plan, a heading path's start) -> the ambitions below it
    for r in rows:
        doc, path = r.ambition["document_id"], tuple(r.ambition.get("heading_path") or ())
        goals_under[(doc, path)] += r.ambition.get("kind") == "doel"
        if r.ambition.get("kind") != "kpi":
            for depth in range(len(path) + 1):
                under[(doc, path[:depth])].append(r)
    for row in rows:
        amb = row.ambition
        doc, path = amb["document_id"], tuple(amb.get("heading_path") or ())
        if amb.get("kind") != "doel" or amb.get("parent_id") or amb["id"] in with_parts or len(path) < 2 \
                or goals_under[(doc, path)] > 1:  # one of several goals under a heading: each its own
            continue
        chapter = path[:-1]
        block = [r for r in under[(doc, chapter)] if r is not row]
        if len(block) == len(under[(doc, ())]) - 1:
            continue  # its heading path but the last is the whole plan: no chapter of its own
        for year, cell in row.cells.items():
            if cell.status != NO_INFORMATION or cell.source not in ("voorstel", ""):
                continue
            said = {key_of(r.ambition): _status(r, year, statuses) for r in block}
            known = {k: s for k, s in said.items() if s not in (NO_INFORMATION, UNKNOWN)}
            if not known:
                continue
            status, later = before_horizon(combine(list(known.values())), year, horizons.get(amb["id"]))
            cell.status, cell.source = status, CHAPTER
            listed = "; ".join(f"{k}: {s}" for k, s in list(known.items())[:LISTED])
            if len(known) > LISTED:
                listed += f"; en {len(known) - LISTED} meer"
            cell.rule = "; ".join(x for x in (f"geen alinea over het doel zelf; volgens de andere ambities van het "
                                              f"hoofdstuk {chapter[-1]!r} ({listed})", later) if x)


def _parts_said(said: dict[str, str], own: bool) -> str:
    """What the parts say, for the cell: "1 van de 6 onderdelen gerealiseerd (openbare-orde-1b);
    de andere niet of nog niet, of het verslag noemt ze niet"."""
    n = len(said)
    done = [k for k, s in said.items() if s == DONE]
    if done and len(done) == n:
        return "het enige onderdeel is gerealiseerd" if n == 1 else (
            f"{'beide' if n == 2 else f'alle {n}'} onderdelen gerealiseerd ({', '.join(done)})")
    if done:
        return (f"{len(done)} van de {n} onderdelen gerealiseerd ({', '.join(done)}); de andere niet of nog niet, "
                "of het verslag noemt ze niet")
    listed = "; ".join(f"{k}: {s}" for k, s in said.items())
    return f"volgens de onderdelen ({listed}){' samen met de eigen alinea' if own else ''}"


def _status(row: Row, year: int, statuses: Mapping[tuple[str, int], StatusDecision]) -> str:
    decided = statuses.get((row.ambition["id"], year))
    if decided is not None:
        return decided.status
    cell = row.cells.get(year)
    return cell.status if cell is not None else NO_INFORMATION
