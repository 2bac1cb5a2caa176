"""A small pool of worker processes driven from the event loop, for CPU-bound calls.

``concurrent.futures.ProcessPoolExecutor`` hands every call through a feeder thread, a manager
thread and two queues; for a 170 KB page that overhead costs about as much CPU as a third of the
extraction it offloads. ``WorkerPool`` talks to each worker over its own socket pair instead:
a call is one length-prefixed pickle written from the event loop (large byte strings, such as
a fetched page's body, follow it out of band, sent as they are rather than copied into the
pickle), its answer one read by a reader task. Each worker gets up to ``depth`` calls at a
time (the next page is already waiting when it finishes one), answers them in order, and is
picked by fewest outstanding calls.

A worker that dies (killed, out of memory) fails only the calls it held, with ``WorkerDied``;
the next call starts a replacement. Workers run niced (``DEFAULT_NICENESS``) so that on busy
cores the parent's event loop goes first, ignore SIGINT (Ctrl-C stops the bot, which closes the
pool) and exit when their socket closes.

    async with WorkerPool(2, initializer=setup, initargs=(config,)) as pool:
        result = await pool.call(work, item)
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import os
import pickle
import signal
import socket
import struct
from collections import deque
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from bot.closing import AsyncClosing
from bot.errors import NewsmodError
from bot.inflight import InFlight

log = logging.getLogger(__name__)

T = TypeVar("T")

_HEADER = struct.Struct("!Q")  # an answer: the size of its pickle
_CALL = struct.Struct("!IQ")  # a call: how many out-of-band buffers follow, the pickle's size
_BUFFER_SIZE = struct.Struct("!Q")  # then each buffer's size, the pickle, the buffers
_PROTOCOL = pickle.HIGHEST_PROTOCOL
#: Calls a worker holds at once: the one it runs and the next one, already sent.
DEFAULT_DEPTH = 2
#: Workers run at a lower CPU priority than the bot's process (``os.nice``): when the cores are
#: busy, the event loop (fetching, the database, a Discord heartbeat) goes first and the workers
#: take what is left, instead of an equal share that starves the process that feeds them.
DEFAULT_NICENESS = 10
#: Seconds a call may take (from when it is sent) before its worker is killed: extraction is
#: bounded (about a second for the worst hostile page), so a call this slow is a stuck worker.
DEFAULT_CALL_TIMEOUT = 120.0
JOIN_SECONDS = 5.0
#: Send buffer of the parent's end of each socket pair (the kernel caps it at ``wmem_max``):
#: with the default (about 200 KB) a 170 KB page often goes out in pieces, each another trip
#: through the event loop; with room for the calls a worker holds it goes out in one ``send``.
SEND_BUFFER_BYTES = 4 * 1024 * 1024


class WorkerDied(NewsmodError):
    """A worker process ended while it held a call (the call was not completed)."""


class WorkerTimeout(WorkerDied):
    """A call ran past the pool's ``call_timeout``; its worker was killed and is replaced."""


class PoolClosed(NewsmodError):
    """A call on a pool that was closed."""


# -- the worker's side ----------------------------------------------------------------------------


def _recv(stream: Any) -> Any | None:
    """The next call from the parent, or None once its socket is closed."""
    header = stream.read(_CALL.size)
    if len(header) < _CALL.size:
        return None
    count, size = _CALL.unpack(header)
    table = stream.read(_BUFFER_SIZE.size * count)
    if len(table) < _BUFFER_SIZE.size * count:
        return None
    sizes = [size, *(n for (n,) in _BUFFER_SIZE.iter_unpack(table))]
    parts = [stream.read(n) for n in sizes]
    if any(len(part) < n for part, n in zip(parts, sizes, strict=True)):
        return None  # cut off: the parent closed the socket
    # from our parent, over a private socket pair
    return pickle.loads(parts[0], buffers=parts[1:])  # noqa: S301


