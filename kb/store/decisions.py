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

import dataclasses
import getpass
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, StringConstraints, ValidationError, model_validator

from kb.datafiles import explain, rule, says
from kb.errors import KbError
from kb.store.precious import reading, tables, versions, writing

EXPORT_FORMAT = "beleidsbank-beslissingen/1"

CONFIRM, REJECT, ADD, WITHDRAW, NOTE = "bevestigd", "afgewezen", "toegevoegd", "ingetrokken", "notitie"
LINK_ACTIONS = (CONFIRM, REJECT, ADD, WITHDRAW)
ACTIONS = LINK_ACTIONS + (NOTE,)
MAX_NOTE = 4000
MAX_KEY = 200
WHAT = "de beslissingen"

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
CREATE TABLE IF NOT EXISTS ambition_migrations (
    legacy_id TEXT PRIMARY KEY,
    ambition_id TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decision_keys (
    author TEXT NOT NULL,
    key TEXT NOT NULL,
    decision_id INTEGER NOT NULL,
    PRIMARY KEY (author, key)
);
"""


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

    # not a field: True when `record` found the decision of an idempotency key it was given
    # again (a retried request), instead of storing a second one
    replayed = False
    # not fields: set by kb.trace.plans.Plans.carry on a decision made on an older version of
    # a plan, counted for the current one: the ambition it was made on, and whether its text
    # changed between the versions (then the link is "verdacht")
    carried_from: str | None = None
    ambition_changed = False
    # not a field: set by follow_text on a decision whose paragraph moved within its report
    # (a bullet inserted before it): the section id it was made on
    moved_from = None  # str | None
    # not a field: set by kb.library.Library.record_decision on a link it records that will not
    # count (its paragraph lies outside the plan's scope), what to tell the auditor
    warning = None  # str | None (no annotation: not a field of to_dict)

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.carried_from:
            d["carried_from"], d["ambition_changed"] = self.carried_from, self.ambition_changed
        if self.moved_from:
            d["moved_from"] = self.moved_from
        return d


def default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (a container without passwd entry)
        return "onbekend"


class DecisionStore:
    def __init__(self, path: Path):
        self.path = path

    def record(self, ambition_id: str, section_id: str | None, action: str, fingerprint: str | None = None,
               note: str | None = None, author: str | None = None, at: str | None = None,
               key: str | None = None, standing: bool = True) -> Decision:
        """Store a decision. With an idempotency `key` (a retried form or API request sends
        the same one), the decision stored earlier under that key by the same author is
        returned (`replayed` set) instead of storing a second one; a key used for another
        decision is refused (409). `standing`: whether a decision on the link stands now; a
        withdrawal of none is refused (409), a retried one still replays."""
        if action not in ACTIONS:
            raise KbError(f"onbekende beslissing '{action}' (kies uit {', '.join(ACTIONS)})")
        if action in LINK_ACTIONS and not section_id:
            raise KbError(f"'{action}' gaat over een koppeling en heeft een sectie-id nodig")
        if action == NOTE and not (note or "").strip():
            raise KbError("een notitie zonder tekst wordt niet bewaard")
        if note is not None and len(note) > MAX_NOTE:
            raise KbError(f"notitie is te lang ({len(note)} tekens, hooguit {MAX_NOTE})")
        author = (author or default_author()).strip() or "onbekend"
        at = at or datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        key = _checked_key(key)
        with writing(self.path, SCHEMA, WHAT) as db:
            if key is not None:
                db.execute("BEGIN IMMEDIATE")  # a retry arriving at the same moment waits for this one
                found = db.execute(
                    "SELECT d.id, d.ambition_id, d.section_id, d.action, d.fingerprint, d.note, d.author, d.at "
                    "FROM decision_keys k JOIN decisions d ON d.id = k.decision_id WHERE k.author = ? AND k.key = ?",
                    (author, key)).fetchone()
                if found is not None:
                    first = Decision(*found)
                    if (first.ambition_id, first.section_id or None, first.action, (first.note or "").strip()) != (
                            ambition_id, section_id or None, action, (note or "").strip()):
                        raise KbError("deze sleutel (idempotency key) hoort bij een andere beslissing; "
                                      "laad de pagina opnieuw of stuur een nieuwe sleutel", status=409)
                    first.replayed = True
                    return first
            if action == WITHDRAW and not standing:
                raise KbError("er staat geen beslissing over deze koppeling om in te trekken", status=409)
            cur = db.execute(
                "INSERT INTO decisions (ambition_id, section_id, action, fingerprint, note, author, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (ambition_id, section_id, action, fingerprint, note, author, at))
            if key is not None:
                db.execute("INSERT INTO decision_keys (author, key, decision_id) VALUES (?, ?, ?)",
                           (author, key, cur.lastrowid))
            return Decision(cur.lastrowid, ambition_id, section_id, action, fingerprint, note, author, at)

    def history(self, ambition_id: str | None = None) -> list[Decision]:
        """Every decision, oldest first, on the ambition id it has now: one stored with a
        bare key of before ids were per plan reads as the global id `adopt_legacy_ids` gave it."""
        with reading(self.path, WHAT, "decisions") as db:  # read-only: works on a full disk
            if db is None:
                return []
            migrated = tables(db) >= {"ambition_migrations"}
            aid = "coalesce(m.ambition_id, d.ambition_id)" if migrated else "d.ambition_id"
            sql = (f"SELECT d.id, {aid}, d.section_id, d.action, d.fingerprint, d.note, d.author, d.at FROM decisions d"
                   + (" LEFT JOIN ambition_migrations m ON m.legacy_id = d.ambition_id" if migrated else ""))
            rows = db.execute(sql + (f" WHERE {aid} = ? ORDER BY d.at, d.id" if ambition_id else " ORDER BY d.at, d.id"),
                              (ambition_id,) if ambition_id else ()).fetchall()
        return [Decision(*r) for r in rows]

    def legacy_ids(self) -> list[str]:
        """The bare ambition keys decisions were stored with before ids were per plan, not yet
        given a global id."""
        with reading(self.path, WHAT, "decisions") as db:
            if db is None:
                return []
            join = ("LEFT JOIN ambition_migrations m ON m.legacy_id = d.ambition_id WHERE m.legacy_id IS NULL AND"
                    if tables(db) >= {"ambition_migrations"} else "WHERE")
            rows = db.execute(f"SELECT DISTINCT d.ambition_id FROM decisions d {join} instr(d.ambition_id, ':') = 0")
            return sorted(r[0] for r in rows.fetchall())

    def adopt_legacy_ids(self, mapping: dict[str, str]) -> int:
        """Record once which global id a bare key of an older store means (kb.trace.plans
        decides, while the plan it was made on is the only one with that key); the decisions
        themselves stay as they were written. The number of keys given an id."""
        if not mapping:
            return 0
        at = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        with writing(self.path, SCHEMA, WHAT) as db:
            before = db.total_changes
            db.executemany("INSERT OR IGNORE INTO ambition_migrations (legacy_id, ambition_id, at) VALUES (?, ?, ?)",
                           [(k, v, at) for k, v in sorted(mapping.items())])
            return db.total_changes - before

    def version(self) -> tuple[int, int]:
        """Changes whenever a decision is added: the number of decisions and the last id, as
        `version_of` gives for a history (read-only; Library.decisions_version asks it with
        the KPI decisions' on one connection)."""
        return versions(self.path, WHAT, ("decisions",))

    # ---------------------------------------------------------------- moving them

    def export(self) -> dict:
        return {"format": EXPORT_FORMAT, "decisions": [d.to_dict() for d in self.history()]}

    def import_(self, data: dict) -> tuple[int, int]:
        """Add the decisions of an export that are not here yet; (added, already present).
        Nothing is replaced: the import only ever adds history."""
        rows = [(d.ambition_id, d.section_id, d.action, d.fingerprint, d.note, d.author, d.at)
                for d in _checked_export(data).decisions]
        added = 0
        with writing(self.path, SCHEMA, WHAT) as db:  # all or nothing
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


def _checked_key(key: object) -> str | None:
    """An idempotency key as given (None or empty: none), or a KbError (400)."""
    if key is None or key == "":
        return None
    if not isinstance(key, str) or len(key) > MAX_KEY or not key.isprintable() or not key.strip():
        raise KbError(f"de sleutel (idempotency key) moet een tekst van 1 tot {MAX_KEY} gewone tekens zijn")
    return key.strip()


def follow_text(history: list[Decision], sections: dict[str, dict]) -> list[Decision]:
    """The decisions on the paragraphs their text is in now. A report ingested again after an
    edit numbers its paragraphs anew: a paragraph after an inserted bullet gets the next
    id, and the decision made on it would stick to whatever paragraph has its old id (a
    confirmation on another text, a rejection that silently drops an unrelated one). A
    decision whose section no longer has the text it was made on moves to the section of the
    same document that has that text (`moved_from` says where it was); with no such section
    it stays, and its link is "verdacht" (kb.trace.build). The index of texts is made only
    when a decision needs it: after each decision the history is read again."""
    at: dict[tuple[str, str], list[str]] | None = None
    out = []
    for d in history:
        section = sections.get(d.section_id or "")
        if not d.section_id or not d.fingerprint or (section is not None and section.get("fingerprint") == d.fingerprint):
            out.append(d)
            continue
        if at is None:
            at = {}
            for sid, sec in sections.items():
                if sec.get("fingerprint"):
                    at.setdefault((sec["document_id"], sec["fingerprint"]), []).append(sid)
        document = section["document_id"] if section is not None else d.section_id.split("/", 1)[0]
        found = at.get((document, d.fingerprint))
        if not found:
            out.append(d)
            continue
        moved = dataclasses.replace(d, section_id=found[0])
        moved.moved_from, moved.carried_from, moved.ambition_changed = d.section_id, d.carried_from, d.ambition_changed
        out.append(moved)
    return out


def current_links(history: list[Decision]) -> dict[tuple[str, str], Decision]:
    """(ambition id, section id) -> the latest decision on that link by time (withdrawn
    ones left out). By time, not by row: an imported older decision does not win."""
    out: dict[tuple[str, str], Decision] = {}
    for d in history:
        if d.action in LINK_ACTIONS:
            out[(d.ambition_id, d.section_id)] = d
    return {k: d for k, d in out.items() if d.action != WITHDRAW}


def notes_by_ambition(history: list[Decision]) -> dict[str, list[Decision]]:
    out: dict[str, list[Decision]] = {}
    for d in history:
        if d.action == NOTE:
            out.setdefault(d.ambition_id, []).append(d)
    return out


def version_of(history: list) -> tuple[int, int]:
    """The version (kb.store.precious.versions: rows and last id) of the table a history of
    decisions, on links or on KPI figures, was read from."""
    return (len(history), max((d.id for d in history), default=0))


def _utc(value: str) -> str:
    """One spelling of a moment, so that times sort as text and a re-import is recognised."""
    t = datetime.fromisoformat(value)
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc).isoformat(timespec="milliseconds")


_Filled = Annotated[str, StringConstraints(strict=True, min_length=1), says("moet een niet-lege tekst zijn")]
_Optional = Annotated[str, StringConstraints(strict=True), says("moet een tekst zijn")] | None


class ExportedDecision(BaseModel):
    """One decision of an export; its `id` and anything else unknown is ignored."""

    ambition_id: _Filled
    action: Annotated[Literal[ACTIONS], says(f"moet een van {', '.join(ACTIONS)} zijn")]
    author: _Filled
    at: Annotated[str, StringConstraints(strict=True), AfterValidator(_utc),
                  says("moet een ISO-tijdstip zijn, zoals 2021-03-01T12:00:00+00:00")]
    section_id: _Optional = None
    fingerprint: _Optional = None
    note: _Optional = None

    @model_validator(mode="after")
    def _link_has_section(self) -> ExportedDecision:
        if self.action in LINK_ACTIONS and not self.section_id:
            raise rule(f"is '{self.action}' zonder sectie-id")
        return self


class Export(BaseModel):
    format: Literal[EXPORT_FORMAT]
    decisions: list[ExportedDecision]


def _checked_export(data: object) -> Export:
    """The export as a model, or one Dutch line about what is wrong, before anything is added."""
    try:
        return Export.model_validate(data)
    except ValidationError as exc:
        if any(len(e["loc"]) < 2 for e in exc.errors()):
            raise KbError(f"dit is geen export van beslissingen (verwacht \"format\": \"{EXPORT_FORMAT}\")") from None
        raise KbError(explain(exc, Export, {"decisions": "beslissing"}, table="object")) from None


def read_export(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KbError(f"bestand {path} bestaat niet") from None
    except OSError as exc:
        raise KbError(f"{path} is niet te lezen: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KbError(f"{path} is geen geldige JSON: {exc}") from None
