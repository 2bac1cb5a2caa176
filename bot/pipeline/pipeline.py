"""The moderation pipeline: queue → check → policy → adapter → modlog, crash-safe.

Workers take claimed posts from a sliding window (at most ``concurrency`` checks at once, more
claimed as slots free). For each post, one transaction stores its result, opens its case, syncs
its findings and records its actions ``pending``. The actions are then applied through the
platform adapter with their unique keys and, in a second transaction, marked ``done`` together
with their modlog entries. Both kinds go through ``GroupCommit``: those of posts that finish
while the writer is busy are committed together (a savepoint each), and a caller goes on only
once its writes are committed. On start, the pipeline returns posts a dead process had claimed
to the queue and retries pending actions with the same keys: no post is lost, and no action is
applied or logged twice. While running, an action the platform did not take is tried again
when its wait is over (``bot.pipeline.actions.retry_delay``). One pipeline per platform may
run on a database (each claims only its own platforms' posts).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from sqlite_utils.db import Database

from bot.dupes.index import IndexHistory
from bot.dupes.step import check_duplicates, made_at
from bot.errors import NewsmodError, StoreError
from bot.guidelines import Community, Guidelines
from bot.models import CheckResult, Post
from bot.pipeline.actions import ACTION_ATTEMPTS, ActionLog, PendingAction, new_owner
from bot.pipeline.adapter import ActionRefused, PlatformAdapter
from bot.pipeline.clock import Clock, utcnow
from bot.pipeline.dispatch import LOCAL_KINDS, call_adapter
from bot.pipeline.findings import FindingStore
from bot.pipeline.finish import BOT_ACTOR, finish_action, post_ref
from bot.pipeline.groupcommit import GroupCommit
from bot.pipeline.planner import plan
from bot.pipeline.ports import PageFetcher, Writer
from bot.pipeline.queue import PostQueue, QueuedPost
from bot.pipeline.safewriter import SafeWriter
from bot.pipeline.sources import OverridingChecker
from bot.store.db import write_transaction
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.settings import SettingsStore

log = logging.getLogger(__name__)

Checker = Callable[[Post, PageFetcher, Guidelines], Awaitable[CheckResult]]
ModeLookup = Callable[[Post], str | None]


#: Seconds a transaction waits for the results of posts still being checked (``GroupCommit``).
COMMIT_DELAY = 0.005

#: Actions with nothing to apply on a platform: done and logged with the check result.


class _Superseded(Exception):
    """The post was edited while it was being checked: drop this result, check it again."""


def article_summary(result: CheckResult) -> dict[str, Any]:
    a = result.article
    return {
        "status": a.status,
        "final_url": a.final_url,
        "headline": a.headline,
        "site_name": a.site_name,
        "paywalled": a.paywalled,
        "error": a.error,
    }


class Pipeline:
    def __init__(
        self,
        db: Database,
        writer: Writer,
        fetcher: PageFetcher,
        guidelines: Guidelines,
        adapters: Mapping[str, PlatformAdapter],
        *,
        modlog: Modlog | None = None,
        concurrency: int = 8,
        batch_size: int | None = None,
        max_attempts: int = 3,
        actor: Actor = BOT_ACTOR,
        mode_for: ModeLookup | None = None,
        checker: Checker | None = None,
        poll_interval: float = 2.0,
        platforms: Iterable[str] | None = None,
        settings: SettingsStore | None = None,
        commit_delay: float = COMMIT_DELAY,
        action_attempts: int = ACTION_ATTEMPTS,
        clock: Clock = utcnow,
        owner: str | None = None,
    ) -> None:
        self.db = db
        self.writer = SafeWriter(writer, db)
        self.concurrency = max(1, concurrency)
        self._checking = 0  # posts being checked right now
        # Results and finished actions of posts that complete together share one transaction;
        # while other posts are being checked, a group waits up to ``commit_delay`` s for them.
        self.group = GroupCommit(
            self.writer, db, delay=commit_delay, coming=lambda: self._checking,
            max_group=2 * self.concurrency,
        )  # fmt: skip
        self.fetcher = fetcher
        self.guidelines = guidelines
        self.adapters = dict(adapters)
        # The posts this pipeline claims: by default those it has an adapter for, so that one
        # process per platform can share a database without taking each other's posts.
        self.platforms = tuple(platforms if platforms is not None else self.adapters)
        self.modlog = modlog if modlog is not None else Modlog(db)
        self.batch_size = batch_size or self.concurrency * 4
        self.actor = actor
        self.mode_for = mode_for
        self.settings = settings if settings is not None else SettingsStore(db)
        if checker is None:
            from bot.service import check_post  # bot.service imports this package's ports

            # moderators' source-list edits (stored in the database) apply on every platform
            checker = OverridingChecker(self.writer, self.settings, check_post)
        self.checker = checker
        self.poll_interval = poll_interval
        self.queue = PostQueue(db, max_attempts=max_attempts)
        self.actions = ActionLog(db, max_attempts=action_attempts)
        self.clock = clock  # when a failed action is due again
        #: Whose claim the actions this pipeline applies are (``ActionLog.claim_due``).
        self.owner = owner or new_owner()
        self.findings = FindingStore(db)
        self.history = IndexHistory(db)  # duplicate-post: the community's earlier posts
        self._started = False
        self._wake = asyncio.Event()

    # -- intake -------------------------------------------------------------------------------

    async def submit(self, post: Post) -> bool:
        """Queue ``post`` (durably, before any check); False if seen with the same content.

        Posts submitted at the same time (a burst, ``asyncio.gather``) share one transaction."""
        community = self.guidelines.community(post.community)  # ConfigError if unknown
        added = await self.group.run(self.queue.enqueue, replace(post, community=community.key))
        if added:
            self._wake.set()
        return added

    # -- running ------------------------------------------------------------------------------

    async def run_once(self) -> int:
        """Recover, then check one batch of pending posts and apply their actions; how many."""
        await self._recover()
        batch = await self.writer.run(self.queue.claim, self.batch_size, self.platforms)
        if batch:
            sem = asyncio.Semaphore(self.concurrency)
            await asyncio.gather(*(self._process(item, sem) for item in batch))
        return len(batch)

    async def run_until_empty(self) -> int:
        """Process posts until the queue is empty; how many were processed."""
        return await self._drain(None)

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Process posts as they come until ``stop`` is set (then finish the ones in flight)."""
        await self._drain(stop)

    async def _recover(self) -> None:
        if not self._started:
            await self.writer.run(self.queue.reclaim, self.platforms)
            # One pipeline per platform: claims others hold on ours are a dead process's.
            await self.writer.run(self.actions.release_others, self.owner, self.platforms)
            self._started = True
        await self.retry_actions()

    async def _drain(self, stop: asyncio.Event | None) -> int:
        """A sliding window: claim more posts whenever a slot frees, so one slow page never
        holds up a whole batch. Pending actions are retried only when nothing is in flight."""
        sem = asyncio.Semaphore(self.concurrency)
        inflight: set[asyncio.Task[None]] = set()
        # Finished tasks arrive here (not through asyncio.wait, which would add and remove a
        # callback on every task in flight each time one finishes).
        finished: asyncio.Queue[asyncio.Task[None]] = asyncio.Queue()
        processed = 0
        await self._recover()
        try:
            while True:
                self._wake.clear()
                room = self.batch_size - len(inflight)
                refill = room > 0 and (not inflight or room >= self.concurrency)
                if (stop is None or not stop.is_set()) and refill:
                    for item in await self.writer.run(self.queue.claim, room, self.platforms):
                        task = asyncio.ensure_future(self._process(item, sem))
                        task.add_done_callback(finished.put_nowait)
                        inflight.add(task)
                if inflight:
                    done = [await finished.get()]
                    while not finished.empty():
                        done.append(finished.get_nowait())
                    for task in done:
                        inflight.discard(task)
                        task.result()  # a StoreError stops the pipeline; claimed posts are safe
                    processed += len(done)
                    continue
                if stop is None or stop.is_set():
                    return processed
                await self.retry_actions(due_only=True)
                await self._idle(stop)
        finally:
            for task in inflight:
                task.cancel()  # only on error: their posts stay claimed, reclaimed on restart

    async def _idle(self, stop: asyncio.Event) -> None:
        """Wait for a submitted post, ``stop`` or the poll interval."""
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait(
                waiters, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def retry_actions(self, *, due_only: bool = False) -> int:
        """Apply actions left pending (by a crash or an adapter error); how many succeeded.
        At start every one is tried; while running (``due_only``) those whose wait is over."""
        claim = partial(self.actions.claim_due, platforms=self.platforms, due_only=due_only)
        pending = await self.writer.run(claim, self.owner, self.clock())
        for action in pending:
            log.info("retrying pending action %s", action.key)
        return await self._apply(pending) if pending else 0

    async def _process(self, item: QueuedPost, sem: asyncio.Semaphore) -> None:
        # ``sem`` bounds the checks (fetching and CPU work) in flight; recording and applying
        # wait on the writer and the platform, so a post frees its slot once it is checked.
        async with sem:
            result = await self._check(item)
        if result is None:
            return
        try:
            actions = await self.group.run(self._record, item, result)
        except StoreError:
            raise  # the database is unusable: stop, lose nothing (the post stays claimed)
        except NewsmodError as exc:  # e.g. the post's community left the config
            await self.writer.run(self.queue.fail, item, str(exc))
            return
        if actions:
            await self._apply(actions)

    async def _check(self, item: QueuedPost) -> CheckResult | None:
        """The post's check result; None if checking failed (the post is failed for a retry)."""
        self._checking += 1
        try:
            return await self.checker(item.post, self.fetcher, self.guidelines)
        except NewsmodError as exc:
            error = str(exc)
        except Exception as exc:
            log.exception("checking post %s:%s failed", item.post.platform, item.post.id)
            error = f"{type(exc).__name__}: {exc}"
        finally:
            self._checking -= 1
        await self.writer.run(self.queue.fail, item, error)
        return None

    # -- recording (writer thread) --------------------------------------------------------------

    def _mode(self, post: Post, community: Community) -> str:
        override = self.mode_for(post) if self.mode_for else None
        return override or community.mode

    def _record(self, item: QueuedPost, result: CheckResult) -> list[PendingAction]:
        """One transaction: the result, the case, the findings and the planned actions (notes,
        which touch no platform, are done and logged right here). Returns the actions still to
        apply through an adapter."""
        post = item.post
        community = self.guidelines.community(post.community)
        mode = self._mode(post, community)
        try:
            with write_transaction(self.db):
                state = self.findings.state(post.platform, post.id)
                at = made_at(post, community, self.history, item.received or self.clock())
                result, sig = check_duplicates(post, result, community, self.history, at=at)
                planned = plan(
                    result, post, community, mode=mode, open_rules=state.open,
                    quiet_rules=state.quiet,
                )  # fmt: skip
                case_no = item.case_no
                if case_no is None and (result.findings or planned):
                    case_no = self.modlog.open_case(community.key, post_ref(post))
                stored = result.to_json()
                stored["config_version"] = result.config_version or self.guidelines.version
                done = self.queue.complete(
                    item, result=json.dumps(stored, ensure_ascii=False, default=str),
                    decision=result.decision, case_no=case_no,
                )  # fmt: skip
                if not done:
                    raise _Superseded
                self.history.index(item.row_id, community.key, sig, at)
                if case_no is not None:
                    self.findings.sync(post, case_no, result.findings, state)
                extra = {
                    "case": case_no,
                    "mode": mode,
                    "decision": result.decision,
                    "findings": [f.to_json() for f in result.findings],
                    "article": article_summary(result),
                    "config_version": stored["config_version"],
                }
                remote = []
                for planned_action in planned:
                    action = self.actions.reserve(
                        post, case_no, planned_action, extra, owner=self.owner, at=self.clock()
                    )
                    if action is None:
                        continue  # planned before: a retry of the same content
                    if action.kind in LOCAL_KINDS:
                        self._finish_one(action)
                    else:
                        remote.append(action)
        except _Superseded:
            log.info("post %s:%s changed while being checked; re-queued", post.platform, post.id)
            return []
        return remote

    def _finish(self, actions: list[PendingAction]) -> int:
        """Mark applied actions done, each with its modlog entry, in one transaction."""
        with write_transaction(self.db):
            return sum(self._finish_one(action) for action in actions)

    def _finish_one(self, action: PendingAction) -> bool:
        """Inside a transaction: ``action`` pending → done, and its one modlog entry."""
        entry = finish_action(
            action, actions=self.actions, findings=self.findings, modlog=self.modlog,
            bot=self.actor,
        )  # fmt: skip
        return entry is not None

    # -- applying (event loop) ------------------------------------------------------------------

    async def _apply(self, actions: list[PendingAction]) -> int:
        """Apply actions in order through their adapters, then record the applied ones done (one
        transaction) and the failed ones for a later retry; how many were done."""
        applied = []
        for action in actions:
            try:
                await call_adapter(self.adapters, action)
            except Exception as exc:  # noqa: BLE001 - adapters fail in their own ways; retry later
                final = isinstance(exc, ActionRefused)  # refused for good: no retry
                await self._failed(action, f"{type(exc).__name__}: {exc}", final=final)
            else:
                applied.append(action)
        return await self.group.run(self._finish, applied) if applied else 0

    async def _failed(self, action: PendingAction, error: str, *, final: bool = False) -> None:
        """Count the failed attempt; the action waits (``retry_delay``) or is given up."""
        failed = self.actions.failed
        attempts, wait = await self.writer.run(failed, action.key, error, self.clock(), final)
        if final:
            log.error("action %s refused by the platform, not retried: %s", action.key, error)
        elif attempts >= self.actions.max_attempts:
            log.error("action %s given up after %d attempts: %s", action.key, attempts, error)
        else:
            log.warning("action %s failed (attempt %d), retrying in %gs: %s",
                        action.key, attempts, wait, error)  # fmt: skip
