"""The catalog: documents, sections, ambitions and KPIs in one SQLite file, which lives in
an index generation beside the index built from it (kb.index.store: the two are swapped
as one; `Library.paths.catalog` is the live one).

Derived state: it can always be rebuilt from documents/. An ingest writes a complete new
file (`Catalog(staging).write`), which the index build then moves into the new
generation; a catalog file is never changed after that. Each write gets a new catalog id,
which the Library's snapshots are keyed by. A catalog of another schema version is not
read: `kb ingest` writes a new one.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from contextlib import closing
from pathlib import Path

from kb.errors import KbError, NotReady
from kb.files import atomic_write
from kb.model import Ambition, Document, KpiNorm, KpiValue, Section

SCHEMA_VERSION = "3"  # 2: a section's role (a leerdossier's "signalen"...); 3: a leerdossier's metadata, phenomena

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE sections (id TEXT PRIMARY KEY, document_id TEXT NOT NULL, ord INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX sections_doc ON sections (document_id, ord);
CREATE TABLE ambitions (id TEXT PRIMARY KEY, document_id TEXT NOT NULL, ord INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE kpi_norms (id TEXT PRIMARY KEY, document_id TEXT NOT NULL, ord INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE kpi_values (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL, data TEXT NOT NULL);
"""


class Catalog:
    """The live catalog file: written whole, read through `read()`. Its id is read once per
    file (a write makes a new file: another inode, time and size)."""

    def __init__(self, path: Path):
        self.path = path
        self._id: tuple[tuple, str | None] | None = None
        self._lock = threading.Lock()

    def exists(self) -> bool:
        return self.path.exists()

    def write(self, documents: list[Document], sections: list[Section], ambitions: list[Ambition],
              norms: list[KpiNorm], values: list[KpiValue]) -> Path:
        """Write a complete catalog file at this path (written beside it, then renamed)."""

        def fill(tmp: Path) -> None:
            with closing(sqlite3.connect(tmp)) as db:
                db.executescript(SCHEMA)
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
                # a new id per write: the search index and the snapshots know which catalog they hold
                db.execute("INSERT INTO meta VALUES ('catalog_id', ?)", (uuid.uuid4().hex,))
                dump = lambda o: json.dumps(o.to_dict(), ensure_ascii=False)  # noqa: E731
                db.executemany("INSERT INTO documents VALUES (?, ?)", [(d.id, dump(d)) for d in documents])
                db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?)",
                               [(s.id, s.document_id, s.order, dump(s)) for s in sections])
                db.executemany("INSERT INTO ambitions VALUES (?, ?, ?, ?)",
                               [(a.id, a.document_id, i, dump(a)) for i, a in enumerate(ambitions)])
                db.executemany("INSERT INTO kpi_norms VALUES (?, ?, ?, ?)",
                               [(n.id, n.document_id, i, dump(n)) for i, n in enumerate(norms)])
                db.executemany("INSERT INTO kpi_values (document_id, data) VALUES (?, ?)",
                               [(v.document_id, dump(v)) for v in values])
                db.commit()

        return atomic_write(self.path, fill, fsync=True)

    # ------------------------------------------------------------------ reading

    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise NotReady(f"er is nog geen catalogus in {self.path.parent}; draai eerst `kb ingest`")
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def _file_key(self) -> tuple | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def catalog_id(self) -> str | None:
        """The id of the live catalog, or None when there is none (or it is of another
        schema version, which is as good as none: the next ingest writes a new one)."""
        key = self._file_key()
        if key is None:
            return None
        with self._lock:
            if self._id is not None and self._id[0] == key:
                return self._id[1]
        try:
            with closing(self._connect()) as db:
                found = _catalog_id(db)
        except NotReady:
            return None
        except sqlite3.Error as exc:
            raise damaged(self.path, exc) from None
        with self._lock:
            self._id = (key, found)
        return found

    def check(self) -> None:
        """NotReady unless there is a catalog of this schema version."""
        if self.catalog_id() is None:
            if self.path.exists():
                raise NotReady(f"de catalogus in {self.path.parent} is van een andere versie; "
                               "draai `kb ingest --rebuild`")
            raise NotReady(f"er is nog geen catalogus in {self.path.parent}; draai eerst `kb ingest`")

    def read(self) -> CatalogFile:
        """The live catalog file, opened (use it in a `with`, or close it): every read of one
        task goes to the same file, whatever an ingest renames over it meanwhile (a snapshot
        keeps one open as long as it lives). NotReady when there is none of this version."""
        self.check()
        return CatalogFile(self._connect(), self.path)


def damaged(path: Path, exc: Exception) -> KbError:
    return KbError(f"de catalogus {path} is beschadigd of onleesbaar (SQLite: {exc}); "
                   "`kb ingest` schrijft een nieuwe", status=503)


def _catalog_id(db: sqlite3.Connection) -> str | None:
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return meta.get("catalog_id") if meta.get("schema_version") == SCHEMA_VERSION else None


class CatalogFile:
    """Reads from one open catalog file (thread-safe)."""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db = db
        self.path = path
        self.lock = threading.Lock()

    def __enter__(self) -> CatalogFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def catalog_id(self) -> str | None:
        with self.lock:
            try:
                return _catalog_id(self.db)
            except sqlite3.Error as exc:
                raise damaged(self.path, exc) from None

    def _rows(self, sql: str, args: tuple = ()) -> list[dict]:
        with self.lock:
            try:
                return [json.loads(r[0]) for r in self.db.execute(sql, args)]
            except sqlite3.Error as exc:
                raise damaged(self.path, exc) from None

    def documents(self) -> list[dict]:
        return self._rows("SELECT data FROM documents ORDER BY id")

    def sections(self, document_id: str | None = None) -> list[dict]:
        if document_id:
            return self._rows("SELECT data FROM sections WHERE document_id = ? ORDER BY ord", (document_id,))
        return self._rows("SELECT data FROM sections ORDER BY document_id, ord")

    def section(self, section_id: str) -> dict | None:
        rows = self._rows("SELECT data FROM sections WHERE id = ?", (section_id,))
        return rows[0] if rows else None

    def ambition(self, ambition_id: str) -> dict | None:
        rows = self._rows("SELECT data FROM ambitions WHERE id = ?", (ambition_id,))
        return rows[0] if rows else None

    def ambitions(self) -> list[dict]:
        return self._rows("SELECT data FROM ambitions ORDER BY document_id, ord")

    def norms(self) -> list[dict]:
        return self._rows("SELECT data FROM kpi_norms ORDER BY document_id, ord")

    def values(self) -> list[dict]:
        return self._rows("SELECT data FROM kpi_values ORDER BY rowid")
