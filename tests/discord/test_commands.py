"""Slash commands end to end: each parses, calls the core, answers ephemerally."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.guidelines import Guidelines, load_guidelines
from bot.models import Finding, Post
from bot.pipeline.adapter import ModQueueItem
from tests.discord.fake_discord import FORUM_ID, GUILD_ID, MOD_ROLE_ID, MODQUEUE_ID, press
from tests.discord.interactions import (
    ADMIN,
    PLAIN,
    answer_text,
    channel_resolved,
    command_data,
    interaction_payload,
    is_ephemeral,
    option,
    slash,
)
from tests.discord.stack import Stack, StackFactory, eventually


async def flag_posts(stack: Stack, count: int) -> None:
    for n in range(count):
        await stack.forum_post(f"SHOCKING story {n}", f"https://news.example/{n}", author_id=3000)
    await stack.core.pipeline.run_until_empty()


async def test_setup_by_an_admin_is_stored_and_logged(stacks: StackFactory) -> None:
    stack = await stacks()
    fake = stack.fake
    channel = {"name": "channel", "type": 7, "value": str(FORUM_ID)}
    call = await slash(
        fake, "setup watch", [channel], permissions=ADMIN, resolved=channel_resolved(FORUM_ID)
    )
    assert is_ephemeral(call)
    assert answer_text(call).startswith(f"Now watching <#{FORUM_ID}>.")
    queue = {"name": "channel", "type": 7, "value": str(MODQUEUE_ID)}
    await slash(fake, "setup modqueue", [queue], permissions=ADMIN,
                resolved=channel_resolved(MODQUEUE_ID))  # fmt: skip
    role = {"name": "role", "type": 8, "value": str(MOD_ROLE_ID)}
    roles = {"roles": {str(MOD_ROLE_ID): fake.guild_payload()["roles"][1]}}
    await slash(fake, "setup modrole", [role], permissions=ADMIN, resolved=roles)
    mode = await slash(fake, "setup mode", [option("mode", "live")], permissions=ADMIN)
    assert "Mode: **live**" in answer_text(mode)

    config = await stack.core.guild_config(GUILD_ID)
    assert (config.watched, config.modqueue, config.modrole, config.mode) == (
        frozenset({FORUM_ID}), MODQUEUE_ID, MOD_ROLE_ID, "live",
    )  # fmt: skip
    logged = [e for e in await stack.modlog() if e.action == "setting-change"]
    assert len(logged) == 4
    assert {e.actor.name for e in logged} == {"user4000"}

    await slash(fake, "setup unwatch", [channel], permissions=ADMIN,
                resolved=channel_resolved(FORUM_ID))  # fmt: skip
    assert (await stack.core.guild_config(GUILD_ID)).watched == frozenset()


async def test_case_approve_remove_note(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    await flag_posts(stack, 2)
    fake = stack.fake

    case = await slash(fake, "case", [option("number", 1)])
    embed = case.json["data"]["embeds"][0]
    assert embed["title"] == "Case #1: SHOCKING story 0"
    assert "Status: **open**" in embed["description"]

    approved = await slash(fake, "approve", [option("case", 1)])
    assert answer_text(approved) == "Case #1 approved."
    removed = await slash(
        fake, "remove", [option("case", 2), option("rule", "ragebait"), option("reason", "shock")]
    )
    assert answer_text(removed) == "Case #2 removed (ragebait): shock"
    noted = await slash(fake, "note", [option("case", 2), option("text", "repeat poster")])
    assert answer_text(noted) == "Note added to case #2."
    actions = [e.action for e in reversed(await stack.modlog())][-3:]
    assert actions == ["approve", "remove", "note"]

    again = await slash(fake, "case", [option("number", 2)])
    assert "Status: **removed**" in again.json["data"]["embeds"][0]["description"]
    missing = await slash(fake, "case", [option("number", 99)])
    assert answer_text(missing) == "case #99 does not exist"
    no_reason = await slash(
        fake, "remove", [option("case", 2), option("rule", "ragebait"), option("reason", "   ")]
    )
    assert is_ephemeral(no_reason)
    assert answer_text(no_reason) == "a removal needs a reason (--reason)"


async def test_modlog_pages_with_buttons(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    await flag_posts(stack, 3)
    fake = stack.fake
    first = await slash(fake, "modlog", [option("action", "flag"), option("limit", 2)])
    data = first.json["data"]
    assert is_ephemeral(first)
    lines = data["embeds"][0]["description"].splitlines()
    assert len(lines) == 2
    assert "#3 **flag**" in lines[0]
    buttons = {c["label"]: c for row in data["components"] for c in row["components"]}
    assert buttons["Newer"].get("disabled") is True
    assert not buttons["Older"].get("disabled")

    from tests.discord.interactions import click

    message = fake.message_payload(MODQUEUE_ID, "", extra={"components": data["components"],
                                                            "flags": 64})  # fmt: skip
    older = await click(fake, buttons["Older"]["custom_id"], message)
    page2 = older.json["data"]["embeds"][0]
    assert page2["footer"]["text"] == "Page 2"
    assert "#1 **flag**" in page2["description"]
    assert "#3" not in page2["description"]


async def test_sources_add_takes_a_url_and_stores_its_registered_domain(
    stacks: StackFactory,
) -> None:
    stack = await stacks()
    fake = stack.fake
    added = await slash(
        fake,
        "sources add",
        [option("list", "tabloid"), option("domain", "https://m.news.example.co.uk/a/b?c=1")],
    )
    assert answer_text(added) == "Added `example.co.uk` to `tabloid`."
    listed = await slash(fake, "sources list", [option("list", "tabloid")])
    assert "example.co.uk" in answer_text(listed)
    removed = await slash(
        fake, "sources remove", [option("list", "tabloid"), option("domain", "example.co.uk")]
    )
    assert answer_text(removed) == "Removed `example.co.uk` from `tabloid`."
    listed = await slash(fake, "sources list", [option("list", "tabloid")])
    assert "example.co.uk" not in answer_text(listed)
    actions = [e.action for e in await stack.modlog()]
    assert actions[:2] == ["source-remove", "source-add"]
    bad = await slash(fake, "sources add", [option("list", "tabloid"), option("domain", "nope")])
    assert answer_text(bad) == "domain: 'nope' is not a domain or URL"


async def test_check_answers_with_the_findings(stacks: StackFactory) -> None:
    stack = await stacks()
    fake = stack.fake
    call = await slash(
        fake, "check", [option("url", "https://news.example/x"), option("title", "SHOCKING!!")]
    )
    assert call.json["type"] == 5
    assert call.json["data"]["flags"] == 64
    [followup] = await fake.wait_for_call(lambda c: c.path.startswith("/webhooks/"))
    embed = followup.json["embeds"][0]
    assert "Decision: **flag**" in embed["description"]
    assert {f["name"].split(" · ")[0] for f in embed["fields"]} >= {"ragebait"}
    bad = await slash(fake, "check", [option("url", "javascript:alert(1)")])
    assert answer_text(bad) == "url: give a full http(s):// link"
    assert await stack.modlog() == []  # /check logs nothing


async def test_starter_message_after_the_thread_is_handled_once(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    fake = stack.fake
    thread_id = fake.next_id()
    thread = fake.thread_payload(thread_id, "SHOCKING late", 3000)
    thread["newly_created"] = True
    await fake.dispatch("THREAD_CREATE", thread)  # the starter is not there yet: 404
    await fake.wait_for_call(lambda c: c.path == f"/channels/{thread_id}/messages/{thread_id}")
    author = {"id": "3000", "username": "poster3000", "discriminator": "0", "avatar": None}
    starter = fake.message_payload(
        thread_id, "https://news.example/late", message_id=thread_id, author=author
    )
    await fake.dispatch("MESSAGE_CREATE", starter)
    await fake.dispatch("MESSAGE_CREATE", starter)  # delivered twice: still one post
    post_id = f"{GUILD_ID}:{thread_id}:{thread_id}"
    await eventually(lambda: stack.queued(post_id))
    assert await stack.core.pipeline.run_until_empty() == 1
    assert len(stack.modqueue_sends()) == 1


def two_communities() -> Guidelines:
    shipped = load_guidelines()
    world = shipped.communities["worldnews"]
    europe = replace(world, key="europe", name="Europe News", lemmy=[])
    return replace(shipped, communities={"worldnews": world, "europe": europe})


def europe_case() -> ModQueueItem:
    post = Post("42", "SHOCKING rates", "https://e.example/a", platform="lemmy",
                community="europe", author_id="9", author_name="alice@lemmy.test")  # fmt: skip
    finding = Finding("ragebait", 0.9, "Shock wording.", {"loaded_words": ["shocking"]}, "flag")
    return ModQueueItem(3, post, (finding,), "flag", "review (ragebait)", community="europe",
                        key="lemmy:42:*:notify:abc")  # fmt: skip


async def test_setup_community_changes_which_cases_this_queue_gets(stacks: StackFactory) -> None:
    stack = await stacks(guidelines=two_communities())
    await stack.configure()
    fake = stack.fake
    # following the default community: a europe case arrives without buttons (not ours)
    await stack.core.adapter.notify_mods(europe_case())
    [before] = stack.modqueue_sends()
    assert not before.json.get("components")

    done = await slash(fake, "setup community", [option("community", "europe")], permissions=ADMIN)
    assert is_ephemeral(done)
    assert answer_text(done).startswith("This server now follows community `europe`.")
    assert "Community: `europe`" in answer_text(done)
    assert (await stack.core.guild_config(GUILD_ID)).community == "europe"
    [logged] = [e for e in await stack.modlog() if e.reason.endswith("community = europe")]
    assert (logged.action, logged.community) == ("setting-change", "europe")

    await stack.core.adapter.notify_mods(replace(europe_case(), key="lemmy:42:*:notify:def"))
    after = stack.modqueue_sends()[-1]
    ids = [c["custom_id"] for row in after.json["components"] for c in row["components"]]
    assert ids == ["newsmod:confirm:3", "newsmod:dismiss:3", "newsmod:lock:3"]


async def test_setup_community_offers_the_configured_communities(stacks: StackFactory) -> None:
    stack = await stacks(guidelines=two_communities())
    unknown = await slash(
        stack.fake, "setup community", [option("community", "mars")], permissions=ADMIN
    )
    assert is_ephemeral(unknown)
    assert answer_text(unknown) == "unknown community 'mars' (known: europe, worldnews)"
    assert (await stack.core.guild_config(GUILD_ID)).community == "worldnews"


async def test_setup_community_autocompletes_from_the_configuration(stacks: StackFactory) -> None:
    stack = await stacks(guidelines=two_communities())
    typed = {**option("community", "eu"), "focused": True}
    data = command_data("setup community", [typed])
    payload = interaction_payload(stack.fake.next_id(), 4, data, user_id=4000, permissions=ADMIN)
    call = await press(stack.fake, payload)
    assert call.json["type"] == 8  # autocomplete result
    assert call.json["data"]["choices"] == [{"name": "Europe News (europe)", "value": "europe"}]


def queue_message_of(stack: Stack, case: int) -> int:
    """The id of the mod-queue message whose buttons act on ``case``."""
    for mid, data in stack.fake.messages.items():
        ids = [c["custom_id"] for row in data["components"] for c in row["components"]]
        if data["channel_id"] == str(MODQUEUE_ID) and f"newsmod:dismiss:{case}" in ids:
            return mid
    raise AssertionError(f"no mod-queue message for case {case}")


def queue_edits(stack: Stack, message_id: int) -> list[dict[str, Any]]:
    calls = stack.fake.find("PATCH", rf"/channels/{MODQUEUE_ID}/messages/{message_id}")
    return [c.json for c in calls]


def decision_and_buttons(edit: dict[str, Any]) -> tuple[str, list[bool]]:
    [decision] = [f["value"] for f in edit["embeds"][0]["fields"] if f["name"] == "Decision"]
    buttons = [bool(c.get("disabled")) for row in edit["components"] for c in row["components"]]
    return decision, buttons


async def test_slash_decisions_show_on_the_mod_queue_message(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    await flag_posts(stack, 2)
    fake = stack.fake
    first, second = queue_message_of(stack, 1), queue_message_of(stack, 2)

    denied = await slash(fake, "approve", [option("case", 1)], permissions=PLAIN)
    assert is_ephemeral(denied)
    await stack.bot.inflight.idle()
    assert queue_edits(stack, first) == []  # a refused command changes nothing

    await slash(fake, "approve", [option("case", 1)])
    reason = "shock @everyone <@&77> **wording**"
    await slash(
        fake, "remove", [option("case", 2), option("rule", "ragebait"), option("reason", reason)]
    )
    await stack.bot.inflight.idle()  # the queue is updated after the answer
    [approved] = queue_edits(stack, first)
    assert decision_and_buttons(approved) == ("Approved by user4000", [True, True, True])
    [removed] = queue_edits(stack, second)
    text, buttons = decision_and_buttons(removed)
    assert text.startswith("Removed by user4000: ragebait — shock")
    for raw in ("@everyone", "<@&77>", "**wording**"):  # no ping, no markdown
        assert raw not in text
    assert buttons == [True, True, True, False]  # Restore undoes the removal
    assert approved["allowed_mentions"] == removed["allowed_mentions"] == {"parse": []}
