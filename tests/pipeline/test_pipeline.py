from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlite_utils import Database

from bot.models import Finding, Post
from bot.pipeline.actions import ACTION_ATTEMPTS, retry_delay
from bot.pipeline.adapter import InProcessAdapter, ModQueueItem
from bot.pipeline.planner import comment_text
from bot.store.modlog import Modlog

from .helpers import make_guidelines, post

ACTIONS = {"ragebait": "remove", "paywall-no-archive": "comment", "us-domestic-news": "note"}
PAYWALL_COMMENT = "Rule 2 of Worldnews: Rule text 2. paywall-no-archive broken"


def modlog_rows(db: Database) -> list[tuple[str, str, str]]:
    rows = db.execute("SELECT post_platform_id, action, rules FROM modlog ORDER BY id").fetchall()
    return [(pid, action, rules) for pid, action, rules in rows]


@pytest.mark.parametrize(
    ("title", "mode", "calls", "logged"),
    [
        ("Fine", "live", [], []),
        ("Meh [us-domestic-news]", "live", [], [("note", '["us-domestic-news"]')]),
        ("Hmm [tabloid-source]", "live", ["notify_mods"], [("flag", '["tabloid-source"]')]),
        (
            "Wow [ragebait]",
            "live",
            ["remove", "notify_mods"],
            [("remove", '["ragebait"]'), ("flag", '["ragebait"]')],
        ),
        ("Wow [ragebait]", "dry-run", ["notify_mods"], [("flag", '["ragebait"]')]),
        (
            "Paid [paywall-no-archive]",
            "live",
            ["comment", "notify_mods"],
            [("comment", '["paywall-no-archive"]'), ("flag", '["paywall-no-archive"]')],
        ),
        (
            "Paid [paywall-no-archive]",
            "dry-run",  # dry-run never comments: the moderators are told "would comment"
            ["notify_mods"],
            [("flag", '["paywall-no-archive"]')],
        ),
        (
            "Both [paywall-no-archive] [ragebait]",
            "dry-run",
            ["notify_mods"],
            [("flag", '["paywall-no-archive","ragebait"]')],
        ),
        (
            "Both [paywall-no-archive] [ragebait]",
            "live",
            ["comment", "remove", "notify_mods"],
            [
                ("comment", '["paywall-no-archive"]'),
                ("remove", '["ragebait"]'),
                ("flag", '["paywall-no-archive","ragebait"]'),
            ],
        ),
    ],
)
async def test_policy_decision_to_adapter_calls_and_modlog(
    db: Database,
    make_pipeline: Any,
    adapter: InProcessAdapter,
    title: str,
    mode: str,
    calls: list[str],
    logged: list[tuple[str, str]],
) -> None:
    pipe = make_pipeline(make_guidelines(mode=mode, actions=ACTIONS))
    await pipe.submit(post("p1", title))
    await pipe.run_until_empty()
    assert adapter.kinds() == calls
    assert [(a, r) for _, a, r in modlog_rows(db)] == logged


async def test_dry_run_flags_with_would_remove_and_the_evidence(
    db: Database, make_pipeline: Any, adapter: InProcessAdapter, modlog: Modlog
) -> None:
    pipe = make_pipeline(make_guidelines(mode="dry-run", actions=ACTIONS))
    await pipe.submit(post("p1", "Wow [ragebait]", author_name="al"))
    await pipe.run_until_empty()
    item = adapter.calls[0].item
    assert isinstance(item, ModQueueItem)
    assert (item.case, item.dry_run, item.decision) == (1, True, "remove")
    assert item.rules == ("ragebait",)
    assert item.suggested_action == "would remove (ragebait); dry-run, flagged instead"
    assert item.key == f"test:p1:*:notify:{post('p1', 'Wow [ragebait]').content_hash()}"
    entry = modlog.get_case("worldnews", 1).entries[0]  # type: ignore[union-attr]
    assert (entry.actor.kind, entry.action, entry.config_version) == ("bot", "flag", "v1")
    assert entry.reason.startswith("would remove")
    assert entry.evidence["dry_run"] is True
    assert entry.evidence["findings"][0]["evidence"] == {"mark": "ragebait"}
    assert entry.post is not None
    assert entry.post.author_name == "al"


