"""A checker that extracts and checks in worker processes, so a busy bot uses every core.

Extraction and the rules are pure-Python CPU work: in one process they share one core however
many threads run them. ``ProcessChecker`` fetches in the event loop as ``check_post`` does, then
sends the page to a ``WorkerPool`` (one worker process per core by default). Each worker receives
the guidelines once, when it starts; when the pipeline is handed a new configuration (a new
``version``) a new pool starts and the old one stops once its calls are answered. A worker that
dies (e.g. out of memory) fails only the posts it held (``WorkerDied``: the queue retries them)
and is replaced on the next call. A call that runs past the pool's timeout (``WorkerTimeout``)
is not retried, since the same page would cost the same again: the article is reported
unreadable with one line and the title rules still run (extraction refuses hostile markup long
before, see ``bot.extract.structure``; the timeout is the last line of defence).

    async with ProcessChecker() as workers:
        checker = OverridingChecker(writer, SettingsStore(db), workers)  # moderators' list edits
        pipeline = Pipeline(db, writer, fetcher, guidelines, adapters, checker=checker)
"""

from __future__ import annotations

import asyncio
import logging
import os

from bot.closing import AsyncClosing
from bot.errors import NewsmodError
from bot.guidelines import Community, Guidelines
from bot.models import CheckResult, Page, Post
from bot.pipeline.ports import PageFetcher
from bot.pipeline.workers import WorkerPool, WorkerTimeout
from bot.service import check_page, check_snapshot, check_without_link

log = logging.getLogger(__name__)

# The guidelines of *this worker process*, set once by the pool's initializer. A process pool's
# workers cannot be handed objects any other way without paying to pickle them on every call.
_worker_guidelines: Guidelines | None = None


def _init_worker(guidelines: Guidelines) -> None:
    global _worker_guidelines
    _worker_guidelines = guidelines


def _check_in_worker(post: Post, page: Page | None, community: Community | None) -> CheckResult:
    guidelines = _worker_guidelines
    if guidelines is None:
        raise NewsmodError("check worker started without guidelines")
    community = community or guidelines.community(post.community)
    if page is None:
        return check_snapshot(post, community, guidelines.version)
    return check_page(post, page, community, guidelines.version)


class ProcessChecker(AsyncClosing):
    """``Checker`` (see ``bot.pipeline.pipeline``) over a pool of worker processes."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: WorkerPool | None = None
        self._version: str | None = None
        self._retiring: set[asyncio.Task[None]] = set()

    def _workers_for(self, guidelines: Guidelines) -> WorkerPool:
        if self._pool is not None and self._version == guidelines.version:
            return self._pool
        if self._pool is not None:
            log.info("configuration changed (%s); restarting check workers", guidelines.version)
            retire = asyncio.ensure_future(_retire(self._pool))
            self._retiring.add(retire)
            retire.add_done_callback(self._retiring.discard)
        self._pool = WorkerPool(self.workers, initializer=_init_worker, initargs=(guidelines,))
        self._version = guidelines.version
        return self._pool

    async def start(self, guidelines: Guidelines) -> None:
        """Start the workers for ``guidelines`` now, not with the first post (``newsmod run``
        does this before it reads any): a worker that cannot start fails here."""
        await self._workers_for(guidelines).start()

    async def __call__(
        self,
        post: Post,
        fetcher: PageFetcher,
        guidelines: Guidelines,
        *,
        community: Community | None = None,
    ) -> CheckResult:
        """Check ``post``; ``community`` (e.g. with moderators' source-list edits, see
        ``bot.pipeline.sources.OverridingChecker``) is sent to the worker only when it differs
        from the configured one the worker already has."""
        configured = guidelines.community(post.community)  # ConfigError here, not in a worker
        custom = community if community is not None and community is not configured else None
        community = custom or configured
        if not post.html_path and not post.url:
            return check_without_link(post, community, guidelines.version)  # title rules only
        page = None if post.html_path else await fetcher.fetch(post.url or "")
        pool = self._workers_for(guidelines)
        try:
            return await pool.call(_check_in_worker, post, page, custom)
        except WorkerTimeout as exc:
            log.warning("post %s:%s not read: %s", post.platform, post.id, exc)
            url = post.url or ""
            error = f"reading the page took longer than {pool.call_timeout or 0:g}s"
            unread = Page(url=url, final_url=url, error=error)
            return await asyncio.to_thread(check_page, post, unread, community, guidelines.version)

    async def aclose(self) -> None:
        """Stop the workers (after the calls of a replaced configuration have finished)."""
        if self._retiring:
            await asyncio.gather(*self._retiring, return_exceptions=True)
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None


async def _retire(pool: WorkerPool) -> None:
    """Close a pool replaced by a new configuration once the calls made on it are answered."""
    await pool.wait_idle()
    await pool.aclose()
