"""The trace matrix and the KPI scorecard as tables (kb.tables: CSV for Dutch Excel, XLSX):
one row per ambition × year, one per norm × year.

A trace row carries every decision behind its cell: the status an auditor set (who, when,
why) beside the trace's own proposal, the confirmed and the proposed links in columns of
their own, the rejected ones, every decision on a link of that year and the ambition's
notes; and the address of the ambition page, so a row in Excel leads back to the evidence.
CSV as Dutch Excel reads it: `;`, a decimal comma, a BOM (kb.tables); XLSX with an
autofilter, the status cells coloured as on the site and the address as a hyperlink.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from kb.tables import Table
from kb.text import first_words
from kb.trace.plans import key_of
from kb.trace.view import Trace, numbering

# since issue 17 the links are two columns (proposed, confirmed) where "koppelingen" was one:
# a script that read the old layout by position or by name must follow (README, trace)
TRACE_COLUMNS = ["ambitie", "soort", "thema", "tekst", "jaar", "status", "bron", "verdacht",
                 "voorgestelde koppelingen", "bevestigde koppelingen", "beslissingen", "notities", "plan", "sleutel",
                 "nummer", "voorstel trace", "status vastgesteld door", "status vastgesteld op", "reden status",
                 "afgewezen koppelingen", "beste score", "adres", "regel voorstel"]
SCORECARD_COLUMNS = ["norm", "naam", "thema", "jaar", "plannorm", "gerealiseerd", "eenheid", "norm verslag",
                     "oordeel", "beoordeeld tegen", "bron (sectie)", "bron (tekst)", "beslissing auditor",
                     "gevonden cijfer", "door", "op", "reden"]
# the fill of a status cell in XLSX: the badge colours of web/static/style.css
STATUS_FILLS = {"gerealiseerd": "E3F4E8", "deels gerealiseerd": "EEF6D8", "lopend": "E2EEFB", "vertraagd": "FFF1CF",
                "niet gerealiseerd": "FBE3E3", "onbekend": "ECEEF1", "geen informatie": "FFFFFF",
                "gehaald": "E3F4E8", "niet gehaald": "FBE3E3", "op weg": "E2EEFB"}


class SpreadsheetTable(Table):
    """A Table as an auditor opens it in Excel: numbers with a decimal comma in CSV; in XLSX
    an autofilter over the header, the `status_columns` filled by status and the
    `link_column` as hyperlinks."""

    def __init__(self, name: str, columns: list[str], rows: list[list], status_columns: tuple[str, ...] = (),
                 link_column: str | None = None):
        super().__init__(name, columns, rows)
        self.status_columns = status_columns
        self.link_column = link_column

    decimal_comma = True

    def xlsx(self) -> bytes:
        from openpyxl import load_workbook
        from openpyxl.styles import PatternFill

        wb = load_workbook(io.BytesIO(super().xlsx()))  # kb.tables' safe cells, widths and frozen header
        ws = wb.active
        ws.auto_filter.ref = ws.dimensions
        fills = {s: PatternFill("solid", start_color=c, end_color=c) for s, c in STATUS_FILLS.items()}
        for name in self.status_columns:
            col = self.columns.index(name) + 1
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                if cell.value in fills:
                    cell.fill = fills[cell.value]
        if self.link_column:
            col = self.columns.index(self.link_column) + 1
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                if isinstance(cell.value, str) and cell.value.startswith(("http://", "https://")):
                    cell.hyperlink = cell.value
                    cell.style = "Hyperlink"
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()




def _link(p) -> str:
    """A link as a cell of the export: the paragraph's document, page and first words; a
    leerdossier that names the ambition as "leerdossier: <title> (afgerond, 2020-11-20)"."""
    if p.leerdossier is not None:
        return p.leerdossier["explanation"]
    return (f"{p.document.get('title', p.section['document_id'])}"
            f"{', p. ' + str(p.section['page']) if p.section.get('page') else ''}: {first_words(p.section['text'])}")


def trace_table(trace: Trace, theme: str | None = None, plan: str | None = None,
                page_url: Callable[[str], str] | None = None, labels: dict[str, str] | None = None,
                status: str | None = None, gaps: bool = False) -> Table:
    """One row per ambition × year, of the ambitions the matrix shows with the same filters
    (theme, plan, a cell with `status`, `gaps`). `page_url(ambition id)`: the absolute address
    of its page (none: the column stays empty); `labels`: theme slug -> label, for the plan's
    numbering."""
    rows = []
    for row in trace.filtered(theme, plan, labels or ()):
        if not row.shown_with(status, gaps):
            continue
        a = row.ambition
        ambition = {"ambitie": a["id"], "soort": a["kind"], "thema": a.get("theme") or "",
                    "tekst": first_words(a["text"], 25), "plan": a["document_id"], "sleutel": key_of(a),
                    "nummer": numbering(a, labels or {}), "adres": page_url(a["id"]) if page_url else "",
                    "notities": " | ".join(f"{n.note} ({n.author}, {n.at[:10]})" for n in row.notes)}
        # after the plan's columns, a row per year it has no column for but a decision on a
        # paragraph of (a report outside its scope: another unit's, before the plan period)
        elsewhere = sorted({p.year for p in row.progress if p.decision is not None and p.year not in row.cells},
                           key=lambda y: (y is None, y or 0))
        for year in [*sorted(row.cells), *elsewhere]:
            fields = {**ambition, "jaar": year, "beste score": None,
                      "beslissingen": " | ".join(_decision(p) for p in row.progress
                                                 if p.year == year and p.decision is not None)}
            cell = row.cells.get(year)
            fields.update(_cell_fields(cell, [p for p in row.progress if p.year == year])
                          if cell is not None else {"bron": "buiten de scope"})
            rows.append([fields.get(column, "") for column in TRACE_COLUMNS])
    return SpreadsheetTable("trace", TRACE_COLUMNS, rows, status_columns=("status", "voorstel trace"),
                            link_column="adres")


def _cell_fields(cell, this_year: list) -> dict:
    """The export's columns of one cell; `this_year`: the ambition's links of its year."""
    scores = [p.score for p in cell.progress if p.score is not None]
    o = cell.decided_by  # a status set, or the KPI figure an auditor confirmed or replaced
    return {
        "status": cell.status, "bron": cell.source, "verdacht": "ja" if cell.suspect else "",
        "voorgestelde koppelingen": " | ".join(_link(p) for p in cell.progress if not p.linked),
        "bevestigde koppelingen": " | ".join(_link(p) for p in cell.progress if p.linked),
        "afgewezen koppelingen": " | ".join(_link(p) for p in this_year if p.in_scope and p.rejected),
        "voorstel trace": cell.proposal if cell.proposal is not None else cell.status,
        "status vastgesteld door": o["author"] if o else "",
        "status vastgesteld op": o["at"][:16].replace("T", " ") if o else "",
        "reden status": (o["note"] if o["kind"] == "status" else f"{o['what']}: {o['note']}") if o else "",
        "beste score": round(max(scores), 4) if scores else None, "regel voorstel": cell.rule,
    }


def _decision(p) -> str:
    """An auditor's decision on a link as the export says it; one on a paragraph outside the
    plan's scope is kept and said not to count."""
    d = p.decision
    return (f"{d.action} door {d.author} op {d.at[:10]}{' (verdacht: tekst gewijzigd)' if p.suspect else ''}"
            f"{'' if p.in_scope else ' (buiten de scope, telt niet mee)'}: {p.section['id']}"
            f"{' (' + d.note + ')' if d.note else ''}")


def scorecard_table(trace: Trace, plan: str | None = None) -> Table:
    """One row per norm × year, of one plan's monitor set (None: every plan's)."""
    out = []
    for line in trace.scorecard_of(plan):
        d = line.to_dict()
        decided = d["decision"] or {}
        out.append([d["norm_id"], d["name"], d["theme"] or "", d["year"], d["plan_norm"] or "",
                    "" if d["value"] is None else d["value"], d["unit"] or "", d["report_norm"] or "",
                    d["verdict"], d["against"] or "", d["section_id"] or "", d["text"] or "",
                    # a confirmation the report no longer bears out says so ("verdacht")
                    d["said"] if d["verdacht"] else decided.get("action", ""),
                    "" if not d["overridden"] or d["found_value"] is None else d["found_value"],
                    decided.get("author", ""), decided.get("at", "")[:16].replace("T", " "), decided.get("note", "")])
    return SpreadsheetTable("kpis", SCORECARD_COLUMNS, out, status_columns=("oordeel",))
