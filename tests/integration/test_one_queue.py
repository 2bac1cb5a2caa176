"""One process, one mod queue: a Lemmy post that breaks a rule is reported on Lemmy and shown in
the Discord mod queue, whose buttons act on Lemmy for moderators only (fake Lemmy v3 and v4)."""

from __future__ import annotations

from typing import Any

from bot.lemmy.text import rule_label
from cogs.checks import NOT_MODERATOR
from cogs.core import GuildChange
from tests.discord.fake_discord import GUILD_ID, MOD_ROLE_ID, press
from tests.discord.interactions import (
    PLAIN,
    answer_text,
    click,
    is_ephemeral,
    option,
    slash,
    submit_modal,
)
from tests.discord.payloads import interaction_payload
from tests.discord.stack import ADMIN, eventually
from tests.integration.stack import Both
from tests.lemmy.fake.state import PostRec

SHOCKING = "SHOCKING: minister resigns"


async def flagged(both: Both, title: str = SHOCKING) -> tuple[PostRec, dict[str, Any]]:
    """A Lemmy post the checker flags, and the mod-queue message the bot posted for it."""
    lemmy = both.lemmy
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, title, url="https://e.example/a")
    [message] = await both.modqueue_messages()

    async def logged() -> bool:  # the flag is logged once the adapter has returned
        return bool(await both.modlog(action="flag"))

    await eventually(logged)
    return rec, message


