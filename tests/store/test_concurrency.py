"""Case numbers and the chain stay correct when threads and processes append at once."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from bot.store import Actor, Modlog, open_db

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
    assert len(names) == len(set(names)) == 4  # the store set: m001-m004
    db.close()
