"""Discord and Lemmy served together exactly as ``newsmod run`` serves them, on the fakes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.cli.run import Resources, discord_core, serve
from bot.guidelines import Guidelines, load_guidelines
from bot.pipeline.schema import MIGRATIONS
from bot.platforms.discord import DiscordSettings, NewsBot
from bot.platforms.lemmy import LemmyPlatform, open_lemmy
from bot.store.db import open_db
from bot.store.entries import Entry
from bot.store.query import ModlogFilter
from bot.store.writer import DbWriter
from cogs.core import GuildChange
from cogs.services import Checker, DiscordCore
from tests.discord.fake_discord import GUILD_ID, MODQUEUE_ID, TOKEN, FakeDiscord
from tests.discord.stack import ADMIN, NoFetch, eventually, title_checker
from tests.lemmy.conftest import Instance
from tests.lemmy.fake.server import Exchange

LEMMY_HANDLE = "!worldnews@lemmy.test"


def guidelines_for(*handles: str) -> Guidelines:
    """The shipped guidelines, with the default community watching the fake Lemmy's community."""
    shipped = load_guidelines()
    community = shipped.communities[shipped.default]
    watched = replace(community, lemmy=handles or (LEMMY_HANDLE,))
    return replace(shipped, communities={**shipped.communities, shipped.default: watched})


def lemmy_env(instance: Instance, **extra: str) -> dict[str, str]:
    return {"LEMMY_URL": instance.url, "LEMMY_USERNAME": "newsbot", "LEMMY_PASSWORD": "bot-pass",
            **extra}  # fmt: skip


@dataclass
class Both:
    discord: FakeDiscord
    lemmy: Instance
    bot: NewsBot
    core: DiscordCore
    platform: LemmyPlatform
    served: asyncio.Task[None]

    def lemmy_calls(self, method: str, path: str) -> list[Exchange]:
        return [e for e in self.lemmy.fake.exchanges if (e.method, e.path) == (method, path)]

    async def modqueue_messages(self, count: int = 1) -> list[dict[str, Any]]:
        """The messages the bot posted in the mod queue, once there are ``count`` of them."""
        await self.discord.wait_for_call(
            lambda c: c.method == "POST" and c.path == f"/channels/{MODQUEUE_ID}/messages",
            count=count,
        )
        return [m for m in self.discord.messages.values() if m["channel_id"] == str(MODQUEUE_ID)]

    async def import_round(self) -> None:
        """Wait until the watcher has imported Lemmy's modlog at least once from now on (a modlog
        read, then the next round's post listing: the import in between is committed)."""
        mark = len(self.lemmy.fake.exchanges)

        def later(path: str, after: int) -> int | None:
            for index, e in enumerate(self.lemmy.fake.exchanges[after:], start=after):
                if e.path == path:
                    return index
            return None

        async def done() -> bool:
            read = later("/modlog", mark)
            return read is not None and later("/post/list", read) is not None

        await eventually(done)

    async def modlog(self, **filters: Any) -> list[Entry]:
        return await self.core.query_modlog(ModlogFilter(limit=1000, **filters))


@asynccontextmanager
async def open_both(
    fake: FakeDiscord,
    lemmy: Instance,
    writer: DbWriter,
    path: Path,
    *,
    guidelines: Guidelines | None = None,
    checker: Checker = title_checker,
    poll_seconds: float = 0.05,
    modqueue: bool = True,
) -> AsyncIterator[Both]:
    """``serve`` with a real bot on the fake Discord and the Lemmy platform on the fake Lemmy
    (the wiring of ``newsmod run``, with a title-keyed checker and a fast poll)."""
    db = open_db(path, extra_migrations=[MIGRATIONS])
    guidelines = guidelines or guidelines_for()
    try:
        async with open_lemmy(lemmy_env(lemmy), guidelines) as platform:
            platform.settings = replace(platform.settings, poll_seconds=poll_seconds)
            bot = NewsBot(DiscordSettings(token=TOKEN, guild_ready_timeout=0.05))
            resources = Resources(db, writer, guidelines, NoFetch())
            core = discord_core(bot, resources, lemmy=platform, checker=checker)
            if modqueue:
                await core.update_guild(GUILD_ID, GuildChange(modqueue=MODQUEUE_ID), ADMIN)
            served = asyncio.create_task(serve(bot, TOKEN, core, platform))
            both = Both(fake, lemmy, bot, core, platform, served)
            await eventually(_polling(both, served))
            try:
                yield both
            finally:
                if not served.done():
                    await bot.close()
                    await asyncio.wait_for(served, timeout=15)
    finally:
        await writer.run(db.close)


def _polling(both: Both, served: asyncio.Task[None]) -> Callable[[], Any]:
    async def started() -> bool:
        if served.done():
            served.result()  # raises what went wrong
        return bool(both.lemmy_calls("GET", "/post/list"))

    return started
