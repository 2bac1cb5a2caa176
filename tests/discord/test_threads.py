"""Decisions on forum posts Discord has archived or deleted (issue 20, points 1 and 6)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.discord.fake_discord import MANAGE_THREADS, MODQUEUE_ID
from tests.discord.interactions import click, submit_modal
from tests.discord.stack import Stack, StackFactory
from tests.discord.test_modqueue import decision_field, flagged


def thread_state(stack: Stack, post_id: str) -> dict[str, Any]:
    meta = stack.fake.threads[int(post_id.split(":")[1])]["thread_metadata"]
    return {"locked": meta["locked"], "archived": meta["archived"]}


def queue_message(stack: Stack, message: dict[str, Any]) -> dict[str, Any]:
    """The mod-queue message as Discord has it now."""
    return stack.fake.messages[int(message["id"])]


@pytest.mark.parametrize("told", [True, False], ids=["archive-event", "stale-cache"])
async def test_lock_on_an_archived_thread_unarchives_in_the_same_edit(
    stacks: StackFactory, told: bool
) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    thread = int(post_id.split(":")[1])
    await stack.fake.archive(thread, tell=told)  # quiet longer than the auto-archive timer

    call = await click(stack.fake, "newsmod:lock:1", message)
    assert decision_field(call.json) == "Locked by user4000"
    assert thread_state(stack, post_id) == {"locked": True, "archived": False}
    edits = [c.json for c in stack.fake.find("PATCH", rf"/channels/{thread}")]
    assert edits[-1] == {"locked": True, "archived": False}
    last = (await stack.modlog())[0]
    assert (last.action, last.actor.name) == ("lock", "user4000")
    shown = queue_message(stack, message)
    assert [f["value"] for f in shown["embeds"][0]["fields"] if f["name"] == "Decision"] == [
        "Locked by user4000"
    ]
    assert all(c["disabled"] for row in shown["components"] for c in row["components"])


async def test_removal_of_an_archived_thread_unarchives_locks_and_archives_it(
    stacks: StackFactory,
) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    thread = int(post_id.split(":")[1])
    await stack.fake.archive(thread)

    await click(stack.fake, "newsmod:confirm:1", message)
    values = {"rule": ["ragebait"], "reason": "Shock wording"}
    done = await submit_modal(stack.fake, "newsmod:remove:1", values, message)
    assert decision_field(done.json) == "Removed by user4000: ragebait — Shock wording"
    assert [c.json for c in stack.fake.find("PATCH", rf"/channels/{thread}")] == [
        {"locked": True, "archived": False},
        {"archived": True},
    ]
    assert thread_state(stack, post_id) == {"locked": True, "archived": True}
    last = (await stack.modlog())[0]
    assert (last.action, last.rules, last.reason) == ("remove", ("ragebait",), "Shock wording")


async def test_a_thread_its_author_deleted_ends_the_bots_actions(stacks: StackFactory) -> None:
    """Live mode removes a tabloid post; its author deleted the thread first: the removal and
    the reply end at once (nothing left to act on) instead of being retried for a day."""
    stack = await stacks()
    await stack.configure(mode="live")
    post_id = await stack.forum_post("Tabloid gossip", "https://news.example/t")
    await stack.fake.delete_thread(int(post_id.split(":")[1]))
    await stack.core.pipeline.run_until_empty()
    assert await stack.core.pipeline.retry_actions() == 0
    counts = await stack.writer.run(stack.core.pipeline.actions.counts)
    assert counts["pending"] == 0
    assert "remove" in [e.action for e in await stack.modlog()]
    assert len(stack.fake.find("POST", rf"/channels/{MODQUEUE_ID}/messages")) == 1


async def test_lock_of_a_deleted_thread_is_done_and_logged(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    await stack.fake.delete_thread(int(post_id.split(":")[1]))
    call = await click(stack.fake, "newsmod:lock:1", message)
    assert decision_field(call.json) == "Locked by user4000"
    assert (await stack.modlog())[0].action == "lock"


async def test_without_manage_threads_the_lock_is_refused_and_nothing_is_logged(
    stacks: StackFactory,
) -> None:
    """The bot's role lacks Manage Threads: Discord answers 403 / 50013; the moderator is told
    in one line, the case stays open and its buttons live."""
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    stack.fake.bot_permissions &= ~MANAGE_THREADS
    call = await click(stack.fake, "newsmod:lock:1", message)
    assert call.json["data"]["flags"] & 64
    assert call.json["data"]["content"] == (
        "discord did not lock case 1: 403 Forbidden (error code: 50013): Missing Permissions"
    )
    assert thread_state(stack, post_id) == {"locked": False, "archived": False}
    assert "lock" not in [e.action for e in await stack.modlog()]
    assert not any(c.get("disabled") for row in queue_message(stack, message)["components"]
                   for c in row["components"])  # fmt: skip
