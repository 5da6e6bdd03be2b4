"""Auditors' statuses for a cell (ambition × report year): precious state, in the same file
as the decisions on links (kb.store.decisions), never rebuilt.

The trace proposes a status per cell from the paragraphs it links; an auditor who reads the
reports may set the status himself ("status vastgesteld"), always with a reason. It then
stands instead of the proposal everywhere (matrix, ambition page, overview, JSON, exports),
showing who set it and when. A later one replaces it; a withdrawal ("ingetrokken") returns
the cell to the proposal. Every one stays a row of its own, so the history can be read back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from kb.errors import KbError
from kb.store.decisions import MAX_NOTE, default_author
from kb.store.precious import only_new, reading, writing

SET, WITHDRAW = "status vastgesteld", "ingetrokken"
ACTIONS = (SET, WITHDRAW)
# the statuses an auditor may set: the classifier's six (kb.trace.status.STATUSES) and the
# gap (kb.trace.view.NO_INFORMATION); spelled out here, the store imports nothing above it
STATUSES = ("gerealiseerd", "deels gerealiseerd", "lopend", "vertraagd", "niet gerealiseerd", "onbekend",
            "geen informatie")
WHAT = "de beslissingen"

SCHEMA = """
CREATE TABLE IF NOT EXISTS status_decisions (
    id INTEGER PRIMARY KEY,
    ambition_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    action TEXT NOT NULL,
    status TEXT,
    note TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS status_decisions_cell ON status_decisions (ambition_id, year, id);
"""

INSERT = ("INSERT INTO status_decisions (ambition_id, year, action, status, note, author, at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")


@dataclass
class StatusDecision:
    id: int
    ambition_id: str
    year: int
    action: str
    status: str | None  # the status set; None for a withdrawal
    note: str  # the reason, required
    author: str
    at: str

    # not fields: set when a status set on an older version of a plan counts for the current
    # one (kb.trace.plans.Plans.carry, as for links): the ambition it was set on, and whether its
    # text changed between the versions (then the status is "verdacht", to be looked at again)
    carried_from = None  # str | None
    ambition_changed = False

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.carried_from:
            d["carried_from"], d["ambition_changed"] = self.carried_from, self.ambition_changed
        return d


class StatusDecisionStore:
    def __init__(self, path: Path):
        self.path = path

    def record(self, ambition_id: str, year: object, action: str, status: str | None, note: object,
               author: str | None = None, at: str | None = None) -> StatusDecision:
        row = _checked(ambition_id, year, action, status, note, author, at)
        with writing(self.path, SCHEMA, WHAT) as db:
            cur = db.execute(INSERT, row)
            return StatusDecision(cur.lastrowid, *row)

    def history(self, ambition_id: str | None = None) -> list[StatusDecision]:
        """Every status decision (of one ambition), oldest first; read-only."""
        with reading(self.path, WHAT, "status_decisions") as db:
            if db is None:
                return []
            sql = "SELECT id, ambition_id, year, action, status, note, author, at FROM status_decisions"
            rows = db.execute(sql + (" WHERE ambition_id = ? ORDER BY at, id" if ambition_id else " ORDER BY at, id"),
                              (ambition_id,) if ambition_id else ()).fetchall()
        return [StatusDecision(*r) for r in rows]

    def import_(self, rows: list) -> tuple[int, int]:
        """Add the status decisions of an export (`kb decision export`) not here yet;
        (added, already present). All checked first, then written in one transaction."""
        checked = checked_export(rows)
        have = {(d.ambition_id, d.year, d.action, d.author, d.at) for d in self.history()}
        new = only_new(checked, have, key=lambda row: (row[0], row[1], row[2], row[5], row[6]), at=lambda row: row[6])
        if new:
            with writing(self.path, SCHEMA, WHAT) as db:
                db.executemany(INSERT, new)
        return len(new), len(rows) - len(new)


def _checked(ambition_id: object, year: object, action: object, status: object, note: object,
             author: object, at: str | None) -> tuple:
    """A row (ambition_id, year, action, status, note, author, at) as stored, or a KbError
    saying what is wrong with it."""
    if action not in ACTIONS:
        raise KbError(f"onbekende beslissing '{action}' over een status (kies uit {', '.join(ACTIONS)})")
    if not isinstance(ambition_id, str) or not ambition_id.strip():
        raise KbError("een status hoort bij een ambitie (id plan:sleutel)")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        raise KbError("het jaar van een status moet een verslagjaar zijn, zoals 2020")
    if action == SET and status not in STATUSES:
        raise KbError(f"onbekende status '{status or ''}' (kies uit {', '.join(STATUSES)})")
    if not isinstance(note, str) or not note.strip():
        raise KbError("een status vaststellen of intrekken vraagt een reden")
    if len(note) > MAX_NOTE:
        raise KbError(f"reden is te lang ({len(note)} tekens, hooguit {MAX_NOTE})")
    author = (author if isinstance(author, str) else "").strip() or default_author()
    return (ambition_id, year, action, status if action == SET else None, note.strip(), author,
            at or datetime.now(timezone.utc).isoformat(timespec="milliseconds"))


def checked_export(rows: object) -> list[tuple]:
    """The rows of an export's `status_decisions` as they would be stored, or a KbError about
    the first that is wrong (nothing written)."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise KbError("status_decisions in de export moet een lijst van objecten zijn")
    checked = []
    for n, r in enumerate(rows, 1):
        if not isinstance(r.get("at"), str):
            raise KbError(f"status-beslissing {n} in de export mist at")
        try:
            checked.append(_checked(r.get("ambition_id"), r.get("year"), r.get("action"), r.get("status"),
                                    r.get("note"), r.get("author"), r["at"]))
        except KbError as exc:
            raise KbError(f"status-beslissing {n} in de export: {exc.message}") from None
    return checked


def current(history: list[StatusDecision]) -> dict[tuple[str, int], StatusDecision]:
    """(ambition id, year) -> the status that stands (the latest by time; a withdrawal leaves none)."""
    out: dict[tuple[str, int], StatusDecision] = {}
    for d in sorted(history, key=lambda d: (d.at, d.id)):
        out[(d.ambition_id, d.year)] = d
    return {k: d for k, d in out.items() if d.action != WITHDRAW}
