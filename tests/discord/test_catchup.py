"""Posts made while the bot was offline are checked once it is back (issue 20, point 6)."""

from __future__ import annotations

import cogs.catchup
from cogs.catchup import CatchUp
from tests.discord.fake_discord import GUILD_ID, TEXT_ID, FakeDiscord, user_payload
from tests.discord.stack import Stack, StackFactory
from tests.discord.test_faults import flags


def offline_thread(fake: FakeDiscord, title: str, body: str, *, archived: bool = False) -> str:
    """A forum post made while no bot was connected (no gateway event reaches anyone)."""
    thread = fake.next_id()
    author = user_payload(3000, "poster3000")
    fake.messages[thread] = fake.message_payload(thread, body, message_id=thread, author=author)
    fake.thread_payload(thread, title, 3000)["thread_metadata"]["archived"] = archived
    return f"{GUILD_ID}:{thread}:{thread}"


def offline_message(fake: FakeDiscord, content: str, *, bot: bool = False) -> str:
    author = user_payload(900 if bot else 3001, "newsmod" if bot else "poster3001", bot=bot)
    message = fake.message_payload(TEXT_ID, content, author=author)
    fake.messages[int(message["id"])] = message
    return f"{GUILD_ID}:{TEXT_ID}:{message['id']}"


async def caught_up(stack: Stack) -> None:
    cog = stack.bot.get_cog("CatchUp")
    assert isinstance(cog, CatchUp)
    await cog.done.wait()


async def test_posts_made_while_offline_are_queued_on_start(stacks: StackFactory) -> None:
    first = await stacks()
    await first.configure()
    known = await first.forum_post("SHOCKING old news", "https://news.example/old")
    await first.core.pipeline.run_until_empty()
    await first.stop()

    fake = first.fake
    active = offline_thread(fake, "SHOCKING rates", "https://news.example/a")
    archived = offline_thread(fake, "Tabloid story", "https://news.example/b", archived=True)
    message = offline_message(fake, "SHOCKING link https://news.example/c")
    offline_message(fake, "the bot's own https://news.example/d", bot=True)
    offline_message(fake, "no link here")
    before = len(fake.calls)

    second = await stacks()
    await caught_up(second)
    for post_id in (active, archived, message):
        assert await second.queued(post_id)
    assert await second.pending() == 3  # the bot's message, the linkless one, the known post: no
    known_thread = known.split(":")[1]
    refetched = [c for c in fake.calls[before:] if c.path.startswith(f"/channels/{known_thread}")]
    assert refetched == []  # what the database has is neither fetched nor checked again
    await second.core.pipeline.run_until_empty()
    assert sorted(flags(await second.modlog())) == [1, 2, 3, 4]


async def test_catching_up_is_bounded(stacks: StackFactory, monkeypatch: object) -> None:

    monkeypatch.setattr(cogs.catchup, "MESSAGES", 3)  # type: ignore[attr-defined]
    first = await stacks()
    await first.configure()
    await first.stop()
    posts = [offline_message(first.fake, f"story {n} https://news.example/{n}") for n in range(5)]
    second = await stacks()
    await caught_up(second)
    assert [await second.queued(p) for p in posts] == [False, False, True, True, True]
