"""Discord failing (429, 500, 403) or the bot restarting never loses a flag or repeats one."""

from __future__ import annotations

import logging

import pytest

from cogs.core import GuildChange
from tests.discord.fake_discord import GUILD_ID, MODQUEUE_ID, TEXT_ID
from tests.discord.stack import ADMIN, StackFactory

QUEUE_SEND = rf"/channels/{MODQUEUE_ID}/messages"


def flags(entries: list) -> list[int | None]:  # type: ignore[type-arg]
    return [e.case_number for e in entries if e.action == "flag"]


async def test_429_and_500_on_send_are_retried_without_losing_the_flag(
    stacks: StackFactory, caplog: pytest.LogCaptureFixture
) -> None:
    stack = await stacks()
    await stack.configure()
    stack.fake.fail("POST", QUEUE_SEND, 429, 500)
    await stack.forum_post("SHOCKING rates", "https://news.example/rates")
    with caplog.at_level(logging.WARNING, logger="discord.http"):
        await stack.core.pipeline.run_until_empty()
    assert len(stack.modqueue_sends()) == 3  # 429, 500, then accepted
    assert len([m for m in stack.fake.messages.values() if m["embeds"]]) == 1
    assert flags(await stack.modlog()) == [1]
    assert any("rate limited" in r.getMessage() for r in caplog.records)


async def test_a_refused_send_stays_pending_and_is_retried(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    stack.fake.fail("POST", QUEUE_SEND, 403)
    await stack.forum_post("SHOCKING rates", "https://news.example/rates")
    assert await stack.core.pipeline.run_once() == 1
    assert flags(await stack.modlog()) == []  # not applied, so not logged as done
    assert await stack.core.pipeline.retry_actions() == 1
    assert flags(await stack.modlog()) == [1]
    assert len([m for m in stack.fake.messages.values() if m["embeds"]]) == 1


async def test_restart_mid_queue_loses_nothing(stacks: StackFactory) -> None:
    first = await stacks()
    await first.configure()
    await first.forum_post("SHOCKING rates", "https://news.example/a")
    await first.text_post("Tabloid story https://news.example/b")
    await first.text_post("Plain news https://news.example/c")
    first.fake.fail("POST", QUEUE_SEND, 403)  # the first flag is refused...
    await first.core.pipeline.run_once()
    await first.stop()  # ...and the bot goes down with a post's action still pending

    second = await stacks()
    await second.core.pipeline.run_until_empty()
    assert await second.pending() == 0
    posted = [m for m in second.fake.messages.values() if m["embeds"]]
    assert len(posted) == 2  # the two flagged posts, each once
    assert sorted(flags(await second.modlog())) == [1, 2]
    assert await second.core.pipeline.run_until_empty() == 0
    assert len([m for m in second.fake.messages.values() if m["embeds"]]) == 2


async def test_posts_arriving_while_the_pipeline_is_down_are_kept(stacks: StackFactory) -> None:
    first = await stacks()
    await first.configure()
    for n in range(3):
        await first.forum_post(f"SHOCKING story {n}", f"https://news.example/{n}")
    await first.stop()  # nothing was checked yet
    second = await stacks()
    assert await second.pending() == 3
    assert await second.core.pipeline.run_until_empty() == 3
    assert sorted(flags(await second.modlog())) == [1, 2, 3]


async def test_flags_wait_for_a_mod_queue_channel(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.core.update_guild(GUILD_ID, GuildChange(watch=TEXT_ID), ADMIN)
    await stack.text_post("SHOCKING https://news.example/a")
    assert await stack.core.pipeline.run_once() == 1
    assert flags(await stack.modlog()) == []  # kept pending, not dropped
    await stack.core.update_guild(GUILD_ID, GuildChange(modqueue=MODQUEUE_ID), ADMIN)
    assert await stack.core.pipeline.retry_actions() == 1
    assert flags(await stack.modlog()) == [1]
    assert len(stack.modqueue_sends()) == 1
