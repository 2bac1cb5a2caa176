"""What the pipeline needs from its neighbours, as protocols (the real classes are passed in).

``bot.store.writer.DbWriter`` and ``bot.fetch.Fetcher`` satisfy these structurally; tests may
pass small fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from bot.models import Page

T = TypeVar("T")


class Writer(Protocol):
    """Runs blocking SQLite work off the event loop, serialised on one thread."""

    async def run(self, fn: Callable[..., T], *args: Any) -> T: ...


class PageFetcher(Protocol):
    async def fetch(self, url: str) -> Page: ...
