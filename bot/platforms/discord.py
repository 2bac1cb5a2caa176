"""Discord: settings, the bot class, the ``PlatformAdapter`` and Post conversion.

The only module in ``bot/`` that imports discord.py. The bot is handed everything it needs
(an ``install`` coroutine that adds the cogs, settings); nothing is read at import time.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.errors import ConfigError, NewsmodError
from bot.guidelines import Guidelines
from bot.inflight import InFlight
from bot.models import Post
from bot.pipeline.adapter import ModQueueItem
from bot.pipeline.notices import Notice
from bot.platforms.discord_config import (
    DiscordSettings,
    GuildConfig,
    GuildConfigs,
    Notices,
    PostAddress,
    nonce_for,
    split_link,
)

log = logging.getLogger(__name__)

PLATFORM = "discord"
_API_VERSION_PATH = re.compile(r"/api/v\d+/?$")


# -- settings ----------------------------------------------------------------------------------


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


# -- posts -------------------------------------------------------------------------------------


def post_from_message(message: discord.Message, *, community: str = "") -> Post | None:
    """A text-channel message with a link is a post; its text without the URL is the title."""
    if message.guild is None:
        return None
    title, url = split_link(message.content)
    if url is None:
        return None
    addr = PostAddress(message.guild.id, message.channel.id, message.id)
    return Post(
        id=addr.post_id,
        title=title,  # a bare link gives "": there is no title to check
        url=url,
        body=message.content,
        platform=PLATFORM,
        community=community,
        author_id=str(message.author.id),
        author_name=message.author.display_name,
        created_at=message.created_at.isoformat(),
    )


def post_from_thread(
    thread: discord.Thread, starter: discord.Message | None, *, community: str = ""
) -> Post:
    """A forum thread: its name is the title, its starter message the body with the link."""
    body = starter.content if starter is not None else ""
    _, url = split_link(body)
    author = starter.author if starter is not None else thread.owner
    return Post(
        id=PostAddress(thread.guild.id, thread.id, thread.id).post_id,
        title=thread.name,
        url=url,
        body=body,
        platform=PLATFORM,
        community=community,
        author_id=str(author.id if author is not None else thread.owner_id),
        author_name=author.display_name if author is not None else "",
        created_at=thread.created_at.isoformat() if thread.created_at else None,
    )


# -- what the adapter needs from the rest of the bot --------------------------------------------


#: Builds the mod-queue message for a ModQueueItem: (embed, persistent view).
RenderItem = Callable[[ModQueueItem], tuple[discord.Embed, discord.ui.View]]
#: The mod-queue message after an edit fixed ``rules``: (its embed, ``item`` with the findings
#: still open, the rules fixed, whether it has buttons) -> (embed, view or None).
RenderResolved = Callable[
    [discord.Embed, ModQueueItem, tuple[str, ...], bool],
    tuple[discord.Embed, discord.ui.View | None],
]
#: The mod-queue message after a moderator decided its case: (its embed, the case, what was
#: decided by whom, whether the post is now removed, whether it has buttons) -> (embed, view).
RenderDecided = Callable[
    [discord.Embed, int, str, bool, bool], tuple[discord.Embed, discord.ui.View | None]
]
#: The web address of a post on another platform (e.g. the Lemmy post page).
PostLink = Callable[[Post], str]


NO_PINGS = discord.AllowedMentions.none()


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
        channel = self._client.get_partial_messageable(config.modqueue, guild_id=addr.guild_id)
        key = item.key or f"modqueue:{item.post.id}:{item.case}:{item.post.content_hash()}"
        message = await channel.send(
            embed=embed, view=view, allowed_mentions=NO_PINGS, nonce=nonce_for(key)
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
        nonce = nonce_for(item.key or f"modqueue:{platform}:{item.post.id}:{item.case}")
        for config in targets:
            assert config.modqueue is not None
            embed, view = self._render_item(item)  # a view per message
            embed = foreign_embed(embed, item, url, actionable)
            channel = self._client.get_partial_messageable(
                config.modqueue, guild_id=config.guild_id
            )
            if actionable:
                message = await channel.send(
                    embed=embed, view=view, allowed_mentions=NO_PINGS, nonce=nonce
                )
            else:  # no buttons: here they would act on this guild's case of that number
                message = await channel.send(embed=embed, allowed_mentions=NO_PINGS, nonce=nonce)
            await self._remember(item, config, message)

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
            await _edit(current, embed, view)

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
            await _edit(current, embed, view)

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
        addr = PostAddress.parse(post.id)
        channel = self._client.get_partial_messageable(addr.channel_id, guild_id=addr.guild_id)
        reference = discord.MessageReference(
            message_id=addr.message_id, channel_id=addr.channel_id, fail_if_not_exists=False
        )
        await channel.send(
            text[:2000],
            reference=reference,
            allowed_mentions=NO_PINGS,
            suppress_embeds=True,
            nonce=nonce_for(key),
        )

    async def remove(self, post: Post, reason: str, key: str) -> None:
        # The pipeline only asks for bot removals in live mode; moderators' removals always apply.
        addr = PostAddress.parse(post.id)
        config = await self._configs.guild_config(addr.guild_id)
        community = self._guidelines.community(config.community or post.community or None)
        if addr.is_forum_post and community.removal == "lock":
            await self._edit_thread(addr, reason, locked=True, archived=True)
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
        await self._edit_thread(addr, reason, locked=True, archived=None)

    async def restore(self, post: Post, reason: str, key: str) -> None:
        addr = PostAddress.parse(post.id)
        if not addr.is_forum_post:
            log.info("%s: a deleted channel message cannot be restored (%s)", post.id, key)
            return
        await self._edit_thread(addr, reason, locked=False, archived=False)

    async def _edit_thread(
        self, addr: PostAddress, reason: str, *, locked: bool, archived: bool | None
    ) -> None:
        channel = self._client.get_channel(addr.channel_id)
        if not isinstance(channel, discord.Thread):
            fetched = await self._client.fetch_channel(addr.channel_id)
            if not isinstance(fetched, discord.Thread):
                log.warning("%s is not a thread; cannot lock it", addr.post_id)
                return
            channel = fetched
        if archived is None:
            await channel.edit(locked=locked, reason=reason[:512] or None)
        else:
            await channel.edit(locked=locked, archived=archived, reason=reason[:512] or None)


def foreign_embed(
    embed: discord.Embed, item: ModQueueItem, url: str | None, actionable: bool
) -> discord.Embed:
    """The mod-queue embed of a post from another platform: a link to the post there, the
    platform and community in the footer, and a note when this guild's buttons cannot act."""
    post, name = item.post, item.post.platform.capitalize()
    embed = embed.copy()
    if url:
        embed.url = url
        embed.description = f"{name} post: <{url}>\n{embed.description or ''}".strip()
    community = item.community or post.community
    footer = embed.footer.text or f"Case #{item.case}"
    embed.set_footer(text=f"{footer} · {name} · {community}")
    if not actionable:
        embed.add_field(
            name="Decide elsewhere",
            value=f"Case #{item.case} belongs to community `{community}`, which this server does "
            f"not follow: decide it on {name} or with "
            f"`newsmod decide {item.case} DECISION --community {community} --as YOU`.",
            inline=False,
        )
    return embed


# -- the bot -----------------------------------------------------------------------------------


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


async def _edit(
    message: discord.Message, embed: discord.Embed, view: discord.ui.View | None
) -> None:
    if view is None:
        await message.edit(embed=embed, allowed_mentions=NO_PINGS)
    else:
        await message.edit(embed=embed, view=view, allowed_mentions=NO_PINGS)
