"""HostLimiter: a per-host semaphore that forgets idle hosts."""

from __future__ import annotations

import asyncio

import pytest

from bot.fetch.limiter import HostLimiter


async def test_limits_each_host_separately():
    limiter = HostLimiter(2)
    release = asyncio.Event()
    entered: list[str] = []

    async def use(host: str) -> None:
        async with limiter.slot(host):
            entered.append(host)
            await release.wait()

    tasks = [asyncio.create_task(use("a")) for _ in range(3)]
    tasks.append(asyncio.create_task(use("b")))
    for _ in range(10):
        await asyncio.sleep(0)
    assert (limiter.in_use("a"), limiter.waiting("a")) == (2, 1)
    assert (limiter.in_use("b"), limiter.waiting("b")) == (1, 0)
    assert sorted(entered) == ["a", "a", "b"]
    release.set()
    await asyncio.gather(*tasks)
    assert sorted(entered) == ["a", "a", "a", "b"]
    assert len(limiter) == 0  # idle hosts are forgotten


async def test_slot_is_released_on_error_and_cancellation():
    limiter = HostLimiter(1)
    with pytest.raises(RuntimeError):
        async with limiter.slot("a"):
            raise RuntimeError("boom")
    blocker = asyncio.Event()

    async def hold() -> None:
        async with limiter.slot("a"):
            await blocker.wait()

    holder = asyncio.create_task(hold())
    waiter = asyncio.create_task(hold())
    for _ in range(5):
        await asyncio.sleep(0)
    assert (limiter.in_use("a"), limiter.waiting("a")) == (1, 1)
    waiter.cancel()
    holder.cancel()
    await asyncio.gather(holder, waiter, return_exceptions=True)
    assert len(limiter) == 0
    async with limiter.slot("a"):
        assert limiter.in_use("a") == 1


def test_rejects_zero():
    with pytest.raises(ValueError):
        HostLimiter(0)
