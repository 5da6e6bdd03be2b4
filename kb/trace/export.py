"""The trace matrix and the KPI scorecard as tables (kb.tables: CSV for Dutch Excel, XLSX):
one row per ambition × year, one per norm × year."""

from __future__ import annotations

from kb.tables import Table
from kb.trace.plans import key_of
from kb.trace.view import Trace

TRACE_COLUMNS = ["ambitie", "soort", "thema", "tekst", "jaar", "status", "bron", "verdacht", "koppelingen",
                 "beslissingen", "notities", "plan", "sleutel"]
SCORECARD_COLUMNS = ["norm", "naam", "thema", "jaar", "plannorm", "gerealiseerd", "eenheid", "norm verslag",
                     "oordeel", "beoordeeld tegen", "bron (sectie)", "bron (tekst)", "beslissing auditor",
                     "gevonden cijfer", "door", "op", "reden"]


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def trace_table(trace: Trace, theme: str | None = None, plan: str | None = None) -> Table:
    rows = []
    for row in trace.filtered(theme, plan):
        a = row.ambition
        notes = " | ".join(f"{n.note} ({n.author}, {n.at[:10]})" for n in row.notes)
        for year, cell in sorted(row.cells.items()):
            links = " | ".join(
                f"{p.document.get('title', p.section['document_id'])}"
                f"{', p. ' + str(p.section['page']) if p.section.get('page') else ''}: {_first_words(p.section['text'])}"
                for p in cell.progress)
            decisions = " | ".join(
                f"{p.decision.action} door {p.decision.author} op {p.decision.at[:10]}"
                f"{' (verdacht: tekst gewijzigd)' if p.suspect else ''}: {p.section['id']}"
                for p in cell.progress if p.decision is not None)
            rows.append([a["id"], a["kind"], a.get("theme") or "", _first_words(a["text"], 25), year, cell.status,
                         cell.source, "ja" if cell.suspect else "", links, decisions, notes, a["document_id"], key_of(a)])
    return Table("trace", TRACE_COLUMNS, rows)


def scorecard_table(trace: Trace) -> Table:
    out = []
    for line in trace.scorecard:
        d = line.to_dict()
        decided = d["decision"] or {}
        out.append([d["norm_id"], d["name"], d["theme"] or "", d["year"], d["plan_norm"] or "",
                    "" if d["value"] is None else d["value"], d["unit"] or "", d["report_norm"] or "",
                    d["verdict"], d["against"] or "", d["section_id"] or "", d["text"] or "",
                    decided.get("action", ""), "" if not d["overridden"] or d["found_value"] is None else d["found_value"],
                    decided.get("author", ""), decided.get("at", "")[:16].replace("T", " "), decided.get("note", "")])
    return Table("kpis", SCORECARD_COLUMNS, out)