async def test_the_guild_mode_wins_over_the_config(
    make_pipeline: Any, adapter: InProcessAdapter
) -> None:
    def mode_for(p: Post) -> str | None:
        return "live" if p.id == "live-guild" else None

    pipe = make_pipeline(make_guidelines(mode="dry-run", actions=ACTIONS), mode_for=mode_for)
    await pipe.submit(post("live-guild", "Wow [ragebait]"))
    await pipe.submit(post("other", "Wow [ragebait]"))
    await pipe.run_until_empty()
    assert sorted((c.post_id, c.kind) for c in adapter.calls) == [
        ("live-guild", "notify_mods"),
        ("live-guild", "remove"),
        ("other", "notify_mods"),
    ]


class FlakyAdapter(InProcessAdapter):
    """Fails the first ``fail`` removals: before applying (``after=False``) or after (the call
    went through but the answer was lost, e.g. a timeout)."""

    def __init__(self, fail: int, *, after: bool) -> None:
        super().__init__("test")
        self.fail = fail
        self.after = after
        self.attempts = 0

    async def remove(self, post: Post, reason: str, key: str) -> None:
        self.attempts += 1
        if self.attempts <= self.fail and not self.after:
            raise ConnectionError("platform is down")
        await super().remove(post, reason, key)
        if self.attempts <= self.fail:
            raise TimeoutError("no answer")


@pytest.mark.parametrize("after", [False, True])
async def test_a_failing_action_is_retried_with_its_key_and_applied_once(
    db: Database, make_pipeline: Any, after: bool
) -> None:
    flaky = FlakyAdapter(fail=2, after=after)
    pipe = make_pipeline(make_guidelines(mode="live", actions=ACTIONS), adapters={"test": flaky})
    await pipe.submit(post("p1", "Wow [ragebait]"))
    assert await pipe.run_once() == 1
    sql = "SELECT state, attempts, last_error FROM actions WHERE kind = 'remove'"
    row = db.execute(sql).fetchone()
    error = "TimeoutError: no answer" if after else "ConnectionError: platform is down"
    assert row == ("pending", 1, error)
    assert [a for _, a, _ in modlog_rows(db)] == ["flag"]  # the notify went through
    await pipe.run_once()  # second failure
    await pipe.run_once()  # succeeds
    assert flaky.attempts == 3
    assert sorted(flaky.kinds()) == ["notify_mods", "remove"]  # each applied once
    assert len(flaky.skipped) == (2 if after else 0)  # repeated keys were recognised
    assert [a for _, a, _ in modlog_rows(db)] == ["flag", "remove"]
    await pipe.run_once()
    assert flaky.attempts == 3
    assert db.execute("SELECT count(*) FROM actions WHERE state='pending'").fetchone()[0] == 0


async def test_an_action_failing_forever_stops_being_retried(
    db: Database, make_pipeline: Any, caplog: pytest.LogCaptureFixture
) -> None:
    flaky = FlakyAdapter(fail=100, after=False)
    pipe = make_pipeline(
        make_guidelines(mode="live", actions=ACTIONS), adapters={"test": flaky}, action_attempts=5
    )
    await pipe.submit(post("p1", "Wow [ragebait]"))
    with caplog.at_level(logging.WARNING, logger="bot.pipeline.pipeline"):
        for _ in range(8):
            await pipe.run_once()
    assert flaky.attempts == 5
    assert "remove" not in [a for _, a, _ in modlog_rows(db)]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("given up after 5 attempts: ConnectionError" in m for m in messages) == 1
    assert sum("retrying in" in m for m in messages) == 4


