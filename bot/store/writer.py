"""One writer thread for blocking SQLite work, so the event loop never waits on the database.

Everything submitted with ``await writer.run(fn, *args, **kw)`` runs in submission order on one
dedicated thread (datasette's pattern): writes are serialised and never block the loop. Reads can
use ``asyncio.to_thread`` with their own (read-only) connection.

``open_db`` makes connections with ``check_same_thread=False``, so a ``Modlog`` built on the
main thread can be used through the writer; do not use that connection elsewhere at the same
time.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from bot.closing import AsyncClosing
from bot.errors import StoreError

log = logging.getLogger(__name__)

T = TypeVar("T")

_Job = tuple[asyncio.AbstractEventLoop, asyncio.Future[Any], Callable[..., Any], tuple, dict]


class DbWriter(AsyncClosing):
    """Runs blocking callables on one thread, in order. Use ``async with DbWriter() as w``."""

    def __init__(self, *, name: str = "newsmod-db-writer") -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._closed:
                raise StoreError("the database writer is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            loop, future, fn, args, kwargs = job
            if future.cancelled():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
                loop.call_soon_threadsafe(_set_exception, future, exc)
            else:
                loop.call_soon_threadsafe(_set_result, future, result)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` on the writer thread and return (or raise) its result."""
        if inspect.iscoroutinefunction(fn):
            raise TypeError(f"{fn.__qualname__} is a coroutine function: await it directly")
        self._ensure_thread()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((loop, future, fn, args, kwargs))
        return await future

    def close(self) -> None:
        """Finish the jobs already queued, then stop the thread (blocks until it has)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        self._jobs.put(None)
        if thread is not None:
            thread.join()

    async def aclose(self) -> None:
        """``close()`` without blocking the event loop."""
        await asyncio.to_thread(self.close)


def _set_result(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():
        future.set_result(result)


def _set_exception(future: asyncio.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
