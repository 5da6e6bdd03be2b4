"""Users of the web interface: name, hashed password, role. Precious state like the
decisions, in the same file (`<data>/decisions.sqlite`), so a rebuild never touches them.

Roles, each including the ones before it:
- lezer: may read when reading requires login;
- auditor: may confirm, reject and add links and write notes;
- beheerder: may upload documents, start an ingest and manage users.

Beside them, two small tables (created when missing, so an older file keeps working):
- sessions: per user a random version that a login keeps in its session and every request
  compares; logging out, a new password and removing the user give a new one, so every
  session cookie of before stops working (a re-created user never gets an old version);
- login_failures: recent failed logins per name and per client address, so that every
  worker of the server counts the same guesses (`login` refuses once too many).
"""

from __future__ import annotations

import math
import re
import secrets
import time
from dataclasses import dataclass
from functools import cache
from datetime import datetime, timezone
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from kb.errors import KbError
from kb.store.precious import DiskFull, reading, writing

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
CREATE TABLE IF NOT EXISTS sessions (
    name TEXT PRIMARY KEY,
    version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, at);
"""


@dataclass(frozen=True)
class LoginLimits:
    """How many failed logins per name and per client address (0: no limit) within
    `window` seconds before `UserStore.login` refuses."""
    per_account: int = 10
    per_address: int = 30
    window: float = 15 * 60


class TooManyLogins(KbError):
    status = 429

    def __init__(self, retry_after: int):
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(f"Te veel mislukte inlogpogingen; probeer het over {minutes} "
                         f"{'minuut' if minutes == 1 else 'minuten'} opnieuw.")
        self.retry_after = retry_after


def _version() -> str:
    return secrets.token_urlsafe(16)


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

    def _writing(self):
        """A write transaction (kb.store.precious.writing); reading goes through `_reading`."""
        return writing(self.path, SCHEMA, "de gebruikers")

    def _reading(self, table: str = "users"):
        """A read-only connection, or None before there is `table`: never writes, so logging
        in and every logged-in page keep working on a full disk (kb.store.precious.reading)."""
        return reading(self.path, "de gebruikers", table)

    def add(self, name: str, password: str, role: str = "auditor") -> User:
        name = (name or "").strip().lower()
        if not _NAME.match(name):
            raise KbError("gebruikersnaam: 2 tot 40 tekens, kleine letters, cijfers, punt, streep of underscore")
        if role not in ROLES:
            raise KbError(f"onbekende rol '{role}' (kies uit {', '.join(ROLES)})")
        if len(password or "") < MIN_PASSWORD:
            raise KbError(f"wachtwoord moet minstens {MIN_PASSWORD} tekens hebben")
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._writing() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise KbError(f"gebruiker '{name}' bestaat al")
            db.execute("INSERT INTO users VALUES (?, ?, ?, ?)", (name, generate_password_hash(password), role, created))
            db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?)", (name, _version()))
        return User(name, role, created)

    def remove(self, name: str) -> None:
        """Remove the user; its sessions end with it."""
        with self._writing() as db:
            if db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise KbError(f"gebruiker '{name}' bestaat niet")
            db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    def set_password(self, name: str, password: str) -> None:
        """A new password; every session of the user ends."""
        if len(password or "") < MIN_PASSWORD:
            raise KbError(f"wachtwoord moet minstens {MIN_PASSWORD} tekens hebben")
        with self._writing() as db:
            if db.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                          (generate_password_hash(password), name)).rowcount == 0:
                raise KbError(f"gebruiker '{name}' bestaat niet")
            db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?)", (name, _version()))

    def end_sessions(self, name: str) -> None:
        """Every session of the user ends (logging out does this): a new session version."""
        if not self.path.exists():
            return
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO sessions SELECT name, ? FROM users WHERE name = ?", (_version(), name))

    def end_all_sessions(self) -> None:
        """Every session of every user ends (after a restore, which brings back the session
        versions of the back-up: a cookie logged out since must not work again)."""
        if not self.path.exists():
            return
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO sessions SELECT name, ? || name FROM users", (_version(),))

    def session_version(self, name: str) -> str | None:
        """The version a new session of the user keeps (None for an unknown user); made on
        first use for a user from before session versions (the only time this writes)."""
        with self._reading("sessions") as db:
            row = db.execute("SELECT version FROM sessions WHERE name = ?", (name,)).fetchone() if db else None
        if row is None and self.path.exists():
            with self._writing() as db:
                db.execute("INSERT OR IGNORE INTO sessions SELECT name, ? FROM users WHERE name = ?", (_version(), name))
                row = db.execute("SELECT version FROM sessions WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def get_session(self, name: str, version: object) -> User | None:
        """The user when `version` is still its session version, else None."""
        if not isinstance(version, str):
            return None
        with self._reading("sessions") as db:  # read-only: asked on every request
            row = db.execute("SELECT u.name, u.role, u.created FROM users u JOIN sessions s ON s.name = u.name "
                             "WHERE u.name = ? AND s.version = ?", (name, version)).fetchone() if db else None
        return User(*row) if row else None

    def get(self, name: str) -> User | None:
        with self._reading() as db:
            row = db.execute("SELECT name, role, created FROM users WHERE name = ?", (name,)).fetchone() if db else None
        return User(*row) if row else None

    def list(self) -> list[User]:
        with self._reading() as db:
            return [User(*r) for r in db.execute("SELECT name, role, created FROM users ORDER BY name")] if db else []

    def check(self, name: str, password: str) -> User | None:
        """The user when the password is right, else None (same answer for an unknown name)."""
        with self._reading() as db:
            row = db.execute("SELECT name, password_hash, role, created FROM users WHERE name = ?",
                             ((name or "").strip().lower(),)).fetchone() if db else None
        if row is None:
            check_password_hash(_dummy_hash(), password or "")  # same time for an unknown name
            return None
        return User(row[0], row[2], row[3]) if check_password_hash(row[1], password or "") else None

    def login(self, name: str, password: str, address: str | None, limits: LoginLimits = LoginLimits()) -> User | None:
        """`check` behind a limit of failed logins per name and per client address, shared by
        every process on this file. Raises TooManyLogins (nothing checked) once either has
        had its number of failures within the window. The attempt is counted as a failure
        before the password is checked (in one transaction with the count, so parallel
        guesses cannot overshoot) and taken back when it was right; a right password also
        clears the failures of its name, not those of the address (other names' guesses).
        On a full disk the limits still hold, but this attempt is not counted."""
        if not self.path.exists():
            return self.check(name, password)
        name = (name or "").strip().lower()
        counted = [(f"naam:{name}", limits.per_account), (f"adres:{address or '?'}", limits.per_address)]
        now = time.time()
        rows: list[int] = []
        try:
            with self._writing() as db:
                db.execute("BEGIN IMMEDIATE")  # the count and the new rows under one write lock
                db.execute("DELETE FROM login_failures WHERE at <= ?", (now - limits.window,))
                wait = _wait(db, counted, limits, now)
                if wait <= 0:
                    rows = [db.execute("INSERT INTO login_failures VALUES (?, ?)", (key, now)).lastrowid
                            for key, _ in counted]
        except DiskFull:
            with self._reading("login_failures") as db:
                wait = _wait(db, counted, limits, now) if db else 0.0
        if wait > 0:
            raise TooManyLogins(max(1, math.ceil(wait)))
        user = self.check(name, password)
        if user is not None:
            try:
                with self._writing() as db:
                    db.execute(f"DELETE FROM login_failures WHERE key = ? OR rowid IN ({', '.join('?' * len(rows))})",
                               (counted[0][0], *rows))
            except DiskFull:
                pass
        return user


def _wait(db, counted: list[tuple[str, int]], limits: LoginLimits, now: float) -> float:
    """Seconds until each key has fewer failures than its limit within the window (0: now)."""
    wait = 0.0
    for key, limit in counted:
        if limit <= 0:
            continue
        times = [r[0] for r in db.execute("SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at",
                                          (key, now - limits.window))]
        if len(times) >= limit:  # refused until enough of them are older than the window
            wait = max(wait, times[len(times) - limit] + limits.window - now)
    return wait

@cache
def _dummy_hash() -> str:
    """A hash to check an unknown name's password against, so that it takes as long as a
    known one; made on first use, not at import (it costs 0.1 s, every command would pay)."""
    return generate_password_hash("geen-gebruiker-met-dit-wachtwoord")
