"""At most N requests in flight per host, without keeping a semaphore for every host ever seen."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass


@dataclass
class _Slot:
    semaphore: asyncio.Semaphore
    users: int = 0  # tasks holding or waiting for the semaphore
    holding: int = 0  # tasks holding it


class HostLimiter:
    """Per-host concurrency limit; a host's entry is dropped when nobody holds or awaits it."""

    def __init__(self, per_host: int) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.per_host = per_host
        self._slots: dict[str, _Slot] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of ``host``'s slots for the duration of the ``async with`` block."""
        entry = self._slots.get(host)
        if entry is None:
            entry = self._slots[host] = _Slot(asyncio.Semaphore(self.per_host))
        entry.users += 1
        try:
            async with entry.semaphore:
                entry.holding += 1
                try:
                    yield
                finally:
                    entry.holding -= 1
        finally:
            entry.users -= 1
            if entry.users == 0 and self._slots.get(host) is entry:
                del self._slots[host]

    def in_use(self, host: str) -> int:
        """Requests to ``host`` currently holding a slot."""
        entry = self._slots.get(host)
        return 0 if entry is None else entry.holding

    def waiting(self, host: str) -> int:
        """Requests to ``host`` queued for a slot."""
        entry = self._slots.get(host)
        return 0 if entry is None else entry.users - entry.holding

    def __len__(self) -> int:
        """Hosts with at least one request holding or awaiting a slot."""
        return len(self._slots)
