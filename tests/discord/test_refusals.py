"""Interactions from outside a server, from non-members, and a mod-queue message that is gone
(issue 19, point 5)."""

from __future__ import annotations

import asyncio
from typing import Any

from cogs.checks import NOT_IN_GUILD
from tests.discord.fake_discord import MODQUEUE_ID, press, user_payload
from tests.discord.interactions import (
    MODERATOR,
    answer_text,
    command_data,
    is_ephemeral,
    option,
    slash,
)
from tests.discord.payloads import interaction_payload
from tests.discord.stack import StackFactory
from tests.discord.test_modqueue import flagged


def as_dm(payload: dict[str, Any]) -> dict[str, Any]:
    """The same interaction from a direct message: no guild, a user instead of a member."""
    user = payload.pop("member")["user"]
    for key in ("guild_id", "guild_locale"):
        payload.pop(key, None)
    payload.update(user=user, context=1, channel={"id": payload["channel_id"], "type": 1})
    return payload


def as_non_member(payload: dict[str, Any]) -> dict[str, Any]:
    """In a server's channel, from someone who is not a member of it (a user-installed app)."""
    payload.pop("member")
    payload["user"] = user_payload(7777, "outsider")
    payload["authorizing_integration_owners"] = {"1": "7777"}
    return payload


async def test_a_command_in_a_direct_message_is_refused(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    await flagged(stack)
    before = await stack.modlog()
    data = command_data("approve", [option("case", 1)])
    payload = interaction_payload(stack.fake.next_id(), 2, data, user_id=4000,
                                  permissions=MODERATOR)  # fmt: skip
    call = await press(stack.fake, as_dm(payload))
    assert is_ephemeral(call)
    assert answer_text(call) == NOT_IN_GUILD
    assert await stack.modlog() == before


async def test_a_non_member_can_neither_command_nor_click(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    _, message = await flagged(stack)
    before = await stack.modlog()
    data = command_data("approve", [option("case", 1)])
    payload = interaction_payload(stack.fake.next_id(), 2, data, user_id=7777,
                                  permissions=MODERATOR)  # fmt: skip
    call = await press(stack.fake, as_non_member(payload))
    assert answer_text(call) == NOT_IN_GUILD
    click = interaction_payload(
        stack.fake.next_id(), 3, {"custom_id": "newsmod:lock:1", "component_type": 2},
        user_id=7777, permissions=MODERATOR, channel_id=MODQUEUE_ID, message=message,
    )  # fmt: skip
    clicked = await press(stack.fake, as_non_member(click))
    assert is_ephemeral(clicked)
    assert answer_text(clicked) == NOT_IN_GUILD
    assert await stack.modlog() == before
    assert stack.fake.find("PATCH", r"/channels/\d+") == []


async def test_a_decision_whose_queue_message_was_deleted_still_stands(
    stacks: StackFactory,
) -> None:
    stack = await stacks()
    await stack.configure()
    _, message = await flagged(stack)
    stack.fake.delete_message(int(message["id"]))  # a moderator tidied the queue channel

    call = await slash(stack.fake, "approve", [option("case", 1)])
    assert answer_text(call) == "Case #1 approved."
    await stack.bot.inflight.idle()
    assert (await stack.modlog())[0].action == "approve"
    edits = stack.fake.find("PATCH", rf"/channels/{MODQUEUE_ID}/messages/\d+")
    assert edits == []  # nothing left to edit, and no error


async def test_a_click_on_a_message_deleted_meanwhile_is_applied_and_told(
    stacks: StackFactory,
) -> None:
    """The message goes while the click is handled: the lock stands and is logged; the
    moderator is told in a message only they see."""
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    thread = post_id.split(":")[1]
    held = stack.fake.hold("PATCH", rf"/channels/{thread}")

    clicked = asyncio.ensure_future(
        press(stack.fake, interaction_payload(
            stack.fake.next_id(), 3, {"custom_id": "newsmod:lock:1", "component_type": 2},
            user_id=4000, permissions=MODERATOR, channel_id=MODQUEUE_ID, message=message,
        ))
    )  # fmt: skip
    try:
        await held.arrived.wait()
        stack.fake.delete_message(int(message["id"]))
    finally:
        held.release()
    await clicked
    [told] = await stack.fake.wait_for_call(
        lambda c: c.method == "POST" and c.path.startswith("/webhooks/")
    )
    assert (await stack.modlog())[0].action == "lock"
    assert told.json["flags"] & 64  # a follow-up only the moderator sees
    assert told.json["content"] == "Locked by user4000. (Its mod-queue message is gone.)"
