"""The catalog: documents, sections, ambitions and KPIs in `<data>/catalog.sqlite`.

Derived state: it can always be rebuilt from documents/. A build writes a new file beside
the live one and renames it over it, so readers see the old catalog or the new one, never
half of one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

from kb.lru import LRU
from kb.model import Ambition, Document, KpiNorm, KpiValue, Section

SCHEMA_VERSION = 1
CATALOG_NAME = "catalog.sqlite"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE sections (id TEXT PRIMARY KEY, document_id TEXT NOT NULL, ord INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX sections_doc ON sections (document_id, ord);
CREATE TABLE ambitions (id TEXT PRIMARY KEY, document_id TEXT NOT NULL, ord INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE kpi_norms (id TEXT PRIMARY KEY, document_id TEXT NOT NULL, ord INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE kpi_values (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL, data TEXT NOT NULL);
"""


class CatalogMissing(Exception):
    pass


def catalog_path(data_dir: Path) -> Path:
    return data_dir / CATALOG_NAME


def write_catalog(
    data_dir: Path,
    documents: list[Document],
    sections: list[Section],
    ambitions: list[Ambition],
    norms: list[KpiNorm],
    values: list[KpiValue],
) -> Path:
    """Write a complete catalog beside the live one, then swap it in."""
    data_dir.mkdir(parents=True, exist_ok=True)
    final = catalog_path(data_dir)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(tmp)) as db:
            db.executescript(SCHEMA)
            db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            # a new id per write: the search index remembers which catalog it was built from
            db.execute("INSERT INTO meta VALUES ('catalog_id', ?)", (uuid.uuid4().hex,))
            dump = lambda o: json.dumps(o.to_dict(), ensure_ascii=False)  # noqa: E731
            db.executemany("INSERT INTO documents VALUES (?, ?)", [(d.id, dump(d)) for d in documents])
            db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?)", [(s.id, s.document_id, s.order, dump(s)) for s in sections])
            db.executemany("INSERT INTO ambitions VALUES (?, ?, ?, ?)", [(a.id, a.document_id, i, dump(a)) for i, a in enumerate(ambitions)])
            db.executemany("INSERT INTO kpi_norms VALUES (?, ?, ?, ?)", [(n.id, n.document_id, i, dump(n)) for i, n in enumerate(norms)])
            db.executemany("INSERT INTO kpi_values (document_id, data) VALUES (?, ?)", [(v.document_id, dump(v)) for v in values])
            db.commit()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return final


def _rows(data_dir: Path, sql: str, args: tuple = ()) -> list[dict]:
    path = catalog_path(data_dir)
    if not path.exists():
        raise CatalogMissing(f"er is nog geen catalogus in {data_dir}; draai eerst `kb ingest`")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return [json.loads(r[0]) for r in db.execute(sql, args)]


def _file_key(path: Path) -> tuple | None:
    """What tells one catalog file from the next: a write makes a new file and renames it
    over the old one, so the inode, time and size change with every write."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


# facts read from a catalog file, by (path, what, file key): asked on every page, read once per catalog
_facts: LRU[object] = LRU(64)


def _per_catalog(data_dir: Path, what: str, read):
    path = catalog_path(data_dir)
    key = _file_key(path)
    if key is None:
        return read()
    return _facts.get_or_make((str(path), what, key), read)


def read_catalog_id(data_dir: Path) -> str | None:
    return _per_catalog(data_dir, "id", lambda: _read_catalog_id(data_dir))


def _read_catalog_id(data_dir: Path) -> str | None:
    path = catalog_path(data_dir)
    if not path.exists():
        return None
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'catalog_id'").fetchone()
    return row[0] if row else None


def document_titles(data_dir: Path) -> dict[str, str]:
    """{document id: title}, for labels on every search page (do not change the dict)."""
    return _per_catalog(data_dir, "titles", lambda: {d["id"]: d["title"] for d in read_documents(data_dir)})


def read_documents(data_dir: Path) -> list[dict]:
    return _rows(data_dir, "SELECT data FROM documents ORDER BY id")


def read_sections(data_dir: Path, document_id: str | None = None) -> list[dict]:
    if document_id:
        return _rows(data_dir, "SELECT data FROM sections WHERE document_id = ? ORDER BY ord", (document_id,))
    return _rows(data_dir, "SELECT data FROM sections ORDER BY document_id, ord")


def read_section(data_dir: Path, section_id: str) -> dict | None:
    """One section by id (the primary key), without reading the others."""
    rows = _rows(data_dir, "SELECT data FROM sections WHERE id = ?", (section_id,))
    return rows[0] if rows else None


def read_ambition(data_dir: Path, ambition_id: str) -> dict | None:
    rows = _rows(data_dir, "SELECT data FROM ambitions WHERE id = ?", (ambition_id,))
    return rows[0] if rows else None


def read_ambitions(data_dir: Path) -> list[dict]:
    return _rows(data_dir, "SELECT data FROM ambitions ORDER BY document_id, ord")


def read_norms(data_dir: Path) -> list[dict]:
    return _rows(data_dir, "SELECT data FROM kpi_norms ORDER BY document_id, ord")


def read_values(data_dir: Path) -> list[dict]:
    return _rows(data_dir, "SELECT data FROM kpi_values ORDER BY rowid")
