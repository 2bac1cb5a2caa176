"""``newsmod run [PLATFORM]``: connect to the chat platforms and moderate until stopped.

Without a platform, every configured one runs, in one process: Discord when ``DISCORD_TOKEN`` is
set, Lemmy when ``LEMMY_URL`` is. Each runner in ``RUNNERS`` is one ``async`` function taking
the parsed arguments, the environment (with ``.env`` loaded) and the opened shared resources (one
database, writer and fetcher); resources are opened here with ``async with`` and handed down.

Discord and Lemmy together share one pipeline and one mod queue: Lemmy flags are reported on
Lemmy *and* posted in the Discord mod queue, whose buttons act on the Lemmy post.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sqlite3
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dotenv import find_dotenv, load_dotenv
from sqlite_utils.db import Database

from bot.cli.common import add_db_argument, open_cli_db
from bot.errors import ConfigError, InputError, NewsmodError
from bot.fetch import Fetcher, FetchSettings, PageCache
from bot.guidelines import Guidelines, load_guidelines
from bot.lemmy.settings import is_configured as lemmy_configured
from bot.ops.heartbeats import lemmy_beat
from bot.ops.reach import wait_until_answering
from bot.ops.runlog import LoggedChecker, banner
from bot.ops.signals import graceful_stop
from bot.pipeline.checkpool import ProcessChecker
from bot.pipeline.pipeline import Checker as PipelineChecker
from bot.pipeline.ports import PageFetcher
from bot.pipeline.safewriter import SafeWriter
from bot.pipeline.schema import MIGRATIONS as PIPELINE_MIGRATIONS
from bot.pipeline.sources import OverridingChecker
from bot.store.db import db_label
from bot.store.heartbeat import MIGRATIONS as OPS_MIGRATIONS
from bot.store.heartbeat import Heartbeat
from bot.store.settings import SettingsStore
from bot.store.writer import DbWriter

if TYPE_CHECKING:  # discord.py is imported only when Discord runs
    from bot.platforms.discord import NewsBot
    from bot.platforms.lemmy import LemmyPlatform
    from cogs.services import Checker, DiscordCore

log = logging.getLogger(__name__)

MAX_WORKERS = 64
NOTHING_CONFIGURED = (
    "nothing to run: set DISCORD_TOKEN (Discord) and/or LEMMY_URL with LEMMY_USERNAME and "
    "LEMMY_PASSWORD or LEMMY_JWT (Lemmy), in the environment or .env"
)


@dataclass(frozen=True)
class Resources:
    """What every platform runner gets: opened by ``run_command``, closed after the runner."""

    db: Database
    writer: DbWriter
    guidelines: Guidelines
    fetcher: PageFetcher
    #: ``None``: the pipeline's default (extraction in a thread); with ``--workers N``, worker
    #: processes (with the moderators' source-list edits in front).
    checker: PipelineChecker | None = None
    #: Set by SIGTERM / SIGINT: every runner stops taking work and finishes what is in flight.
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    #: Liveness for ``newsmod status`` (None: not recorded).
    heartbeat: Heartbeat | None = None


Runner = Callable[[argparse.Namespace, Mapping[str, str], Resources], Awaitable[None]]


# -- the Discord bot with its background jobs -----------------------------------------------------


async def serve(
    bot: NewsBot,
    token: str,
    core: DiscordCore,
    lemmy: LemmyPlatform | None = None,
    *,
    stop: asyncio.Event | None = None,
    heartbeat: Heartbeat | None = None,
) -> None:
    """Run the bot; once it is ready, the pipeline (and Lemmy's watcher) beside it.

    One ``stop`` for everything: a stop signal (``stop`` set), a bot that stops, or a background
    job that fails stops all of them; the first failure is raised as a one-line NewsmodError.
    The jobs start after the gateway is ready, so the mod queue's guilds are known when the
    first item is posted.
    """
    from bot.platforms.discord import run_bot

    stop = stop or asyncio.Event()
    starters: list[asyncio.Task[None]] = []  # waits for the gateway, then starts the jobs
    jobs: list[asyncio.Task[None]] = []
    closing: set[asyncio.Task[None]] = set()  # held until done (the loop keeps weak references)

    def finished(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            stop.set()
            if not bot.is_closed():  # run_bot then returns; the failure is raised below
                close = asyncio.get_running_loop().create_task(bot.close())
                closing.add(close)
                close.add_done_callback(closing.discard)

    def spawn(into: list[asyncio.Task[None]], name: str, job: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(job, name=name)
        task.add_done_callback(finished)
        into.append(task)

    async def start_jobs() -> None:
        await bot.wait_until_ready()
        spawn(jobs, "the pipeline", core.pipeline.run_forever(stop))
        if lemmy is not None:
            beat = lemmy_beat(heartbeat, [w.key for w in lemmy.conn.watched]) if heartbeat else None
            watcher = lemmy.run(core.pipeline.submit, core.modlog, core.writer, stop, beat)
            spawn(jobs, "the Lemmy watcher", watcher)

    async def close_on_stop() -> None:
        await stop.wait()  # a stop signal: the bot lets its interactions finish, then closes
        if not bot.is_closed():
            await bot.close()

    async def after_login(_bot: NewsBot) -> None:
        spawn(starters, "the start-up", start_jobs())
        spawn(starters, "the stop", close_on_stop())

    if heartbeat is not None:

        async def gateway_event(event: str) -> None:
            await heartbeat.ok("discord", "", f"gateway {event}")

        bot.add_listener(gateway_event, "on_socket_event_type")

    bot.installers.append(after_login)
    try:
        await run_bot(bot, token)
    finally:
        stop.set()
        for task in starters:
            task.cancel()  # a no-op once the jobs are started
        results = await asyncio.gather(*starters, return_exceptions=True)
        results += await asyncio.gather(*jobs, return_exceptions=True)
    for task, result in zip(starters + jobs, results, strict=True):
        if isinstance(result, NewsmodError):
            raise result
        if isinstance(result, Exception):
            log.error("%s failed", task.get_name(), exc_info=result)
            detail = " ".join(str(result).split()) or type(result).__name__
            raise NewsmodError(f"{task.get_name()} stopped: {detail}") from result


def discord_core(
    bot: NewsBot,
    res: Resources,
    *,
    lemmy: LemmyPlatform | None = None,
    checker: Checker | None = None,
) -> DiscordCore:
    """The cogs' core over the shared resources, installed on ``bot``. With ``lemmy``, Lemmy
    posts go through the same pipeline, Lemmy flags are forwarded to the Discord mod queue (with
    a link to the post on Lemmy) and moderators' decisions on Lemmy cases act on Lemmy."""
    from cogs import installer
    from cogs.services import build_core

    extra = {lemmy.adapter.platform: lemmy.adapter} if lemmy is not None else {}
    core = build_core(
        bot, res.db, res.writer, res.guidelines, res.fetcher, checker=checker,
        extra_adapters=extra,
    )  # fmt: skip
    if lemmy is not None:
        lemmy.adapter.forward = core.adapter.notify_mods
        core.adapter.post_links[lemmy.adapter.platform] = lemmy.adapter.post_url
    bot.installers.append(installer(core))
    return core


# -- runners -------------------------------------------------------------------------------------


async def run_discord(_args: argparse.Namespace, env: Mapping[str, str], res: Resources) -> None:
    """The Discord bot and the pipeline, until the bot stops (Ctrl-C) or the pipeline fails."""
    from bot.platforms.discord import DiscordSettings, NewsBot, point_at

    settings = DiscordSettings.from_env(env)
    point_at(settings.api_base, settings.gateway_url)
    bot = NewsBot(settings)
    core = discord_core(bot, res, checker=res.checker)
    await serve(bot, settings.token, core, stop=res.stop, heartbeat=res.heartbeat)


async def run_lemmy(_args: argparse.Namespace, env: Mapping[str, str], res: Resources) -> None:
    """Lemmy: watch the configured communities and run the pipeline, until stopped (Ctrl-C)."""
    from bot.lemmy.settings import LemmySettings, watched_communities
    from bot.platforms.lemmy import run_lemmy as run

    settings = LemmySettings.from_env(env)
    watched = watched_communities(res.guidelines)  # config errors before any network call
    await wait_until_answering(settings.credentials.url, "Lemmy")
    beat = lemmy_beat(res.heartbeat, watched.values()) if res.heartbeat else None
    await run(env, res.guidelines, res.db, res.writer, res.fetcher, res.stop,
              checker=res.checker, beat=beat)  # fmt: skip


async def run_both(_args: argparse.Namespace, env: Mapping[str, str], res: Resources) -> None:
    """Discord and Lemmy in one process: one database, writer, fetcher, pipeline and mod queue.

    Both are checked before either starts (settings, then the Lemmy login and moderator check);
    afterwards a failure of either side stops both.
    """
    from bot.lemmy.settings import LemmySettings
    from bot.platforms.discord import DiscordSettings, NewsBot, point_at
    from bot.platforms.lemmy import open_lemmy

    settings = DiscordSettings.from_env(env)
    lemmy_settings = LemmySettings.from_env(env)  # both settings' errors before any network call
    point_at(settings.api_base, settings.gateway_url)
    await wait_until_answering(lemmy_settings.credentials.url, "Lemmy")
    async with open_lemmy(env, res.guidelines) as lemmy:
        bot = NewsBot(settings)
        core = discord_core(bot, res, lemmy=lemmy, checker=res.checker)
        await serve(bot, settings.token, core, lemmy, stop=res.stop, heartbeat=res.heartbeat)


PLATFORMS: dict[str, Runner] = {"discord": run_discord, "lemmy": run_lemmy}
RUNNER_PLATFORMS: dict[Runner, tuple[str, ...]] = {
    run_discord: ("discord",),
    run_lemmy: ("lemmy",),
    run_both: ("discord", "lemmy"),
}


def configured_runner(env: Mapping[str, str]) -> Runner:
    """``newsmod run`` without a platform: every configured one (ConfigError if none is)."""
    discord = bool(env.get("DISCORD_TOKEN", "").strip())
    lemmy = lemmy_configured(env)
    if discord and lemmy:
        return run_both
    if discord or lemmy:
        return PLATFORMS["discord" if discord else "lemmy"]
    raise ConfigError(NOTHING_CONFIGURED)


def runner_for(platform: str | None, env: Mapping[str, str]) -> Runner:
    return PLATFORMS[platform] if platform else configured_runner(env)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "run",
        help="run the bot on the configured chat platforms",
        description="Connect to the chat platforms and moderate until stopped (Ctrl-C). Without "
        "PLATFORM, every configured one runs in one process: Discord if DISCORD_TOKEN is set, "
        "Lemmy if LEMMY_URL is. Secrets come from the environment or a .env file.",
    )
    p.add_argument(
        "platform",
        nargs="?",
        choices=sorted(PLATFORMS),
        help="run only this platform (default: every configured one)",
    )
    add_db_argument(p)
    p.add_argument(
        "--config", metavar="TOML", help="guidelines file (default: config/guidelines.toml)"
    )
    p.add_argument("--env-file", metavar="PATH", help="read settings from this file (.env)")
    p.add_argument(
        "--workers",
        type=worker_count,
        default=0,
        metavar="N",
        help="read pages and run the rules in N worker processes (about 60 MB each; 0, the "
        "default: in a thread of the bot's process). 1 or 2 on a busy 2-core bot.",
    )
    p.set_defaults(func=run_command)


