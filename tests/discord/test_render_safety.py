"""Hostile titles never ping and are shown escaped, in embeds, comments and command answers."""

from __future__ import annotations

from typing import Any

import pytest

from bot.evidence import parse_diff
from bot.models import Finding
from cogs.render import diff_markdown, escape, finding_field
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
    diff = diff_markdown(parse_diff("Bank [-raises-] {+HIKES+} rates"))
    assert diff == "Bank ~~raises~~ **HIKES** rates"
    assert diff_markdown(parse_diff("a {+**b**+}")) == "a **\\*\\*b\\*\\***"
    assert diff_markdown(parse_diff("[-~~x~~ @everyone-]")) == "~~\\~\\~x\\~\\~ @\u200beveryone~~"


def test_finding_field_shows_evidence_for_people() -> None:
    finding = Finding(
        "editorialized-title",
        0.91,
        "Title differs from the article's headline",
        {
            "original": "Bank raises rates",
            "diff": "Bank [-raises-] {+HIKES+} rates",
            "added": ["HIKES"],
            "removed": ["raises"],
            "loaded_added": ["hikes", "slams"],
            "negation_or_hedge": [],
            "similarity": 0.666666,
            "source": "og:title",
        },
        action="flag",
    )
    name, value = finding_field(finding)
    assert name == "editorialized-title · flag · 91%"
    assert "**Changes**: Bank ~~raises~~ **HIKES** rates" in value
    assert "**Loaded words added**: hikes, slams" in value
    assert "**Similarity to the headline**: 67%" in value
    for raw in ("loaded_added", "negation_or_hedge", "[-", "{+", '["', "0.666"):
        assert raw not in value


def test_finding_field_keeps_whole_lines_within_discords_limit() -> None:
    finding = Finding(
        "ragebait", 0.9, "m", {"patterns": ["x" * 200] * 4, "matched": ["y" * 200] * 4}
    )
    _, value = finding_field(finding)
    assert len(value) <= 1024
    assert value.count("\n") == 1  # the second line did not fit and was left out, not cut


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


def test_a_duplicates_earlier_posts_are_one_line_each() -> None:
    from tests.dupes.stories import duplicate_finding

    _, value = finding_field(duplicate_finding())
    assert (
        "**Already posted**: the same article\n**Earlier posts**:\n"
        "• case 3 · lemmy post first · 2 h earlier · still up — same article URL\n"
        "• lemmy post tv-1 · 3 h earlier · still up — same story on tv-example.org, 91% alike, "
        "names in common: assange, belmarsh, eva-marie, julian, persson: “Julian Assange: "
        "Swedish prosecutors drop rape investigation”"
    ) in value
    assert "post_id" not in value
    assert "Post id" not in value


def test_an_earlier_post_links_its_page_and_its_title_stays_escaped() -> None:
    from dataclasses import replace

    from tests.dupes.stories import duplicate_finding

    found = duplicate_finding({"first": "https://lemmy.example/post/41",
                               "tv-1": "https://discord.com/channels/1/2/3"})  # fmt: skip
    first, story = found.evidence["earlier"]
    title = "[x](http://evil) @everyone <@&1> <@1100> **bold** @here"  # a title is kept whole
    earlier = [first, {**story, "title": title}]
    hostile = replace(found, evidence={**found.evidence, "earlier": earlier})
    _, value = finding_field(hostile)
    assert (
        "• case 3 · lemmy post first · 2 h earlier · still up — same article URL · "
        "<https://lemmy.example/post/41>\n"
    ) in value
    last = value.splitlines()[-1]
    assert last.endswith("” · <https://discord.com/channels/1/2/3>")
    assert f"“{escape(title)}”" in last
    for raw in ("@everyone", "@here", "<@&1", "<@1100>", "**bold**", "“[x]("):
        assert raw not in last
    # one earlier post: the same line after the label
    _, value = finding_field(replace(found, evidence={"earlier": [first]}))
    assert value.endswith("same article URL · <https://lemmy.example/post/41>")
