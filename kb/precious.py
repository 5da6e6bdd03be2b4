"""The file of precious state (`<data>/decisions.sqlite`: decisions and users), opened one
way: WAL so readers never wait for a writer, FULL sync so an acknowledged write survives a
crash, the caller's tables created when missing, and a clear error when it cannot be used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

PRECIOUS_NAME = "decisions.sqlite"


def open_db(path: Path, schema: str, error: type[Exception], what: str) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(schema)
    except (OSError, sqlite3.Error) as exc:
        raise error(f"{what} in {path} zijn niet te openen: {exc}") from None
    return db
