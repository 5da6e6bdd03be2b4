"""Which documents a plan is traced against: the reports and leerdossiers that report on it.

One rule for both. A document reports on a year: a report (one of the report kinds) on its
`year`, a leerdossier on the year of its `date` (a leerdossier without a date reports on no
year; one written as an example, `voorbeeld = true`, reports on nothing and is never
evidence, nor shown anywhere in the trace). By default it reports on the current plan of
its own unit whose period covers that year; when no plan of that unit covers it, on the one
whose period ended the year before (the annual report of a plan's last year appears the year
after). Metadata widens it explicitly: `reports_on = ["<plan id>"]` in a report or a
leerdossier, `scope_units = ["…"]` in a plan (units whose documents count for it too). A
plan or a document without a unit matches only the other without one (a folder that never
names units).

A report's paragraphs are ranked as progress (kb.trace.linking); a leerdossier is evidence
for the ambitions of the plan that it names in `ambities` (kb.trace.evidence).
Everything else is context: the trace may show it as "elders gevonden", it never sets a
cell, a KPI figure or a status (kb.trace.build).
"""

from __future__ import annotations

import datetime as dt

from kb.model import LEERDOSSIER, REPORT_KINDS
from kb.enrich.versions import unit_key


def report_year(doc: dict) -> int | None:
    """The year a document reports on: a report's `year`, a leerdossier's date's year, or its
    `year` when it has no date (None for an example or with neither); None for any other kind."""
    kind = doc.get("kind")
    if kind in REPORT_KINDS:
        return doc.get("year")
    if kind == LEERDOSSIER and not doc.get("example"):
        date = doc.get("date")
        if isinstance(date, (dt.date, dt.datetime)):
            return date.year
        if isinstance(date, str) and date[:4].isdigit():
            return int(date[:4])
        return doc.get("year")
    return None


def reports_on_plans(doc: dict) -> bool:
    """Whether a document can report on a plan at all (an example leerdossier never does)."""
    return doc.get("kind") in REPORT_KINDS or (doc.get("kind") == LEERDOSSIER and not doc.get("example"))


class Scope:
    def __init__(self, documents: list[dict]):
        docs = {d["id"]: d for d in documents}
        current = [d for d in documents if d.get("kind") == "plan" and not d.get("superseded_by")]
        plans = [p for p in current if p.get("period")]  # the default rule needs a period; `reports_on` does not
        self.reports: dict[str, set[str]] = {p["id"]: set() for p in current}  # plan -> the documents that report on it
        self.why: dict[tuple[str, str], str] = {}  # (plan, document) -> how it came in scope
        self.unknown: list[tuple[str, str]] = []  # (document, id) of a `reports_on` that names no plan
        self.year: dict[str, int | None] = {}  # document -> the year it reports on (report_year)
        self.kind: dict[str, str] = {}  # document -> its kind
        for r in documents:
            if not reports_on_plans(r):
                continue
            year = self.year[r["id"]] = report_year(r)
            self.kind[r["id"]] = r.get("kind")
            for named in r.get("reports_on") or []:
                plan = docs.get(named, {})
                plan_id = plan.get("superseded_by") or named
                if plan_id in self.reports:
                    self._add(plan_id, r["id"], "reports_on in de metadata van het "
                              + ("leerdossier" if r.get("kind") == LEERDOSSIER else "verslag"))
                else:
                    self.unknown.append((r["id"], named))
            if year is None:
                continue  # a document without a year sets no column, whatever it reports on
            units = unit_key(r.get("unit"))
            own = [p for p in plans if units == unit_key(p.get("unit"))]
            widened = [p for p in plans if units and units in {unit_key(u) for u in p.get("scope_units") or []}]
            mine = own + [p for p in widened if p not in own]
            covering = [p for p in mine if p["period"][0] <= year <= p["period"][1]]
            # the year after a plan's period: its closing report, unless the unit's own next plan covers that year
            after = [] if any(p in own for p in covering) else [p for p in mine if p["period"][1] + 1 == year]
            for p in covering + after:
                how = "zelfde eenheid, jaar in de planperiode" if covering else "zelfde eenheid, het jaar na de planperiode"
                if units and units != unit_key(p.get("unit")):
                    how = "eenheid genoemd in scope_units van het plan"
                self._add(p["id"], r["id"], how)

    def _add(self, plan: str, report: str, how: str) -> None:
        self.reports[plan].add(report)
        self.why.setdefault((plan, report), how)

    def covers(self, plan: str, report: str) -> bool:
        return report in self.reports.get(plan, ())

    def plans_of(self, report: str) -> list[str]:
        """The plans a report or leerdossier counts for."""
        return sorted(p for p, reports in self.reports.items() if report in reports)

    def reports_of(self, plan: str) -> set[str]:
        """The reports on a plan (not its leerdossiers): the documents whose paragraphs are
        ranked as progress and whose figures fill the KPI scorecard."""
        return {r for r in self.reports.get(plan, ()) if self.kind.get(r) in REPORT_KINDS}

    def leerdossiers_of(self, plan: str) -> set[str]:
        """The leerdossiers that report on a plan: evidence for the ambitions they name."""
        return {r for r in self.reports.get(plan, ()) if self.kind.get(r) == LEERDOSSIER}

    def years_of(self, plan: str, documents: set[str] | None = None) -> list[int]:
        """The years a plan's documents report on (or those of `documents` among them): its
        columns in the matrix."""
        mine = self.reports.get(plan, set())
        return sorted({y for r in (mine if documents is None else mine & documents) if (y := self.year.get(r)) is not None})
