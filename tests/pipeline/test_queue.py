from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from sqlite_utils import Database

from bot.errors import ConfigError, StoreError
from bot.models import Post
from bot.pipeline.queue import PostQueue

from .helpers import FakeChecker, make_guidelines, post


def status(db: Database, pid: str) -> dict[str, Any]:
    return next(db.query("SELECT * FROM posts WHERE post_id = ?", [pid]))


async def test_post_is_stored_pending_before_it_is_checked(
    db: Database, make_pipeline: Any
) -> None:
    seen: list[str] = []
    inner = FakeChecker()

    async def checker(p: Post, fetcher: Any, guidelines: Any) -> Any:
        seen.append(status(db, p.id)["status"])  # what the database says during the check
        return await inner(p, fetcher, guidelines)

    pipe = make_pipeline(checker=checker)
    assert await pipe.submit(post("a"))
    row = status(db, "a")
    assert (row["status"], row["result"], row["community"]) == ("pending", None, "worldnews")
    assert await pipe.run_until_empty() == 1
    assert seen == ["processing"]
    assert status(db, "a")["status"] == "done"


async def test_duplicate_is_skipped_and_checked_once(
    db: Database, make_pipeline: Any, checker: FakeChecker
) -> None:
    pipe = make_pipeline()
    assert await pipe.submit(post("a"))
    assert not await pipe.submit(post("a"))
    await pipe.run_until_empty()
    assert not await pipe.submit(post("a"))
    await pipe.run_until_empty()
    assert checker.calls[("test", "a")] == 1


async def test_edit_requeues_and_is_checked_again(
    db: Database, make_pipeline: Any, checker: FakeChecker
) -> None:
    pipe = make_pipeline()
    await pipe.submit(post("a", "First title"))
    await pipe.run_until_empty()
    assert await pipe.submit(post("a", "Second title"))
    row = status(db, "a")
    assert (row["status"], row["title"], row["attempts"]) == ("pending", "Second title", 0)
    await pipe.run_until_empty()
    assert checker.calls[("test", "a")] == 2


def test_restart_reclaims_claimed_posts(db: Database) -> None:
    queue = PostQueue(db)
    for pid in "abc":
        queue.enqueue(post(pid))
    claimed = queue.claim(2)
    assert [c.post.id for c in claimed] == ["a", "b"]
    assert queue.counts()["processing"] == 2
    restarted = PostQueue(db)  # a new process over the same file
    assert restarted.reclaim() == 2
    assert restarted.counts() == {"pending": 3, "processing": 0, "done": 0, "failed": 0}
    assert [c.attempts for c in restarted.claim(3)] == [2, 2, 1]


def test_a_post_that_keeps_killing_the_worker_is_given_up(db: Database) -> None:
    queue = PostQueue(db, max_attempts=2)
    queue.enqueue(post("a"))
    for _ in range(2):
        assert len(queue.claim(1)) == 1
        queue.reclaim()  # the worker died while checking it
    assert queue.claim(1) == []
    row = status(db, "a")
    assert row["status"] == "failed"
    assert row["last_error"] == "gave up after 2 attempts (the worker stopped)"


async def test_failures_retry_then_fail_with_a_one_line_error(
    db: Database, make_pipeline: Any, checker: FakeChecker
) -> None:
    pipe = make_pipeline(max_attempts=3)
    await pipe.submit(post("x", "Bad [boom]"))
    await pipe.submit(post("y", "Good"))
    await pipe.run_until_empty()
    row = status(db, "x")
    assert (row["status"], row["attempts"]) == ("failed", 3)
    assert row["last_error"] == "RuntimeError: extractor exploded on two lines"
    assert checker.calls[("test", "x")] == 3
    assert status(db, "y")["status"] == "done"


