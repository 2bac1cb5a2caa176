"""Discord messages and forum threads as platform-neutral ``Post`` objects."""

from __future__ import annotations

import discord

from bot.models import Post
from bot.platforms.discord_config import PLATFORM, PostAddress, split_link


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
        permalink=message.jump_url,
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
        permalink=thread.jump_url,
    )
