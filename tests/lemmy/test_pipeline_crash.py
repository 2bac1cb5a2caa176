"""End to end with the real pipeline: a crash after Lemmy applied an action repeats nothing.

The fake server does not deduplicate anything (a second comment, removal or report request is
applied or refused like on Lemmy): the calls that reached it are counted, so these tests prove
that the adapter checks at Lemmy what it already did before sending anything again.
"""

from __future__ import annotations

import logging
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


class CrashAfter:
    """The real adapter, but the process dies right after Lemmy accepted ``method``."""

    def __init__(self, inner: LemmyAdapter, method: str = "comment") -> None:
        self.inner = inner
        self.method = method
        self.platform = inner.platform

    def _crash(self, method: str) -> None:
        if method == self.method:
            raise Crash

    async def notify_mods(self, item: ModQueueItem) -> None:
        await self.inner.notify_mods(item)
        self._crash("notify_mods")

    async def comment(self, post: Post, text: str, key: str) -> None:
        await self.inner.comment(post, text, key)
        self._crash("comment")

    async def remove(self, post: Post, reason: str, key: str) -> None:
        await self.inner.remove(post, reason, key)
        self._crash("remove")

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

    first = pipeline(CrashAfter(adapter, "comment"))
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
    assert sent(lemmy, "/comment") == 1  # counted at the server, which does not deduplicate
    assert sent(lemmy, "/comment/distinguish") == 1
    assert sent(lemmy, "/post/remove") == 1
    # an edit of the same post later is a new version: the pipeline decides again
    assert not await restarted.submit(replace(post))


def sent(lemmy: Instance, path: str) -> int:
    """POST requests to ``path`` that reached the fake server (whatever it answered)."""
    return sum(1 for e in lemmy.fake.exchanges if e.method == "POST" and e.path == path)


@pytest.mark.parametrize("mode", ["live", "dry-run"])
async def test_crash_after_each_action_sends_nothing_twice(
    lemmy: Instance, client: LemmyBaseClient, db: Database, writer: DbWriter, mode: str
) -> None:
    """Live: comment, remove (with a lock), then a crash after the removal; dry-run: a report,
    then a crash after it. The restarted process checks at Lemmy and sends nothing again."""
    guidelines = make_guidelines(mode=mode)
    conn = await connect(client, guidelines)
    adapter = LemmyAdapter(client, conn.me, guidelines, lock_removed=True)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "SHOCK: minister out")
    post = Post(str(rec.id), rec.name, "https://e.com/a", platform="lemmy", community="worldnews")

    def pipeline(adapter: Any) -> Pipeline:
        return Pipeline(db, writer, NullFetcher(), guidelines, {"lemmy": adapter},
                        modlog=Modlog(db), checker=checker)  # fmt: skip

    first = pipeline(CrashAfter(adapter, "remove" if mode == "live" else "notify_mods"))
    assert await first.submit(post)
    with pytest.raises(Crash):
        await first.run_once()
    before = {path: sent(lemmy, path) for path in PATHS}
    restarted = pipeline(LemmyAdapter(client, conn.me, guidelines, lock_removed=True))
    await restarted.run_until_empty()
    await restarted.run_until_empty()
    after = {path: sent(lemmy, path) for path in PATHS}
    assert after == before  # nothing was sent again
    if mode == "live":
        assert before == {"/comment": 1, "/comment/distinguish": 1, "/post/remove": 1,
                          "/post/lock": 1, "/post/report": 0}  # fmt: skip
        assert (rec.removed, rec.locked) == (True, True)
    else:
        assert before["/post/report"] == 1
        assert len(lemmy.fake.state.reports) == 1
    assert not restarted.actions.pending()  # every action finished, none left to retry


PATHS = ("/comment", "/comment/distinguish", "/post/remove", "/post/lock", "/post/report")


async def test_not_higher_mod_is_given_up_once_and_the_mods_are_told(
    lemmy: Instance,
    client: LemmyBaseClient,
    db: Database,
    writer: DbWriter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A post by a moderator senior to the bot: Lemmy refuses the removal (0.19.6+ and 1.0).
    The pipeline gives the action up at once, the post is reported instead, nothing loops."""
    guidelines = make_guidelines(mode="live")
    conn = await connect(client, guidelines)
    adapter = LemmyAdapter(client, conn.me, guidelines)
    rec = lemmy.fake.state.add_post(lemmy.news, lemmy.mod, "SHOCK: minister out")
    post = Post(str(rec.id), rec.name, "https://e.com/a", platform="lemmy", community="worldnews")
    pipeline = Pipeline(db, writer, NullFetcher(), guidelines, {"lemmy": adapter},
                        modlog=Modlog(db), checker=checker)  # fmt: skip
    assert await pipeline.submit(post)
    with caplog.at_level(logging.ERROR):
        await pipeline.run_until_empty()
        await pipeline.run_until_empty()
    assert not rec.removed
    assert [e.status for e in lemmy.fake.exchanges if e.path == "/post/remove"] == [400]
    (report,) = lemmy.fake.state.reports.values()
    assert "not_higher_mod" in report.reason
    (line,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "refused by the platform, not retried" in line
    assert "not_higher_mod" in line
    assert not pipeline.actions.pending()  # given up at once (a retry is never due again)
