"""``InFlight``: counts work under way (``async with inflight:``) so that a shutdown can let it
finish first (``await inflight.idle()``, under the caller's ``asyncio.timeout``), e.g. a
moderator's click whose decision is logged and whose other mod-queue messages are still being
updated."""

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
