"""Fixtures: a fake Discord server, a real discord.py bot connected to it, error capture."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import discord
import pytest
from sqlite_utils.db import Database

from bot.guidelines import Guidelines, load_guidelines
from bot.pipeline.ports import PageFetcher
from bot.platforms.discord import DiscordSettings, Installer, NewsBot, point_at
from bot.store.db import open_db
from bot.store.writer import DbWriter
from cogs import installer
from cogs.services import Checker, build_core
from tests.discord.fake_discord import TOKEN, FakeDiscord
from tests.discord.stack import NoFetch, Stack, StackFactory, title_checker


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_logged_errors() -> Iterator[_ErrorCollector]:
    """Any error logged by discord.py, the bot or the cogs fails the test."""
    collector = _ErrorCollector()
    loggers = [logging.getLogger(n) for n in ("discord", "bot", "cogs")]
    for lg in loggers:
        lg.addHandler(collector)
    yield collector
    for lg in loggers:
        lg.removeHandler(collector)
    errors = [f"{r.name}: {r.getMessage()}" for r in collector.records]
    assert not errors, f"errors were logged: {errors}"


@pytest.fixture
def endpoints() -> Iterator[None]:
    """Restore discord.py's class-level endpoints after the test."""
    base = discord.http.Route.BASE
    gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE = base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


@pytest.fixture
def fake_server(endpoints: None) -> Iterator[FakeDiscord]:
    """A fake server on its own thread and loop, for code that runs ``asyncio.run`` itself."""
    server = FakeDiscord()
    loop = asyncio.new_event_loop()
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10)
    yield server
    asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


@pytest.fixture
async def fake(endpoints: None) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    point_at(server.base_url, server.gateway_url)
    yield server
    await server.close()


async def _no_cogs(_bot: NewsBot) -> None:
    return None


BotStarter = Callable[..., Awaitable[NewsBot]]


@pytest.fixture
async def start_bot(fake: FakeDiscord) -> AsyncIterator[BotStarter]:
    """``await start_bot(install)`` connects a real bot to the fake and waits until it is ready."""
    running: list[tuple[NewsBot, asyncio.Task[None]]] = []

    async def start(
        install: Installer = _no_cogs, *, dev_guild: int | None = None, bot: NewsBot | None = None
    ) -> NewsBot:
        if bot is None:
            settings = DiscordSettings(token=TOKEN, dev_guild=dev_guild, guild_ready_timeout=0.05)
            bot = NewsBot(settings, install)
        task = asyncio.create_task(bot.start(TOKEN))
        running.append((bot, task))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, task}, timeout=15, return_when="FIRST_COMPLETED")
        if task in done:
            ready.cancel()
            task.result()  # raises what went wrong
        assert ready in done, "bot did not become ready"
        return bot

    async def stop(bot: NewsBot, task: asyncio.Task[None]) -> None:
        await bot.close()
        await asyncio.wait_for(task, timeout=10)

    start.stop = stop  # type: ignore[attr-defined]
    yield start
    for bot, task in running:
        await stop(bot, task)


@pytest.fixture
async def stacks(
    fake: FakeDiscord, start_bot: BotStarter, writer: DbWriter, tmp_path: Path
) -> AsyncIterator[StackFactory]:
    """``await stacks()`` starts a bot wired to the real pipeline over one database file;
    calling it again after ``stop()`` is a restart (new bot, new connection, same file)."""
    path = tmp_path / "newsmod.db"
    opened: list[Database] = []
    bots: list[NewsBot] = []

    async def make(
        checker: Checker = title_checker,
        fetcher: PageFetcher | None = None,
        guidelines: Guidelines | None = None,
    ) -> Stack:
        db = open_db(path)
        opened.append(db)
        bot = NewsBot(DiscordSettings(token=TOKEN, guild_ready_timeout=0.05))
        fetcher = fetcher or NoFetch()
        guidelines = guidelines or load_guidelines()
        core = build_core(bot, db, writer, guidelines, fetcher, checker=checker)
        bot.installers.append(installer(core))
        bots.append(bot)
        await start_bot(bot=bot)
        return Stack(fake, bot, core, writer, start_bot)

    yield make
    for bot in bots:  # first: a click being handled finishes (NewsBot.close) with its database
        await bot.close()
    for db in opened:
        await writer.run(db.close)