def _answer(call: tuple[Callable[..., Any], tuple[Any, ...]]) -> bytes:
    fn, args = call
    try:
        reply: tuple[bool, Any] = (True, fn(*args))
    except Exception as exc:  # noqa: BLE001 - handed back to the caller, like an executor does
        reply = (False, exc)
    try:
        return pickle.dumps(reply, protocol=_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
        detail = f"{type(exc).__name__}: {exc}"
        return pickle.dumps((False, NewsmodError(f"worker answer not sendable ({detail})")))


def _serve(
    sock: socket.socket,
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    niceness: int = 0,
) -> None:
    """The worker process: run calls from ``sock`` in order until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)
    if initializer is not None:
        initializer(*initargs)
    with sock, sock.makefile("rb") as incoming:
        while (call := _recv(incoming)) is not None:
            data = _answer(call)
            sock.sendall(_HEADER.pack(len(data)) + data)


# -- the parent's side ----------------------------------------------------------------------------


class _Worker:
    """One worker process, its connection and the futures of the calls it holds (in order)."""

    def __init__(self, name: str, process: BaseProcess, reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter) -> None:  # fmt: skip
        self.name = name
        self.process = process
        self.reader = reader
        self.writer = writer
        self.waiting: deque[asyncio.Future[Any]] = deque()
        self.alive = True
        self.task: asyncio.Task[None] | None = None

    def send(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> asyncio.Future[Any]:
        buffers: list[pickle.PickleBuffer] = []  # out of band: sent as they are, not copied
        data = pickle.dumps((fn, args), protocol=_PROTOCOL, buffer_callback=buffers.append)
        views = [buffer.raw() for buffer in buffers]  # (pickling may raise: nothing was sent)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        sizes = b"".join(_BUFFER_SIZE.pack(view.nbytes) for view in views)
        self.writer.write(_CALL.pack(len(views), len(data)) + sizes + data)
        for view in views:
            self.writer.write(view)
        self.waiting.append(future)
        return future

    async def read_answers(self) -> None:
        """Resolve the waiting futures in order; on EOF fail the rest with WorkerDied."""
        try:
            while True:
                header = await self.reader.readexactly(_HEADER.size)
                (size,) = _HEADER.unpack(header)
                ok, value = pickle.loads(await self.reader.readexactly(size))  # noqa: S301
                future = self.waiting.popleft()
                if future.done():
                    continue  # its caller was cancelled; the answer is dropped
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            self.alive = False
            self.fail_waiting()

    def fail_waiting(self) -> None:
        code = self.process.exitcode
        why = f"exit code {code}" if code is not None else "its connection closed"
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_exception(WorkerDied(f"check worker {self.name} stopped ({why})"))

    def kill(self) -> None:
        log.error("check worker %s is stuck; killing it", self.name)
        self.alive = False
        self.process.kill()

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)
        await asyncio.to_thread(self.process.join, JOIN_SECONDS)
        if self.process.is_alive():
            log.warning("check worker %s did not stop; killing it", self.name)
            self.process.kill()
            await asyncio.to_thread(self.process.join, JOIN_SECONDS)


class WorkerPool(AsyncClosing):
    """``size`` worker processes (spawned, each set up once by ``initializer(*initargs)``)."""

    def __init__(
        self,
        size: int,
        *,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        depth: int = DEFAULT_DEPTH,
        niceness: int = DEFAULT_NICENESS,
        call_timeout: float | None = DEFAULT_CALL_TIMEOUT,
    ) -> None:
        self.size = max(1, size)
        self.niceness = niceness
        self.call_timeout = call_timeout
        self.depth = max(1, depth)
        self.initializer = initializer
        self.initargs = initargs
        self._workers: list[_Worker] = []
        self._numbers = itertools.count(1)
        self._slots = asyncio.Condition()  # signalled whenever a call ends
        self._closed = False
        self._busy = InFlight()  # calls started and not yet answered

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker (both picklable); its result, or the exception it raised."""
        if self._closed:
            raise PoolClosed("the check workers were shut down")
        async with self._busy:
            worker = await self._free_worker()
            future = worker.send(fn, args)
            timer = None
            if self.call_timeout is not None:  # a timer, not wait_for: no task per call
                loop = asyncio.get_running_loop()
                timer = loop.call_later(self.call_timeout, self._expire, worker, future)
            try:
                return await future  # cancelled (or timed out): its answer is dropped
            finally:
                if timer is not None:
                    timer.cancel()
                await self._release()

    def _expire(self, worker: _Worker, future: asyncio.Future[Any]) -> None:
        """A call ran past ``call_timeout``: fail it, and kill its stuck worker (the other calls
        it holds fail with ``WorkerDied``; the next call starts a replacement)."""
        if future.done():
            return
        future.set_exception(
            WorkerTimeout(
                f"check worker {worker.name} took longer than {self.call_timeout:g}s; "
                "it was stopped"
            )
        )
        worker.kill()

    async def start(self) -> None:
        """Start every worker now and wait until each has answered a first call (imported its
        modules and run ``initializer``), rather than on the first calls: a bot starts its
        workers before it reads posts, and one that cannot start fails then (``WorkerDied``)."""
        if self._closed:
            raise PoolClosed("the check workers were shut down")
        async with self._slots:
            await self._replace_dead()
            workers = list(self._workers)
        await asyncio.gather(*(self._ready(worker) for worker in workers))

    async def _ready(self, worker: _Worker) -> None:
        """One call on ``worker`` itself (not the least busy one): its process is up."""
        async with self._busy:
            try:
                async with asyncio.timeout(self.call_timeout):
                    await worker.send(os.getpid, ())
            except TimeoutError:
                worker.kill()
                raise WorkerTimeout(
                    f"check worker {worker.name} did not start within {self.call_timeout:g}s"
                ) from None
            finally:
                await self._release()

    async def wait_idle(self) -> None:
        """Return once no call is running (e.g. before closing a pool that was replaced)."""
        await self._busy.idle()

    async def _free_worker(self) -> _Worker:
        async with self._slots:
            while True:
                await self._replace_dead()
                if self._closed:
                    raise PoolClosed("the check workers were shut down")
                worker = min(self._workers, key=lambda w: len(w.waiting))
                if len(worker.waiting) < self.depth:
                    return worker
                await self._slots.wait()

    async def _release(self) -> None:
        async with self._slots:
            self._slots.notify()

    async def _replace_dead(self) -> None:
        """With ``_slots`` held (one caller at a time): drop dead workers, start missing ones."""
        for worker in [w for w in self._workers if not w.alive]:
            self._workers.remove(worker)
            log.error("check worker %s died; starting a new one", worker.name)
            await worker.close()
        while len(self._workers) < self.size and not self._closed:
            self._workers.append(await self._start())

    async def _start(self) -> _Worker:
        name = str(next(self._numbers))
        ours, theirs = socket.socketpair()
        with contextlib.suppress(OSError):  # a smaller buffer only costs more sends
            ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER_BYTES)
        context = multiprocessing.get_context("spawn")  # the parent runs threads: never fork
        process = context.Process(
            target=_serve, args=(theirs, self.initializer, self.initargs, self.niceness),
            name=f"newsmod-check-{name}", daemon=True,
        )  # fmt: skip
        try:
            await asyncio.to_thread(process.start)
        finally:
            theirs.close()
        reader, writer = await asyncio.open_connection(sock=ours, limit=2**20)
        worker = _Worker(name, process, reader, writer)
        worker.task = asyncio.ensure_future(worker.read_answers())
        return worker

    async def aclose(self) -> None:
        """Stop every worker (calls they hold fail with WorkerDied); idempotent."""
        self._closed = True
        workers, self._workers = self._workers, []
        await asyncio.gather(*(w.close() for w in workers))
        async with self._slots:
            self._slots.notify_all()
