"""Group commit: the writes of posts that finish together share one SQLite transaction.

Every checked post is recorded in a transaction (its result, case, findings and reserved
actions) and every applied batch of actions in another (done + modlog entries). Committing each
one separately makes the writer thread pay a ``BEGIN IMMEDIATE``/``COMMIT`` and the WAL writes
of the same few pages over and over. ``GroupCommit.run(fn, *args)`` queues the job; while one
group is being written, the jobs that arrive wait and then go together as the next group: one
transaction, each job in its own savepoint.

With ``delay`` (a commit delay, as PostgreSQL's ``commit_delay``), a group about to be written
waits up to ``delay`` seconds for more jobs while ``coming()`` says more may arrive (the pipeline:
posts still being checked) and the group has fewer than ``max_group`` jobs: under load, fewer
and larger transactions, each writing its pages and waking the event loop once. With nothing
coming, a group is written at once.

The guarantees are those of one transaction per job: a job's writes are committed all together
or not at all, and ``run`` returns only after the commit (so an adapter is never called for an
action that is not durably reserved). A job that raises (e.g. a post whose community left the
config) rolls back only its own savepoint and gets its exception back; the others commit. A
database error (``StoreError``) fails the whole group, like a failed commit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from sqlite_utils.db import Database

from bot.errors import StoreError
from bot.pipeline.safewriter import SafeWriter
from bot.store.db import translate_errors, write_transaction

log = logging.getLogger(__name__)

T = TypeVar("T")

_Job = tuple[Callable[..., Any], tuple[Any, ...], "asyncio.Future[Any]"]
_Outcome = tuple[bool, Any]  # (True, result) or (False, exception)


class GroupCommit:
    """Runs blocking write jobs on ``writer``'s thread, grouping concurrent ones (see above)."""

    def __init__(
        self,
        writer: SafeWriter,
        db: Database,
        *,
        delay: float = 0.0,
        coming: Callable[[], int] | None = None,
        max_group: int = 32,
    ) -> None:
        self.writer = writer
        self.db = db
        self.delay = delay
        self.coming = coming
        self.max_group = max(1, max_group)
        self._pending: list[_Job] = []
        self._flusher: asyncio.Task[None] | None = None
        self._arrived = asyncio.Event()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` inside a transaction (shared with concurrent jobs); its result."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((fn, args, future))
        self._arrived.set()
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.ensure_future(self._flush())
        return await future  # a cancelled caller's job is still written with its group

    async def _gather(self) -> None:
        """The commit delay: wait (at most ``delay`` s) for the jobs still coming to join."""
        if self.delay <= 0 or self.coming is None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.delay
        while len(self._pending) < self.max_group and self.coming() > 0:
            left = deadline - loop.time()
            if left <= 0:
                return
            self._arrived.clear()
            try:
                async with asyncio.timeout(left):
                    await self._arrived.wait()
            except TimeoutError:
                return

    async def _flush(self) -> None:
        while self._pending:
            try:
                await self._gather()
            except BaseException:  # cancelled while waiting (the loop is closing): the callers too
                for _, _, future in self._pending:
                    future.cancel()
                self._pending = []
                raise
            jobs, self._pending = self._pending, []
            try:
                outcomes = await self.writer.run(self._write, [(fn, args) for fn, args, _ in jobs])
            except Exception as exc:  # noqa: BLE001 - the group failed (StoreError): tell each job
                for _, _, future in jobs:
                    if not future.done():
                        future.set_exception(exc)
                continue
            except BaseException:  # cancelled (the loop is closing): the jobs' callers too
                for _, _, future in jobs:
                    future.cancel()
                raise
            for (_, _, future), (ok, value) in zip(jobs, outcomes, strict=True):
                if future.done():
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)

    def _write(self, jobs: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> list[_Outcome]:
        """Writer thread: every job in its own savepoint of one transaction."""
        outcomes: list[_Outcome] = []
        with write_transaction(self.db):
            for fn, args in jobs:
                try:
                    with write_transaction(self.db), translate_errors(self.writer.label):
                        outcomes.append((True, fn(*args)))
                except StoreError:
                    raise  # the database is unusable: the group is not committed
                except Exception as exc:  # noqa: BLE001 - handed back to the job's caller
                    outcomes.append((False, exc))
        if len(jobs) > 1:
            log.debug("committed %d jobs in one transaction", len(jobs))
        return outcomes
