"""``InFlight``: counts work under way (``async with inflight:``) so that a shutdown can let it
finish first (``await inflight.idle()``, under the caller's ``asyncio.timeout``): a moderator's
click whose other mod-queue messages are still being updated (``NewsBot.close``), the calls a
check worker pool is answering (``WorkerPool.wait_idle``)."""

from __future__ import annotations

import asyncio
from types import TracebackType


class InFlight:
    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __aenter__(self) -> None:
        self.count += 1
        self._idle.clear()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def idle(self) -> None:
        """Wait until nothing is under way."""
        await self._idle.wait()
