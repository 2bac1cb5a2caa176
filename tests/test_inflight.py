"""``InFlight``: a shutdown waits for the work under way, and only for that."""

from __future__ import annotations

import asyncio

from bot.inflight import InFlight


async def test_idle_at_once_when_nothing_is_under_way() -> None:
    busy = InFlight()
    async with asyncio.timeout(5):
        await busy.idle()
    assert busy.count == 0


async def test_idle_waits_for_every_piece_of_work_to_end() -> None:
    busy = InFlight()
    first, second = asyncio.Event(), asyncio.Event()

    async def work(done: asyncio.Event) -> None:
        async with busy:
            await done.wait()

    tasks = [asyncio.create_task(work(first)), asyncio.create_task(work(second))]
    await asyncio.sleep(0)  # both entered
    assert busy.count == 2
    waiter = asyncio.create_task(busy.idle())
    first.set()
    await tasks[0]
    await asyncio.sleep(0)
    assert not waiter.done()  # one is still under way
    second.set()
    await tasks[1]
    async with asyncio.timeout(5):
        await waiter
    assert busy.count == 0


async def test_work_that_fails_still_ends() -> None:
    busy = InFlight()

    async def failing() -> None:
        async with busy:
            raise RuntimeError("boom")

    task = asyncio.create_task(failing())
    await asyncio.gather(task, return_exceptions=True)
    async with asyncio.timeout(5):
        await busy.idle()
