"""What a moderator has open keeps working when the bot restarts in between (issue 20,
point 6): the removal modal and the /modlog pager."""

from __future__ import annotations

from typing import Any

from tests.discord.fake_discord import MODQUEUE_ID
from tests.discord.interactions import answer_text, click, is_ephemeral, option, slash, submit_modal
from tests.discord.stack import StackFactory
from tests.discord.test_commands import flag_posts
from tests.discord.test_modqueue import decision_field, flagged
from tests.discord.test_threads import thread_state


async def test_a_removal_modal_opened_before_a_restart_is_applied_after_it(
    stacks: StackFactory,
) -> None:
    first = await stacks()
    await first.configure()
    post_id, message = await flagged(first)
    modal = await click(first.fake, "newsmod:confirm:1", message)
    assert modal.json["type"] == 9
    await first.stop()  # the moderator is still typing the reason

    second = await stacks()
    values = {"rule": ["ragebait"], "reason": "Shock wording"}
    done = await submit_modal(second.fake, "newsmod:remove:1", values, message)
    assert decision_field(done.json) == "Removed by user4000: ragebait — Shock wording"
    assert thread_state(second, post_id) == {"locked": True, "archived": True}
    last = (await second.modlog())[0]
    assert (last.action, last.rules, last.reason) == ("remove", ("ragebait",), "Shock wording")


def buttons(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["label"]: c for row in data["components"] for c in row["components"]}


def page_of(data: dict[str, Any]) -> tuple[str, list[str]]:
    embed = data["embeds"][0]
    cases = [line.split("**")[0].split()[-1] for line in embed["description"].splitlines()]
    return embed["footer"]["text"], cases


async def test_the_modlog_pager_pages_after_a_restart(stacks: StackFactory) -> None:
    first = await stacks()
    await first.configure()
    await flag_posts(first, 5)
    fake = first.fake
    shown = await slash(fake, "modlog", [option("action", "flag"), option("limit", 2)])
    data = shown.json["data"]
    assert page_of(data) == ("Page 1", ["#5", "#4"])
    await first.stop()

    second = await stacks()
    message = fake.message_payload(MODQUEUE_ID, "", extra={"components": data["components"],
                                                            "flags": 64})  # fmt: skip
    older = await click(fake, buttons(data)["Older"]["custom_id"], message)
    page2 = older.json["data"]
    assert page_of(page2) == ("Page 2", ["#3", "#2"])
    message["components"] = page2["components"]
    oldest = await click(fake, buttons(page2)["Older"]["custom_id"], message)
    page3 = oldest.json["data"]
    assert page_of(page3) == ("Page 3", ["#1"])
    assert buttons(page3)["Older"]["disabled"] is True
    message["components"] = page3["components"]
    back = await click(fake, buttons(page3)["Newer"]["custom_id"], message)
    assert page_of(back.json["data"]) == ("Page 2", ["#3", "#2"])

    other = await click(fake, buttons(page2)["Older"]["custom_id"], message, user_id=4242)
    assert is_ephemeral(other)
    assert answer_text(other) == "Only the moderator who ran /modlog can page it."
    assert second.bot.is_ready()
