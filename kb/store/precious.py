"""The file of precious state (`<data>/decisions.sqlite`: decisions and users), opened one
way: WAL so readers never wait for a writer, FULL sync so an acknowledged write survives a
crash, the caller's tables created when missing, and a clear error when it cannot be used.

Precious state never silently resets. When the file is first made, a marker is written
beside it (`<data>/decisions.present`); a store that is missing, empty or not SQLite while
that marker is there is refused (`Unusable`, 503) with the command that mends it, instead
of starting again empty. To start again empty on purpose: `kb restore --leeg --ja` (it sets
the old file aside and removes the marker).

Reading never writes: `reading()` opens the file read-only, without the schema script or
the journal mode change, so pages keep working on a full disk. Writing goes through
`writing()` (or `open_db`); a full disk is `DiskFull` (507) with a Dutch message, a damaged
file `Unusable`. Every connection made here maps SQLite's errors so, also for queries run
on it later (`PreciousConnection`)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from kb.errors import KbError
from kb.files import NO_ROOM, atomic_write
from kb.text import dutch_number

HEADER = b"SQLite format 3\x00"
RESTORE = "`kb restore <back-up> --ja`"
START_EMPTY = "`kb restore --leeg --ja`"


class Unusable(KbError):
    """The precious file is missing (while it existed), empty or damaged: nothing may be
    read from it or written to it until a backup is put back."""

    status = 503


class DiskFull(KbError):
    """A write did not fit on the disk; what was there is still readable."""

    status = 507


def marker(path: Path) -> Path:
    """The file that says the store was made (`decisions.present` beside `decisions.sqlite`)."""
    return path.with_suffix(".present")


def _hint() -> str:
    return (f"Zet de laatste back-up terug met {RESTORE} (de huidige stand wordt eerst apart gezet), "
            f"of begin bewust opnieuw zonder beslissingen en gebruikers met {START_EMPTY}.")


def damaged(path: Path, what: str, why: str) -> Unusable:
    return Unusable(f"{what} in {path} zijn niet te openen: {why}. {_hint()}")


def full(path: Path, what: str, exc: BaseException | None = None) -> DiskFull:
    detail = f" ({exc})" if exc is not None else ""
    return DiskFull(f"De schijf is vol: de wijziging in {what} kon niet worden opgeslagen in {path}{detail}. "
                    "Maak ruimte vrij en probeer het opnieuw; wat er al stond blijft leesbaar.")


def check_present(path: Path, what: str = "de beslissingen en gebruikers") -> bool:
    """Whether the store exists (False: never made, so empty). `Unusable` when it is missing
    or empty while the marker says it was made, or when it is not an SQLite file. Cheap: a
    stat and the first bytes, no SQL (asked on every request)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(HEADER))
    except FileNotFoundError:
        if marker(path).exists():
            raise damaged(path, what, f"het bestand ontbreekt, terwijl {marker(path).name} zegt dat het er was") from None
        return False
    except OSError as exc:
        raise KbError(f"{what} in {path} zijn niet te openen: {exc.strerror or exc}", status=503) from None
    if not head:
        if marker(path).exists():
            raise damaged(path, what, f"het bestand is leeg (0 bytes), terwijl {marker(path).name} zegt dat het "
                                      "beslissingen of gebruikers hield")
        return False  # made and not written yet (a crash at the first moment): as good as none
    if head != HEADER:
        raise damaged(path, what, "het bestand is beschadigd (geen SQLite-database)")
    return True


def write_marker(path: Path) -> None:
    """Note beside the store that it exists (once; the content is for people)."""
    if marker(path).exists():
        return
    text = json.dumps({"bestand": path.name, "gemaakt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                       "uitleg": "Zolang dit bestand er is, weigert beleidsbank te starten zonder "
                                 f"{path.name}: zet een back-up terug met {RESTORE} of begin bewust leeg "
                                 f"met {START_EMPTY}."}, ensure_ascii=False, indent=2)
    atomic_write(marker(path), (text + "\n").encode("utf-8"), fsync=True)


def _is_full(exc: BaseException, path: Path) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in NO_ROOM
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "database or disk is full" in str(exc):
        return True
    if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR:  # a write error: full, when no room is left
        try:
            return shutil.disk_usage(path.parent).free < 1024 * 1024
        except OSError:
            return False
    return False


