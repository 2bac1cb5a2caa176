"""Catch up on start: posts made in the watched channels while the bot was offline.

Whenever the bot starts a new gateway session (start-up, or a reconnect after an outage too
long to resume: a resumed session replays what it missed), each guild's watched channels are
read back a bounded way: the newest ``MESSAGES`` messages of a text channel, the newest
``THREADS`` threads of a forum (active ones and recently archived ones). Posts the database
already has are skipped (not fetched, not checked again); the others go to the core's queue
like new posts.
"""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.models import Post
from bot.platforms.discord import PostAddress, post_from_message, post_from_thread
from cogs.core import Core

log = logging.getLogger(__name__)

MESSAGES = 100  # per watched text channel
THREADS = 50  # per watched forum


class CatchUp(commands.Cog):
    def __init__(self, core: Core, bot: commands.Bot) -> None:
        self.core = core
        self.bot = bot
        #: Set once the first catch-up is over (tests wait on it).
        self.done = asyncio.Event()
        self._running = False

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self._running:
            return  # a catch-up is already under way
        self._running = True
        try:
            for guild in list(self.bot.guilds):
                try:
                    await self.catch_up(guild)
                except discord.HTTPException as exc:
                    log.warning("guild %s: catching up failed: %s", guild.id, exc)
        finally:
            self._running = False
            self.done.set()

    async def catch_up(self, guild: discord.Guild) -> int:
        """Queue the recent posts of the guild's watched channels the database does not have;
        how many were queued."""
        config = await self.core.guild_config(guild.id)
        queued = 0
        for channel_id in sorted(config.watched):
            channel = guild.get_channel(channel_id)
            if isinstance(channel, discord.ForumChannel):
                queued += await self._forum(channel, config.community)
            elif isinstance(channel, discord.TextChannel):
                queued += await self._text(channel, config.community)
        if queued:
            log.info("guild %s: %d post(s) made while offline queued", guild.id, queued)
        return queued

    async def _text(self, channel: discord.TextChannel, community: str) -> int:
        posts: list[Post] = []
        async for message in channel.history(limit=MESSAGES):
            post = None if message.author.bot else post_from_message(message, community=community)
            if post is not None:
                posts.append(post)
        known = await self.core.known([p.id for p in posts])
        return await self._submit([p for p in posts if p.id not in known])

    async def _forum(self, forum: discord.ForumChannel, community: str) -> int:
        threads = {t.id: t for t in forum.threads}
        async for thread in forum.archived_threads(limit=THREADS):
            threads.setdefault(thread.id, thread)
        newest = sorted(threads.values(), key=lambda t: t.id, reverse=True)[:THREADS]
        ids = {PostAddress(forum.guild.id, t.id, t.id).post_id: t for t in newest}
        known = await self.core.known(list(ids))
        posts = []
        for post_id, thread in ids.items():
            if post_id in known:
                continue
            try:
                starter = thread.starter_message or await thread.fetch_message(thread.id)
            except discord.NotFound:
                continue  # the starter message was deleted: no post left
            if not starter.author.bot:
                posts.append(post_from_thread(thread, starter, community=community))
        return await self._submit(posts)

    async def _submit(self, posts: list[Post]) -> int:
        return sum([await self.core.submit(post) for post in posts])
