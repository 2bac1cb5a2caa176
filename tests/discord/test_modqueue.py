"""Mod-queue buttons: persistent across restarts, permission-checked, applied, logged, shown."""

from __future__ import annotations

from typing import Any

from cogs.checks import NOT_MODERATOR
from tests.discord.fake_discord import MODQUEUE_ID, TEXT_ID
from tests.discord.interactions import PLAIN, answer_text, click, is_ephemeral, submit_modal
from tests.discord.stack import Stack, StackFactory, eventually


async def flagged(stack: Stack, title: str = "SHOCKING rates") -> tuple[str, dict[str, Any]]:
    """A flagged forum post and the mod-queue message the bot posted for it."""
    post_id = await stack.forum_post(title, "https://news.example/rates")
    await stack.core.pipeline.run_until_empty()
    created = [m for m in stack.fake.messages.values() if m["embeds"]]
    return post_id, created[-1]


def decision_field(call_json: dict[str, Any]) -> str:
    embed = call_json["data"]["embeds"][0]
    [value] = [f["value"] for f in embed["fields"] if f["name"] == "Decision"]
    return str(value)


def buttons_disabled(call_json: dict[str, Any]) -> list[bool]:
    rows = call_json["data"]["components"]
    return [bool(c.get("disabled")) for row in rows for c in row["components"]]


async def test_buttons_work_after_a_restart(stacks: StackFactory) -> None:
    first = await stacks()
    await first.configure()
    _, message = await flagged(first)
    await first.stop()

    second = await stacks()  # a new process: new bot, same database
    call = await click(second.fake, "newsmod:dismiss:1", message, user_id=4242)
    assert call.json["type"] == 6  # deferred, then the mod-queue message is edited in place
    assert decision_field(call.json) == "Dismissed by user4242"
    assert buttons_disabled(call.json) == [True, True, True]
    last = (await second.modlog())[0]
    assert (last.action, last.actor.name, last.case_number) == ("approve", "user4242", 1)


async def test_confirm_and_remove_asks_rule_and_reason(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack, "SHOCKING!! rates")
    thread_id = post_id.split(":")[1]

    call = await click(stack.fake, "newsmod:confirm:1", message)
    assert call.json["type"] == 9  # a modal
    modal = call.json["data"]
    assert modal["custom_id"] == "newsmod:remove:1"
    select = modal["components"][0]["component"]
    assert [o["value"] for o in select["options"]] == ["ragebait", "editorialized-title"]

    values = {"rule": ["editorialized-title"], "reason": "Title changed the story"}
    done = await submit_modal(stack.fake, "newsmod:remove:1", values, message)
    assert done.json["type"] == 6
    assert decision_field(done.json).startswith("Removed by user4000: editorialized-title")
    # removal = "lock" in the default community: the thread is locked and archived
    [edit] = stack.fake.find("PATCH", rf"/channels/{thread_id}")
    assert edit.json == {"locked": True, "archived": True}
    last = (await stack.modlog())[0]
    assert (last.action, last.rules, last.reason) == (
        "remove",
        ("editorialized-title",),
        "Title changed the story",
    )
    # decided: the case's buttons are disabled, and a Restore button undoes the removal
    assert custom_ids(done.json) == [
        "newsmod:confirm:1", "newsmod:dismiss:1", "newsmod:lock:1", "newsmod:restore:1",
    ]  # fmt: skip
    assert buttons_disabled(done.json) == [True, True, True, False]


def custom_ids(call_json: dict[str, Any]) -> list[str]:
    rows = call_json["data"]["components"]
    return [str(c["custom_id"]) for row in rows for c in row["components"]]


async def removed(stack: Stack) -> tuple[str, dict[str, Any]]:
    """A flagged forum post removed from the mod queue, and its mod-queue message as it is now."""
    post_id, message = await flagged(stack)
    await click(stack.fake, "newsmod:confirm:1", message)
    values = {"rule": ["ragebait"], "reason": "Shock wording"}
    done = await submit_modal(stack.fake, "newsmod:remove:1", values, message)
    data = done.json["data"]
    return post_id, {**message, "embeds": data["embeds"], "components": data["components"]}


