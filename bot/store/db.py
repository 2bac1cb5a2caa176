"""Finding and opening the newsmod database: WAL, busy timeout, foreign keys, migrations.

Every problem SQLite reports about the file itself (not a database, corrupt, locked, read-only,
permission denied, missing) becomes one :class:`~bot.errors.StoreError` line naming the path.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database, Migrations

from bot.errors import StoreError
from bot.store.migrations import STORE_MIGRATIONS, apply_migrations, pending_migrations

log = logging.getLogger(__name__)

#: The environment variable naming the database when ``--db`` is not given.
DB_ENV = "NEWSMOD_DB"
DEFAULT_DB = "newsmod.db"
#: How long a connection waits for another writer before giving up ("database is locked").
BUSY_TIMEOUT_S = 5.0
MEMORY = ":memory:"
#: Page cache per connection (KiB) and memory-mapped reads: index inserts and scans at 1M
#: entries are I/O-bound with SQLite's 2 MB default cache; with reads memory-mapped, a larger
#: cache than this only grows a long-running bot's memory (32 MB measured no faster).
CACHE_KIB = 8 * 1024
MMAP_BYTES = 256 * 1024 * 1024
#: Backoff between tries of the switch to WAL (first and longest wait, seconds).
WAL_RETRY_FIRST_S = 0.005
WAL_RETRY_MAX_S = 0.1
#: Logged (DEBUG) each time the switch to WAL waits for another connection.
WAL_BLOCKED = "%s: another connection holds a lock; switching to WAL again in %.3fs"


class SchemaOutOfDate(StoreError):
    """A read-only open found a newsmod database whose schema needs migrations applied."""


def resolve_db_path(cli_value: str | None) -> Path:
    """``--db`` if given, else ``$NEWSMOD_DB``, else ``./newsmod.db``."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env)
    return Path(DEFAULT_DB)


def describe_sqlite_error(exc: sqlite3.Error) -> str:
    """A short human phrase for a SQLite error about the database file."""
    text = str(exc).strip() or type(exc).__name__
    lowered = text.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        return f"not a valid SQLite database or corrupt ({text})"
    if "locked" in lowered or "busy" in lowered:
        return f"database is locked: another connection is writing ({text})"
    if "readonly" in lowered or "read-only" in lowered:
        return f"database is read-only ({text})"
    if "unable to open" in lowered:
        return f"cannot open the database file: missing directory or permission denied ({text})"
    return text.splitlines()[0]


def store_error(path: Path | str, exc: sqlite3.Error) -> StoreError:
    """The one-line StoreError for ``exc`` raised while using the database at ``path``."""
    return StoreError(f"{path}: {describe_sqlite_error(exc)}")


@contextmanager
def translate_errors(path: Path | str) -> Iterator[None]:
    """Turn operational/file-level ``sqlite3`` errors into one-line StoreErrors.

    Integrity errors (constraints, the append-only triggers) and misuse of the API (a closed
    connection, a connection used from the wrong thread) are programming errors and pass through
    unchanged.
    """
    try:
        yield
    except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise
    except sqlite3.Error as exc:
        raise store_error(path, exc) from exc


def db_label(db: Database) -> str:
    """The file a Database is connected to, for error messages (``:memory:`` for memory)."""
    try:
        for row in db.conn.execute("PRAGMA database_list"):
            if row[1] == "main":
                return str(row[2]) or MEMORY
    except sqlite3.Error:
        return "database"
    return MEMORY


def _connect(path: Path, readonly: bool, timeout: float) -> sqlite3.Connection:
    if str(path) == MEMORY:
        if readonly:
            raise StoreError(f"{MEMORY}: an in-memory database cannot be opened read-only")
        return sqlite3.connect(MEMORY, check_same_thread=False)
    if readonly:
        if not path.exists():
            raise StoreError(f"{path}: no such database file (give --db or set {DB_ENV})")
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    return sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc).lower() or "busy" in str(exc).lower()


