"""Saved searches of logged-in users, and what is new for each since its owner last looked:
precious state in the same file as the decisions and users (`<data>/decisions.sqlite`),
so `kb backup` keeps them and a rebuild never touches them.

A saved search is a query and its filters under a name, per user (names are unique per
user, compared without case). Each has a secret feed token (its Atom feed is read by feed
readers that cannot log in), replaced on request, which makes the old address stop working.

"New since your last visit" is counted in arrivals, not in clock times: `arrivals` notes
every (document, content hash) the first time it is seen in a catalog, with a number that
only goes up and the time. A visit remembers the highest arrival number then (`mark`); a
hit is new when its document's current version arrived after the mark of the visit before.
A re-ingest of an unchanged document keeps its hash, so it is no new arrival and its hits
do not turn new; a changed file is a new version, and its hits are new. The catalog has no
ingest time per document, so arrivals are noted when a saved search, the list or a feed is
asked for (before anything is counted), which is also when they could first be shown.

Each visit also keeps the mark of the visit before it (`shown_mark`): the page of a visit
(and its further pages, or a reload, which carry the visit's number) keeps marking what
was new when it was opened.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from kb.errors import KbError
from kb.store.precious import DiskFull, reading, writing

WHAT = "de bewaarde zoekopdrachten"
MAX_NAME = 80
MAX_QUERY = 500
MAX_FILTER_VALUES = 20
MAX_FILTER_VALUE = 200
_FILTER_KEY = re.compile(r"^[a-z]{1,20}$")  # the search page's filter names (the web layer passes only those)

SCHEMA = """
CREATE TABLE IF NOT EXISTS saved_searches (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    query TEXT NOT NULL,
    filters TEXT NOT NULL,
    feed_token TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    visit INTEGER NOT NULL DEFAULT 0,
    visited TEXT,
    previous_visited TEXT,
    mark INTEGER NOT NULL DEFAULT 0,
    shown_mark INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS saved_searches_owner_name ON saved_searches (owner, name_key);
CREATE TABLE IF NOT EXISTS arrivals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (document_id, content_hash)
);
"""

MAX_PER_USER = 50
COLUMNS = "id, owner, name, query, filters, feed_token, created, visit, visited, previous_visited, mark, shown_mark"


class NotFound(KbError):
    """An unknown saved search, or another user's: the same answer, so ids say nothing."""

    status = 404


class DuplicateName(KbError):
    status = 409


@dataclass
class SavedSearch:
    id: int
    owner: str
    name: str
    query: str
    filters: dict[str, list[str]]
    feed_token: str
    created: str
    visit: int = 0  # how many times its page was opened
    visited: str | None = None  # when last
    previous_visited: str | None = None  # the visit before that: what the last visit's page counts new since
    mark: int = 0  # the highest arrival at the last visit
    shown_mark: int = 0  # the mark of the visit before it: what the last visit's page marks as new

    def to_dict(self) -> dict:
        """The public part (the feed token only for its owner's pages: `feed_token` is kept)."""
        return {"id": self.id, "name": self.name, "query": self.query, "filters": self.filters,
                "created": self.created, "visited": self.visited, "previous_visited": self.previous_visited,
                "visit": self.visit}


@dataclass(frozen=True)
class Arrival:
    id: int
    at: str  # ISO time, UTC, when this version of the document was first seen


@dataclass
class Arrivals:
    """Per document of a catalog, when its current version arrived; `unnoted`: documents
    that could not be noted (a full disk), counted as newer than any mark."""

    by_document: dict[str, Arrival] = field(default_factory=dict)
    unnoted: set[str] = field(default_factory=set)

    @property
    def mark(self) -> int:
        """The highest arrival among these documents: a visit on this catalog has seen up to
        here (not an arrival another worker noted for a newer catalog, not shown yet)."""
        return max((a.id for a in self.by_document.values()), default=0)

    def is_new(self, document_id: str, mark: int) -> bool:
        found = self.by_document.get(document_id)
        return found.id > mark if found is not None else document_id in self.unnoted


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def clean_name(name: object) -> str:
    """The name as kept (spaces folded, NFC), or a KbError saying what is wrong with it."""
    if not isinstance(name, str):
        name = ""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if not text:
        raise KbError("Geef de zoekopdracht een naam.")
    if any(unicodedata.category(c)[0] == "C" for c in text):
        raise KbError("De naam mag geen besturingstekens bevatten.")
    if len(text) > MAX_NAME:
        raise KbError(f"De naam is te lang ({len(text)} tekens, hooguit {MAX_NAME}).")
    return text


def _name_key(name: str) -> str:
    return name.casefold()


