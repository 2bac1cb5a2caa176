from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.errors import InputError, StoreError
from bot.store import DbWriter, Modlog, ModlogFilter, open_db

from .conftest import BOT, post


async def test_writes_run_in_order_on_one_thread(db_path: Path) -> None:
    db = open_db(db_path)
    modlog = Modlog(db)
    threads: set[str] = set()

    def log_note(i: int) -> int:
        threads.add(threading.current_thread().name)
        return modlog.append(community="c", actor=BOT, action="note", reason=str(i)).id

    async with DbWriter() as writer:
        ids = await asyncio.gather(*(writer.run(log_note, i) for i in range(50)))
        case = await writer.run(modlog.open_case, "c", post(1))
    assert ids == list(range(1, 51))
    assert case == 1
    assert threads == {"newsmod-db-writer"}
    assert threading.current_thread().name not in threads
    assert [e.reason for e in modlog.query(ModlogFilter(limit=3))] == ["49", "48", "47"]
    assert modlog.verify().ok
    db.close()


async def test_errors_reach_the_caller_and_the_writer_keeps_going(db_path: Path) -> None:
    db = open_db(db_path)
    modlog = Modlog(db)
    async with DbWriter() as writer:
        with pytest.raises(InputError, match="unknown modlog action"):
            await writer.run(modlog.append, community="c", actor=BOT, action="bogus")
        entry = await writer.run(modlog.append, community="c", actor=BOT, action="note")
    assert entry.id == 1
    db.close()


async def test_reads_off_the_loop_with_their_own_connection(db_path: Path) -> None:
    db = open_db(db_path)
    modlog = Modlog(db)
    async with DbWriter() as writer:
        await writer.run(modlog.append, community="c", actor=BOT, action="note")

        def read() -> int:
            ro = open_db(db_path, readonly=True)
            try:
                return Modlog(ro).count()
            finally:
                ro.close()

        assert await asyncio.to_thread(read) == 1
    db.close()


async def test_closed_writer_refuses_work() -> None:
    writer = DbWriter()
    assert await writer.run(sum, [1, 2, 3]) == 6
    await writer.aclose()
    await writer.aclose()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        await writer.run(sum, [1])


def test_close_without_use() -> None:
    DbWriter().close()


async def test_coroutine_functions_are_refused() -> None:
    async def not_blocking() -> None:
        return None

    async with DbWriter() as writer:
        with pytest.raises(TypeError, match="coroutine function"):
            await writer.run(not_blocking)