def failure(exc: BaseException, path: Path, what: str) -> KbError | None:
    """The KbError for an SQLite (or file system) error on the precious file, or None for
    one that is not about the file (a constraint, a programming error): re-raised as is."""
    if isinstance(exc, KbError):
        return exc
    if _is_full(exc, path):
        return full(path, what, exc)
    text = str(exc)
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text
                                                  or "encrypted" in text):
        return damaged(path, what, f"het bestand is beschadigd ({text})")
    if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
        return KbError(f"{what} in {path} zijn bezet door een ander proces ({text}); probeer het zo opnieuw",
                       status=503)
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return None
    if isinstance(exc, sqlite3.OperationalError) and "no such" in text:
        return None
    if isinstance(exc, (OSError, sqlite3.Error)):
        return KbError(f"{what} in {path} zijn niet te openen: {exc}", status=503)
    return None


def _mapped(conn: PreciousConnection, exc: BaseException) -> BaseException:
    found = failure(exc, conn.precious_path, conn.precious_what)
    if found is None:
        return exc
    found.__cause__ = None
    found.__suppress_context__ = True
    return found


def _guarded(conn: PreciousConnection, method, *args):
    """`method(*args)` with the store's SQLite errors as its KbErrors (cursor and connection alike)."""
    try:
        return method(*args)
    except (sqlite3.Error, OSError) as exc:
        raise _mapped(conn, exc) from None


class PreciousCursor(sqlite3.Cursor):
    """A cursor whose errors are the store's KbErrors (a damaged page shows while stepping)."""

    def _run(self, method, *args):
        return _guarded(self.connection, method, *args)

    def execute(self, *args):
        return self._run(super().execute, *args)

    def executemany(self, *args):
        return self._run(super().executemany, *args)

    def fetchone(self):
        return self._run(super().fetchone)

    def fetchmany(self, *args):
        return self._run(super().fetchmany, *args)

    def fetchall(self):
        return self._run(super().fetchall)

    def __next__(self):
        return self._run(super().__next__)


class PreciousConnection(sqlite3.Connection):
    """A connection to the precious file whose SQLite errors about the file (damaged, full,
    locked) arrive as KbErrors naming the file and what to do, wherever the query runs."""

    precious_path: Path
    precious_what: str

    def _run(self, method, *args):
        return _guarded(self, method, *args)

    def cursor(self, factory=PreciousCursor):
        return super().cursor(factory)

    def execute(self, *args):
        return self.cursor().execute(*args)

    def executemany(self, *args):
        return self.cursor().executemany(*args)

    def executescript(self, *args):
        return self._run(super().executescript, *args)

    def commit(self):
        return self._run(super().commit)

    def __exit__(self, *exc):
        return self._run(super().__exit__, *exc)


def _connect(target: str | Path, path: Path, what: str, **kwargs) -> PreciousConnection:
    db = sqlite3.connect(target, timeout=10, factory=PreciousConnection, **kwargs)
    db.precious_path, db.precious_what = path, what
    return db


def _cannot_open(exc: BaseException, path: Path, what: str) -> KbError:
    return failure(exc, path, what) or KbError(f"{what} in {path} zijn niet te openen: {exc}", status=500)


def open_db(path: Path, schema: str, what: str) -> sqlite3.Connection:
    """A connection for writing: WAL, FULL sync, the tables of `schema` made when missing,
    the marker written when the store is new. Refuses a store that is missing or damaged
    while the marker says it existed (`check_present`). Reading goes through `reading()`."""
    check_present(path, what)
    db = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = _connect(path, path, what)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # set once: asking does not write
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(schema)
        write_marker(path)
    except (OSError, sqlite3.Error, KbError) as exc:
        if db is not None:
            db.close()
        raise _cannot_open(exc, path, what) from None
    return db


@contextmanager
def writing(path: Path, schema: str, what: str) -> Iterator[sqlite3.Connection]:
    """A write transaction on the store (committed at the end, rolled back on an error)."""
    db = open_db(path, schema, what)
    try:
        with db:
            yield db
    except (OSError, sqlite3.Error) as exc:
        raise failure(exc, path, what) or exc from None
    finally:
        db.close()


@contextmanager
def _read_only(path: Path, what: str) -> Iterator[PreciousConnection | None]:
    """A read-only connection (query_only), or None when the store was never made."""
    if not check_present(path, what):
        yield None
        return
    try:
        db = _connect(f"file:{quote(str(path))}?mode=ro", path, what, uri=True)
    except (OSError, sqlite3.Error) as exc:
        raise _cannot_open(exc, path, what) from None
    try:
        db.execute("PRAGMA query_only=1")
        yield db
    finally:
        db.close()


def tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@contextmanager
def reading(path: Path, what: str, table: str) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection, or None when there is nothing to read yet (no store, or no
    `table` in it). Writes nothing: no schema script, no journal mode change, query_only;
    so it works on a full disk."""
    with _read_only(path, what) as db:
        found = db is not None and db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
        yield db if found else None


def versions(path: Path, what: str, names: tuple[str, ...]) -> tuple[int, ...]:
    """(rows, last id) of each table in `names`, read on one read-only connection: the
    version a snapshot is keyed by, asked on every request. (0, 0) for a table not there yet."""
    out: list[int] = []
    with _read_only(path, what) as db:
        present = tables(db) if db is not None else set()
        for name in names:
            out += db.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {name}").fetchone() \
                if name in present else (0, 0)
    return tuple(out)


def counts(path: Path, what: str = "de beslissingen en gebruikers") -> dict[str, int]:
    """Rows in the live store per table (a cheap query on each, read-only, one connection):
    what /api/health asks. `Unusable` when it cannot be read (a damaged page of either
    table included)."""
    out = {"decisions": 0, "users": 0}
    with _read_only(path, what) as db:
        present = tables(db) if db is not None else set()
        # max() of a column without an index reads every page of the table (a count alone would
        # read only its smallest index): still cheap for a store of thousands of rows
        for table, column in (("decisions", "at"), ("users", "created")):
            if table in present:
                out[table] = db.execute(f"SELECT count(*), max({column}) FROM {table}").fetchone()[0]
    return out


def backup(path: Path, dest: Path) -> Path:
    """A consistent copy of the precious file while it is in use (SQLite's online backup),
    written beside `dest` first and renamed into place."""
    if not check_present(path):
        raise KbError(f"er zijn nog geen beslissingen of gebruikers in {path}")
    if dest.is_dir():
        dest = dest / f"beleidsbank-{time.strftime('%Y%m%d-%H%M%S')}.sqlite"

    def copy(tmp: Path) -> None:
        with closing(sqlite3.connect(path, timeout=10)) as src, closing(sqlite3.connect(tmp)) as out:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # one file: no -wal or -shm beside a back-up once read

    try:
        atomic_write(dest, copy)
    except (OSError, sqlite3.Error) as exc:
        mapped = failure(exc, path, "de beslissingen en gebruikers")
        if isinstance(mapped, Unusable):
            raise mapped from None
        raise KbError(f"back-up naar {dest} mislukt: {exc}") from None
    return dest


def only_new(rows: list[tuple], have: set, key, at) -> list[tuple]:
    """The rows of an import that are not here yet (by `key(row)`, against `have`, the keys
    of the rows here), oldest first by `at(row)`; a row twice in the import counts once."""
    new = []
    for row in sorted(rows, key=at):
        if key(row) not in have:
            have.add(key(row))
            new.append(row)
    return new


# the tables of which a backup holds at least one (link, KPI and status decisions, users,
# saved searches: kb.store.decisions, kpi_decisions, status_decisions, users, saved_searches)
STORE_TABLES = ("decisions", "kpi_decisions", "status_decisions", "users", "saved_searches")


def check(path: Path) -> dict[str, int]:
    """Row counts of a backup file, after SQLite's integrity check; KbError if it is not one."""
    if not path.is_file():
        raise KbError(f"back-up {path} bestaat niet")
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise KbError(f"{path} is beschadigd (integrity_check)")
            present = tables(db)
            if not present & set(STORE_TABLES):  # a store holds one of them once it has been written to
                raise KbError(f"{path} is geen back-up van beleidsbank (geen tabel {', '.join(STORE_TABLES)})")
            return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in present else 0
                    for t in STORE_TABLES}
    except sqlite3.Error as exc:
        raise KbError(f"{path} is geen SQLite-back-up: {exc}") from None