def clean_search(query: object, filters: object) -> tuple[str, dict[str, list[str]]]:
    """The query and filters as kept: the search page's arguments, checked."""
    query = " ".join((query if isinstance(query, str) else "").split())
    if len(query) > MAX_QUERY:
        raise KbError(f"De zoekvraag is te lang om te bewaren ({len(query)} tekens, hooguit {MAX_QUERY}).")
    kept: dict[str, list[str]] = {}
    for key, values in (filters or {}).items() if isinstance(filters, dict) else ():
        if not isinstance(key, str) or not _FILTER_KEY.match(key):
            raise KbError(f"Onbekend filter '{key}'.")
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise KbError(f"Het filter '{key}' moet tekst zijn.")
        values = [v.strip() for v in values if v.strip()]
        if len(values) > MAX_FILTER_VALUES or any(len(v) > MAX_FILTER_VALUE for v in values):
            raise KbError(f"Het filter '{key}' heeft te veel of te lange waarden.")
        if values:
            kept[key] = list(dict.fromkeys(values))
    if not query and not kept:
        raise KbError("Er is geen zoekopdracht om te bewaren: zoek eerst iets.")
    return query, kept


def _token() -> str:
    return secrets.token_urlsafe(24)


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class SavedSearchStore:
    def __init__(self, path: Path):
        self.path = path

    def _writing(self):
        return writing(self.path, SCHEMA, WHAT)

    def _reading(self, table: str = "saved_searches"):
        """Read-only (kb.store.precious.reading): pages keep working on a full disk."""
        return reading(self.path, WHAT, table)

    # ------------------------------------------------------------------ the searches

    def create(self, owner: str, name: object, query: object, filters: object, arrivals: Arrivals) -> SavedSearch:
        """Save a search for `owner`; what the catalog holds now counts as seen."""
        name = clean_name(name)
        query, filters = clean_search(query, filters)
        created = _now()
        with self._writing() as db:
            if db.execute("SELECT 1 FROM saved_searches WHERE owner = ? AND name_key = ?",
                          (owner, _name_key(name))).fetchone():
                raise DuplicateName(f"U hebt al een zoekopdracht met de naam '{name}'; kies een andere naam.")
            have = db.execute("SELECT count(*) FROM saved_searches WHERE owner = ?", (owner,)).fetchone()[0]
            if have >= MAX_PER_USER:  # the list runs every one of them: a bound on the page's work
                raise KbError(f"U hebt al {have} bewaarde zoekopdrachten (hooguit {MAX_PER_USER}); verwijder er eerst "
                              "een.", status=409)
            mark = arrivals.mark
            token = _token()
            cur = db.execute("INSERT INTO saved_searches (owner, name, name_key, query, filters, feed_token, created, "
                             "visit, mark, shown_mark) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                             (owner, name, _name_key(name), query, json.dumps(filters, ensure_ascii=False), token,
                              created, mark, mark))
            return SavedSearch(cur.lastrowid, owner, name, query, filters, token, created, 0, None, None, mark, mark)

    def list(self, owner: str) -> list[SavedSearch]:
        """The owner's saved searches, by name."""
        with self._reading() as db:
            rows = db.execute(f"SELECT {COLUMNS} FROM saved_searches WHERE owner = ? ORDER BY name_key, id",
                              (owner,)).fetchall() if db else []
        return [_search(r) for r in rows]

    def get(self, owner: str, search_id: object) -> SavedSearch:
        """The owner's saved search; NotFound (404) for an unknown id or another user's."""
        found = None
        if isinstance(search_id, int) and not isinstance(search_id, bool):
            with self._reading() as db:
                found = db.execute(f"SELECT {COLUMNS} FROM saved_searches WHERE id = ? AND owner = ?",
                                   (search_id, owner)).fetchone() if db else None
        if found is None:
            raise NotFound(f"Zoekopdracht {search_id} bestaat niet, of is niet van u.")
        return _search(found)

    def by_token(self, search_id: int, token: object) -> SavedSearch:
        """The saved search whose feed token this is (no login: the token is the key);
        NotFound for a wrong or replaced token, as for an unknown id."""
        found = None
        if isinstance(token, str) and _TOKEN.match(token):
            with self._reading() as db:
                row = db.execute(f"SELECT {COLUMNS} FROM saved_searches WHERE id = ?",
                                 (search_id,)).fetchone() if db else None
                # a search of a user who is no more has no feed (users: kb.store.users, same file)
                if row is not None and db.execute("SELECT 1 FROM sqlite_master WHERE name = 'users'").fetchone() \
                        and not db.execute("SELECT 1 FROM users WHERE name = ?", (row[1],)).fetchone():
                    row = None
            if row is not None and secrets.compare_digest(row[5], token):
                found = row
        if found is None:
            raise NotFound("Deze feed bestaat niet, of de sleutel in het adres is vervangen; "
                           "neem het nieuwe adres over van de pagina Zoekopdrachten.")
        return _search(found)

    def rename(self, owner: str, search_id: int, name: object) -> SavedSearch:
        name = clean_name(name)
        with self._writing() as db:
            current = self._owned(db, owner, search_id)
            other = db.execute("SELECT id FROM saved_searches WHERE owner = ? AND name_key = ?",
                               (owner, _name_key(name))).fetchone()
            if other is not None and other[0] != search_id:
                raise DuplicateName(f"U hebt al een zoekopdracht met de naam '{name}'; kies een andere naam.")
            db.execute("UPDATE saved_searches SET name = ?, name_key = ? WHERE id = ?",
                       (name, _name_key(name), search_id))
        current.name = name
        return current

    def remove(self, owner: str, search_id: int) -> SavedSearch:
        with self._writing() as db:
            current = self._owned(db, owner, search_id)
            db.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,))
        return current

    def remove_owner(self, owner: str) -> int:
        """Remove every saved search of a user (when the user is removed: a new user of the
        same name must not find them, nor their feeds keep working). How many there were."""
        if not self.path.exists():
            return 0
        with self._reading() as db:
            if db is None:
                return 0
        with self._writing() as db:
            return db.execute("DELETE FROM saved_searches WHERE owner = ?", (owner,)).rowcount

    def new_token(self, owner: str, search_id: int) -> SavedSearch:
        """A new feed token: the old feed address stops working at once."""
        with self._writing() as db:
            current = self._owned(db, owner, search_id)
            current.feed_token = _token()
            db.execute("UPDATE saved_searches SET feed_token = ? WHERE id = ?", (current.feed_token, search_id))
        return current

    def record_visit(self, owner: str, search_id: int, arrivals: Arrivals) -> SavedSearch:
        """The owner opened the saved search: what arrived until now is seen from here on;
        the page of this visit marks what arrived since the visit before (`shown_mark`)."""
        with self._writing() as db:
            current = self._owned(db, owner, search_id)
            mark = max(arrivals.mark, current.mark)
            current.shown_mark, current.mark = current.mark, mark
            current.visit += 1
            current.previous_visited, current.visited = current.visited, _now()
            db.execute("UPDATE saved_searches SET visit = ?, visited = ?, previous_visited = ?, mark = ?, "
                       "shown_mark = ? WHERE id = ?",
                       (current.visit, current.visited, current.previous_visited, current.mark, current.shown_mark,
                        search_id))
        return current

    def _owned(self, db, owner: str, search_id: object) -> SavedSearch:
        row = db.execute(f"SELECT {COLUMNS} FROM saved_searches WHERE id = ? AND owner = ?",
                         (search_id, owner)).fetchone() if isinstance(search_id, int) else None
        if row is None:
            raise NotFound(f"Zoekopdracht {search_id} bestaat niet, of is niet van u.")
        return _search(row)

    # ------------------------------------------------------------------ arrivals

    def arrivals(self, documents: dict[str, str]) -> Arrivals:
        """When each document's current version (document id -> content hash) arrived,
        noting the ones not seen before now. On a full disk nothing is noted: those count as
        new (`unnoted`) until a later request can note them."""
        found = self._read_arrivals()
        missing = [(d, h) for d, h in documents.items() if (d, h) not in found]
        if missing:
            try:
                at = _now()
                with self._writing() as db:
                    db.executemany("INSERT OR IGNORE INTO arrivals (document_id, content_hash, at) VALUES (?, ?, ?)",
                                   [(d, h, at) for d, h in sorted(missing)])
                found = self._read_arrivals()
            except DiskFull:
                pass
        out = Arrivals()
        for doc, content_hash in documents.items():
            arrival = found.get((doc, content_hash))
            if arrival is None:
                out.unnoted.add(doc)
            else:
                out.by_document[doc] = arrival
        return out

    def _read_arrivals(self) -> dict[tuple[str, str], Arrival]:
        with self._reading("arrivals") as db:
            rows = db.execute("SELECT document_id, content_hash, id, at FROM arrivals").fetchall() if db else []
        return {(d, h): Arrival(i, at) for d, h, i, at in rows}

    def export(self) -> list[dict]:
        """Every saved search of every user (without feed tokens), for a JSON export."""
        with self._reading() as db:
            rows = db.execute(f"SELECT {COLUMNS} FROM saved_searches ORDER BY owner, name_key").fetchall() if db else []
        return [{"owner": s.owner, **s.to_dict()} for s in map(_search, rows)]


def _search(row: tuple) -> SavedSearch:
    i, owner, name, query, filters, token, created, visit, visited, previous, mark, shown_mark = row
    return SavedSearch(i, owner, name, query, json.loads(filters), token, created, visit, visited, previous, mark,
                       shown_mark)
