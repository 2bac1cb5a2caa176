"""The real discord.py client connects to the fake server and syncs its commands."""

from __future__ import annotations

import asyncio

import pytest

from bot.errors import ConfigError, NewsmodError
from bot.platforms.discord import DiscordSettings, NewsBot, point_at, run_bot
from tests.discord.conftest import BotStarter
from tests.discord.fake_discord import FORUM_ID, GUILD_ID, TEXT_ID, FakeDiscord


async def test_connects_and_sees_the_guild(fake: FakeDiscord, start_bot: BotStarter) -> None:
    bot = await start_bot()
    guild = bot.get_guild(GUILD_ID)
    assert guild is not None
    assert guild.get_channel(FORUM_ID).type.name == "forum"  # type: ignore[union-attr]
    assert guild.get_channel(TEXT_ID).type.name == "text"  # type: ignore[union-attr]
    identify = fake.identifies[0]
    assert identify["intents"] == (1 << 0) | (1 << 9) | (1 << 15)
    assert fake.find("PUT", r"/applications/\d+/commands")


async def test_dev_guild_gets_a_copy_of_the_commands(
    fake: FakeDiscord, start_bot: BotStarter
) -> None:
    await start_bot(dev_guild=GUILD_ID)
    assert fake.find("PUT", rf"/applications/\d+/guilds/{GUILD_ID}/commands")


async def _no_cogs(_bot: NewsBot) -> None:
    return None


async def test_rejected_token_is_one_line(fake: FakeDiscord) -> None:
    bot = NewsBot(DiscordSettings(token="wrong", guild_ready_timeout=0.05), _no_cogs)
    with pytest.raises(ConfigError, match="DISCORD_TOKEN: rejected"):
        await asyncio.wait_for(run_bot(bot, "wrong"), timeout=15)


async def test_missing_message_content_intent_is_one_line(fake: FakeDiscord) -> None:
    fake.refuse_privileged_intents = True
    bot = NewsBot(DiscordSettings(token=fake.token, guild_ready_timeout=0.05), _no_cogs)
    with pytest.raises(ConfigError, match="Message Content intent"):
        await asyncio.wait_for(run_bot(bot, fake.token), timeout=15)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "DISCORD_TOKEN: not set"),
        ({"DISCORD_TOKEN": "  "}, "DISCORD_TOKEN: not set"),
        ({"DISCORD_TOKEN": "t", "DISCORD_DEV_GUILD": "abc"}, "DISCORD_DEV_GUILD"),
        ({"DISCORD_TOKEN": "t", "DISCORD_API_BASE": "ftp://x"}, "DISCORD_API_BASE"),
        ({"DISCORD_TOKEN": "t", "DISCORD_GATEWAY_URL": "http://x"}, "DISCORD_GATEWAY_URL"),
    ],
)
def test_bad_settings_are_one_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        DiscordSettings.from_env(env)
    assert "\n" not in str(info.value)


def test_settings_from_env() -> None:
    settings = DiscordSettings.from_env(
        {"DISCORD_TOKEN": " abc ", "DISCORD_DEV_GUILD": "42", "DISCORD_API_BASE": "http://h:1"}
    )
    assert (settings.token, settings.dev_guild, settings.api_base) == ("abc", 42, "http://h:1")


async def test_unreachable_api_is_one_line(endpoints: None) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    point_at(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/gateway")
    bot = NewsBot(DiscordSettings(token="t", guild_ready_timeout=0.05), _no_cogs)
    with pytest.raises(
        NewsmodError, match=r"^cannot reach Discord at http://127\.0\.0\.1:\d+/api/v10: "
    ) as info:
        await asyncio.wait_for(run_bot(bot, "t"), timeout=15)
    assert "\n" not in str(info.value)


async def test_gateway_refusing_the_token_is_one_line(fake: FakeDiscord) -> None:
    fake.gateway_token = "other"
    bot = NewsBot(DiscordSettings(token=fake.token, guild_ready_timeout=0.05), _no_cogs)
    with pytest.raises(ConfigError, match="rejected by the Discord gateway"):
        await asyncio.wait_for(run_bot(bot, fake.token), timeout=15)