def worker_count(text: str) -> int:
    """``--workers``: 0 to 64."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of workers: {text!r}") from None
    if not 0 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"workers must be 0 to {MAX_WORKERS}, not {value}")
    return value


async def _run(
    args: argparse.Namespace,
    env: Mapping[str, str],
    guidelines: Guidelines,
    stop: asyncio.Event | None = None,
) -> None:
    runner = runner_for(getattr(args, "platform", None), env)  # before opening anything
    migrations = [PIPELINE_MIGRATIONS, OPS_MIGRATIONS]
    db = open_cli_db(args, readonly=False, extra_migrations=migrations)
    workers: int = getattr(args, "workers", 0)
    stop = stop or asyncio.Event()
    platforms = RUNNER_PLATFORMS.get(runner, ())
    log.info("%s", banner(platforms, guidelines, db_label(db), workers))
    try:
        async with contextlib.AsyncExitStack() as stack:
            writer = await stack.enter_async_context(DbWriter())
            settings = FetchSettings()  # recent pages are kept in memory, not in the database
            fetcher = await stack.enter_async_context(
                Fetcher.open(settings, PageCache(settings.cache_ttl))
            )
            # the moderators' source-list edits apply (in the workers too)
            edits = (SafeWriter(writer, db), SettingsStore(db))
            inner: PipelineChecker
            if workers:
                pool = await stack.enter_async_context(ProcessChecker(workers))
                await pool.start(guidelines)  # up before the first post, or fail now
                inner = OverridingChecker(*edits, pool)
            else:
                from bot.service import check_post

                inner = OverridingChecker(*edits, check_post)
            heartbeat = Heartbeat(db, writer)
            beating = asyncio.create_task(heartbeat.run(stop), name="the heartbeat")
            stack.push_async_callback(_finish_task, beating)
            resources = Resources(
                db, writer, guidelines, fetcher, LoggedChecker(inner), stop, heartbeat
            )
            await runner(args, env, resources)
    finally:
        checkpoint(db)
        db.close()
    log.info("stopped; database %s closed", db_label(db))


async def _finish_task(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def checkpoint(db: Database) -> None:
    """Fold the write-ahead log into the database file (a clean stop leaves no -wal behind)."""
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        log.warning("database checkpoint failed: %s", exc)


async def _main(args: argparse.Namespace, env: Mapping[str, str], guidelines: Guidelines) -> None:
    """``_run`` with SIGTERM and SIGINT stopping it gracefully."""
    stop = asyncio.Event()
    main = asyncio.current_task()
    assert main is not None
    with graceful_stop(stop, main):
        await _run(args, env, guidelines, stop)


def run_command(args: argparse.Namespace) -> int:
    # .env from the working directory (or --env-file); the real environment wins over the file.
    if args.env_file and not Path(args.env_file).is_file():
        raise InputError(f"--env-file: no such file: {args.env_file}")
    load_dotenv(args.env_file or find_dotenv(usecwd=True))
    guidelines = load_guidelines(Path(args.config) if args.config else None)
    try:
        asyncio.run(_main(args, dict(os.environ), guidelines))
    except (KeyboardInterrupt, asyncio.CancelledError):
        log.warning("stopped before the work in flight finished; it is done after a restart")
    return 0
