"""GroupCommit: concurrent write jobs share one transaction, each in its own savepoint."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from sqlite_utils import Database

from bot.errors import InputError, StoreError
from bot.pipeline.groupcommit import GroupCommit
from bot.pipeline.safewriter import SafeWriter
from bot.store.writer import DbWriter


class CountingWriter:
    """A writer that counts the blocking calls (transactions) it was handed."""

    def __init__(self, inner: DbWriter) -> None:
        self.inner = inner
        self.calls = 0

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        self.calls += 1
        return await self.inner.run(fn, *args)


@pytest.fixture
def table(db: Database) -> Database:
    db.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
    return db


def insert(db: Database, key: str) -> str:
    assert db.conn.in_transaction  # always inside the group's transaction
    db.execute("INSERT INTO t (k) VALUES (?)", [key])
    return key.upper()


def insert_then_fail(db: Database, key: str) -> None:
    db.execute("INSERT INTO t (k) VALUES (?)", [key])
    raise InputError(f"no such community: {key}")


def insert_then_break(db: Database, key: str) -> None:
    db.execute("INSERT INTO t (k) VALUES (?)", [key])
    raise sqlite3.OperationalError("disk I/O error")


def keys(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT k FROM t ORDER BY k").fetchall()]


async def test_concurrent_jobs_share_transactions_and_keep_their_results(
    table: Database, writer: DbWriter
) -> None:
    counting = CountingWriter(writer)
    group = GroupCommit(SafeWriter(counting, table), table)
    names = [f"k{i:02d}" for i in range(20)]
    results = await asyncio.gather(*(group.run(insert, table, name) for name in names))
    assert results == [name.upper() for name in names]
    assert keys(table) == names
    assert counting.calls < len(names)  # the first job alone, then the rest together
    assert not table.conn.in_transaction


async def test_a_failing_job_rolls_back_only_its_own_writes(
    table: Database, writer: DbWriter
) -> None:
    group = GroupCommit(SafeWriter(writer, table), table)
    outcomes = await asyncio.gather(
        group.run(insert, table, "a"),
        group.run(insert_then_fail, table, "b"),
        group.run(insert, table, "c"),
        return_exceptions=True,
    )
    assert outcomes[0] == "A"
    assert outcomes[2] == "C"
    assert isinstance(outcomes[1], InputError)
    assert keys(table) == ["a", "c"]


async def test_a_database_error_fails_its_group_and_commits_none_of_it(
    table: Database, writer: DbWriter
) -> None:
    group = GroupCommit(SafeWriter(writer, table), table)
    await group.run(insert, table, "before")
    outcomes = await asyncio.gather(
        group.run(insert, table, "x"),
        group.run(insert, table, "y"),
        group.run(insert_then_break, table, "z"),
        return_exceptions=True,
    )
    assert isinstance(outcomes[2], StoreError)
    assert "disk I/O error" in str(outcomes[2])
    for outcome in outcomes[:2]:  # z's group-mates fail with it; none is half-written
        assert outcome in ("X", "Y") or isinstance(outcome, StoreError)
    committed = [key for key, got in zip("xyz", outcomes, strict=True) if got == key.upper()]
    assert keys(table) == ["before", *committed]  # a job sees success only once committed
    assert await group.run(insert, table, "after") == "AFTER"  # the group is usable again
    assert keys(table) == ["after", "before", *committed]


async def settle() -> None:
    """Let every ready task run (no time passes: the delay below is a minute)."""
    for _ in range(10):
        await asyncio.sleep(0)


async def test_the_commit_delay_waits_for_jobs_still_coming(
    table: Database, writer: DbWriter
) -> None:
    counting = CountingWriter(writer)
    coming = [2]
    group = GroupCommit(
        SafeWriter(counting, table), table, delay=60.0, coming=lambda: coming[0]
    )  # fmt: skip
    first = asyncio.ensure_future(group.run(insert, table, "a"))
    await settle()
    assert counting.calls == 0  # waiting: two more posts are being checked
    second = asyncio.ensure_future(group.run(insert, table, "b"))
    await settle()
    assert counting.calls == 0
    coming[0] = 0  # the last one is checked: its job ends the wait
    third = asyncio.ensure_future(group.run(insert, table, "c"))
    assert await asyncio.gather(first, second, third) == ["A", "B", "C"]
    assert counting.calls == 1  # one transaction for the three
    assert keys(table) == ["a", "b", "c"]


async def test_with_nothing_coming_or_a_full_group_there_is_no_wait(
    table: Database, writer: DbWriter
) -> None:
    counting = CountingWriter(writer)
    idle = GroupCommit(SafeWriter(counting, table), table, delay=60.0, coming=lambda: 0)
    assert await asyncio.wait_for(idle.run(insert, table, "a"), 30) == "A"
    busy = GroupCommit(
        SafeWriter(counting, table), table, delay=60.0, coming=lambda: 5, max_group=2
    )  # fmt: skip
    both = asyncio.gather(busy.run(insert, table, "b"), busy.run(insert, table, "c"))
    assert await asyncio.wait_for(both, 30) == ["B", "C"]
    assert counting.calls == 2
    assert keys(table) == ["a", "b", "c"]
