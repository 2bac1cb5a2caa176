"""Case numbers and the chain stay correct when threads and processes append at once."""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from bot.store import STORE_MIGRATIONS, Actor, Modlog, open_db
from bot.store.db import WAL_BLOCKED, enable_wal

from .conftest import post

WORKERS = 4
PER_WORKER = 25
# Generous lock wait: SQLite's lock is not fair, and on a loaded machine a writer can lose the
# race many times in a row; the tests must not depend on scheduling luck.
PATIENT = 120.0


def _worker(path: str, worker: int, barrier: threading.Barrier | None = None) -> list[int]:
    db = open_db(path, busy_timeout=PATIENT)
    modlog = Modlog(db)
    actor = Actor(f"w{worker}", f"worker {worker}", "bot")
    if barrier is not None:
        barrier.wait()
    numbers = []
    for i in range(PER_WORKER):
        # Every worker also opens the shared post 0: it must get one case number.
        for n in (worker * 1000 + i + 1, 0):
            case = modlog.open_case("shared", post(n))
            numbers.append(case)
            modlog.append(community="shared", case=case, actor=actor, action="note")
    db.close()
    return numbers


def _check(path: Path) -> None:
    db = open_db(path)
    modlog = Modlog(db)
    rows = db.conn.execute("SELECT number, post_platform_id FROM cases ORDER BY number").fetchall()
    assert [r[0] for r in rows] == list(range(1, WORKERS * PER_WORKER + 2))
    assert len({r[1] for r in rows}) == len(rows)
    result = modlog.verify()
    assert result.ok, result.reason
    assert result.checked == WORKERS * PER_WORKER * 2
    db.close()


def test_threads_with_their_own_connections(db_path: Path) -> None:
    open_db(db_path).close()
    barrier = threading.Barrier(WORKERS)
    results: dict[int, list[int]] = {}
    threads = [
        threading.Thread(
            target=lambda w=w: results.__setitem__(w, _worker(str(db_path), w, barrier))
        )
        for w in range(WORKERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == WORKERS
    shared = {n for numbers in results.values() for n in numbers[1::2]}
    assert len(shared) == 1  # everyone got the same case for the shared post
    _check(db_path)


def test_processes(db_path: Path) -> None:
    open_db(db_path).close()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.starmap(_worker, [(str(db_path), w) for w in range(WORKERS)])
    assert len({n for numbers in results for n in numbers[1::2]}) == 1
    _check(db_path)


def test_fresh_file_opened_by_many_at_once(db_path: Path) -> None:
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def opener() -> None:
        barrier.wait()
        try:
            open_db(db_path, busy_timeout=PATIENT).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db = open_db(db_path, readonly=True)
    names = [r[0] for r in db.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names)) == len(STORE_MIGRATIONS.pending(Database(memory=True)))
    db.close()


def _hold_write_lock(path: str, locked: Any, release: Any) -> None:
    """Another process: take the write lock on the (fresh, empty) file, hold it until told."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    locked.set()
    release.wait(PATIENT)
    conn.execute("ROLLBACK")
    conn.close()


class _WalBlocked(logging.Handler):
    """Sets a thread's event when its switch to WAL has been refused and is being retried."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.events: dict[int | None, threading.Event] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == WAL_BLOCKED and record.thread in self.events:
            self.events[record.thread].set()


def test_fresh_file_opened_while_another_process_holds_a_lock(db_path: Path) -> None:
    """SQLite refuses the switch to WAL at once (no busy timeout) while another connection
    holds a lock: every opener must wait for it, not fail. The lock is released only once each
    opener has been refused at least once (or has given up), so this fails on code without the
    retry every time."""
    ctx = multiprocessing.get_context("spawn")
    locked, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(str(db_path), locked, release))
    holder.start()
    watcher = _WalBlocked()
    logger = logging.getLogger("bot.store.db")
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(watcher)
    errors: list[BaseException] = []
    try:
        assert locked.wait(PATIENT)

        def opener(blocked: threading.Event) -> None:
            watcher.events[threading.get_ident()] = blocked
            try:
                open_db(db_path, busy_timeout=PATIENT).close()
            except BaseException as exc:
                errors.append(exc)
            finally:
                blocked.set()  # also when it gave up: then the test fails below

        events = [threading.Event() for _ in range(WORKERS)]
        threads = [threading.Thread(target=opener, args=(e,)) for e in events]
        for t in threads:
            t.start()
        for event in events:
            assert event.wait(PATIENT)
        assert errors == []  # refused once, still waiting
        release.set()
        for t in threads:
            t.join()
    finally:
        release.set()
        holder.join()
        logger.removeHandler(watcher)
        logger.setLevel(old_level)
    assert errors == []
    db = open_db(db_path, readonly=True)
    assert db.journal_mode == "wal"
    names = [r[0] for r in db.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names)) == len(STORE_MIGRATIONS.pending(Database(memory=True)))
    db.close()


def test_wal_switch_backs_off_and_gives_up_at_the_timeout(db_path: Path) -> None:
    """With a fake clock: waits double from 5 ms to at most 100 ms, and the timeout is kept."""
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    conn = sqlite3.connect(db_path, isolation_level=None)
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            enable_wal(conn, db_path, 0.5, clock=lambda: now[0], sleep=sleep)
    finally:
        holder.execute("ROLLBACK")
    assert waits[:6] == [0.005, 0.01, 0.02, 0.04, 0.08, 0.1]
    assert sum(waits) == pytest.approx(0.5)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    enable_wal(conn, db_path, 0.5, clock=lambda: now[0], sleep=sleep)  # lock gone: switches
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    holder.close()
