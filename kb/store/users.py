"""Users of the web interface: name, hashed password, role. Precious state like the
decisions, in the same file (`<data>/decisions.sqlite`), so a rebuild never touches them.

Roles, each including the ones before it:
- lezer: may read when reading requires login;
- auditor: may confirm, reject and add links and write notes;
- beheerder: may upload documents, start an ingest and manage users.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from datetime import datetime, timezone
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from kb.errors import KbError
from kb.store.precious import open_db

ROLES = ("lezer", "auditor", "beheerder")
MIN_PASSWORD = 10
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created TEXT NOT NULL
);
"""


@dataclass
class User:
    name: str
    role: str
    created: str

    def may(self, role: str) -> bool:
        """Whether this user has `role` or a stronger one."""
        return ROLES.index(self.role) >= ROLES.index(role)


class UserStore:
    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        return open_db(self.path, SCHEMA, "de gebruikers")

    def add(self, name: str, password: str, role: str = "auditor") -> User:
        name = (name or "").strip().lower()
        if not _NAME.match(name):
            raise KbError("gebruikersnaam: 2 tot 40 tekens, kleine letters, cijfers, punt, streep of underscore")
        if role not in ROLES:
            raise KbError(f"onbekende rol '{role}' (kies uit {', '.join(ROLES)})")
        if len(password or "") < MIN_PASSWORD:
            raise KbError(f"wachtwoord moet minstens {MIN_PASSWORD} tekens hebben")
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with closing(self._connect()) as db, db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise KbError(f"gebruiker '{name}' bestaat al")
            db.execute("INSERT INTO users VALUES (?, ?, ?, ?)", (name, generate_password_hash(password), role, created))
        return User(name, role, created)

    def remove(self, name: str) -> None:
        with closing(self._connect()) as db, db:
            if db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise KbError(f"gebruiker '{name}' bestaat niet")

    def get(self, name: str) -> User | None:
        if not self.path.exists():
            return None
        with closing(self._connect()) as db:
            row = db.execute("SELECT name, role, created FROM users WHERE name = ?", (name,)).fetchone()
        return User(*row) if row else None

    def list(self) -> list[User]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as db:
            return [User(*r) for r in db.execute("SELECT name, role, created FROM users ORDER BY name")]

    def check(self, name: str, password: str) -> User | None:
        """The user when the password is right, else None (same answer for an unknown name)."""
        if not self.path.exists():
            check_password_hash(_dummy_hash(), password or "")
            return None
        with closing(self._connect()) as db:
            row = db.execute("SELECT name, password_hash, role, created FROM users WHERE name = ?",
                             ((name or "").strip().lower(),)).fetchone()
        if row is None:
            check_password_hash(_dummy_hash(), password or "")  # same time for an unknown name
            return None
        return User(row[0], row[2], row[3]) if check_password_hash(row[1], password or "") else None


@cache
def _dummy_hash() -> str:
    """A hash to check an unknown name's password against, so that it takes as long as a
    known one; made on first use, not at import (it costs 0.1 s, every command would pay)."""
    return generate_password_hash("geen-gebruiker-met-dit-wachtwoord")
