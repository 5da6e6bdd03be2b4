"""The trace matrix and the KPI scorecard as tables: CSV (semicolon-separated with a BOM,
so Dutch Excel opens it in columns) and XLSX (openpyxl). One row per ambition × year."""

from __future__ import annotations

import csv
import io
import re

from kb.trace.matrix import Trace

TRACE_COLUMNS = ["ambitie", "soort", "thema", "tekst", "jaar", "status", "bron", "verdacht", "koppelingen",
                 "beslissingen", "notities"]
SCORECARD_COLUMNS = ["norm", "naam", "thema", "jaar", "plannorm", "gerealiseerd", "eenheid", "norm verslag",
                     "oordeel", "beoordeeld tegen", "bron (sectie)", "bron (tekst)"]


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def trace_rows(trace: Trace, theme: str | None = None) -> list[list]:
    rows = []
    for row in trace.filtered(theme):
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
                         cell.source, "ja" if cell.suspect else "", links, decisions, notes])
    return rows


def scorecard_rows(trace: Trace) -> list[list]:
    out = []
    for line in trace.scorecard:
        d = line.to_dict()
        out.append([d["norm_id"], d["name"], d["theme"] or "", d["year"], d["plan_norm"] or "",
                    "" if d["value"] is None else d["value"], d["unit"] or "", d["report_norm"] or "",
                    d["verdict"], d["against"] or "", d["section_id"] or "", d["text"] or ""])
    return out


def to_csv(columns: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if v is None else _safe_cell(v) for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(sheet: str, columns: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for r in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", _safe_cell(v)) if isinstance(v, str) else v for v in r])
    ws.freeze_panes = "A2"
    for i, name in enumerate(columns, 1):
        width = max([len(name)] + [len(str(r[i - 1])) for r in rows[:200]])
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, max(8, width + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _safe_cell(value):
    """Text that a spreadsheet would run as a formula ("=HYPERLINK(...)") is quoted."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value
