"""No Lemmy post is ever skipped: the poller walks back to its high-water mark, kept in the
database, however many posts arrived meanwhile (a burst, or an outage of the bot)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlite_utils import Database

from bot.guidelines import Guidelines
from bot.lemmy.base import LemmyBaseClient
from bot.lemmy.marks import DbMarks
from bot.lemmy.poller import LemmyPoller
from bot.models import Article, CheckResult, Post
from bot.pipeline.pipeline import Pipeline
from bot.platforms.lemmy import LemmyAdapter, connect
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter
from tests.fakes import NullFetcher
from tests.lemmy.conftest import Instance
from tests.lemmy.helpers import make_guidelines


class CountingChecker:
    """Finds nothing; remembers which posts were checked."""

    def __init__(self) -> None:
        self.checked: set[str] = set()

    async def __call__(self, post: Post, fetcher: object, guidelines: Guidelines) -> CheckResult:
        self.checked.add(post.id)
        article = Article(status="fetched", url=post.url or "", headline=post.title)
        return CheckResult(post.id, "approve", article, [], post.community, "v1")


async def test_500_posts_during_an_outage_are_all_checked(
    lemmy: Instance,
    client: LemmyBaseClient,
    db: Database,
    writer: DbWriter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    s, clock = lemmy.fake.state, lemmy.clock
    guidelines = make_guidelines(mode="dry-run")
    conn = await connect(client, guidelines)
    checker = CountingChecker()
    pipeline = Pipeline(db, writer, NullFetcher(), guidelines,
                        {"lemmy": LemmyAdapter(client, conn.me, guidelines)},
                        modlog=Modlog(db), checker=checker)  # fmt: skip

    def poller() -> LemmyPoller:  # a new process each time: only the database remembers
        return LemmyPoller(client, conn.watched, pipeline.submit, marks=DbMarks(db, writer),
                           recheck_hours=1, full_every=10,
                           now=lambda: datetime.fromtimestamp(clock.now, UTC))  # fmt: skip

    before = [s.add_post(lemmy.news, lemmy.poster, f"Before {n}") for n in range(3)]
    assert await poller().poll_once() == 3
    # the bot is down for ~2.8 hours (longer than its 1-hour recheck window): 500 posts arrive
    during = []
    for n in range(500):
        clock.now += 20
        during.append(s.add_post(lemmy.news, lemmy.poster, f"During {n}", url=f"https://e.com/{n}"))
    with caplog.at_level(logging.INFO, logger="bot.lemmy.poller"):
        assert await poller().poll_once() == 500
    await pipeline.run_until_empty()
    assert checker.checked == {str(p.id) for p in before + during}
    (line,) = [r.getMessage() for r in caplog.records if "caught up" in r.getMessage()]
    assert "500 posts read over 26 pages" in line  # 25 full pages of 20 and the last one
    # the mark is in the database: a quick poll reads one page and stops there
    later = poller()
    later.polls = 1  # not the first (full) poll of the process: a quick one
    calls = sum(1 for e in lemmy.fake.exchanges if e.path == "/post/list")
    assert await later.poll_once() == 0
    assert sum(1 for e in lemmy.fake.exchanges if e.path == "/post/list") == calls + 1
    row = db.execute("SELECT post_id FROM lemmy_high_water").fetchone()
    assert row[0] == during[-1].id


async def test_a_burst_bigger_than_ten_pages_is_read_in_one_poll(
    lemmy: Instance, client: LemmyBaseClient, db: Database, writer: DbWriter
) -> None:
    """The old poller read at most 10 pages of 20: 300 posts at once lost the 100 oldest."""
    s, clock = lemmy.fake.state, lemmy.clock
    conn = await connect(client, make_guidelines())
    seen: list[str] = []

    async def submit(post: Post) -> bool:
        seen.append(post.id)
        return True

    poller = LemmyPoller(client, conn.watched, submit, marks=DbMarks(db, writer), full_every=100,
                         now=lambda: datetime.fromtimestamp(clock.now, UTC))  # fmt: skip
    s.add_post(lemmy.news, lemmy.poster, "First")
    assert await poller.poll_once() == 1
    burst = []
    for n in range(300):
        clock.now += 1
        burst.append(s.add_post(lemmy.news, lemmy.poster, f"Burst {n}"))
    assert await poller.poll_once() == 300
    assert set(seen[1:]) == {str(p.id) for p in burst}
