"""``newsmod doctor`` for Discord: log in as the bot would and look at what it can do.

The token (a REST login), the Message Content intent (the gateway refuses IDENTIFY with close
code 4014 when it is not enabled), and in every guild the bot's permissions in the channels
``/setup`` named: the watched forums/channels and the mod-queue channel. Each problem is one
line with its fix.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping, Sequence

import discord

from bot.errors import NewsmodError
from bot.ops.doctor import Finding, ok, problem
from bot.platforms.discord import DiscordSettings, bot_intents, point_at

AREA = "discord"
#: Seconds to wait for the gateway to say the bot is ready.
READY_WITHIN = 30.0
#: What the bot does in a watched channel: read posts, reply in their threads, lock them.
WATCHED = ("view_channel", "read_message_history", "send_messages_in_threads", "manage_threads")
#: ... and, for communities with ``removal = "delete"``, delete the message.
DELETE = ("manage_messages",)
#: What it does in the mod-queue channel: post and update embeds with buttons.
MODQUEUE = ("view_channel", "send_messages", "embed_links", "read_message_history")

#: guild id -> (watched channel ids, mod-queue channel id), as ``/setup`` stored them.
GuildChannels = Callable[[int], tuple[Sequence[int], int | None]]


def _missing(channel: discord.abc.GuildChannel, needed: Sequence[str]) -> list[str]:
    granted = channel.permissions_for(channel.guild.me)
    return [name for name in needed if not getattr(granted, name)]


def channel_findings(
    client: discord.Client, configured: GuildChannels, *, delete: bool = False
) -> list[Finding]:
    out: list[Finding] = []
    for guild in client.guilds:
        watched, queue = configured(guild.id)
        if not watched:
            fix = "run /setup watch in that server"
            out.append(problem(AREA, f"{guild.name}: no watched channel", fix))
        uses = [(c, (*WATCHED, *(DELETE if delete else ())), "watched") for c in watched]
        if queue is None:
            out.append(problem(AREA, f"{guild.name}: no mod-queue channel", "run /setup modqueue"))
        else:
            uses.append((queue, MODQUEUE, "mod-queue"))
        for channel_id, needed, role in uses:
            channel = guild.get_channel(channel_id)
            if channel is None:
                fix = "run /setup again with a channel that exists"
                out.append(problem(AREA, f"{guild.name}: {role} channel {channel_id} is gone", fix))
                continue
            missing = _missing(channel, needed)
            where = f"{guild.name} #{channel.name} ({role})"
            if missing:
                fix = f"grant the bot's role {', '.join(missing)} in #{channel.name}"
                out.append(problem(AREA, f"{where}: missing {', '.join(missing)}", fix))
            else:
                out.append(ok(AREA, f"{where}: permissions ok"))
    return out


async def check_discord(
    env: Mapping[str, str], configured: GuildChannels, *, delete: bool = False
) -> list[Finding]:
    try:
        settings = DiscordSettings.from_env(env)
    except NewsmodError as exc:
        return [problem(AREA, str(exc), "set it in .env or the environment")]
    point_at(settings.api_base, settings.gateway_url)
    client = discord.Client(intents=bot_intents())
    try:
        await client.login(settings.token)
    except discord.LoginFailure:
        await client.close()
        fix = "copy the token again from the Developer Portal (Bot > Reset Token)"
        return [problem(AREA, "DISCORD_TOKEN: rejected by Discord (401 Unauthorized)", fix)]
    except (discord.HTTPException, OSError) as exc:
        await client.close()
        detail = " ".join(str(exc).split()) or type(exc).__name__
        return [problem(AREA, f"cannot reach Discord: {detail}", "check the network")]
    out = [ok(AREA, f"token accepted: logged in as {client.user}")]
    connecting = asyncio.create_task(client.connect(reconnect=False))
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        await asyncio.wait({connecting, ready}, timeout=READY_WITHIN,
                           return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
        if ready.done():
            out.append(ok(AREA, "gateway connected with the Message Content intent"))
            out += channel_findings(client, configured, delete=delete)
        else:
            out.append(_gateway_problem(connecting))
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await connecting
    return out


def _gateway_problem(connecting: asyncio.Task[None]) -> Finding:
    error = connecting.exception() if connecting.done() else None
    code = error.code if isinstance(error, discord.ConnectionClosed) else None
    if isinstance(error, discord.PrivilegedIntentsRequired) or code == 4014:
        return problem(
            AREA,
            "the Message Content intent is not enabled",
            "Developer Portal > your app > Bot > Privileged Gateway Intents > Message Content",
        )
    if code == 4004:
        return problem(AREA, "DISCORD_TOKEN: rejected by the gateway (4004)", "reset the token")
    if error is None:
        return problem(AREA, f"the gateway did not get ready within {READY_WITHIN:g} s")
    detail = " ".join(str(error).split()) or type(error).__name__
    return problem(AREA, f"gateway: {detail}")
