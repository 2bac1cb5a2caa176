"""Discord answering slowly: every interaction is acknowledged within its 3 s, the action is
sent once, and the answer is edited in afterwards (issue 20, point 2).

The fake server's clock moves only when a scripted slow request takes its time, so "slow"
costs the test no real waiting."""

from __future__ import annotations

import asyncio

from tests.discord.fake_discord import MODQUEUE_ID
from tests.discord.interactions import answer_text, click, option, slash, submit_modal
from tests.discord.stack import StackFactory
from tests.discord.test_modqueue import buttons_disabled, decision_field, flagged
from tests.discord.test_threads import queue_message, thread_state

SLOW = 5.0  # seconds Discord takes to lock the thread: past the 3 s for a first answer


async def test_a_click_while_discord_is_slow_locks_once_and_updates_the_queue(
    stacks: StackFactory,
) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    thread = post_id.split(":")[1]
    stack.fake.slow("PATCH", rf"/channels/{thread}", SLOW)

    call = await click(stack.fake, "newsmod:lock:1", message)
    assert call.json["type"] == 6  # acknowledged before Discord was asked to lock
    assert decision_field(call.json) == "Locked by user4000"
    assert len(stack.fake.find("PATCH", rf"/channels/{thread}")) == 1
    assert thread_state(stack, post_id)["locked"]
    assert [(e.action, e.actor.name) for e in (await stack.modlog())[:1]] == [("lock", "user4000")]
    shown = queue_message(stack, message)
    assert buttons_disabled({"data": shown}) == [True, True, True]


async def test_the_removal_modal_while_discord_is_slow(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    thread = post_id.split(":")[1]
    await click(stack.fake, "newsmod:confirm:1", message)
    stack.fake.slow("PATCH", rf"/channels/{thread}", SLOW)

    values = {"rule": ["ragebait"], "reason": "Shock wording"}
    done = await submit_modal(stack.fake, "newsmod:remove:1", values, message)
    assert done.json["type"] == 6
    assert decision_field(done.json) == "Removed by user4000: ragebait — Shock wording"
    assert len(stack.fake.find("PATCH", rf"/channels/{thread}")) == 1
    assert thread_state(stack, post_id) == {"locked": True, "archived": True}
    assert (await stack.modlog())[0].action == "remove"


async def test_slash_remove_while_discord_is_slow(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    thread = post_id.split(":")[1]
    stack.fake.slow("PATCH", rf"/channels/{thread}", SLOW)

    options = [option("case", 1), option("rule", "ragebait"), option("reason", "shock")]
    call = await slash(stack.fake, "remove", options)
    assert call.json["type"] == 5  # "thinking…", then the follow-up
    assert answer_text(call) == "Case #1 removed (ragebait): shock"
    await stack.bot.inflight.idle()
    assert len(stack.fake.find("PATCH", rf"/channels/{thread}")) == 1
    assert (await stack.modlog())[0].action == "remove"
    edits = stack.fake.find("PATCH", rf"/channels/{MODQUEUE_ID}/messages/{message['id']}")
    assert decision_field({"data": edits[-1].json}).startswith("Removed by user4000")


async def test_the_retry_loop_leaves_a_moderators_action_in_flight_alone(
    stacks: StackFactory,
) -> None:
    """While a moderator's Lock waits on Discord, the pipeline retries pending actions: the lock
    is the moderator's, so it is neither sent again nor logged twice (issue 20, point 5)."""
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    thread = post_id.split(":")[1]
    held = stack.fake.hold("PATCH", rf"/channels/{thread}")
    clicked = asyncio.ensure_future(click(stack.fake, "newsmod:lock:1", message))
    await held.arrived.wait()  # Discord locked it; its answer has not reached the bot yet

    try:
        retried = await stack.core.pipeline.retry_actions()
    finally:
        held.release()
    call = await clicked
    assert retried == 0
    assert decision_field(call.json) == "Locked by user4000"
    assert len(stack.fake.find("PATCH", rf"/channels/{thread}")) == 1
    locks = [(e.action, e.actor.name) for e in await stack.modlog() if e.action == "lock"]
    assert locks == [("lock", "user4000")]


async def test_a_second_click_on_a_decision_in_flight_is_refused(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    thread = post_id.split(":")[1]
    held = stack.fake.hold("PATCH", rf"/channels/{thread}")
    first = asyncio.ensure_future(click(stack.fake, "newsmod:lock:1", message))
    try:
        await held.arrived.wait()
        second = await click(stack.fake, "newsmod:lock:1", message, user_id=4242)
    finally:
        held.release()
    assert answer_text(second) == "case 1: this lock is already under way or done"
    assert decision_field((await first).json) == "Locked by user4000"
    assert len(stack.fake.find("PATCH", rf"/channels/{thread}")) == 1
    assert [e.actor.name for e in await stack.modlog() if e.action == "lock"] == ["user4000"]