async def test_restore_button_restores_the_post_and_logs_it(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await removed(stack)
    thread = post_id.split(":")[1]

    call = await click(stack.fake, "newsmod:restore:1", message, user_id=4242)
    assert call.json["type"] == 6
    assert decision_field(call.json) == "Restored by user4242"
    assert buttons_disabled(call.json) == [True, True, True]  # nothing left to undo
    edits = stack.fake.find("PATCH", rf"/channels/{thread}")
    assert [e.json for e in edits] == [
        {"locked": True, "archived": True},
        {"locked": False, "archived": False},
    ]
    last = (await stack.modlog())[0]
    assert (last.action, last.actor.name, last.case_number) == ("restore", "user4242", 1)


async def test_a_plain_member_cannot_restore(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await removed(stack)
    before = await stack.modlog()
    call = await click(stack.fake, "newsmod:restore:1", message, permissions=PLAIN)
    assert is_ephemeral(call)
    assert answer_text(call) == NOT_MODERATOR
    assert await stack.modlog() == before
    assert len(stack.fake.find("PATCH", rf"/channels/{post_id.split(':')[1]}")) == 1


async def test_a_post_the_bot_removed_can_be_restored_from_the_queue(
    stacks: StackFactory,
) -> None:
    stack = await stacks()
    await stack.configure(mode="live")
    _, message = await flagged(stack, "Tabloid gossip")  # tabloid-source: removed in live mode
    assert [c["custom_id"] for row in message["components"] for c in row["components"]] == [
        "newsmod:confirm:1", "newsmod:dismiss:1", "newsmod:lock:1", "newsmod:restore:1",
    ]  # fmt: skip
    call = await click(stack.fake, "newsmod:restore:1", message)
    assert decision_field(call.json) == "Restored by user4000"
    assert (await stack.modlog())[0].action == "restore"


async def test_lock_button_locks_the_thread(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    post_id, message = await flagged(stack)
    call = await click(stack.fake, "newsmod:lock:1", message)
    assert decision_field(call.json).startswith("Locked by user4000")
    [edit] = stack.fake.find("PATCH", rf"/channels/{post_id.split(':')[1]}")
    assert edit.json == {"locked": True}


async def test_a_plain_member_cannot_press_the_buttons(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    _, message = await flagged(stack)
    before = await stack.modlog()
    for kind in ("confirm", "dismiss", "lock"):
        call = await click(stack.fake, f"newsmod:{kind}:1", message, permissions=PLAIN)
        assert is_ephemeral(call)
        assert answer_text(call) == NOT_MODERATOR
    assert await stack.modlog() == before


async def test_unknown_case_is_a_one_line_answer(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    _, message = await flagged(stack)
    for row in message["components"]:  # a mod-queue message from another database
        for button in row["components"]:
            button["custom_id"] = button["custom_id"].replace(":1", ":77")
    call = await click(stack.fake, "newsmod:dismiss:77", message)
    assert is_ephemeral(call)
    assert answer_text(call) == "unknown case 77 in community 'worldnews'"


async def test_a_click_shows_the_decision_on_every_message_of_the_case(
    stacks: StackFactory,
) -> None:
    """An edit fixed one finding and the moderators got a fresh message for what is still open:
    deciding from either message marks both decided."""
    stack = await stacks()
    await stack.configure()
    fake = stack.fake
    _post_id, message_id = await stack.text_post("SHOCKING tabloid rates https://news.example/r")
    await stack.core.pipeline.run_until_empty()
    author = {"id": "3001", "username": "poster3001", "discriminator": "0", "avatar": None}
    edited = fake.message_payload(
        TEXT_ID, "Tabloid rates https://news.example/r", message_id=message_id, author=author
    )
    await fake.dispatch("MESSAGE_UPDATE", edited)

    async def requeued() -> bool:
        return await stack.pending() == 1

    await eventually(requeued)
    await stack.core.pipeline.run_until_empty()
    older, newer = [m for m in fake.messages.values() if m["channel_id"] == str(MODQUEUE_ID)]
    before = len(fake.find("PATCH", rf"/channels/{MODQUEUE_ID}/messages/{older['id']}"))

    call = await click(fake, "newsmod:dismiss:1", newer, user_id=4242)
    assert decision_field(call.json) == "Dismissed by user4242"
    await stack.bot.inflight.idle()  # the other messages are updated after the answer
    edits = fake.find("PATCH", rf"/channels/{MODQUEUE_ID}/messages/{older['id']}")
    assert len(edits) == before + 1
    assert decision_field({"data": edits[-1].json}) == "Dismissed by user4242"
    assert buttons_disabled({"data": edits[-1].json}) == [True, True, True]
    assert fake.find("PATCH", rf"/channels/{MODQUEUE_ID}/messages/{newer['id']}") == []
