"""The mod-queue messages: how the adapter renders, finds and edits them."""

from __future__ import annotations

from collections.abc import Callable

import discord

from bot.models import Post
from bot.pipeline.adapter import ModQueueItem
from bot.platforms.discord_bot import NO_PINGS
from bot.platforms.discord_limits import fit_embed

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


#: Recent mod-queue messages searched for the bot's own message of an action before sending.
LOOKBACK = 100


def ref_of(nonce: str) -> str:
    """The action reference shown in a mod-queue message's footer."""
    return f"ref {nonce[:12]}"


def with_ref(embed: discord.Embed, nonce: str) -> discord.Embed:
    """``embed`` with the action's reference at the end of its footer."""
    embed = embed.copy()
    footer = embed.footer.text or ""
    embed.set_footer(text=f"{footer} · {ref_of(nonce)}" if footer else ref_of(nonce))
    return embed


async def find_sent(
    channel: discord.abc.Messageable, me: discord.abc.Snowflake | None, ref: str
) -> discord.Message | None:
    """The bot's own message with ``ref`` in its embed footer among the channel's
    ``LOOKBACK`` most recent messages, if any (a send whose answer was lost, or a restart)."""
    if me is None:
        return None
    async for message in channel.history(limit=LOOKBACK):
        if message.author.id != me.id:
            continue
        if any(ref in (embed.footer.text or "") for embed in message.embeds):
            return message
    return None


async def find_reply(
    channel: discord.abc.Messageable, me: discord.abc.Snowflake | None, to: int, text: str
) -> discord.Message | None:
    """The bot's own reply ``text`` to message ``to`` among the channel's ``LOOKBACK`` most
    recent messages, if any."""
    if me is None:
        return None
    async for message in channel.history(limit=LOOKBACK):
        replied = message.reference.message_id if message.reference is not None else None
        if message.author.id == me.id and replied == to and message.content == text:
            return message
    return None


async def edit_message(
    message: discord.Message, embed: discord.Embed, view: discord.ui.View | None
) -> None:
    embed = fit_embed(embed)
    if view is None:
        await message.edit(embed=embed, allowed_mentions=NO_PINGS)
    else:
        await message.edit(embed=embed, view=view, allowed_mentions=NO_PINGS)