def test_a_failed_action_waits_5s_doubling_up_to_10_minutes_about_a_day_in_all() -> None:
    assert [retry_delay(n) for n in range(9)] == [0, 5, 10, 20, 40, 80, 160, 320, 600]
    assert retry_delay(10_000) == 600
    day = sum(retry_delay(n) for n in range(1, ACTION_ATTEMPTS))
    assert 20 * 3600 < day < 30 * 3600  # an outage or a missing mod queue is waited out


class FakeClock:
    def __init__(self) -> None:
        self.time = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += timedelta(seconds=seconds)


async def test_a_failed_action_is_retried_when_its_wait_is_over(
    db: Database, make_pipeline: Any
) -> None:
    clock = FakeClock()
    flaky = FlakyAdapter(fail=2, after=False)
    guidelines = make_guidelines(mode="live", actions=ACTIONS)
    pipe = make_pipeline(guidelines, adapters={"test": flaky}, clock=clock)
    await pipe.submit(post("p1", "Wow [ragebait]"))
    await pipe.run_once()
    sql = "SELECT attempts, retry_at FROM actions WHERE kind = 'remove'"
    assert db.execute(sql).fetchone() == (1, "2026-12-01T12:00:05.000000+00:00")
    assert await pipe.retry_actions(due_only=True) == 0  # not yet: 5 s to wait
    clock.advance(4.9)
    assert await pipe.retry_actions(due_only=True) == 0
    assert flaky.attempts == 1
    clock.advance(0.1)
    assert await pipe.retry_actions(due_only=True) == 0  # tried, failed again: now 10 s
    assert db.execute(sql).fetchone() == (2, "2026-12-01T12:00:15.000000+00:00")
    clock.advance(9)
    assert await pipe.retry_actions(due_only=True) == 0
    # a restart (a new pipeline) tries every pending action at once, waiting or not
    restarted = make_pipeline(guidelines, adapters={"test": flaky}, clock=clock)
    assert await restarted.run_once() == 0
    assert flaky.attempts == 3
    assert [a for _, a, _ in modlog_rows(db)] == ["flag", "remove"]


async def test_a_running_pipeline_retries_a_failed_action_when_it_is_due(
    db: Database, make_pipeline: Any
) -> None:
    clock = FakeClock()
    flaky = FlakyAdapter(fail=1, after=False)
    pipe = make_pipeline(
        make_guidelines(mode="live", actions=ACTIONS),
        adapters={"test": flaky},
        clock=clock,
        poll_interval=0.01,
    )

    async def until(condition: Any) -> None:
        async with asyncio.timeout(30):
            while not condition():
                await asyncio.sleep(0.01)

    stop = asyncio.Event()
    runner = asyncio.ensure_future(pipe.run_forever(stop))
    try:
        await pipe.submit(post("p1", "Wow [ragebait]"))
        await until(lambda: flaky.attempts == 1)
        await asyncio.sleep(0.2)  # idle polls: the action waits its 5 s
        assert flaky.attempts == 1
        clock.advance(5)
        await until(lambda: "remove" in [a for _, a, _ in modlog_rows(db)])
        assert flaky.attempts == 2
    finally:
        stop.set()
        await asyncio.wait_for(runner, 30)


async def test_a_post_without_an_adapter_keeps_its_actions_pending(
    db: Database, make_pipeline: Any
) -> None:
    pipe = make_pipeline(make_guidelines(actions=ACTIONS), adapters={}, platforms=["test"])
    await pipe.submit(post("p1", "Hmm [tabloid-source] [us-domestic-news]"))
    await pipe.run_until_empty()
    rows = db.execute("SELECT kind, state, last_error FROM actions ORDER BY kind").fetchall()
    assert rows == [
        ("note", "done", None),
        ("notify", "pending", "NewsmodError: no adapter for platform 'test'"),
    ]