def enable_wal(
    conn: sqlite3.Connection,
    path: Path | str,
    timeout: float,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Switch the file to WAL, waiting up to ``timeout`` for other connections.

    ``PRAGMA journal_mode=wal`` needs the file to itself, and SQLite answers SQLITE_BUSY at once
    when another connection holds a lock on it: the busy timeout is not applied to this pragma
    (its own schema read is already open, so SQLite returns rather than risk a deadlock). Several
    processes opening a fresh database together (a bot and ``newsmod web``) hit that, so the
    switch is retried here with backoff until ``timeout``.
    """
    deadline = clock() + timeout
    delay = WAL_RETRY_FIRST_S
    while True:
        try:
            row = conn.execute("PRAGMA journal_mode = wal").fetchone()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or clock() >= deadline:
                raise
        else:
            if row and str(row[0]).lower() == "wal":
                return
            if clock() >= deadline:
                raise StoreError(f"{path}: could not switch the database to WAL (mode {row})")
        wait = max(0.0, min(delay, deadline - clock()))
        log.debug(WAL_BLOCKED, path, wait)
        sleep(wait)
        delay = min(delay * 2, WAL_RETRY_MAX_S)


def open_db(
    path: Path | str,
    *,
    readonly: bool = False,
    extra_migrations: Iterable[Migrations] = (),
    busy_timeout: float = BUSY_TIMEOUT_S,
) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    The store's own migration set is always applied; other packages pass theirs in
    ``extra_migrations`` (e.g. the pipeline's). ``path`` may be ``":memory:"``.

    ``readonly=True`` opens the file with a ``mode=ro`` URI and applies nothing: it raises
    StoreError if the file is missing or holds no newsmod schema, and :class:`SchemaOutOfDate`
    (a StoreError) if migrations are pending.

    Connections are made with ``check_same_thread=False`` so that a :class:`DbWriter` thread can
    use them; callers must not use one connection from two threads at once.
    """
    path = Path(path)
    sets = (STORE_MIGRATIONS, *extra_migrations)
    with translate_errors(path):
        conn = _connect(path, readonly, busy_timeout)
    try:
        with translate_errors(path):
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            # WAL + NORMAL: a commit survives a crash of the process (SIGKILL) and the file
            # never corrupts; only a power loss can drop the last commits. FULL would fsync
            # every commit (tens of ms each) and cap single appends at a few dozen per second.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            # Reading the schema is the first real access: garbage bytes fail here.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            db = Database(conn)
            if readonly:
                conn.execute("PRAGMA query_only = ON")
                pending = pending_migrations(db, sets)
                if pending:
                    if not STORE_MIGRATIONS.applied(db):
                        raise StoreError(f"{path}: not a newsmod database (no modlog schema)")
                    raise SchemaOutOfDate(
                        f"{path}: database schema is out of date ({len(pending)} migration(s) "
                        f"not applied: {pending[0]}); open it once read-write to upgrade it"
                    )
            else:
                if str(path) != MEMORY and db.journal_mode != "wal":
                    enable_wal(conn, path, busy_timeout)
                apply_migrations(db, sets)
    except BaseException:
        conn.close()
        raise
    log.debug("opened %s (readonly=%s)", path, readonly)
    return db


@contextmanager
def write_transaction(db: Database) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: take the write lock before reading what we will write.

    Reads inside see the latest committed state and no other connection or process can write
    until we commit, so "read the last hash / the next case number, then insert" is atomic across
    processes. Inside an already open transaction this nests as a savepoint instead.
    """
    conn = db.conn
    if conn.in_transaction:
        # One name for every level: SQLite's ROLLBACK TO / RELEASE act on the innermost
        # savepoint of that name, i.e. this level's.
        savepoint = "newsmod_nested"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {savepoint}")
                conn.execute(f"RELEASE {savepoint}")
            raise
        conn.execute(f"RELEASE {savepoint}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
