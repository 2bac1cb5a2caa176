"""End to end with the real pipeline: a crash between comment and remove repeats neither."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlite_utils import Database

from bot.guidelines import Guidelines
from bot.lemmy.base import LemmyBaseClient
from bot.models import Article, CheckResult, Finding, Post
from bot.pipeline.adapter import ModQueueItem
from bot.pipeline.pipeline import Pipeline
from bot.platforms.lemmy import LemmyAdapter, connect
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter
from tests.fakes import NullFetcher
from tests.lemmy.conftest import Instance
from tests.lemmy.helpers import make_guidelines


class Crash(BaseException):
    """The process dies: nothing after this point runs (not an ordinary adapter error)."""


class CrashAfterComment:
    """The real adapter, but the process dies right after Lemmy accepted the comment."""

    def __init__(self, inner: LemmyAdapter) -> None:
        self.inner = inner
        self.platform = inner.platform

    async def notify_mods(self, item: ModQueueItem) -> None:
        await self.inner.notify_mods(item)

    async def comment(self, post: Post, text: str, key: str) -> None:
        await self.inner.comment(post, text, key)
        raise Crash

    async def remove(self, post: Post, reason: str, key: str) -> None:
        await self.inner.remove(post, reason, key)

    async def lock(self, post: Post, reason: str, key: str) -> None:
        await self.inner.lock(post, reason, key)

    async def restore(self, post: Post, reason: str, key: str) -> None:
        await self.inner.restore(post, reason, key)


async def checker(post: Post, fetcher: object, guidelines: Guidelines) -> CheckResult:
    findings = [
        Finding("editorialized-title", 0.9, "The article's headline differs.", {}, "comment"),
        Finding("ragebait", 0.95, "Sensational wording.", {"words": ["SHOCK"]}, "remove"),
    ]
    article = Article(status="fetched", url=post.url or "", headline="Minister resigns")
    return CheckResult(post.id, "remove", article, findings, post.community, "v1")


async def test_crash_between_comment_and_remove(
    lemmy: Instance, client: LemmyBaseClient, db: Database, writer: DbWriter
) -> None:
    guidelines = make_guidelines(mode="live")
    conn = await connect(client, guidelines)
    adapter = LemmyAdapter(client, conn.me, guidelines)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "SHOCK: minister out")
    post = Post(str(rec.id), rec.name, "https://e.com/a", platform="lemmy", community="worldnews")

    def pipeline(adapter: Any) -> Pipeline:
        return Pipeline(db, writer, NullFetcher(), guidelines, {"lemmy": adapter},
                        modlog=Modlog(db), checker=checker)  # fmt: skip

    first = pipeline(CrashAfterComment(adapter))
    assert await first.submit(post)
    with pytest.raises(Crash):
        await first.run_once()
    assert len(lemmy.fake.state.comments) == 1
    assert not rec.removed

    restarted = pipeline(adapter)  # a new process on the same database
    await restarted.run_until_empty()
    await restarted.run_until_empty()
    (comment,) = lemmy.fake.state.comments.values()  # not repeated
    assert comment.distinguished
    assert rec.removed
    assert [e.kind for e in lemmy.fake.state.modlog] == ["remove_post"]  # not repeated
    (entry,) = lemmy.fake.state.modlog
    assert entry.reason == "Rule 4 (No ragebait): Sensational wording."
    assert not lemmy.fake.state.reports  # removed by the bot: the modlog says why, no report
    # an edit of the same post later is a new version: the pipeline decides again
    assert not await restarted.submit(replace(post))