def _rows(path: Path) -> dict[str, dict[tuple, str]]:
    """Every decision (on links, KPI figures and cell statuses), user and saved search of a
    store, by identity (decision: id and time; user: name and creation; saved search: id and
    creation), with a line about it."""
    out: dict[str, dict[tuple, str]] = {"decisions": {}, "users": {}, "saved_searches": {}}
    with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as db:
        present = tables(db)
        if "decisions" in present:
            for i, at, author, action, aid, sid in db.execute(
                    "SELECT id, at, author, action, ambition_id, section_id FROM decisions"):
                out["decisions"][(i, at)] = f"{at[:16].replace('T', ' ')}  {author}  {action}  {aid}  {sid or ''}".rstrip()
        if "kpi_decisions" in present:  # decisions on KPI figures (kb.store.kpi_decisions) count as decisions
            for i, at, author, action, norm, year, value in db.execute(
                    "SELECT id, at, author, action, norm_id, year, value FROM kpi_decisions"):
                figure = f" = {dutch_number(value)}" if value is not None else ""
                out["decisions"][("kpi", i, at)] = f"{at[:16].replace('T', ' ')}  {author}  {action}  {norm} {year}{figure}"
        if "status_decisions" in present:  # statuses an auditor set (kb.store.status_decisions)
            for i, at, author, action, aid, year, status in db.execute(
                    "SELECT id, at, author, action, ambition_id, year, status FROM status_decisions"):
                out["decisions"][("status", i, at)] = (f"{at[:16].replace('T', ' ')}  {author}  {action}  "
                                                       f"{aid} {year}{f' = {status}' if status else ''}")
        if "saved_searches" in present:
            for i, created, owner, name, query in db.execute(
                    "SELECT id, created, owner, name, query FROM saved_searches"):
                out["saved_searches"][(i, created)] = f"{owner}: {name} ({query})"
        if "users" in present:
            for name, role, created in db.execute("SELECT name, role, created FROM users"):
                out["users"][(name, created)] = f"{name} ({role}, sinds {created[:10]})"
    return out


def dropped(path: Path, source: Path) -> dict[str, list[str]] | None:
    """What putting `source` back would drop: the decisions and users of the live store that
    the backup lacks (compared by id and time, name and creation). None when the live store
    cannot be read (then all of it is set aside)."""
    check(source)
    try:
        if not check_present(path):
            return {"decisions": [], "users": [], "saved_searches": []}
        live = _rows(path)
    except (KbError, sqlite3.Error):
        return None
    backed = _rows(source)
    return {t: [line for k, line in live[t].items() if k not in backed[t]] for t in live}


def live_rows(path: Path) -> dict[str, list[str]] | None:
    """Every decision and user of the live store (what starting empty drops); None when it
    cannot be read."""
    try:
        if not check_present(path):
            return {"decisions": [], "users": [], "saved_searches": []}
        return {t: list(rows.values()) for t, rows in _rows(path).items()}
    except (KbError, sqlite3.Error):
        return None


def _healthy(path: Path) -> bool:
    """Whether the live store is an SQLite file that passes its integrity check."""
    try:
        if not check_present(path):
            return False
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except (KbError, sqlite3.Error):
        return False


def _set_aside(path: Path, label: str) -> Path | None:
    """Keep the live store beside itself under another name: SQLite's backup of it when it
    is healthy, else the file itself (with its -wal and -shm) renamed. None when there is none."""
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    if _healthy(path):
        return backup(path, path.with_name(f"{path.name}.{label}-{stamp}"))
    aside = path.with_name(f"{path.name}.beschadigd-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{aside}{suffix}"))
    return aside


def restore(path: Path, source: Path) -> tuple[dict[str, int], Path | None]:
    """Put a backup back. The current file is first backed up beside itself, so a restore
    can be undone (a damaged one is moved aside as it is); the copy goes in through SQLite's
    backup API, so readers never see half of it. Returns the restored row counts and the
    safety copy."""
    if not source.is_file():
        raise KbError(f"back-up {source} bestaat niet")
    counts = check(source)
    safety = _set_aside(path, "voor-herstel")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(path, timeout=10)) as live:
            src.backup(live)
            live.execute("PRAGMA journal_mode=WAL")
        write_marker(path)
    except (OSError, sqlite3.Error) as exc:
        if _is_full(exc, path):
            raise full(path, "de beslissingen en gebruikers", exc) from None
        raise KbError(f"herstel mislukt: {exc}") from None
    return counts, safety


def start_empty(path: Path) -> Path | None:
    """Begin again without decisions and users, on purpose: the current store is set aside
    (a copy of a healthy one, the damaged file itself), the live one emptied through SQLite's
    backup API (safe while the app runs) or, when damaged, left away, and the marker removed;
    the next write makes the tables anew. Returns where the old store went."""
    healthy = _healthy(path)
    aside = _set_aside(path, "voor-leeg")
    try:
        if healthy:
            with closing(sqlite3.connect(":memory:")) as empty, closing(sqlite3.connect(path, timeout=10)) as live:
                empty.backup(live)
        marker(path).unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        raise KbError(f"leegmaken van {path} mislukt: {exc}") from None
    return aside
