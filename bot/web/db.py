"""Read-only database access for the web app: one read-only connection per worker thread.

SQLite work is blocking, so it runs off the event loop in a small thread pool (as datasette
does); each worker thread opens its own ``mode=ro`` connection the first time it is used, so no
connection is ever shared between threads. Nothing here can write: the file is opened read-only
and ``PRAGMA query_only`` is on (see ``bot.store.open_db``).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

from bot.store import Modlog, open_db

log = logging.getLogger(__name__)

T = TypeVar("T")


class Reader:
    """A worker thread's read-only database and the modlog over it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.modlog = Modlog(db)


class ReadPool:
    """``await pool.run(fn, *args)`` calls ``fn(reader, *args)`` in a worker thread, with that
    thread's own read-only connection."""

    def __init__(self, path: Path, *, workers: int = 2) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Database] = []
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="web-db")
        # Fail at start-up (missing file, old schema, not a database), not on the first request.
        try:
            self._call(lambda reader: None)
        except BaseException:
            self.close()
            raise

    def _reader(self) -> Reader:
        reader: Reader | None = getattr(self._local, "reader", None)
        if reader is None:
            db = open_db(self.path, readonly=True)
            with self._lock:
                self._all.append(db)
            reader = Reader(db)
            self._local.reader = reader
        return reader

    def _call(self, fn: Callable[[Reader], T]) -> T:
        return self._executor.submit(lambda: fn(self._reader())).result()

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(self._reader(), *args))

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        with self._lock:
            for db in self._all:
                db.close()
            self._all.clear()
        log.debug("closed the web app's read connections to %s", self.path)
