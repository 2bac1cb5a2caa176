"""A mod-queue message is sent once, however often its action is tried (issue 20, point 4;
issue 15, point 3). The fake server does not deduplicate nonces, since Discord does so only for
a few minutes: every send is counted there."""

from __future__ import annotations

import asyncio
import contextlib

from bot.platforms.discord import GuildConfig
from tests.discord.fake_discord import GUILD_ID, MODQUEUE_ID, TEXT_ID
from tests.discord.stack import Stack, StackFactory
from tests.discord.test_commands import europe_case
from tests.discord.test_faults import QUEUE_SEND, flags


async def test_a_crash_after_the_send_does_not_send_twice(stacks: StackFactory) -> None:
    first = await stacks()
    await first.configure()
    await first.forum_post("SHOCKING rates", "https://news.example/rates")
    held = first.fake.hold("POST", QUEUE_SEND)  # Discord posts it; the answer never arrives
    run = asyncio.create_task(first.core.pipeline.run_until_empty())
    try:
        await held.arrived.wait()
        run.cancel()  # the process dies before it could record the action done
        with contextlib.suppress(asyncio.CancelledError):
            await run
        await first.stop()
    finally:
        held.release()
    assert flags(await first.modlog()) == []

    second = await stacks()  # far more than a few minutes later, as far as nonces go
    await second.core.pipeline.run_until_empty()
    assert len(second.modqueue_sends()) == 1  # counted at the server: the retry found it
    assert flags(await second.modlog()) == [1]
    assert await second.core.pipeline.retry_actions() == 0
    [notice] = await second.core.adapter._notices.find("discord", post_id(second))  # type: ignore[union-attr]
    [message] = [m for m in second.fake.messages.values() if m["channel_id"] == str(MODQUEUE_ID)]
    assert notice.ref == message["id"]  # the retry remembered the message it found


def post_id(stack: Stack) -> str:
    thread = next(iter(stack.fake.threads))
    return f"{GUILD_ID}:{thread}:{thread}"


async def test_each_guild_gets_its_own_nonce(stacks: StackFactory) -> None:
    """A Lemmy case queued in two servers: one nonce each (Discord drops a repeated nonce of
    the same sender, so a shared one could cost the second server its message)."""
    stack = await stacks()
    await stack.configure()
    adapter = stack.core.adapter
    targets = [
        GuildConfig(GUILD_ID, modqueue=MODQUEUE_ID, community="worldnews"),
        GuildConfig(GUILD_ID + 1, modqueue=TEXT_ID, community="worldnews"),
    ]

    async def both(_community: str) -> tuple[list[GuildConfig], bool]:
        return targets, True

    adapter._queue_guilds = both  # type: ignore[method-assign]
    await adapter.notify_mods(europe_case())
    sends = [c for c in stack.fake.calls if c.method == "POST" and c.path.endswith("/messages")]
    nonces = [c.json["nonce"] for c in sends]
    assert len(nonces) == 2
    assert nonces[0] != nonces[1]


async def test_a_crash_after_the_reply_does_not_reply_twice(stacks: StackFactory) -> None:
    """Live mode replies under a paywalled post; the answer to that send is lost in a crash."""
    first = await stacks()
    await first.configure(mode="live")
    post = await first.forum_post("Paywalled rates", "https://news.example/rates")
    replies = rf"/channels/{post.split(':')[1]}/messages"
    held = first.fake.hold("POST", replies)
    run = asyncio.create_task(first.core.pipeline.run_until_empty())
    try:
        await held.arrived.wait()
        run.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await run
        await first.stop()
    finally:
        held.release()

    second = await stacks()
    await second.core.pipeline.run_until_empty()
    assert len(second.fake.find("POST", replies)) == 1  # counted at the server
    assert "comment" in [e.action for e in await second.modlog()]
    assert await second.core.pipeline.retry_actions() == 0
