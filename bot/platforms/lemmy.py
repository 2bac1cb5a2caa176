"""Lemmy as a newsmod platform: start-up checks, the watch loop, running with the pipeline.

The adapter that acts on posts is ``bot.lemmy.adapter.LemmyAdapter`` (re-exported here).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from sqlite_utils.db import Database

from bot.errors import ConfigError
from bot.fetch import DEFAULT_USER_AGENT
from bot.guidelines import Guidelines
from bot.lemmy.adapter import Forward, ForwardResolved, LemmyAdapter
from bot.lemmy.base import Backoff, LemmyAuthError, LemmyError, Sleep
from bot.lemmy.detect import open_client
from bot.lemmy.marks import DbMarks
from bot.lemmy.modlog_import import ImportTarget, ModlogImporter
from bot.lemmy.poller import PLATFORM, LemmyPoller, Submit, Watched
from bot.lemmy.settings import LemmySettings, watched_communities
from bot.lemmy.types import LemmyApi, LemmyMe
from bot.pipeline.pipeline import Checker, Pipeline
from bot.pipeline.ports import PageFetcher, Writer
from bot.store.modlog import Modlog

log = logging.getLogger(__name__)

#: The longest wait between failed polls (seconds).
MAX_POLL_BACKOFF = 600.0
#: Told after every poll round: None when it went through, else the one-line error.
Beat = Callable[[str | None], Awaitable[None]]

__all__ = ["Beat", "Forward", "ForwardResolved", "LemmyAdapter", "LemmyConnection",
           "LemmyPlatform", "connect", "open_lemmy", "run_lemmy", "watch"]  # fmt: skip


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
    me = await client.me()  # a refused LEMMY_JWT is a one-line LemmyAuthError
    if getattr(client, "reports_ignore_post_id", False):
        log.warning("Lemmy %s predates 0.19.4: its report list ignores post_id, so the bot "
                    "picks its own reports out of every report it can see",
                    getattr(client, "server_version", "?"))  # fmt: skip
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
    failure in a row up to ``MAX_POLL_BACKOFF``: a Lemmy outage never stops the bot. A refused
    login (:class:`LemmyAuthError`, after one fresh login) does, with one line.
    """
    failures = 0
    while not stop.is_set():
        wait = settings.poll_seconds
        refused: LemmyAuthError | None = None
        try:
            await poller.poll_once()
            if importer is not None:
                await importer.import_once()
        except LemmyAuthError as exc:  # retrying cannot help: a human must act
            refused = exc
        except LemmyError as exc:
            wait = Backoff(settings.poll_seconds, max(MAX_POLL_BACKOFF, wait)).delay(failures)
            failures += 1
            log.warning("Lemmy poll failed, retrying in %g s: %s", wait, exc)
            if beat is not None:
                await beat(str(exc))
        else:
            failures = 0
            if beat is not None:
                await beat(None)
        # a refusal met by the pipeline's actions (same client) stops the bot too
        refused = refused or getattr(conn.client, "auth_error", None)
        if refused is not None:
            log.error("Lemmy: %s; stopping", refused)
            if beat is not None:
                await beat(str(refused))
            stop.set()
            raise refused
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
            self.conn.client, self.conn.watched, submit, marks=DbMarks(modlog.db, writer),
            recheck_hours=self.settings.recheck_hours, site_url=self.adapter.site_url,
        )  # fmt: skip
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
