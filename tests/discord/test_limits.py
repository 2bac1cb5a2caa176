"""Embeds within Discord's limits on every path, the 6,000-character total too (issue 20,
point 3): the fake server answers 50035 to anything over, as Discord does."""

from __future__ import annotations

import discord

from bot.guidelines import Guidelines
from bot.models import CheckResult, Finding, Post
from bot.platforms.discord_limits import TOTAL_MAX, fit_embed, size
from tests.discord.fake_discord import MODQUEUE_ID
from tests.discord.fake_limits import embed_size, message_errors
from tests.discord.interactions import click, submit_modal
from tests.discord.stack import StackFactory, title_checker
from tests.discord.test_modqueue import buttons_disabled, decision_field
from tests.discord.test_threads import queue_message, thread_state

LONG_URL = "https://news.example/" + "a" * (2000 - len("https://news.example/"))


async def url_checker(post: Post, fetcher: object, guidelines: Guidelines) -> CheckResult:
    """The title checker's findings, plus three whose evidence repeats the post's URL (as the
    source rules' evidence does: the original source, the canonical URL, archive links)."""
    result = await title_checker(post, fetcher, guidelines)
    url = post.url or ""
    rules = guidelines.community(post.community).rules
    for rule, evidence in (
        ("not-original-source", {"original_source": url, "canonical_url": url + "?amp"}),
        ("blogspam", {"source": url, "signals": ["copied " + url]}),
        ("social-media-source", {"domain": url, "canonical_url": url}),
    ):
        finding = Finding(rule, 0.8, f"{rule} evidence", evidence)
        finding.action = "flag"
        result.findings.append(finding)
    assert all(f.rule in rules for f in result.findings)
    return result


async def test_a_2000_character_url_is_flagged_removed_and_shown(stacks: StackFactory) -> None:
    stack = await stacks(checker=url_checker)
    await stack.configure()
    assert len(LONG_URL) == 2000
    post_id = await stack.forum_post("SHOCKING paywalled!! rates", LONG_URL)
    await stack.core.pipeline.run_until_empty()
    [sent] = stack.modqueue_sends()  # accepted at the first attempt
    assert message_errors(sent.json) == {}
    assert embed_size(sent.json["embeds"][0]) <= TOTAL_MAX
    [message] = [m for m in stack.fake.messages.values() if m["channel_id"] == str(MODQUEUE_ID)]
    assert LONG_URL in message["embeds"][0]["description"]  # the link itself is kept whole

    await click(stack.fake, "newsmod:confirm:1", message)
    reason = "Shock wording and an editorialised title. " * 12  # 500 characters
    values = {"rule": ["ragebait"], "reason": reason[:500]}
    done = await submit_modal(stack.fake, "newsmod:remove:1", values, message)
    assert decision_field(done.json).startswith("Removed by user4000: ragebait — Shock wording")
    assert thread_state(stack, post_id) == {"locked": True, "archived": True}
    last = (await stack.modlog())[0]
    assert (last.action, last.reason) == ("remove", reason[:500].strip())
    shown = queue_message(stack, message)
    assert embed_size(shown["embeds"][0]) <= TOTAL_MAX
    assert buttons_disabled({"data": shown}) == [True, True, True, False]


def test_fit_embed_keeps_every_limit_and_the_decision() -> None:
    embed = discord.Embed(
        title="t" * 300, description="d" * 5000, url="https://x.example/" + "u" * 3000
    )
    for n in range(30):
        embed.add_field(name=f"n{n}" * 100, value="v" * 2000, inline=False)
    embed.add_field(name="Decision", value="Removed by Ann: " + "r" * 300, inline=False)
    embed.set_footer(text="Case #1 · ref 0123456789ab")
    fitted = fit_embed(embed)
    data = fitted.to_dict()
    assert message_errors({"embeds": [data]}) == {}
    assert size(fitted) <= TOTAL_MAX
    assert fitted.url is None  # over 2,048 characters: dropped rather than refused
    assert fitted.footer.text == "Case #1 · ref 0123456789ab"
    decision = [f.value for f in fitted.fields if f.name == "Decision"]
    assert decision == ["Removed by Ann: " + "r" * 300]  # the decision is never cut
    assert fit_embed(fitted).to_dict() == data  # fitting twice changes nothing


def test_an_embed_that_fits_is_unchanged() -> None:
    embed = discord.Embed(title="Title", description="Link: <https://x.example/a>")
    embed.add_field(name="ragebait · flag · 90%", value="The title uses shock wording.")
    assert fit_embed(embed).to_dict() == embed.to_dict()
