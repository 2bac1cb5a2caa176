"""The newsmod Discord client: where it connects, its intents, start-up and shutdown."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.errors import ConfigError, NewsmodError
from bot.inflight import InFlight
from bot.platforms.discord_config import DiscordSettings

log = logging.getLogger(__name__)

_API_VERSION_PATH = re.compile(r"/api/v\d+/?$")
NO_PINGS = discord.AllowedMentions.none()


def point_at(api_base: str | None, gateway_url: str | None) -> None:
    """Aim discord.py at a Discord-compatible server (discord.py keeps these as class attributes).

    ``api_base`` may be a server root (``/api/v10`` is appended) or already end in ``/api/vN``.
    """
    if api_base:
        base = api_base.rstrip("/")
        discord.http.Route.BASE = base if _API_VERSION_PATH.search(base) else f"{base}/api/v10"
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def bot_intents() -> discord.Intents:
    """Only what newsmod reads: guilds (channels, threads), guild messages and their content."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = True  # privileged: enable it in the Developer Portal
    return intents


Installer = Callable[["NewsBot"], Awaitable[None]]

#: Seconds ``NewsBot.close`` waits for interactions still being handled.
CLOSE_GRACE = 10.0


class NewsBot(commands.Bot):
    """The newsmod bot: its ``installers`` add cogs, views and the tree error handler at login
    (they may be appended after construction); then the slash commands are synced."""

    def __init__(
        self, settings: DiscordSettings, install: Installer | None = None, **options: Any
    ) -> None:
        options.setdefault("guild_ready_timeout", settings.guild_ready_timeout)
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            allowed_mentions=NO_PINGS,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.installers: list[Installer] = [install] if install is not None else []
        #: Interactions still being handled (``async with bot.inflight``): ``close`` lets them
        #: finish, for at most ``CLOSE_GRACE`` s, before it disconnects.
        self.inflight = InFlight()

    async def close(self) -> None:
        try:
            async with asyncio.timeout(CLOSE_GRACE):
                await self.inflight.idle()
        except TimeoutError:
            log.warning("stopping with %d interaction(s) unfinished", self.inflight.count)
        await super().close()

    async def setup_hook(self) -> None:
        for install in self.installers:
            await install(self)
        await self.tree.sync()
        if self.settings.dev_guild is not None:
            guild = discord.Object(self.settings.dev_guild)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        log.info("slash commands synced (%d)", len(self.tree.get_commands()))

    async def on_ready(self) -> None:
        log.info("connected as %s to %d guild(s)", self.user, len(self.guilds))


async def run_bot(bot: NewsBot, token: str) -> None:
    """Log in and stay connected. Every way this ends badly is a one-line NewsmodError: a
    rejected token or missing intent (ConfigError), an unreachable or failing Discord."""
    try:
        async with bot:
            await bot.start(token)
    except discord.LoginFailure:
        raise ConfigError("DISCORD_TOKEN: rejected by Discord (401 Unauthorized)") from None
    except discord.PrivilegedIntentsRequired:
        raise ConfigError(
            "Discord refused the Message Content intent (close code 4014): enable it in the "
            "Developer Portal under Bot > Privileged Gateway Intents"
        ) from None
    except discord.ConnectionClosed as exc:
        if exc.code == 4004:
            raise ConfigError("DISCORD_TOKEN: rejected by the Discord gateway (4004)") from None
        raise NewsmodError(f"Discord closed the gateway connection (code {exc.code})") from None
    except discord.HTTPException as exc:
        raise NewsmodError(f"Discord answered {exc.status} at start-up: {exc.text}") from None
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        where = discord.http.Route.BASE
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise NewsmodError(f"cannot reach Discord at {where}: {detail}") from None
