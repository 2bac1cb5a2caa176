"""``DiscordAdapter``: the pipeline's decisions applied to Discord posts and the mod queue."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping

import discord

from bot.errors import NewsmodError
from bot.guidelines import Guidelines
from bot.models import Post
from bot.pipeline.adapter import ModQueueItem
from bot.pipeline.notices import Notice
from bot.platforms.discord_bot import NO_PINGS
from bot.platforms.discord_config import (
    PLATFORM,
    GuildConfig,
    GuildConfigs,
    Notices,
    PostAddress,
    nonce_for,
)
from bot.platforms.discord_limits import fit_embed
from bot.platforms.discord_queue import (
    PostLink,
    RenderDecided,
    RenderItem,
    RenderResolved,
    edit_message,
    find_reply,
    find_sent,
    foreign_embed,
    ref_of,
    with_ref,
)
from bot.platforms.discord_threads import ThreadGone, edit_thread

log = logging.getLogger(__name__)


class DiscordAdapter:
    """``PlatformAdapter`` for Discord: applies pipeline decisions to posts and the mod queue."""

    platform = PLATFORM

    def __init__(
        self,
        client: discord.Client,
        configs: GuildConfigs,
        guidelines: Guidelines,
        render_item: RenderItem,
        *,
        post_links: Mapping[str, PostLink] | None = None,
        notices: Notices | None = None,
        render_resolved: RenderResolved | None = None,
        render_decided: RenderDecided | None = None,
    ) -> None:
        self._client = client
        self._configs = configs
        self._guidelines = guidelines
        self._render_item = render_item
        self._notices = notices
        self._render_resolved = render_resolved
        self._render_decided = render_decided
        #: Per platform, how to link a post there (set by whoever connects that platform).
        self.post_links: dict[str, PostLink] = dict(post_links or {})

    async def notify_mods(self, item: ModQueueItem) -> None:
        """Post the item in the mod queue: a Discord post in its own guild's queue; a post from
        another platform (Lemmy) in the queue of each guild following its community."""
        if item.post.platform != PLATFORM:
            await self._notify_foreign(item)
            return
        addr = PostAddress.parse(item.post.id)
        config = await self._configs.guild_config(addr.guild_id)
        if config.modqueue is None:
            # Raising keeps the action pending: it is posted once /setup modqueue is done.
            raise NewsmodError(f"guild {addr.guild_id} has no mod queue channel (/setup modqueue)")
        embed, view = self._render_item(item)
        key = item.key or f"modqueue:{item.post.id}:{item.case}:{item.post.content_hash()}"
        await self._send_once(item, config, key, embed, view)

    async def _send_once(
        self,
        item: ModQueueItem,
        config: GuildConfig,
        key: str,
        embed: discord.Embed,
        view: discord.ui.View | None,
    ) -> None:
        """Send the mod-queue message of ``key`` to ``config``'s queue unless it is there.

        Discord drops a repeated nonce only for a few minutes, so the nonce (one per action and
        guild) is not what keeps a retry after a restart from posting twice: the message's
        footer carries a reference to the action, and the queue's recent messages are searched
        for the bot's own message with it before sending."""
        assert config.modqueue is not None
        nonce = nonce_for(f"{key}:{config.guild_id}")
        embed = fit_embed(with_ref(embed, nonce))
        channel = self._client.get_partial_messageable(config.modqueue, guild_id=config.guild_id)
        message = await find_sent(channel, self._client.user, ref_of(nonce))
        if message is not None:
            log.info("mod-queue message of %s is already in %s: not sent again", key, channel.id)
        elif view is None:
            message = await channel.send(embed=embed, allowed_mentions=NO_PINGS, nonce=nonce)
        else:
            message = await channel.send(
                embed=embed, view=view, allowed_mentions=NO_PINGS, nonce=nonce
            )
        await self._remember(item, config, message)

    async def _remember(
        self, item: ModQueueItem, config: GuildConfig, message: discord.Message
    ) -> None:
        if self._notices is not None:
            target = f"{PLATFORM}:{config.guild_id}:{config.modqueue}"
            notice = Notice(item.post.platform, item.post.id, item.case, target, str(message.id))
            await self._notices.remember(notice)

    async def _notify_foreign(self, item: ModQueueItem) -> None:
        platform, community = item.post.platform, item.community or item.post.community
        targets, actionable = await self._queue_guilds(community)
        if not targets:
            # Raising keeps the action pending (the platform's own report is already made).
            raise NewsmodError(
                f"no Discord server has a mod queue for {platform} community {community!r} "
                "(/setup modqueue)"
            )
        link = self.post_links.get(platform)
        url = link(item.post) if link else None
        key = item.key or f"modqueue:{platform}:{item.post.id}:{item.case}"
        for config in targets:
            embed, view = self._render_item(item)  # a view per message
            embed = foreign_embed(embed, item, url, actionable)
            # Without buttons where they would act on this guild's case of that number.
            await self._send_once(item, config, key, embed, view if actionable else None)

    async def _queue_guilds(self, community: str) -> tuple[list[GuildConfig], bool]:
        """The guilds whose mod queue gets a case of ``community``, and whether their buttons
        can act on it: guilds following that community (yes), else those following the default
        community (no: a case number means another case there)."""
        default = self._guidelines.default
        queues = []
        for guild in sorted(self._client.guilds, key=lambda g: g.id):
            config = await self._configs.guild_config(guild.id)
            if config.modqueue is not None:
                queues.append(config)
        wanted = community or default
        exact = [c for c in queues if (c.community or default) == wanted]
        if exact:
            return exact, True
        return [c for c in queues if (c.community or default) == default], False

    async def resolved(self, item: ModQueueItem, rules: tuple[str, ...]) -> None:
        """An edit fixed ``rules``: every mod-queue message of the post says so; with nothing
        left open (``item.findings`` empty) its buttons are disabled. Editing to the same state
        again changes nothing, so a retried key is harmless."""
        if self._render_resolved is None:
            return
        async for current in self._queue_messages(item.post.platform, item.post.id, item.case):
            has_buttons = bool(current.components)
            embed, view = self._render_resolved(current.embeds[0], item, rules, has_buttons)
            await edit_message(current, embed, view)

    async def decided(
        self,
        platform: str,
        post_id: str,
        case: int,
        text: str,
        *,
        removed: bool,
        skip: int | None = None,
    ) -> None:
        """A moderator decided ``case`` (``text``: what, by whom): every mod-queue message of it
        says so and its buttons are disabled (Restore stays after a removal), except message
        ``skip`` (the one whose button was clicked, already updated)."""
        if self._render_decided is None:
            return
        async for current in self._queue_messages(platform, post_id, case):
            if current.id == skip:
                continue
            has_buttons = bool(current.components)
            embed, view = self._render_decided(current.embeds[0], case, text, removed, has_buttons)
            await edit_message(current, embed, view)

    async def _queue_messages(
        self, platform: str, post_id: str, case: int
    ) -> AsyncIterator[discord.Message]:
        """The mod-queue messages (with an embed) about ``case`` of the post, still there."""
        if self._notices is None:
            return
        for notice in await self._notices.find(platform, post_id):
            if notice.case_no != case:
                continue
            channel_id = int(notice.target.rsplit(":", 1)[1])
            channel = self._client.get_partial_messageable(channel_id)
            try:
                current = await channel.fetch_message(int(notice.ref))
            except discord.NotFound:
                log.info("mod-queue message %s of %s is gone", notice.ref, post_id)
                continue
            if current.embeds:
                yield current

    async def comment(self, post: Post, text: str, key: str) -> None:
        """Reply under the post, once: a retry (after a crash or a lost answer) first looks for
        the bot's own reply to it among the channel's recent messages."""
        addr = PostAddress.parse(post.id)
        channel = self._client.get_partial_messageable(addr.channel_id, guild_id=addr.guild_id)
        reference = discord.MessageReference(
            message_id=addr.message_id, channel_id=addr.channel_id, fail_if_not_exists=False
        )
        body = text[:2000]
        try:
            if await find_reply(channel, self._client.user, addr.message_id, body) is not None:
                log.info("reply %s is already under post %s: not sent again", key, post.id)
                return
            await channel.send(
                body,
                reference=reference,
                allowed_mentions=NO_PINGS,
                suppress_embeds=True,
                nonce=nonce_for(key),
            )
        except discord.NotFound as exc:  # 10003: the thread or channel was deleted
            log.info("post %s is gone (%s): no reply", post.id, exc.text or exc.status)

    async def remove(self, post: Post, reason: str, key: str) -> None:
        # The pipeline only asks for bot removals in live mode; moderators' removals always apply.
        addr = PostAddress.parse(post.id)
        config = await self._configs.guild_config(addr.guild_id)
        community = self._guidelines.community(config.community or post.community or None)
        if addr.is_forum_post and community.removal == "lock":
            try:
                await edit_thread(self._client, addr, reason, locked=True, archived=True)
            except ThreadGone as exc:
                log.info("post %s already gone (%s): nothing to remove", post.id, exc)
            return
        message = self._client.get_partial_messageable(addr.channel_id).get_partial_message(
            addr.message_id
        )
        try:
            await message.delete()
        except discord.NotFound:
            log.info("post %s already gone", post.id)

    async def lock(self, post: Post, reason: str, key: str) -> None:
        addr = PostAddress.parse(post.id)
        if not addr.is_forum_post:
            log.info("%s is a channel message: nothing to lock (%s)", post.id, key)
            return
        try:
            await edit_thread(self._client, addr, reason, locked=True, archived=None)
        except ThreadGone as exc:
            log.info("post %s is gone (%s): nothing to lock", post.id, exc)

    async def restore(self, post: Post, reason: str, key: str) -> None:
        """Unlock and unarchive a forum post; a deleted thread cannot come back (``ThreadGone``:
        the moderator is told, nothing is logged as restored)."""
        addr = PostAddress.parse(post.id)
        if not addr.is_forum_post:
            log.info("%s: a deleted channel message cannot be restored (%s)", post.id, key)
            return
        await edit_thread(self._client, addr, reason, locked=False, archived=False)
