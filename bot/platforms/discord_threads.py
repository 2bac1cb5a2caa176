"""Forum-thread edits (lock, archive, restore) the way Discord accepts them.

Discord takes an edit of an archived thread only when the same request sets ``archived: false``
(else 400 / 50083 "Thread is archived"; ``developers/resources/channel``, Modify Channel). A
forum post quiet longer than its auto-archive timer is archived, so every edit here unarchives
in the request itself when the thread is (or turns out to be) archived, and archives again in a
second request when archiving was wanted. A thread its author deleted (10003 Unknown Channel)
has nothing left to lock or remove: that ends the action instead of retrying it for a day.
"""

from __future__ import annotations

import logging

import discord

from bot.errors import NewsmodError
from bot.platforms.discord_config import PostAddress

log = logging.getLogger(__name__)

#: Discord's code for an edit of an archived thread without ``archived: false``.
THREAD_ARCHIVED = 50083


class ThreadGone(NewsmodError):
    """The thread was deleted (Discord answers 10003 Unknown Channel)."""


async def edit_thread(
    client: discord.Client, addr: PostAddress, reason: str, *, locked: bool, archived: bool | None
) -> None:
    """Set ``locked`` (and ``archived`` unless None) on the forum thread of ``addr``.

    Raises ``ThreadGone`` when the thread no longer exists; other HTTP errors propagate.
    """
    thread = await _thread(client, addr)
    if thread is None:
        log.warning("%s is not a thread; cannot lock it", addr.post_id)
        return
    audit = reason[:512] or None
    try:
        try:
            await _apply(thread, audit, locked=locked, archived=archived, unarchive=thread.archived)
        except discord.HTTPException as exc:
            if exc.code != THREAD_ARCHIVED:
                raise
            # Archived since the bot last heard of it: unarchive in the same request.
            log.info("thread %s is archived; unarchiving it in the edit", addr.channel_id)
            await _apply(thread, audit, locked=locked, archived=archived, unarchive=True)
    except discord.NotFound as exc:
        raise ThreadGone(f"thread {addr.channel_id} is gone: {exc.text or exc.status}") from None


async def _apply(
    thread: discord.Thread,
    reason: str | None,
    *,
    locked: bool,
    archived: bool | None,
    unarchive: bool,
) -> None:
    if not unarchive or archived is False:
        if archived is None:
            await thread.edit(locked=locked, reason=reason)
        else:
            await thread.edit(locked=locked, archived=archived, reason=reason)
        return
    await thread.edit(locked=locked, archived=False, reason=reason)
    if archived:
        await thread.edit(archived=True, reason=reason)


async def _thread(client: discord.Client, addr: PostAddress) -> discord.Thread | None:
    channel = client.get_channel(addr.channel_id)
    if isinstance(channel, discord.Thread):
        return channel
    try:
        fetched = await client.fetch_channel(addr.channel_id)
    except discord.NotFound as exc:
        raise ThreadGone(f"thread {addr.channel_id} is gone: {exc.text or exc.status}") from None
    return fetched if isinstance(fetched, discord.Thread) else None