async def test_edit_during_the_check_drops_the_stale_result(
    db: Database, make_pipeline: Any
) -> None:
    inner = FakeChecker()
    queue = PostQueue(db)

    async def checker(p: Post, fetcher: Any, guidelines: Any) -> Any:
        if inner.calls[(p.platform, p.id)] == 0:
            queue.enqueue(replace(p, title="Edited meanwhile"))
        return await inner(p, fetcher, guidelines)

    pipe = make_pipeline(checker=checker)
    await pipe.submit(post("a", "Original [ragebait]"))
    assert await pipe.run_once() == 1
    row = status(db, "a")
    assert (row["status"], row["title"], row["result"]) == ("pending", "Edited meanwhile", None)
    assert db.execute("SELECT count(*) FROM actions").fetchone()[0] == 0
    await pipe.run_until_empty()
    assert status(db, "a")["decision"] == "allow"


async def test_unknown_community_is_a_one_line_error(make_pipeline: Any) -> None:
    pipe = make_pipeline(guidelines=make_guidelines())
    with pytest.raises(ConfigError, match="unknown community 'nope'"):
        await pipe.submit(post("a", community="nope"))


async def test_run_forever_takes_new_posts_until_stopped(db: Database, make_pipeline: Any) -> None:
    stop = asyncio.Event()
    inner = FakeChecker()
    pipe: Any = None

    async def checker(p: Post, fetcher: Any, guidelines: Any) -> Any:
        if p.id == "first":  # submitted while the pipeline runs
            await pipe.submit(post("second"))
        if p.id == "second":
            stop.set()
        return await inner(p, fetcher, guidelines)

    pipe = make_pipeline(checker=checker, poll_interval=60)
    runner = asyncio.ensure_future(pipe.run_forever(stop))
    await pipe.submit(post("first"))  # wakes the idle pipeline at once (no poll wait)
    await asyncio.wait_for(runner, 30)
    assert {k[1] for k in inner.calls} == {"first", "second"}
    assert [status(db, pid)["status"] for pid in ("first", "second")] == ["done", "done"]


async def test_a_slow_post_does_not_hold_up_the_others(db: Database, make_pipeline: Any) -> None:
    release = asyncio.Event()
    inner = FakeChecker()

    async def checker(p: Post, fetcher: Any, guidelines: Any) -> Any:
        if p.id == "slow":
            await release.wait()
        elif sum(inner.calls.values()) == 40:  # 40 others done while "slow" still waits
            release.set()
        return await inner(p, fetcher, guidelines)

    pipe = make_pipeline(checker=checker, concurrency=4)  # claims 16 at a time
    await pipe.submit(post("slow"))
    for i in range(60):
        await pipe.submit(post(f"p{i}"))
    assert await asyncio.wait_for(pipe.run_until_empty(), 30) == 61
    assert db.execute("SELECT count(*) FROM posts WHERE status = 'done'").fetchone()[0] == 61


async def test_an_unusable_database_is_a_one_line_store_error(
    db: Database, make_pipeline: Any
) -> None:
    pipe = make_pipeline()
    await pipe.submit(post("a"))
    db.execute("PRAGMA query_only = ON")  # every write now fails, as on a read-only file
    with pytest.raises(StoreError, match=r"t\.db: database is read-only \(") as exc:
        await pipe.submit(post("b"))
    assert "\n" not in str(exc.value)
    with pytest.raises(StoreError, match="read-only"):
        await pipe.run_until_empty()
    db.execute("PRAGMA query_only = OFF")
    assert status(db, "a")["status"] == "pending"  # nothing lost
    assert await pipe.run_until_empty() == 1


@pytest.mark.parametrize(("concurrency", "batch_size"), [(1, 1), (4, 2), (2, 50)])
async def test_any_window_size_drains_the_queue(
    db: Database, make_pipeline: Any, concurrency: int, batch_size: int
) -> None:
    pipe = make_pipeline(concurrency=concurrency, batch_size=batch_size)
    for i in range(7):
        await pipe.submit(post(f"p{i}"))
    assert await pipe.run_until_empty() == 7
    assert PostQueue(db).counts()["done"] == 7
