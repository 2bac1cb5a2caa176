"""Discord: the names the rest of newsmod uses, from the modules that implement them.

Only ``bot/platforms/discord*.py`` (and ``cogs/``) import discord.py:

- ``discord_config``: settings, post addresses, guild configuration (plain data);
- ``discord_posts``: messages and forum threads as ``Post`` objects;
- ``discord_bot``: the client (``NewsBot``), where it connects, start-up and shutdown;
- ``discord_adapter``: ``DiscordAdapter``, the pipeline's decisions applied on Discord;
- ``discord_queue``: the mod-queue messages (render hooks, foreign posts, edits);
- ``discord_threads``: forum-thread edits (lock, archive) as Discord allows them.
"""

from __future__ import annotations

from bot.platforms.discord_adapter import DiscordAdapter
from bot.platforms.discord_bot import (
    CLOSE_GRACE,
    NO_PINGS,
    Installer,
    NewsBot,
    bot_intents,
    point_at,
    run_bot,
)
from bot.platforms.discord_config import (
    PLATFORM,
    DiscordSettings,
    GuildConfig,
    GuildConfigs,
    Notices,
    PostAddress,
    nonce_for,
    split_link,
)
from bot.platforms.discord_posts import post_from_message, post_from_thread
from bot.platforms.discord_queue import (
    PostLink,
    RenderDecided,
    RenderItem,
    RenderResolved,
    foreign_embed,
)

__all__ = [
    "CLOSE_GRACE",
    "NO_PINGS",
    "PLATFORM",
    "DiscordAdapter",
    "DiscordSettings",
    "GuildConfig",
    "GuildConfigs",
    "Installer",
    "NewsBot",
    "Notices",
    "PostAddress",
    "PostLink",
    "RenderDecided",
    "RenderItem",
    "RenderResolved",
    "bot_intents",
    "foreign_embed",
    "nonce_for",
    "point_at",
    "post_from_message",
    "post_from_thread",
    "run_bot",
    "split_link",
]
