"""WorkerPool: calls in worker processes over socket pairs, failures kept to the calls held."""

from __future__ import annotations

import asyncio
import hashlib
import os
import pickle
import threading
import time
from pathlib import Path

import pytest

from bot.errors import InputError, NewsmodError
from bot.pipeline.workers import PoolClosed, WorkerDied, WorkerPool, WorkerTimeout

# -- functions the workers run (module level: a spawned worker imports them by name) -------------

_setting: list[str] = []


def remember(value: str) -> None:
    _setting.append(value)


def setting() -> list[str]:
    return list(_setting)


def add(a: int, b: int) -> int:
    return a + b


def digests(*items: bytes) -> list[tuple[str, str]]:
    return [(type(item).__name__, hashlib.sha256(item).hexdigest()) for item in items]


def pid() -> int:
    return os.getpid()


def refuse(text: str) -> None:
    raise InputError(f"refused: {text}")


def die() -> None:
    os._exit(3)


def unpicklable() -> object:
    return threading.Lock()


def stuck(seconds: float) -> None:
    time.sleep(seconds)


def mark_started(folder: str) -> None:
    with open(os.path.join(folder, str(os.getpid())), "w") as fh:
        fh.write("started")


def fail_to_start() -> None:
    raise RuntimeError("this worker cannot start")


def echo_bytes(data: bytes) -> int:
    return len(data)


# -- tests -------------------------------------------------------------------------------------


async def test_calls_run_in_workers_set_up_once() -> None:
    async with WorkerPool(2, initializer=remember, initargs=("configured",)) as pool:
        results = await asyncio.gather(*(pool.call(add, i, 1) for i in range(20)))
        assert results == [i + 1 for i in range(20)]
        assert await pool.call(setting) == ["configured"]  # once per worker, not per call
        assert await pool.call(pid) != os.getpid()


async def test_a_large_argument_goes_through() -> None:
    data = os.urandom(3_000_000)
    async with WorkerPool(1) as pool:
        assert (
            await asyncio.gather(*(pool.call(echo_bytes, data) for _ in range(3)))
            == [len(data)] * 3
        )


async def test_an_exception_reaches_the_caller_with_its_type() -> None:
    async with WorkerPool(1) as pool:
        with pytest.raises(InputError, match="refused: no"):
            await pool.call(refuse, "no")
        assert await pool.call(add, 2, 2) == 4  # the worker goes on


async def test_an_unsendable_answer_is_a_one_line_error() -> None:
    async with WorkerPool(1) as pool:
        with pytest.raises(NewsmodError, match="worker answer not sendable"):
            await pool.call(unpicklable)
        assert await pool.call(add, 1, 1) == 2


async def test_a_dead_worker_fails_only_its_calls_and_is_replaced() -> None:
    async with WorkerPool(1, depth=2) as pool:
        first = await pool.call(pid)
        held = [asyncio.ensure_future(pool.call(die)), asyncio.ensure_future(pool.call(pid))]
        results = await asyncio.gather(*held, return_exceptions=True)
        assert isinstance(results[0], WorkerDied)
        assert "check worker 1 stopped" in str(results[0])
        assert isinstance(results[1], WorkerDied)  # it was queued on the same worker
        second = await pool.call(pid)  # a new worker
        assert second != first
        assert await pool.call(add, 5, 5) == 10


async def test_a_cancelled_call_leaves_the_pool_usable() -> None:
    async with WorkerPool(1, depth=1) as pool:
        call = asyncio.ensure_future(pool.call(add, 1, 2))
        await asyncio.sleep(0)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert await pool.call(add, 3, 4) == 7


async def test_calls_wait_for_a_free_slot() -> None:
    """More calls than workers x depth: the rest wait, none is lost or answered twice."""
    async with WorkerPool(2, depth=1) as pool:
        results = await asyncio.gather(*(pool.call(add, i, i) for i in range(30)))
    assert results == [2 * i for i in range(30)]


async def test_a_closed_pool_refuses_calls() -> None:
    pool = WorkerPool(1)
    assert await pool.call(add, 1, 1) == 2
    await pool.aclose()
    await pool.aclose()  # idempotent
    with pytest.raises(PoolClosed, match="shut down"):
        await pool.call(add, 1, 1)


def niceness() -> int:
    return os.nice(0)


async def test_workers_run_at_a_lower_priority_than_the_bot() -> None:
    """Busy workers must not starve the process that fetches and writes (and heartbeats)."""
    mine = os.nice(0)
    async with WorkerPool(1) as pool:
        assert await pool.call(niceness) == min(mine + 10, 19)
    async with WorkerPool(1, niceness=0) as pool:
        assert await pool.call(niceness) == mine


async def test_a_stuck_call_times_out_and_its_worker_is_replaced() -> None:
    """A page that never finishes must not hold a slot forever (nor the posts behind it)."""
    # The limit applies only to the stuck call: a worker's first call also waits for it to
    # start (imports), which on a busy machine can take longer than half a second.
    async with WorkerPool(1, call_timeout=None) as pool:
        first = await pool.call(pid)
        pool.call_timeout = 0.5
        with pytest.raises(WorkerTimeout, match=r"check worker 1 took longer than 0.5s"):
            await pool.call(stuck, 600)
        pool.call_timeout = None
        assert await pool.call(pid) != first  # a new worker
        assert await pool.call(add, 1, 2) == 3


async def test_buffers_go_out_of_band_and_arrive_whole() -> None:
    """Large byte strings (a page's body) follow the pickle as they are, in order, intact."""
    first, second = os.urandom(3_000_000), os.urandom(200_000)
    async with WorkerPool(1) as pool:
        got = await pool.call(
            digests, pickle.PickleBuffer(first), b"in band", pickle.PickleBuffer(second)
        )
        again = await pool.call(add, 2, 3)  # the stream is still in step
    want = [hashlib.sha256(data).hexdigest() for data in (first, b"in band", second)]
    assert [digest for _, digest in got] == want
    assert [kind for kind, _ in got] == ["bytes", "bytes", "bytes"]
    assert again == 5


async def test_start_brings_every_worker_up_before_any_call(tmp_path: Path) -> None:
    """``newsmod run`` starts its workers before it reads posts: when ``start`` returns, each
    has imported its modules and run the initializer."""
    async with WorkerPool(2, initializer=mark_started, initargs=(str(tmp_path),)) as pool:
        assert list(tmp_path.iterdir()) == []  # workers start lazily otherwise
        await pool.start()
        started = sorted(int(p.name) for p in tmp_path.iterdir())
        assert len(started) == 2
        pids = await asyncio.gather(pool.call(pid), pool.call(pid))
        assert sorted(pids) == started  # the calls run in the workers already started
        await pool.start()  # already up: nothing more is started
        assert len(list(tmp_path.iterdir())) == 2


async def test_a_worker_that_cannot_start_fails_start() -> None:
    async with WorkerPool(1, initializer=fail_to_start) as pool:
        with pytest.raises(WorkerDied, match="check worker 1 stopped"):
            await pool.start()


async def test_start_on_a_closed_pool_is_refused() -> None:
    pool = WorkerPool(1)
    await pool.aclose()
    with pytest.raises(PoolClosed, match="shut down"):
        await pool.start()
