"""Hostile titles never ping and are shown escaped, in embeds, comments and command answers."""

from __future__ import annotations

from typing import Any

import pytest

from cogs.render import escape, word_diff
from tests.discord.fake_discord import Call
from tests.discord.interactions import option, slash
from tests.discord.stack import StackFactory

HOSTILE = "SHOCKING @everyone <@&123456789012345678> <@1100> **bold** [x](http://evil) @here"


def allowed_mentions(call: Call) -> Any:
    body = call.json or {}
    if "data" in body and "type" in body:  # an interaction callback
        body = body["data"] or {}
    return body.get("allowed_mentions")


def assert_no_pings(calls: list[Call]) -> None:
    assert calls, "nothing was sent"
    for call in calls:
        assert allowed_mentions(call) == {"parse": []}, (call.method, call.path, call.json)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("@everyone now", "@\u200beveryone now"),
        ("@here", "@\u200bhere"),
        ("<@&123> role", "<@&\u200b123> role"),
        ("<@!42>", "<@!\u200b42>"),
        ("**bold**", "\\*\\*bold\\*\\*"),
        ("[x](http://evil)", "\\[x](http://evil)"),
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("`code`", "\\`code\\`"),
        ("under_score", "under\\_score"),
    ],
)
def test_escape(raw: str, shown: str) -> None:
    assert escape(raw) == shown


def test_word_diff_marks_removed_and_added_words() -> None:
    diff = word_diff("Bank HIKES rates", "Bank raises rates")
    assert diff == "Bank ~~raises~~ **HIKES** rates"
    assert word_diff("a **b**", "a") == "a **\\*\\*b\\*\\***"


async def test_hostile_title_never_pings_and_renders_escaped(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure(mode="live")
    await stack.forum_post(HOSTILE + " paywalled", "https://news.example/rates")
    await stack.core.pipeline.run_until_empty()

    sends = stack.fake.sends()
    assert_no_pings(sends)
    [queue] = stack.modqueue_sends()
    title = queue.json["embeds"][0]["title"]
    assert "@\u200beveryone" in title
    assert "@\u200bhere" in title
    assert "<@&123456789012345678>" not in title
    assert "<@1100>" not in title
    assert "@everyone" not in title
    assert "\\*\\*bold\\*\\*" in title
    assert "\\[x](http://evil)" in title
    # the comment (paywall rule, live mode) replies in the thread without pings either
    comments = [c for c in sends if c.json.get("message_reference")]
    assert len(comments) == 1
    assert "paywall" in comments[0].json["content"].lower()


async def test_command_answers_never_ping(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure()
    await stack.forum_post(HOSTILE, "https://news.example/rates")
    await stack.core.pipeline.run_until_empty()
    case = await slash(stack.fake, "case", [option("number", 1)])
    note = await slash(stack.fake, "note", [option("case", 1), option("text", "@everyone hi")])
    log = await slash(stack.fake, "modlog")
    check = await slash(stack.fake, "check", [option("url", "https://x.example/a"),
                                             option("title", HOSTILE)])  # fmt: skip
    assert_no_pings([case, note, log])
    assert "@\u200beveryone" in case.json["data"]["embeds"][0]["title"]
    followups = await stack.fake.wait_for_call(
        lambda c: c.method == "POST" and c.path.startswith("/webhooks/")
    )
    assert check.json["type"] == 5  # deferred, answered by a followup
    assert_no_pings(followups)
    assert "@\u200beveryone" in followups[-1].json["embeds"][0]["title"]
