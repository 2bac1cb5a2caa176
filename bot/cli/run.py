"""``newsmod run PLATFORM``: connect to a chat platform and moderate until stopped.

Each platform is one ``async`` runner in ``PLATFORMS`` taking the parsed arguments, the
environment (with ``.env`` loaded) and the opened shared resources; adding a platform is adding
one function and one line. Resources are opened here with ``async with`` and handed down.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import find_dotenv, load_dotenv
from sqlite_utils.db import Database

from bot.cli.common import add_db_argument, open_cli_db
from bot.fetch import Fetcher, FetchSettings, PageCache
from bot.guidelines import Guidelines, load_guidelines
from bot.pipeline.ports import PageFetcher
from bot.pipeline.schema import MIGRATIONS as PIPELINE_MIGRATIONS
from bot.store.writer import DbWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resources:
    """What every platform runner gets: opened by ``run_command``, closed after the runner."""

    db: Database
    writer: DbWriter
    guidelines: Guidelines
    fetcher: PageFetcher


Runner = Callable[[argparse.Namespace, Mapping[str, str], Resources], Awaitable[None]]


async def run_discord(_args: argparse.Namespace, env: Mapping[str, str], res: Resources) -> None:
    """The Discord bot and the pipeline, until the bot stops (Ctrl-C) or the pipeline fails."""
    from bot.platforms.discord import DiscordSettings, NewsBot, point_at, run_bot
    from cogs import installer
    from cogs.services import build_core

    settings = DiscordSettings.from_env(env)
    point_at(settings.api_base, settings.gateway_url)
    bot = NewsBot(settings)
    core = build_core(bot, res.db, res.writer, res.guidelines, res.fetcher)
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    def pipeline_done(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            asyncio.get_running_loop().create_task(bot.close())  # surfaced below

    async def start_pipeline(_bot: NewsBot) -> None:
        # After login: REST calls (the mod queue) work from here on.
        task = asyncio.create_task(core.pipeline.run_forever(stop), name="newsmod-pipeline")
        task.add_done_callback(pipeline_done)
        tasks.append(task)

    bot.installers += [installer(core), start_pipeline]
    try:
        await run_bot(bot, settings.token)
    finally:
        stop.set()
        for task in tasks:
            await task  # re-raises a pipeline failure (e.g. StoreError) as the command's error


async def run_lemmy(_args: argparse.Namespace, env: Mapping[str, str], res: Resources) -> None:
    """Lemmy: watch the configured communities and run the pipeline, until stopped (Ctrl-C)."""
    from bot.platforms.lemmy import run_lemmy as run

    await run(env, res.guidelines, res.db, res.writer, res.fetcher)


PLATFORMS: dict[str, Runner] = {"discord": run_discord, "lemmy": run_lemmy}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "run",
        help="run the bot on a chat platform",
        description="Connect to a chat platform and moderate the watched channels until stopped "
        "(Ctrl-C). Secrets come from the environment or a .env file (DISCORD_TOKEN, ...).",
    )
    p.add_argument("platform", choices=sorted(PLATFORMS), help="which platform to run on")
    add_db_argument(p)
    p.add_argument(
        "--config", metavar="TOML", help="guidelines file (default: config/guidelines.toml)"
    )
    p.add_argument("--env-file", metavar="PATH", help="read settings from this file (.env)")
    p.set_defaults(func=run_command)


async def _run(args: argparse.Namespace, env: Mapping[str, str], guidelines: Guidelines) -> None:
    db = open_cli_db(args, readonly=False, extra_migrations=[PIPELINE_MIGRATIONS])
    try:
        async with DbWriter() as writer:
            cache = PageCache(db)
            async with Fetcher.open(FetchSettings(), cache, db_runner=writer.run) as fetcher:
                resources = Resources(db, writer, guidelines, fetcher)
                await PLATFORMS[args.platform](args, env, resources)
    finally:
        db.close()


def run_command(args: argparse.Namespace) -> int:
    # .env from the working directory (or --env-file); the real environment wins over the file.
    load_dotenv(args.env_file or find_dotenv(usecwd=True))
    guidelines = load_guidelines(Path(args.config) if args.config else None)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(args, dict(os.environ), guidelines))
    return 0
