"""Edges that a wrong product would pass: a configured mod role must not open moderator commands
to everybody, and a post someone already deleted counts as removed (not as a failure)."""

from __future__ import annotations

import pytest

from cogs.checks import NOT_MODERATOR
from tests.discord.fake_discord import MOD_ROLE_ID, TEXT_ID
from tests.discord.interactions import (
    ADMIN,
    MANAGE_MESSAGES,
    MODERATOR_COMMANDS,
    PLAIN,
    answer_text,
    is_ephemeral,
    slash,
)
from tests.discord.stack import StackFactory


@pytest.mark.parametrize("path", ["stats", "modlog", "case"])
async def test_a_configured_mod_role_does_not_make_everyone_a_moderator(
    stacks: StackFactory, path: str
) -> None:
    assert path in MODERATOR_COMMANDS
    stack = await stacks()
    await stack.configure(modrole=MOD_ROLE_ID)
    before = len(await stack.modlog())
    call = await slash(stack.fake, path, permissions=PLAIN, roles=[])
    assert is_ephemeral(call)
    assert answer_text(call) == NOT_MODERATOR
    assert len(await stack.modlog()) == before
    # ...while the same member holding the role passes the same check.
    allowed = await slash(stack.fake, "stats", permissions=PLAIN, roles=[MOD_ROLE_ID])
    assert answer_text(allowed) != NOT_MODERATOR


async def test_an_administrator_without_manage_messages_is_a_moderator(
    stacks: StackFactory,
) -> None:
    assert not ADMIN & MANAGE_MESSAGES
    stack = await stacks()
    call = await slash(stack.fake, "stats", permissions=ADMIN, roles=[])
    assert answer_text(call) != NOT_MODERATOR
    assert call.json["data"]["embeds"][0]["title"] == "Per-rule precision"


async def test_removing_a_message_that_is_already_gone_completes_the_removal(
    stacks: StackFactory,
) -> None:
    stack = await stacks()
    await stack.configure(mode="live")
    _, message_id = await stack.text_post("Tabloid story https://news.example/u")
    delete = rf"/channels/{TEXT_ID}/messages/{message_id}"
    stack.fake.fail("DELETE", delete, 404)  # someone deleted it first: "Unknown Message"
    await stack.core.pipeline.run_until_empty()
    assert len(stack.fake.find("DELETE", delete)) == 1
    assert await stack.pending() == 0  # nothing left to retry
    assert await stack.core.pipeline.retry_actions() == 0
    removals = [e for e in await stack.modlog() if e.action == "remove"]
    assert [e.rules for e in removals] == [("tabloid-source",)]
    assert len(stack.fake.find("DELETE", delete)) == 1  # and it is not tried again
