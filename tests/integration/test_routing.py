"""Which Discord mod queue gets a case from another platform, and whether its buttons may act."""

from __future__ import annotations

from typing import Any

import pytest

from bot.errors import NewsmodError
from bot.models import Finding, Post
from bot.pipeline.adapter import ModQueueItem
from tests.discord.stack import Stack, StackFactory

LEMMY_URL = "https://lemmy.test"


def lemmy_item(community: str = "worldnews", *, case: int = 7) -> ModQueueItem:
    post = Post("42", "SHOCKING: @everyone look", "https://e.example/a", platform="lemmy",
                community=community, author_id="9", author_name="alice@lemmy.test")  # fmt: skip
    finding = Finding("ragebait", 0.9, "Shock wording.", {"loaded_words": ["shocking"]}, "flag")
    return ModQueueItem(case, post, (finding,), "flag", "review (ragebait)",
                        community=community, key=f"lemmy:42:*:notify:{community}")  # fmt: skip


async def configured(stacks: StackFactory) -> Stack:
    stack = await stacks()
    await stack.configure()
    stack.core.adapter.post_links["lemmy"] = lambda post: f"{LEMMY_URL}/post/{post.id}"
    return stack


def sent(stack: Stack) -> list[dict[str, Any]]:
    return [call.json for call in stack.modqueue_sends()]


async def test_a_followed_community_gets_buttons_and_the_post_link(stacks: StackFactory) -> None:
    stack = await configured(stacks)
    await stack.core.adapter.notify_mods(lemmy_item())
    [body] = sent(stack)
    [embed] = body["embeds"]
    assert embed["url"] == f"{LEMMY_URL}/post/42"
    assert embed["description"].startswith(f"Lemmy post: <{LEMMY_URL}/post/42>\n")
    assert embed["title"] == "SHOCKING: @\u200beveryone look"  # escaped: never pings
    assert body["allowed_mentions"] == {"parse": []}
    ids = [c["custom_id"] for row in body["components"] for c in row["components"]]
    assert ids == ["newsmod:confirm:7", "newsmod:dismiss:7", "newsmod:lock:7"]
    assert "Decide elsewhere" not in [f["name"] for f in embed["fields"]]


async def test_an_unfollowed_community_goes_to_the_default_queue_without_buttons(
    stacks: StackFactory,
) -> None:
    """Case numbers are per community: here case 7 of 'europe' would be another case, so the
    buttons are left off and the embed says where to decide."""
    stack = await configured(stacks)
    await stack.core.adapter.notify_mods(lemmy_item("europe"))
    [body] = sent(stack)
    assert "components" not in body or body["components"] == []
    [embed] = body["embeds"]
    assert embed["footer"]["text"].startswith("Case #7 · Lemmy · europe · ref ")
    [note] = [f["value"] for f in embed["fields"] if f["name"] == "Decide elsewhere"]
    assert "`newsmod decide 7 DECISION --community europe --as YOU`" in note


async def test_no_mod_queue_keeps_the_item_pending(stacks: StackFactory) -> None:
    stack = await stacks()  # no /setup modqueue yet
    with pytest.raises(NewsmodError, match="no Discord server has a mod queue for lemmy"):
        await stack.core.adapter.notify_mods(lemmy_item())
    assert stack.modqueue_sends() == []


async def test_without_a_post_link_the_embed_is_the_plain_one(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    await stack.core.adapter.notify_mods(lemmy_item())  # no post link registered for Lemmy
    [body] = sent(stack)
    [embed] = body["embeds"]
    assert "url" not in embed
    assert embed["description"].startswith("Link: <https://e.example/a>")
    assert embed["footer"]["text"].startswith("Case #7 · Lemmy · worldnews · ref ")
