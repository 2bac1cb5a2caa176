"""The cogs' core facade: guild settings and their cache (source-list edits: tests/pipeline)."""

from __future__ import annotations

from pathlib import Path

from bot.guidelines import load_guidelines
from bot.models import Post
from bot.store.db import open_db
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.settings import SettingsStore
from bot.store.writer import DbWriter
from cogs.core import GuildChange
from cogs.services import GuildSettings

MOD = Actor("7", "mod")


async def test_guild_settings_are_cached_and_invalidated(tmp_path: Path) -> None:
    db = open_db(tmp_path / "n.db")
    async with DbWriter() as writer:
        guilds = GuildSettings(writer, SettingsStore(db), Modlog(db), load_guidelines())
        first = await guilds.guild_config(10)
        assert (first.watched, first.mode, first.community) == (frozenset(), "dry-run", "worldnews")
        assert await guilds.guild_config(10) is first  # cached
        await guilds.update_guild(10, GuildChange(watch=5), MOD)
        await guilds.update_guild(10, GuildChange(watch=6), MOD)
        await guilds.update_guild(10, GuildChange(unwatch=5), MOD)
        await guilds.update_guild(10, GuildChange(mode="live"), MOD)
        config = await guilds.guild_config(10)
        assert (config.watched, config.mode) == (frozenset({6}), "live")
        live = Post("10:6:7", "t", platform="discord")
        assert await writer.run(guilds.mode_for, live) == "live"
        assert await writer.run(guilds.mode_for, Post("11:6:7", "t", platform="discord")) is None
        assert await writer.run(guilds.mode_for, Post("x", "t", platform="lemmy")) is None
        entries = await writer.run(Modlog(db).query)
    assert [e.action for e in entries] == ["setting-change"] * 4
    assert entries[0].reason == "guild 10: mode = live"