def buttons(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


async def test_a_lemmy_flag_is_reported_on_lemmy_and_queued_on_discord(both: Both) -> None:
    rec, message = await flagged(both)

    [report] = both.lemmy.fake.state.reports.values()
    assert report.post_id == rec.id
    assert report.creator_id == both.lemmy.bot.id
    community = both.core.guidelines.community("worldnews")
    assert report.reason.startswith(f"{rule_label('ragebait', community)}: The title uses shock")

    [embed] = message["embeds"]
    post_url = f"{both.lemmy.url}/post/{rec.id}"
    assert embed["title"] == "SHOCKING: minister resigns"
    assert embed["url"] == post_url
    assert embed["description"].startswith(f"Lemmy post: <{post_url}>\nLink: <https://e.example/a>")
    assert "Author: alice@lemmy.test" in embed["description"]
    assert embed["footer"]["text"].startswith("Case #1 · Lemmy · worldnews · ref ")
    assert any(f["name"].startswith("ragebait") for f in embed["fields"])
    assert buttons(message) == ["newsmod:confirm:1", "newsmod:dismiss:1", "newsmod:lock:1"]
    [send] = both.discord.find("POST", r"/channels/\d+/messages")
    assert send.json["allowed_mentions"] == {"parse": []}  # no pings, as for Discord posts

    await both.import_round()
    [entry] = await both.modlog(action="flag")  # the bot's flag, once, in the one case log
    assert entry.post is not None
    assert (entry.post.platform, entry.post.id, entry.case_number) == ("lemmy", str(rec.id), 1)


async def test_confirm_and_remove_removes_the_lemmy_post_once(both: Both) -> None:
    rec, message = await flagged(both)

    modal = await click(both.discord, "newsmod:confirm:1", message)
    assert modal.json["type"] == 9  # asks for the rule and the reason
    values = {"rule": ["ragebait"], "reason": "Shock wording, not the story"}
    done = await submit_modal(both.discord, "newsmod:remove:1", values, message)
    assert done.json["type"] == 6  # deferred; then the mod-queue message says who decided
    [decision] = [f for f in done.json["data"]["embeds"][0]["fields"] if f["name"] == "Decision"]
    assert decision["value"].startswith("Removed by user4000: ragebait")

    assert rec.removed
    [removal] = both.lemmy_calls("POST", "/post/remove")
    community = both.core.guidelines.community("worldnews")
    reason = f"{rule_label('ragebait', community)}: Shock wording, not the story"
    assert (removal.form["post_id"], removal.form["removed"]) == (rec.id, True)
    assert removal.form["reason"] == reason
    assert both.lemmy.fake.state.modlog[-1].reason == reason
    assert all(r.resolved for r in both.lemmy.fake.state.reports.values())

    await both.import_round()  # Lemmy's modlog now lists the removal: it is not imported again
    removals = await both.modlog(action="remove")
    assert [(e.actor.kind, e.actor.name, e.case_number) for e in removals] == [
        ("moderator", "user4000", 1)
    ]
    assert removals[0].rules == ("ragebait",)
    assert removals[0].reason == "Shock wording, not the story"


async def test_lock_button_locks_the_lemmy_post(both: Both) -> None:
    rec, message = await flagged(both)
    call = await click(both.discord, "newsmod:lock:1", message)
    assert call.json["type"] == 6
    assert rec.locked
    assert not rec.removed
    [lock] = both.lemmy_calls("POST", "/post/lock")
    assert lock.form["locked"] is True
    assert [e.action for e in await both.modlog(action="lock")] == ["lock"]


async def test_slash_remove_acts_on_a_lemmy_case(both: Both) -> None:
    rec, _ = await flagged(both)
    options = [option("case", 1), option("rule", "ragebait"), option("reason", "Shock story")]
    refused = await slash(both.discord, "remove", options, permissions=PLAIN)
    assert answer_text(refused) == NOT_MODERATOR
    assert not rec.removed

    call = await slash(both.discord, "remove", options)
    assert is_ephemeral(call)
    assert answer_text(call) == "Case #1 removed (ragebait): Shock story"
    assert rec.removed
    [removal] = both.lemmy_calls("POST", "/post/remove")
    assert removal.form["reason"].endswith(": Shock story")


async def test_the_discord_mod_role_may_act_on_a_lemmy_case(both: Both) -> None:
    await both.core.update_guild(GUILD_ID, GuildChange(modrole=MOD_ROLE_ID), ADMIN)
    rec, message = await flagged(both)
    data = {"custom_id": "newsmod:lock:1", "component_type": 2}
    payload = interaction_payload(
        both.discord.next_id(), 3, data, user_id=4100, permissions=PLAIN, roles=[MOD_ROLE_ID],
        channel_id=int(message["channel_id"]), message=message,
    )  # fmt: skip
    call = await press(both.discord, payload)  # no Manage Messages: the role alone suffices
    assert call.json["type"] == 6
    assert rec.locked
    [entry] = await both.modlog(action="lock")
    assert (entry.actor.name, entry.actor.kind) == ("user4100", "moderator")


async def test_a_plain_member_cannot_act_on_a_lemmy_case(both: Both) -> None:
    rec, message = await flagged(both)
    before = await both.modlog()
    for kind in ("confirm", "dismiss", "lock"):
        call = await click(both.discord, f"newsmod:{kind}:1", message, permissions=PLAIN)
        assert is_ephemeral(call)
        assert answer_text(call) == NOT_MODERATOR
    assert not rec.removed
    assert not rec.locked
    assert both.lemmy_calls("POST", "/post/remove") == []
    assert both.lemmy_calls("POST", "/post/lock") == []
    assert await both.modlog() == before


async def test_a_fixed_lemmy_post_is_not_queued_again(both: Both) -> None:
    rec, _ = await flagged(both)
    rec.name, rec.updated = "Minister resigns", both.lemmy.clock() + 1  # the poster fixes it
    await eventually(lambda: _resolved(both))
    await both.import_round()
    [message] = await both.modqueue_messages()
    [report] = both.lemmy.fake.state.reports.values()
    # the fix reaches both platforms: the bot's report is resolved, the embed says so
    assert (report.resolved, report.resolver_id) == (True, both.lemmy.bot.id)
    [resolve] = both.lemmy_calls("PUT", "/post/report/resolve")
    assert resolve.form == {"report_id": report.id, "resolved": True}
    [edit] = both.discord.find("PATCH", rf"/channels/\d+/messages/{message['id']}")
    fields = {f["name"]: f["value"] for f in edit.json["embeds"][0]["fields"]}
    assert fields["Fixed by the poster"] == "`ragebait`\nNothing left to decide."
    assert all(c["disabled"] for row in edit.json["components"] for c in row["components"])


async def test_restore_button_restores_a_lemmy_post_for_moderators_only(both: Both) -> None:
    rec, message = await flagged(both)
    await click(both.discord, "newsmod:confirm:1", message)
    values = {"rule": ["ragebait"], "reason": "Shock wording"}
    done = await submit_modal(both.discord, "newsmod:remove:1", values, message)
    assert rec.removed
    data = done.json["data"]
    message = {**message, "embeds": data["embeds"], "components": data["components"]}
    assert buttons(message)[-1] == "newsmod:restore:1"

    refused = await click(both.discord, "newsmod:restore:1", message, permissions=PLAIN)
    assert answer_text(refused) == NOT_MODERATOR
    assert rec.removed

    call = await click(both.discord, "newsmod:restore:1", message)
    assert call.json["type"] == 6
    assert not rec.removed
    restore = both.lemmy_calls("POST", "/post/remove")[-1]
    assert (restore.form["post_id"], restore.form["removed"]) == (rec.id, False)
    [entry] = await both.modlog(action="restore")
    assert (entry.actor.name, entry.case_number) == ("user4000", 1)


async def _resolved(both: Both) -> bool:
    return bool(await both.modlog(action="resolve"))
