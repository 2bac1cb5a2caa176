"""``AsyncClosing``: ``async with obj`` gives ``obj`` and awaits ``obj.aclose()`` on the way out."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class AsyncClosing:
    """Base for objects that hold a resource (a thread, worker processes) until ``aclose()``."""

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