async def test_fix_it_loop_resolves_what_the_edit_fixed(
    db: Database, make_pipeline: Any, adapter: InProcessAdapter, modlog: Modlog
) -> None:
    pipe = make_pipeline(make_guidelines(actions=ACTIONS))
    await pipe.submit(post("p1", "Two [tabloid-source] [social-media-source]"))
    await pipe.run_until_empty()
    await pipe.submit(post("p1", "Fixed one [social-media-source]"))
    await pipe.run_until_empty()
    found = db.execute("SELECT rule, status, case_no FROM findings ORDER BY rule").fetchall()
    assert found == [("social-media-source", "open", 1), ("tabloid-source", "resolved", 1)]
    case = modlog.get_case("worldnews", 1)
    assert case is not None
    assert [(e.action, e.rules) for e in case.entries] == [
        ("flag", ("tabloid-source", "social-media-source")),
        ("resolve", ("tabloid-source",)),
        ("flag", ("social-media-source",)),
    ]
    # the platform is told what the edit fixed, and what is still open
    assert adapter.kinds() == ["notify_mods", "resolved", "notify_mods"]
    fixed = adapter.calls[1]
    assert fixed.text == "tabloid-source"
    assert fixed.item is not None
    assert fixed.item.rules == ("social-media-source",)  # still open
    second = adapter.calls[2].item
    assert second is not None
    assert second.rules == ("social-media-source",)
    # fixed completely: the last open finding is resolved, nobody is notified again
    await pipe.submit(post("p1", "All fine now"))
    await pipe.run_until_empty()
    assert adapter.kinds() == ["notify_mods", "resolved", "notify_mods", "resolved"]
    last = adapter.calls[-1]
    assert last.item is not None
    assert (last.text, last.item.rules, last.item.case) == ("social-media-source", (), 1)
    assert db.execute("SELECT count(*) FROM findings WHERE status='open'").fetchone()[0] == 0
    assert [e.action for e in modlog.get_case("worldnews", 1).entries][-1] == "resolve"  # type: ignore[union-attr]
    assert modlog.verify().ok


async def test_cases_are_numbered_per_community(
    db: Database, make_pipeline: Any, modlog: Modlog
) -> None:
    pipe = make_pipeline(make_guidelines(communities=("worldnews", "europe")))
    await pipe.submit(post("a", "[tabloid-source]"))
    await pipe.submit(post("b", "[tabloid-source]", community="europe"))
    await pipe.submit(post("c", "fine"))
    await pipe.submit(post("d", "[tabloid-source]"))
    await pipe.run_until_empty()
    rows = db.execute("SELECT post_id, community, case_no FROM posts ORDER BY post_id").fetchall()
    assert rows == [("a", "worldnews", 1), ("b", "europe", 1), ("c", "worldnews", None),
                    ("d", "worldnews", 2)]  # fmt: skip


@pytest.mark.parametrize(
    ("opted_in", "expected"),
    [
        (False, "Rule 2 of Worldnews: Rule text 2. Paywalled."),
        (True, "Rule 2 of Worldnews: Rule text 2. Paywalled. Archive copies: https://a.example/x"),
    ],
)
def test_comment_text_names_the_rule_and_archive_links_only_when_opted_in(
    opted_in: bool, expected: str
) -> None:
    community = replace(make_guidelines().community(), suggest_archive_links=opted_in)
    finding = Finding("paywall-no-archive", 0.9, "Paywalled.",
                      {"suggested_archive_links": ["https://a.example/x"]})  # fmt: skip
    assert comment_text(finding, community) == expected


async def test_one_pipeline_per_platform_can_share_a_database(
    db: Database, make_pipeline: Any
) -> None:
    lemmy, discord = InProcessAdapter("lemmy"), InProcessAdapter("discord")
    for_lemmy = make_pipeline(adapters={"lemmy": lemmy})
    for_discord = make_pipeline(adapters={"discord": discord})
    for platform in ("lemmy", "discord"):
        await for_lemmy.submit(Post(f"{platform}-1", "[tabloid-source]", platform=platform))
    assert await for_lemmy.run_until_empty() == 1
    assert [c.post_id for c in lemmy.calls] == ["lemmy-1"]
    assert db.execute("SELECT status FROM posts WHERE platform = 'discord'").fetchone() == (
        "pending",
    )
    assert await for_discord.run_until_empty() == 1
    assert [c.post_id for c in discord.calls] == ["discord-1"]


