"""A bot wired to the real pipeline, modlog and settings, plus helpers to drive it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.guidelines import Guidelines
from bot.models import Article, CheckResult, Finding, Page, Post
from bot.platforms.discord import NewsBot
from bot.store.entries import Actor, Entry
from bot.store.query import ModlogFilter
from bot.store.writer import DbWriter
from cogs.core import GuildChange
from cogs.services import DiscordCore
from tests.discord.fake_discord import (
    FORUM_ID,
    GUILD_ID,
    MODQUEUE_ID,
    TEXT_ID,
    FakeDiscord,
    member_payload,
    user_payload,
)

ORIGINAL_HEADLINE = "Central bank raises interest rates by a quarter point"
ADMIN = Actor("1", "admin")


class NoFetch:
    """The title checker below reads nothing; a real fetch would be a test bug."""

    async def fetch(self, url: str) -> Page:
        raise AssertionError(f"unexpected fetch of {url}")


async def title_checker(post: Post, _fetcher: Any, guidelines: Guidelines) -> CheckResult:
    """A deterministic checker keyed on title words ("shocking" is ragebait, "!!" editorialises
    the headline, "paywalled" wants a comment, "tabloid" a removal); the policy is the config's."""
    findings: list[Finding] = []
    if "shocking" in post.title.lower():
        findings.append(
            Finding("ragebait", 0.9, "The title uses shock wording.", {"patterns": ["shocking"]})
        )
    if "!!" in post.title:
        diff = "[-Central bank raises interest-] {+SHOCKING!!+} rates [-by a quarter point-]"
        evidence = {"original": ORIGINAL_HEADLINE, "similarity": 0.41, "diff": diff}
        findings.append(
            Finding("editorialized-title", 0.85, "The title is not the headline.", evidence)
        )
    if "paywalled" in post.title.lower():
        archive = "https://archive.today/newest/" + (post.url or "")
        evidence = {
            "signals": ["json-ld:isAccessibleForFree=false"],
            "suggested_archive_links": [archive],
        }
        findings.append(Finding("paywall-no-archive", 0.9, "The article is paywalled.", evidence))
    if "tabloid" in post.title.lower():
        evidence = {"domain": "dailymail.co.uk", "list": "tabloid"}
        findings.append(Finding("tabloid-source", 0.95, "A tabloid source.", evidence))
    rules = guidelines.community(post.community).rules
    for finding in findings:
        finding.action = rules[finding.rule].action  # the shipped config's policy
    decision = "allow"
    if findings:
        decision = "remove" if any(f.action == "remove" for f in findings) else "flag"
    article = Article(
        status="fetched",
        url=post.url or "",
        final_url=post.url,
        headline=ORIGINAL_HEADLINE,
        site_name="Example News",
    )
    return CheckResult(
        post.id,
        decision,
        article,
        findings,
        community=post.community,
        config_version=guidelines.version,
    )


async def eventually(condition: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    """Poll ``condition`` until it holds, failing after ``timeout`` (never a bare sleep)."""
    async with asyncio.timeout(timeout):
        while not await condition():
            await asyncio.sleep(0.01)


@dataclass
class Stack:
    fake: FakeDiscord
    bot: NewsBot
    core: DiscordCore
    writer: DbWriter
    starter: Any

    async def configure(self, *, mode: str = "dry-run", modrole: int | None = None) -> None:
        changes = [
            GuildChange(watch=FORUM_ID),
            GuildChange(watch=TEXT_ID),
            GuildChange(modqueue=MODQUEUE_ID),
        ]
        if modrole is not None:
            changes.append(GuildChange(modrole=modrole))
        for change in changes:
            await self.core.update_guild(GUILD_ID, change, ADMIN)
        if mode != "dry-run":
            await self.core.update_guild(GUILD_ID, GuildChange(mode="live"), ADMIN)

    async def modlog(self) -> list[Entry]:
        return await self.core.query_modlog(ModlogFilter(limit=1000))

    async def stop(self) -> None:
        await self.bot.close()

    async def queued(self, post_id: str) -> bool:
        def count() -> int:
            row = self.core.db.execute(
                "SELECT count(*) FROM posts WHERE post_id = ?", [post_id]
            ).fetchone()
            return int(row[0])

        return await self.writer.run(count) > 0

    async def pending(self) -> int:
        def count() -> int:
            row = self.core.db.execute(
                "SELECT count(*) FROM posts WHERE status = 'pending'"
            ).fetchone()
            return int(row[0])

        return await self.writer.run(count)

    async def forum_post(self, title: str, body: str, *, author_id: int = 3000) -> str:
        """A new forum thread whose starter message is already stored (fetched by the bot)."""
        fake = self.fake
        thread_id = fake.next_id()
        author = user_payload(author_id, f"poster{author_id}")
        fake.messages[thread_id] = fake.message_payload(
            thread_id, body, message_id=thread_id, author=author
        )
        thread = fake.thread_payload(thread_id, title, author_id)
        thread["newly_created"] = True
        await fake.dispatch("THREAD_CREATE", thread)
        post_id = f"{GUILD_ID}:{thread_id}:{thread_id}"
        await eventually(lambda: self.queued(post_id))
        return post_id

    async def text_post(self, content: str, *, author_id: int = 3001) -> tuple[str, int]:
        fake = self.fake
        author = user_payload(author_id, f"poster{author_id}")
        message = fake.message_payload(TEXT_ID, content, author=author)
        message["member"] = member_payload(author_id, f"poster{author_id}")
        await fake.dispatch("MESSAGE_CREATE", message)
        post_id = f"{GUILD_ID}:{TEXT_ID}:{message['id']}"
        await eventually(lambda: self.queued(post_id))
        return post_id, int(message["id"])

    def modqueue_sends(self) -> list[Any]:
        return self.fake.find("POST", rf"/channels/{MODQUEUE_ID}/messages")


StackFactory = Callable[..., Awaitable[Stack]]
