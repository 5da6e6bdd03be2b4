"""Which reports a plan is traced against: the reports that report on it.

By default a report (a document of one of the report kinds, with a year) reports on the
current plan of its own unit whose period covers its year; when no plan of that unit covers
it, on the one whose period ended the year before (the annual report of a plan's last year
appears the year after). Metadata widens it explicitly: `reports_on = ["<plan id>"]` in a
report, `scope_units = ["…"]` in a plan (units whose reports count for it too). A plan or a
report without a unit matches only the other without one (a folder that never names units).

Everything else is context: the trace may show it as "elders gevonden", it never sets a
cell, a KPI figure or a status (kb.trace.build).
"""

from __future__ import annotations

from kb.model import REPORT_KINDS
from kb.enrich.versions import unit_key


class Scope:
    def __init__(self, documents: list[dict]):
        docs = {d["id"]: d for d in documents}
        current = [d for d in documents if d.get("kind") == "plan" and not d.get("superseded_by")]
        plans = [p for p in current if p.get("period")]  # the default rule needs a period; `reports_on` does not
        self.reports: dict[str, set[str]] = {p["id"]: set() for p in current}  # plan -> its reports
        self.why: dict[tuple[str, str], str] = {}  # (plan, report) -> how it came in scope
        self.unknown: list[tuple[str, str]] = []  # (report, id) of a `reports_on` that names no plan
        for r in documents:
            if r.get("kind") not in REPORT_KINDS:
                continue
            for named in r.get("reports_on") or []:
                plan = docs.get(named, {})
                plan_id = plan.get("superseded_by") or named
                if plan_id in self.reports:
                    self._add(plan_id, r["id"], "reports_on in de metadata van het verslag")
                else:
                    self.unknown.append((r["id"], named))
            year = r.get("year")
            if year is None:
                continue  # a report without a year sets no column, whatever it reports on
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
        """The plans a report counts for."""
        return sorted(p for p, reports in self.reports.items() if report in reports)
