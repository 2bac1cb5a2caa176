"""Discord settings, post addresses and guild configuration: plain data, no discord.py.

Kept apart from the ``bot/platforms/discord*.py`` modules that import discord.py (the only core
modules that may), so these can be read and tested without it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import yarl

from bot.errors import ConfigError
from bot.pipeline.notices import Notice

PLATFORM = "discord"

_URL = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)


@dataclass(frozen=True)
class DiscordSettings:
    """Deployment values from the environment / ``.env``; secrets never come from config/."""

    token: str
    api_base: str | None = None  # a Discord-compatible server, e.g. http://127.0.0.1:8080
    gateway_url: str | None = None  # its gateway websocket, e.g. ws://127.0.0.1:8080/gateway
    dev_guild: int | None = None  # also copy the slash commands to this guild (instant update)
    guild_ready_timeout: float = 2.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DiscordSettings:
        token = env.get("DISCORD_TOKEN", "").strip()
        if not token:
            raise ConfigError(
                "DISCORD_TOKEN: not set (put the bot token in the environment or .env)"
            )
        dev_guild: int | None = None
        raw_guild = env.get("DISCORD_DEV_GUILD", "").strip()
        if raw_guild:
            if not raw_guild.isdigit():
                raise ConfigError(
                    f"DISCORD_DEV_GUILD: must be a guild id (digits), got {raw_guild!r}"
                )
            dev_guild = int(raw_guild)
        api_base = _checked_url(env, "DISCORD_API_BASE", ("http", "https"))
        gateway_url = _checked_url(env, "DISCORD_GATEWAY_URL", ("ws", "wss"))
        return cls(token=token, api_base=api_base, gateway_url=gateway_url, dev_guild=dev_guild)


def _checked_url(env: Mapping[str, str], key: str, schemes: tuple[str, ...]) -> str | None:
    value = env.get(key, "").strip()
    if not value:
        return None
    url = yarl.URL(value)
    if url.scheme not in schemes or not url.host:
        raise ConfigError(f"{key}: must be a {'/'.join(schemes)} URL, got {value!r}")
    return value


@dataclass(frozen=True)
class PostAddress:
    """Where a post lives: ``Post.id`` is ``guild:channel:message`` (forum: channel = thread)."""

    guild_id: int
    channel_id: int
    message_id: int

    @property
    def post_id(self) -> str:
        return f"{self.guild_id}:{self.channel_id}:{self.message_id}"

    @property
    def is_forum_post(self) -> bool:
        # A forum thread's starter message has the thread's id.
        return self.channel_id == self.message_id

    @classmethod
    def parse(cls, post_id: str) -> PostAddress:
        parts = post_id.split(":")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"not a Discord post id: {post_id!r}")
        return cls(int(parts[0]), int(parts[1]), int(parts[2]))


def split_link(text: str) -> tuple[str, str | None]:
    """The text without its first link, and that link (``None`` when there is none)."""
    match = _URL.search(text)
    if match is None:
        return text.strip(), None
    url = match.group(0).rstrip(").,;!?'\"")
    rest = (text[: match.start()] + text[match.start() + len(url) :]).strip()
    return re.sub(r"\s+", " ", rest), url


@dataclass(frozen=True)
class GuildConfig:
    """A guild's stored settings (``/setup``)."""

    guild_id: int
    watched: frozenset[int] = frozenset()
    modqueue: int | None = None
    modrole: int | None = None
    mode: str = "dry-run"  # "dry-run" | "live"
    community: str = ""  # guidelines community key; "" is the default community


class GuildConfigs(Protocol):
    async def guild_config(self, guild_id: int) -> GuildConfig: ...


class Notices(Protocol):
    """Where the mod-queue messages are (``bot.pipeline.notices.NoticeLog``)."""

    async def remember(self, notice: Notice) -> None: ...

    async def find(self, platform: str, post_id: str) -> list[Notice]: ...


def nonce_for(key: str) -> str:
    """A message nonce (<= 25 chars) from an action key: Discord drops a repeated send."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:25]