@pytest.mark.parametrize(
    ("mode", "title", "suggestion"),
    [
        ("live", "[paywall-no-archive]", "review (paywall-no-archive)"),
        ("dry-run", "[ragebait] [tabloid-source]",
         "would remove (ragebait, tabloid-source); dry-run, flagged instead"),
        ("live", "[ragebait]", "removed (ragebait); restore if wrong"),
        ("dry-run", "[tabloid-source]", "review (tabloid-source)"),
        ("dry-run", "[paywall-no-archive]",
         "review (paywall-no-archive); would comment: " + PAYWALL_COMMENT),
        ("dry-run", "[paywall-no-archive] [ragebait]",
         "would remove (paywall-no-archive, ragebait); dry-run, flagged instead; "
         "would comment: " + PAYWALL_COMMENT),
    ],
)  # fmt: skip
async def test_what_moderators_are_told(
    make_pipeline: Any, adapter: InProcessAdapter, mode: str, title: str, suggestion: str
) -> None:
    pipe = make_pipeline(make_guidelines(mode=mode, actions=ACTIONS))
    await pipe.submit(post("p1", title))
    await pipe.run_until_empty()
    item = adapter.calls[-1].item
    assert item is not None
    assert item.suggested_action == suggestion


class FailingOnceResolver(InProcessAdapter):
    """Its first ``resolved`` call fails (a platform error or a crash before it was recorded)."""

    def __init__(self) -> None:
        super().__init__("test")
        self.failures = 1

    async def resolved(self, item: ModQueueItem, rules: tuple[str, ...]) -> None:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("platform down")
        await super().resolved(item, rules)


async def test_a_failed_resolution_is_retried_once_and_logged_once(
    db: Database, make_pipeline: Any, modlog: Modlog
) -> None:
    flaky = FailingOnceResolver()
    pipe = make_pipeline(make_guidelines(actions=ACTIONS), adapters={"test": flaky})
    await pipe.submit(post("p1", "[tabloid-source]"))
    await pipe.run_until_empty()
    await pipe.submit(post("p1", "Fixed"))
    await pipe.run_until_empty()
    state = db.execute("SELECT state, attempts FROM actions WHERE kind = 'resolve'").fetchall()
    assert state == [("pending", 1)]
    assert [e.action for e in modlog.get_case("worldnews", 1).entries] == ["flag"]  # type: ignore[union-attr]
    assert await pipe.retry_actions() == 1
    assert await pipe.retry_actions() == 0
    assert flaky.kinds() == ["notify_mods", "resolved"]
    entries = modlog.get_case("worldnews", 1).entries  # type: ignore[union-attr]
    assert [(e.action, e.rules) for e in entries] == [
        ("flag", ("tabloid-source",)),
        ("resolve", ("tabloid-source",)),
    ]


async def test_a_burst_of_submits_is_queued_once_each_and_checked_once(
    make_pipeline: Any, db: Database, adapter: InProcessAdapter
) -> None:
    """Posts submitted together share transactions; each is durable when its submit returns."""
    import asyncio

    pipeline = make_pipeline()
    posts = [post(str(i), "A plain title") for i in range(120)]
    added = await asyncio.gather(*(pipeline.submit(p) for p in posts + posts[:10]))
    assert added.count(True) == 120  # the repeats were seen with the same content
    assert db.execute("SELECT count(*) FROM posts WHERE status = 'pending'").fetchone()[0] == 120
    assert await pipeline.run_until_empty() == 120
    assert db.execute("SELECT count(*) FROM posts WHERE status = 'done'").fetchone()[0] == 120
