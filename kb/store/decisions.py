"""Auditors' decisions on links: precious state, kept apart from everything derived.

`<data>/decisions.sqlite` is never rebuilt: `kb ingest --rebuild` and index rebuilds do not
touch it. Every decision is a new row (who, when, on which text), nothing is overwritten,
so the history of a link can always be read back. The current decision on a link is its
latest row.

A decision names the section by its stable id and remembers the fingerprint of the text it
was made on. When that text changes, a confirmed link becomes "verdacht" (suspect) until an
auditor looks at it again, as requirements tools do with a changed requirement.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from kb.store.precious import PRECIOUS_NAME, open_db

DECISIONS_NAME = PRECIOUS_NAME
EXPORT_FORMAT = "beleidsbank-beslissingen/1"

CONFIRM, REJECT, ADD, WITHDRAW, NOTE = "bevestigd", "afgewezen", "toegevoegd", "ingetrokken", "notitie"
LINK_ACTIONS = (CONFIRM, REJECT, ADD, WITHDRAW)
ACTIONS = LINK_ACTIONS + (NOTE,)
MAX_NOTE = 4000

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    ambition_id TEXT NOT NULL,
    section_id TEXT,
    action TEXT NOT NULL,
    fingerprint TEXT,
    note TEXT,
    author TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_link ON decisions (ambition_id, section_id, id);
"""


class DecisionError(Exception):
    """A decision that cannot be recorded or a file that cannot be imported (message in Dutch)."""


@dataclass
class Decision:
    id: int
    ambition_id: str
    section_id: str | None
    action: str
    fingerprint: str | None
    note: str | None
    author: str
    at: str

    def to_dict(self) -> dict:
        return asdict(self)


def decisions_path(data_dir: Path) -> Path:
    return data_dir / DECISIONS_NAME


def default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (a container without passwd entry)
        return "onbekend"


