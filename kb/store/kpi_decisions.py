"""Auditors' decisions on KPI figures: precious state, in the same file as the decisions on
links (kb.store.decisions), never rebuilt.

For a norm of a plan's monitor set and a report year an auditor confirms the figure the
scorecard found, or replaces it with the right one, always with a reason; a later decision
withdraws or supersedes an earlier one, and every decision stays as a row of its own, so the
history of a figure can always be read back and exported.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from kb.errors import KbError
from kb.store.decisions import MAX_NOTE, default_author
from kb.store.precious import only_new, reading, writing

CONFIRM, OVERRIDE, WITHDRAW = "cijfer bevestigd", "cijfer vervangen", "ingetrokken"
ACTIONS = (CONFIRM, OVERRIDE, WITHDRAW)
WHAT = "de beslissingen"

SCHEMA = """
CREATE TABLE IF NOT EXISTS kpi_decisions (
    id INTEGER PRIMARY KEY,
    norm_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    action TEXT NOT NULL,
    value REAL,
    unit TEXT,
    section_id TEXT,
    note TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kpi_decisions_norm ON kpi_decisions (norm_id, year, id);
"""


@dataclass
class KpiDecision:
    id: int
    norm_id: str
    year: int
    action: str
    value: float | None
    unit: str | None
    section_id: str | None  # the figure confirmed (its section), when confirming
    note: str
    author: str
    at: str

    def to_dict(self) -> dict:
        return asdict(self)


class KpiDecisionStore:
    def __init__(self, path: Path):
        self.path = path

    def record(self, norm_id: str, year: int, action: str, note: str, value: float | None = None,
               unit: str | None = None, section_id: str | None = None, author: str | None = None,
               at: str | None = None) -> KpiDecision:
        row = _checked(norm_id, year, action, note, value, unit, section_id, author, at)
        with writing(self.path, SCHEMA, WHAT) as db:
            cur = db.execute(INSERT, row)
            return KpiDecision(cur.lastrowid, *row)

    def import_(self, rows: list) -> tuple[int, int]:
        """Add the KPI decisions of an export (`kb decision export`) that are not here yet;
        (added, already present). All are checked first, then written in one transaction:
        a bad row adds nothing."""
        checked = checked_export(rows)
        have = {(d.norm_id, d.year, d.action, d.author, d.at) for d in self.history()}
        new = only_new(checked, have, key=lambda row: (row[0], row[1], row[2], row[7], row[8]), at=lambda row: row[8])
        if new:
            with writing(self.path, SCHEMA, WHAT) as db:
                db.executemany(INSERT, new)
        return len(new), len(rows) - len(new)

    def history(self) -> list[KpiDecision]:
        """Every decision on a KPI figure, oldest first."""
        with reading(self.path, WHAT, "kpi_decisions") as db:
            if db is None:
                return []
            rows = db.execute("SELECT id, norm_id, year, action, value, unit, section_id, note, author, at "
                              "FROM kpi_decisions ORDER BY at, id").fetchall()
        return [KpiDecision(*r) for r in rows]



INSERT = ("INSERT INTO kpi_decisions (norm_id, year, action, value, unit, section_id, note, author, at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _checked(norm_id: str, year: object, action: object, note: object, value: object, unit: object,
             section_id: object, author: object, at: str | None) -> tuple:
    """A KPI decision's row (norm_id, year, action, value, unit, section_id, note, author, at)
    as stored, or a KbError saying what is wrong with it."""
    if action not in ACTIONS:
        raise KbError(f"onbekende beslissing '{action}' over een KPI-cijfer (kies uit {', '.join(ACTIONS)})")
    if not isinstance(note, str) or not note.strip():
        raise KbError("een beslissing over een KPI-cijfer vraagt een reden (notitie)")
    if len(note) > MAX_NOTE:
        raise KbError(f"notitie is te lang ({len(note)} tekens, hooguit {MAX_NOTE})")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        raise KbError("het jaar van een KPI-cijfer moet een jaartal zijn, zoals 2020")
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if action == OVERRIDE and not number:
        raise KbError("een vervangen KPI-cijfer moet een getal zijn, zoals 94 of 62,18")
    # a confirmation keeps the figure confirmed: a different one found later is not confirmed
    value = float(value) if number and action in (OVERRIDE, CONFIRM) else None
    if unit is not None and (not isinstance(unit, str) or len(unit) > 20):
        raise KbError("de eenheid van een KPI-cijfer is een korte tekst, zoals % of fte")
    if section_id is not None and not isinstance(section_id, str):
        raise KbError("de sectie van een KPI-cijfer is een sectie-id")
    author = (author if isinstance(author, str) else "").strip() or default_author()
    return (norm_id, year, action, value, (unit or "").strip() or None, section_id, note.strip(), author,
            at or datetime.now(timezone.utc).isoformat(timespec="milliseconds"))


def checked_export(rows: object) -> list[tuple]:
    """The rows of an export's `kpi_decisions` as they would be stored, or a KbError about the
    first that is wrong (nothing written: `kb decision import` checks before it adds)."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise KbError("kpi_decisions in de export moet een lijst van objecten zijn")
    checked = []
    for n, r in enumerate(rows, 1):
        if not isinstance(r.get("norm_id"), str) or not isinstance(r.get("at"), str):
            raise KbError(f"KPI-beslissing {n} in de export mist norm_id of at")
        try:
            checked.append(_checked(r["norm_id"], r.get("year"), r.get("action"), r.get("note"), r.get("value"),
                                    r.get("unit"), r.get("section_id"), r.get("author"), r["at"]))
        except KbError as exc:
            raise KbError(f"KPI-beslissing {n} in de export: {exc.message}") from None
    return checked


def current(history: list[KpiDecision]) -> dict[tuple[str, int], KpiDecision]:
    """(norm id, year) -> the decision that stands (the latest; a withdrawal leaves none)."""
    out: dict[tuple[str, int], KpiDecision] = {}
    for d in history:
        out[(d.norm_id, d.year)] = d
    return {k: d for k, d in out.items() if d.action != WITHDRAW}
