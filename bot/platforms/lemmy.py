"""Lemmy as a newsmod platform: the adapter that acts on posts, start-up checks, the watch loop.

``LemmyAdapter`` implements the pipeline's ``PlatformAdapter`` for ``post.platform == "lemmy"``:

- ``notify_mods``: a post report naming each rule and its evidence (≤ 1000 chars), except for a
  post the bot removed itself; when Discord is also configured, the item is forwarded to its mod
  queue too (``forward``);
- ``comment``: a mod comment, distinguished (Lemmy refuses comments on removed posts, so the
  pipeline comments before it removes);
- ``remove`` / ``restore``: ``post/remove`` with the reason ``Rule N (<name>): <why>``; ``lock``
  (and, with ``LEMMY_LOCK_REMOVED``, a lock with every removal);
- ``resolved`` (an edit fixed findings): the bot's open reports on the post from earlier versions
  are resolved (``PUT /post/report/resolve``, the same in v3 and v4; what is still open gets a
  fresh report from ``notify_mods``), and the Discord mod queue is told (``forward_resolved``).

Every method is idempotent for its action key: reports and comments carry a marker derived from
the key and are looked up before writing; remove/lock/restore look at the post's state first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial

import aiohttp
from sqlite_utils.db import Database

from bot.errors import ConfigError
from bot.fetch import DEFAULT_USER_AGENT
from bot.guidelines import Community, Guidelines
from bot.lemmy.base import LemmyError, Sleep
from bot.lemmy.detect import open_client
from bot.lemmy.modlog_import import ImportTarget, ModlogImporter
from bot.lemmy.poller import PLATFORM, LemmyPoller, Submit, Watched
from bot.lemmy.settings import LemmySettings, watched_communities
from bot.lemmy.text import comment_body, marker_for, removal_reason, report_reason
from bot.lemmy.types import Item, ItemPage, LemmyApi, LemmyComment, LemmyMe, LemmyReport
from bot.models import Post
from bot.ops.reach import backoff
from bot.pipeline.adapter import ModQueueItem
from bot.pipeline.pipeline import Checker, Pipeline
from bot.pipeline.planner import WHOLE_POST, action_key
from bot.pipeline.ports import PageFetcher, Writer
from bot.store.modlog import Modlog

log = logging.getLogger(__name__)

Forward = Callable[[ModQueueItem], Awaitable[None]]
#: The longest wait between failed polls (seconds).
MAX_POLL_BACKOFF = 600.0
#: Told after every poll round: None when it went through, else the one-line error.
Beat = Callable[[str | None], Awaitable[None]]
ForwardResolved = Callable[[ModQueueItem, tuple[str, ...]], Awaitable[None]]

#: Pages of 50 comments read, oldest first, looking for the bot's own before commenting: its
#: comment comes early, but a retry (a day later at most) may find a busy thread.
COMMENT_PAGES = 40
#: Pages of 50 reports read, newest first, looking for the bot's own before reporting (and its
#: older ones to resolve after an edit).
REPORT_PAGES = 20


async def _paged(
    fetch: Callable[[str | None], Awaitable[ItemPage[Item]]], pages: int, post_id: int
) -> AsyncIterator[Item]:
    """The items of ``fetch(cursor)``'s pages, one page after another, through ``pages`` pages
    (the first ones only, with a warning, when there are more)."""
    cursor: str | None = None
    for _ in range(pages):
        page = await fetch(cursor)
        for item in page.items:
            yield item
        cursor = page.next_cursor
        if cursor is None:
            return
    log.warning("Lemmy post %s: more than %d pages; read the first ones only", post_id, pages)


class LemmyAdapter:
    """``PlatformAdapter`` for Lemmy posts (``Post.id`` is Lemmy's post id)."""

    platform = PLATFORM

    def __init__(
        self,
        client: LemmyApi,
        me: LemmyMe,
        guidelines: Guidelines,
        *,
        lock_removed: bool = False,
        forward: Forward | None = None,
        site_url: str = "",
    ) -> None:
        self.client = client
        self.me = me
        self.guidelines = guidelines
        self.lock_removed = lock_removed
        self.forward = forward
        self.forward_resolved: ForwardResolved | None = None  # the Discord mod queue, if any
        self.site_url = site_url.rstrip("/")  # the instance the bot account lives on

    def _community(self, post: Post) -> Community:
        return self.guidelines.community(post.community or None)

    def post_url(self, post: Post) -> str:
        """The post's page on the bot's instance (``Post.id`` is that instance's post id)."""
        return f"{self.site_url}/post/{int(post.id)}"

    async def notify_mods(self, item: ModQueueItem) -> None:
        """Report the post on Lemmy (unless the bot already removed it: the removal and its
        reason are in Lemmy's modlog), and forward the item to the Discord mod queue if any."""
        if item.decision != "remove" or item.dry_run:
            await self._report(item)
        if self.forward is not None:
            await self.forward(item)

    async def _report(self, item: ModQueueItem) -> None:
        post_id = int(item.post.id)
        marker = marker_for(item.key)
        async for report in self._reports(post_id):
            if report.creator_id == self.me.person.id and marker in report.reason:
                log.info("Lemmy post %s already reported for %s", post_id, item.key)
                return
        community = self._community(item.post)
        reason = report_reason(item.findings, item.suggested_action, community, marker)
        await self.client.report_post(post_id, reason)

    async def resolved(self, item: ModQueueItem, rules: tuple[str, ...]) -> None:
        """An edit fixed ``rules``: resolve the bot's open reports on the post, except one about
        this very version (the report ``notify_mods`` files for what is still open)."""
        post_id = int(item.post.id)
        current = action_key(PLATFORM, item.post.id, WHOLE_POST, "notify", item.post.content_hash())
        keep = marker_for(current)
        async for report in self._reports(post_id):
            mine = report.creator_id == self.me.person.id
            if mine and not report.resolved and keep not in report.reason:
                await self.client.resolve_post_report(report.id)
                log.info("Lemmy report %s on post %s resolved (%s fixed)", report.id, post_id,
                         ", ".join(rules))  # fmt: skip
        if self.forward_resolved is not None:
            await self.forward_resolved(item, rules)

    async def comment(self, post: Post, text: str, key: str) -> None:
        post_id = int(post.id)
        marker = marker_for(key)
        comment = await self._own_comment(post_id, marker)
        if comment is not None:
            log.info("Lemmy post %s already has the comment for %s", post_id, key)
        else:
            comment = await self.client.create_comment(post_id, comment_body(text, marker))
        if not comment.distinguished:
            await self.client.distinguish_comment(comment.id)

    def _reports(self, post_id: int) -> AsyncIterator[LemmyReport]:
        """The post's reports, newest first, through the first ``REPORT_PAGES`` pages."""
        return _paged(partial(self.client.post_reports, post_id), REPORT_PAGES, post_id)

    async def _own_comment(self, post_id: int, marker: str) -> LemmyComment | None:
        """The bot's comment carrying ``marker`` (made before a crash, or before an answer was
        lost), read oldest first through the first ``COMMENT_PAGES`` pages."""
        async for comment in _paged(partial(self.client.comments, post_id), COMMENT_PAGES, post_id):
            if comment.creator_id == self.me.person.id and marker in comment.content:
                return comment
        return None

    async def remove(self, post: Post, reason: str, key: str) -> None:
        post_id = int(post.id)
        why = removal_reason(reason, key, self._community(post))
        current = await self.client.get_post(post_id)
        if current.removed:
            log.info("Lemmy post %s is already removed (%s)", post_id, key)
        else:
            await self.client.remove_post(post_id, why)
        if self.lock_removed and not current.locked:
            await self.client.lock_post(post_id, why)

    async def lock(self, post: Post, reason: str, key: str) -> None:
        post_id = int(post.id)
        current = await self.client.get_post(post_id)
        if current.locked:
            log.info("Lemmy post %s is already locked (%s)", post_id, key)
            return
        why = removal_reason(reason, key, self._community(post)) or "locked by a moderator"
        await self.client.lock_post(post_id, why)

    async def restore(self, post: Post, reason: str, key: str) -> None:
        post_id = int(post.id)
        why = " ".join(reason.split()) or "restored by a moderator"
        current = await self.client.get_post(post_id)
        if current.removed:
            await self.client.remove_post(post_id, why, removed=False)
        if self.lock_removed and current.locked:
            await self.client.lock_post(post_id, why, locked=False)


@dataclass
class LemmyConnection:
    """A logged-in, checked Lemmy account and what it watches."""

    client: LemmyApi
    me: LemmyMe
    watched: list[Watched]


async def connect(
    client: LemmyApi, guidelines: Guidelines, *, set_bot_account: bool = True
) -> LemmyConnection:
    """Log in, mark the account as a bot, and check it moderates every watched community.

    Every failure is one line: wrong password, unknown community, not a moderator.
    """
    handles = watched_communities(guidelines)
    await client.login()
    try:
        me = await client.me()
    except LemmyError as exc:
        if exc.code != "not_logged_in":
            raise
        raise LemmyError(
            "not_logged_in: Lemmy refused the token in LEMMY_JWT (expired or revoked?); "
            "set LEMMY_USERNAME and LEMMY_PASSWORD instead",
            status=exc.status,
            path=exc.path,
        ) from None
    if set_bot_account and not me.person.bot_account:
        await client.set_bot_account()
        log.info("marked Lemmy account %s as a bot account", me.person.handle)
    watched = []
    for handle, key in handles.items():
        try:
            community = await client.community(handle)
        except LemmyError as exc:
            raise ConfigError(
                f"guidelines.toml: communities.{key}.lemmy: {handle}: {exc.code}"
            ) from None
        if not me.moderates_handle(community.handle):
            raise LemmyError(
                f"not_a_moderator: {me.person.name} does not moderate {handle}; "
                "add the bot account as a moderator of that community",
                status=0,
            )
        watched.append(Watched(community, key))
    return LemmyConnection(client, me, watched)


async def watch(
    conn: LemmyConnection,
    poller: LemmyPoller,
    importer: ModlogImporter | None,
    settings: LemmySettings,
    stop: asyncio.Event,
    beat: Beat | None = None,
) -> None:
    """Poll (and import the modlog) every ``poll_seconds`` until ``stop`` is set.

    A failed round is logged (one line) and retried, after ``poll_seconds`` doubling with each
    failure in a row up to ``MAX_POLL_BACKOFF``: a Lemmy outage never stops the bot.
    """
    failures = 0
    while not stop.is_set():
        wait = settings.poll_seconds
        try:
            await poller.poll_once()
            if importer is not None:
                await importer.import_once()
        except LemmyError as exc:
            wait = backoff(failures, settings.poll_seconds, max(MAX_POLL_BACKOFF, wait))
            failures += 1
            log.warning("Lemmy poll failed, retrying in %g s: %s", wait, exc)
            if beat is not None:
                await beat(str(exc))
        else:
            failures = 0
            if beat is not None:
                await beat(None)
        try:
            await asyncio.wait_for(stop.wait(), timeout=wait)
        except TimeoutError:
            continue


def import_targets(conn: LemmyConnection) -> list[ImportTarget]:
    return [ImportTarget(w.community.id, w.key) for w in conn.watched]


# -- running -----------------------------------------------------------------------------------


@dataclass
class LemmyPlatform:
    """A connected Lemmy account with its adapter; ``run`` watches until ``stop`` is set."""

    settings: LemmySettings
    conn: LemmyConnection
    adapter: LemmyAdapter

    async def run(
        self,
        submit: Submit,
        modlog: Modlog,
        writer: Writer,
        stop: asyncio.Event,
        beat: Beat | None = None,
    ) -> None:
        poller = LemmyPoller(
            self.conn.client, self.conn.watched, submit, recheck_hours=self.settings.recheck_hours
        )
        importer = ModlogImporter(
            self.conn.client,
            modlog,
            writer,
            import_targets(self.conn),
            bot_person_id=self.conn.me.person.id,
        )
        await watch(self.conn, poller, importer, self.settings, stop, beat)


@asynccontextmanager
async def open_lemmy(
    env: Mapping[str, str],
    guidelines: Guidelines,
    *,
    forward: Forward | None = None,
    sleep: Sleep = asyncio.sleep,
) -> AsyncIterator[LemmyPlatform]:
    """Settings, version detection, login and start-up checks; closes its HTTP session after.

    ``forward`` is the Discord mod queue when both platforms run in one process.
    """
    settings = LemmySettings.from_env(env)
    watched_communities(guidelines)  # config errors before any network call
    timeout = aiohttp.ClientTimeout(total=60, connect=10)
    headers = {"User-Agent": DEFAULT_USER_AGENT}
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
        client = await open_client(session, settings.credentials, sleep=sleep)
        conn = await connect(client, guidelines)
        adapter = LemmyAdapter(
            client, conn.me, guidelines, lock_removed=settings.lock_removed, forward=forward,
            site_url=settings.credentials.url,
        )  # fmt: skip
        log.info(
            "Lemmy: %s on %s (API %s), watching %s",
            conn.me.person.handle,
            settings.credentials.url,
            client.version,
            ", ".join(w.community.handle for w in conn.watched),
        )
        yield LemmyPlatform(settings, conn, adapter)


async def run_lemmy(
    env: Mapping[str, str],
    guidelines: Guidelines,
    db: Database,
    writer: Writer,
    fetcher: PageFetcher,
    stop: asyncio.Event | None = None,
    *,
    checker: Checker | None = None,
    beat: Beat | None = None,
) -> None:
    """``newsmod run lemmy``: watch Lemmy, check posts, act, import the modlog, until ``stop``.

    The database (with the pipeline's migrations), writer and fetcher are opened by the caller.
    """
    stop = stop or asyncio.Event()
    async with open_lemmy(env, guidelines) as lemmy:
        modlog = Modlog(db)
        pipeline = Pipeline(
            db, writer, fetcher, guidelines, {PLATFORM: lemmy.adapter},
            modlog=modlog, checker=checker,
        )  # fmt: skip
        await asyncio.gather(
            pipeline.run_forever(stop), lemmy.run(pipeline.submit, modlog, writer, stop, beat)
        )