class DecisionStore:
    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        return open_db(self.path, SCHEMA, DecisionError, "de beslissingen")

    def record(self, ambition_id: str, section_id: str | None, action: str, fingerprint: str | None = None,
               note: str | None = None, author: str | None = None, at: str | None = None) -> Decision:
        if action not in ACTIONS:
            raise DecisionError(f"onbekende beslissing '{action}' (kies uit {', '.join(ACTIONS)})")
        if action in LINK_ACTIONS and not section_id:
            raise DecisionError(f"'{action}' gaat over een koppeling en heeft een sectie-id nodig")
        if action == NOTE and not (note or "").strip():
            raise DecisionError("een notitie zonder tekst wordt niet bewaard")
        if note is not None and len(note) > MAX_NOTE:
            raise DecisionError(f"notitie is te lang ({len(note)} tekens, hooguit {MAX_NOTE})")
        author = (author or default_author()).strip() or "onbekend"
        at = at or datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        with closing(self._connect()) as db, db:
            cur = db.execute(
                "INSERT INTO decisions (ambition_id, section_id, action, fingerprint, note, author, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (ambition_id, section_id, action, fingerprint, note, author, at))
            return Decision(cur.lastrowid, ambition_id, section_id, action, fingerprint, note, author, at)

    def history(self, ambition_id: str | None = None) -> list[Decision]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as db:
            sql = "SELECT id, ambition_id, section_id, action, fingerprint, note, author, at FROM decisions"
            rows = db.execute(sql + (" WHERE ambition_id = ? ORDER BY at, id" if ambition_id else " ORDER BY at, id"),
                              (ambition_id,) if ambition_id else ()).fetchall()
        return [Decision(*r) for r in rows]

    def current(self, history: list[Decision] | None = None) -> dict[tuple[str, str], Decision]:
        """(ambition id, section id) -> the latest decision on that link by time (withdrawn
        ones left out). By time, not by row: an imported older decision does not win."""
        out: dict[tuple[str, str], Decision] = {}
        for d in self.history() if history is None else history:
            if d.action in LINK_ACTIONS:
                out[(d.ambition_id, d.section_id)] = d
        return {k: d for k, d in out.items() if d.action != WITHDRAW}

    def notes(self, history: list[Decision] | None = None) -> dict[str, list[Decision]]:
        out: dict[str, list[Decision]] = {}
        for d in self.history() if history is None else history:
            if d.action == NOTE:
                out.setdefault(d.ambition_id, []).append(d)
        return out

    def version(self) -> tuple[int, int]:
        """Changes whenever a decision is added (for caches of the trace)."""
        if not self.path.exists():
            return (0, 0)
        with closing(self._connect()) as db:
            count, last = db.execute("SELECT count(*), coalesce(max(id), 0) FROM decisions").fetchone()
        return (count, last)

    # ---------------------------------------------------------------- moving them

    def export(self) -> dict:
        return {"format": EXPORT_FORMAT, "decisions": [d.to_dict() for d in self.history()]}

    def import_(self, data: dict) -> tuple[int, int]:
        """Add the decisions of an export that are not here yet; (added, already present).
        Nothing is replaced: the import only ever adds history."""
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT or not isinstance(data.get("decisions"), list):
            raise DecisionError(f"dit is geen export van beslissingen (verwacht \"format\": \"{EXPORT_FORMAT}\")")
        rows = []
        for i, d in enumerate(data["decisions"], 1):
            if not isinstance(d, dict):
                raise DecisionError(f"beslissing {i} is geen object")
            missing = [k for k in ("ambition_id", "action", "author", "at") if not isinstance(d.get(k), str) or not d[k]]
            if missing:
                raise DecisionError(f"beslissing {i} mist {', '.join(missing)}")
            if d["action"] not in ACTIONS:
                raise DecisionError(f"beslissing {i}: onbekende actie '{d['action']}'")
            if d["action"] in LINK_ACTIONS and not d.get("section_id"):
                raise DecisionError(f"beslissing {i}: '{d['action']}' zonder sectie-id")
            try:
                at = _utc(d["at"])
            except ValueError:
                raise DecisionError(f"beslissing {i}: tijdstip '{d['at']}' is geen ISO-datum") from None
            rows.append((d["ambition_id"], d.get("section_id"), d["action"], d.get("fingerprint"),
                         d.get("note"), d["author"], at))
        added = 0
        with closing(self._connect()) as db, db:  # all or nothing
            for row in sorted(rows, key=lambda r: r[6]):
                aid, sid, action, fp, note, author, at = row
                if db.execute(
                        "SELECT 1 FROM decisions WHERE ambition_id = ? AND coalesce(section_id, '') = ? AND action = ? "
                        "AND author = ? AND at = ? AND coalesce(note, '') = ?",
                        (aid, sid or "", action, author, at, note or "")).fetchone():
                    continue
                db.execute("INSERT INTO decisions (ambition_id, section_id, action, fingerprint, note, author, at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)", row)
                added += 1
        return added, len(rows) - added


def record_decision(data_dir: Path, ambition_id: str, section_id: str | None, action: str,
                    note: str | None = None, author: str | None = None) -> Decision:
    """Record an auditor's decision after checking both ids against the catalog, with the
    fingerprint of the section's text as it is now (for "verdacht" later). The one way the
    command line, the web form and the JSON API record a decision."""
    from kb.store.catalog import read_ambition, read_section

    if read_ambition(data_dir, ambition_id) is None:
        raise DecisionError(f"onbekende ambitie '{ambition_id}'")
    fingerprint = None
    if action != NOTE:
        section = read_section(data_dir, section_id) if isinstance(section_id, str) and section_id else None
        if section is None:
            raise DecisionError(f"onbekende sectie '{section_id or ''}': die bestaat niet in de catalogus "
                                "(de sectie-id staat bij elke alinea in de lezer en in de zoekresultaten, `kb search`)")
        fingerprint = section.get("fingerprint")
    else:
        section_id = None
    if note is not None and not isinstance(note, str):
        raise DecisionError("een notitie moet tekst zijn")
    return DecisionStore(decisions_path(data_dir)).record(ambition_id, section_id, action, fingerprint, note, author)


def _utc(value: str) -> str:
    """One spelling of a moment, so that times sort as text and a re-import is recognised."""
    t = datetime.fromisoformat(value)
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def read_export(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DecisionError(f"bestand {path} bestaat niet") from None
    except OSError as exc:
        raise DecisionError(f"{path} is niet te lezen: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DecisionError(f"{path} is geen geldige JSON: {exc}") from None
