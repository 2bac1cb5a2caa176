"""Watch the configured channels and hand every post to the core's durable queue.

Forum channels: each new thread is a post (thread name = title, starter message = body). The
starter message may arrive after the thread: it is fetched, and if not there yet, taken from
MESSAGE_CREATE; either way the post is submitted once. Text channels: a message with a link is a
post. Edits (message edits, thread renames) are submitted again; the core re-checks changed posts.
Messages from bots are ignored.
"""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.models import Post
from bot.platforms.discord import post_from_message, post_from_thread
from cogs.core import Core

log = logging.getLogger(__name__)

MAX_WAITING = 1000  # forum threads remembered while their starter message is on its way


class Watch(commands.Cog):
    def __init__(self, core: Core) -> None:
        self.core = core
        self._waiting: dict[int, discord.Thread] = {}  # forum threads whose starter has not come

    async def _watched(self, guild: discord.Guild | None, channel_id: int | None) -> str | None:
        """The guild's community key when the channel is watched, else None."""
        if guild is None or channel_id is None:
            return None
        config = await self.core.guild_config(guild.id)
        return config.community if channel_id in config.watched else None

    async def _submit(self, post: Post) -> None:
        queued = await self.core.submit(post)
        log.debug("post %s %s", post.id, "queued" if queued else "unchanged")

    @staticmethod
    def _from_bot(thread: discord.Thread, starter: discord.Message | None) -> bool:
        if starter is not None:
            return starter.author.bot
        owner = thread.owner
        return owner is not None and owner.bot

    async def _submit_thread(
        self, thread: discord.Thread, starter: discord.Message, community: str
    ) -> None:
        if self._from_bot(thread, starter):
            return
        await self._submit(post_from_thread(thread, starter, community=community))

    @commands.Cog.listener()
    async def on_thread_create(self, thread: discord.Thread) -> None:
        if not isinstance(thread.parent, discord.ForumChannel):
            return
        community = await self._watched(thread.guild, thread.parent_id)
        if community is None or self._from_bot(thread, None):
            return
        starter = thread.starter_message
        if starter is None:
            self._wait_for_starter(thread)
            try:
                starter = await thread.fetch_message(thread.id)
            except discord.NotFound:
                log.debug("thread %s: starter message not there yet", thread.id)
                return
            except discord.HTTPException as exc:  # MESSAGE_CREATE will still bring it
                log.warning("thread %s: fetching the starter message failed: %s", thread.id, exc)
                return
            if self._waiting.pop(thread.id, None) is None:
                return  # MESSAGE_CREATE delivered it meanwhile and it was handled there
        await self._submit_thread(thread, starter, community)

    def _wait_for_starter(self, thread: discord.Thread) -> None:
        self._waiting[thread.id] = thread
        while len(self._waiting) > MAX_WAITING:
            self._waiting.pop(next(iter(self._waiting)))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None:
            return
        channel = message.channel
        if isinstance(channel, discord.Thread) and message.id == channel.id:
            thread = self._waiting.pop(channel.id, None)
            if thread is not None:
                community = await self._watched(thread.guild, thread.parent_id)
                await self._submit_thread(thread, message, community or "")
            return
        await self._submit_message(message, channel.id)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        message = payload.message
        if message.author.bot or message.guild is None:
            return
        channel = message.channel
        if isinstance(channel, discord.Thread) and message.id == channel.id:
            community = await self._watched(message.guild, channel.parent_id)
            if community is not None:
                await self._submit_thread(channel, message, community)
            return
        await self._submit_message(message, payload.channel_id)

    async def _submit_message(self, message: discord.Message, channel_id: int) -> None:
        """A new or edited message with a link in a watched text channel goes to the pipeline."""
        community = await self._watched(message.guild, channel_id)
        if community is None:
            return
        post = post_from_message(message, community=community)
        if post is not None:
            await self._submit(post)

    @commands.Cog.listener()
    async def on_thread_update(self, before: discord.Thread, after: discord.Thread) -> None:
        if before.name == after.name or not isinstance(after.parent, discord.ForumChannel):
            return
        community = await self._watched(after.guild, after.parent_id)
        if community is None:
            return
        starter = after.starter_message
        if starter is None:
            try:
                starter = await after.fetch_message(after.id)
            except discord.HTTPException as exc:
                log.warning(
                    "thread %s renamed; its starter message is unavailable: %s", after.id, exc
                )
                return
        await self._submit_thread(after, starter, community)
