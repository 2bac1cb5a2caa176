"""Replay posts through a rule configuration without acting, and compare with what was decided.

For a post the queue has already checked, "before" is the stored decision and its findings;
otherwise it is the result under the baseline configuration (the one in use). "after" is the
result under the configuration being tried. Each page is fetched once for both. Where
moderators labelled a case, the report also says how the new configuration agrees with them.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils.db import Database

from bot.dupes.history import MemoryHistory
from bot.dupes.step import stream_step
from bot.guidelines import Guidelines
from bot.models import CheckResult, Page, Post
from bot.pipeline.ports import PageFetcher
from bot.pipeline.queue import post_from_row

Checker = Callable[[Post, PageFetcher, Guidelines], Awaitable[CheckResult]]


@dataclass(frozen=True)
class Outcome:
    decision: str
    actions: dict[str, str]  # rule -> action

    @classmethod
    def of(cls, result: CheckResult) -> Outcome:
        return cls(result.decision, {f.rule: f.action for f in result.findings})

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Outcome:
        return cls(stored["decision"], {f["rule"]: f["action"] for f in stored["findings"]})

    def describe(self) -> str:
        if not self.actions:
            return self.decision
        rules = ", ".join(f"{rule} ({action})" for rule, action in self.actions.items())
        return f"{self.decision}: {rules}"


@dataclass
class BacktestRow:
    post: Post
    before: Outcome
    before_source: str  # "decided" (stored in the queue) | "baseline" (checked now)
    after: Outcome
    labels: dict[str, str] = field(default_factory=dict)  # rule -> confirmed | dismissed

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def change(self) -> str:
        parts = []
        if self.before.decision != self.after.decision:
            parts.append(f"{self.before.decision} → {self.after.decision}")
        for rule in sorted(set(self.before.actions) | set(self.after.actions)):
            old, new = self.before.actions.get(rule), self.after.actions.get(rule)
            if old is None:
                parts.append(f"+{rule}")
            elif new is None:
                parts.append(f"-{rule}")
            elif old != new:
                parts.append(f"{rule} {old} → {new}")
        return "; ".join(parts)

    def disagreements(self) -> list[str]:
        out = []
        for rule, label in sorted(self.labels.items()):
            if label == "confirmed" and rule not in self.after.actions:
                out.append(f"misses confirmed {rule}")
            elif label == "dismissed" and rule in self.after.actions:
                out.append(f"raises dismissed {rule}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.post.id,
            "platform": self.post.platform,
            "title": self.post.title,
            "before": {"decision": self.before.decision, "findings": self.before.actions},
            "before_source": self.before_source,
            "after": {"decision": self.after.decision, "findings": self.after.actions},
            "changed": self.changed,
            "change": self.change(),
            "disagreements": self.disagreements(),
        }


def summarize(rows: list[BacktestRow]) -> dict[str, Any]:
    added: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for row in rows:
        added.update(set(row.after.actions) - set(row.before.actions))
        dropped.update(set(row.before.actions) - set(row.after.actions))
    return {
        "posts": len(rows),
        "changed": sum(row.changed for row in rows),
        "before": dict(Counter(row.before.decision for row in rows)),
        "after": dict(Counter(row.after.decision for row in rows)),
        "rules_added": dict(sorted(added.items())),
        "rules_dropped": dict(sorted(dropped.items())),
        "labelled_posts": sum(bool(row.labels) for row in rows),
        "disagreements": sum(len(row.disagreements()) for row in rows),
    }


class _PinnedFetcher:
    """Hands out one already fetched page, so both configurations read the same article."""

    def __init__(self, page: Page, fallback: PageFetcher) -> None:
        self.page = page
        self.fallback = fallback

    async def fetch(self, url: str) -> Page:
        return self.page if url == self.page.url else await self.fallback.fetch(url)


def stored_posts(db: Database, community: str | None = None) -> Iterable[Post]:
    """Posts the queue has checked (oldest first)."""
    where = "status = 'done'" + (" AND community = ?" if community else "")
    for row in db.query(
        f"SELECT * FROM posts WHERE {where} ORDER BY id", [community] if community else []
    ):
        yield post_from_row(row)


def stored_outcome(db: Database, post: Post) -> tuple[Outcome | None, dict[str, str]]:
    """The decision stored for this post (matched by platform and id), and its labels."""
    rows = list(
        db.query(
            "SELECT result, community, case_no FROM posts WHERE platform = ? AND post_id = ? "
            "AND status = 'done' AND content_hash = ?",
            [post.platform, post.id, post.content_hash()],
        )
    )
    if not rows or not rows[0]["result"]:
        return None, {}
    row = rows[0]
    labels = dict(
        db.execute(
            "SELECT rule, label FROM labels WHERE community = ? AND case_no = ?",
            [row["community"], row["case_no"]],
        ).fetchall()
    )
    return Outcome.from_json(json.loads(row["result"])), labels


async def backtest(
    posts: Iterable[Post],
    *,
    trial: Guidelines,
    baseline: Guidelines,
    fetcher: PageFetcher,
    checker: Checker,
    decided: Callable[[Post], Awaitable[tuple[Outcome | None, dict[str, str]]]] | None = None,
    concurrency: int = 8,
) -> AsyncIterator[BacktestRow]:
    """Rows in input order; at most ``concurrency`` posts in flight (memory stays flat).
    The posts are one stream: ``duplicate-post`` compares each with the ones before it."""

    # duplicate-post compares each post with the ones before it: one history per configuration
    histories = {"trial": MemoryHistory(), "baseline": MemoryHistory()}

    def in_order(post: Post, result: CheckResult, config: Guidelines, which: str) -> Outcome:
        community = config.community(post.community)
        return Outcome.of(stream_step(post, result, community, histories[which]))

    async def one(post: Post) -> _Checked:
        before, labels = await decided(post) if decided else (None, {})
        pinned: PageFetcher = fetcher
        if post.url and not post.html_path:
            pinned = _PinnedFetcher(await fetcher.fetch(post.url), fetcher)
        after = await checker(post, pinned, trial)
        base = None if before is not None else await checker(post, pinned, baseline)
        return _Checked(post, before, labels, after, base)

    def row(done: _Checked) -> BacktestRow:
        after = in_order(done.post, done.after, trial, "trial")
        if done.before is not None:
            return BacktestRow(done.post, done.before, "decided", after, done.labels)
        assert done.base is not None
        base = in_order(done.post, done.base, baseline, "baseline")
        return BacktestRow(done.post, base, "baseline", after, done.labels)

    window: list[asyncio.Task[_Checked]] = []
    try:
        for post in posts:
            window.append(asyncio.ensure_future(one(post)))
            if len(window) >= concurrency:
                yield row(await window.pop(0))
        while window:
            yield row(await window.pop(0))
    finally:
        for task in window:
            task.cancel()


@dataclass
class _Checked:
    """One post checked under both configurations, before its history is applied."""

    post: Post
    before: Outcome | None
    labels: dict[str, str]
    after: CheckResult
    base: CheckResult | None
