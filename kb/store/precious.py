"""The file of precious state (`<data>/decisions.sqlite`: decisions and users), opened one
way: WAL so readers never wait for a writer, FULL sync so an acknowledged write survives a
crash, the caller's tables created when missing, and a clear error when it cannot be used."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

from kb.errors import KbError
from kb.files import atomic_write


def open_db(path: Path, schema: str, what: str) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(schema)
    except (OSError, sqlite3.Error) as exc:
        raise KbError(f"{what} in {path} zijn niet te openen: {exc}", status=500) from None
    return db


def backup(path: Path, dest: Path) -> Path:
    """A consistent copy of the precious file while it is in use (SQLite's online backup),
    written beside `dest` first and renamed into place."""
    if not path.exists():
        raise KbError(f"er zijn nog geen beslissingen of gebruikers in {path}")
    if dest.is_dir():
        dest = dest / f"beleidsbank-{time.strftime('%Y%m%d-%H%M%S')}.sqlite"

    def copy(tmp: Path) -> None:
        with closing(sqlite3.connect(path, timeout=10)) as src, closing(sqlite3.connect(tmp)) as out:
            src.backup(out)

    try:
        atomic_write(dest, copy)
    except (OSError, sqlite3.Error) as exc:
        raise KbError(f"back-up naar {dest} mislukt: {exc}") from None
    return dest


def check(path: Path) -> dict[str, int]:
    """Row counts of a backup file, after SQLite's integrity check; KbError if it is not one."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise KbError(f"{path} is beschadigd (integrity_check)")
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "decisions" not in tables:
                raise KbError(f"{path} is geen back-up van beleidsbank (geen tabel decisions)")
            return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in sorted(tables & {"decisions", "users"})}
    except sqlite3.Error as exc:
        raise KbError(f"{path} is geen SQLite-back-up: {exc}") from None


def restore(path: Path, source: Path) -> tuple[dict[str, int], Path | None]:
    """Put a backup back. The current file is first backed up beside itself, so a restore
    can be undone; the copy goes in through SQLite's backup API, so readers never see
    half of it. Returns the restored row counts and the safety copy."""
    if not source.is_file():
        raise KbError(f"back-up {source} bestaat niet")
    counts = check(source)
    safety = backup(path, path.with_name(f"{path.name}.voor-herstel-{time.strftime('%Y%m%d-%H%M%S')}")) if path.exists() else None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(path, timeout=10)) as live:
            src.backup(live)
    except (OSError, sqlite3.Error) as exc:
        raise KbError(f"herstel mislukt: {exc}") from None
    return counts, safety
