"""The ``/stats`` numbers, counted once and then kept up to date: the modlog only grows.

Entries are never changed or deleted and their times never go backwards, so counts over the
entries up to id X never change. One :class:`StatsAggregate` counts the last
``MAX_STATS_DAYS`` days for every community, bucketed by community and UTC day; each request
first reads only the entries appended since the last one, then sums the buckets of its window.
When a new day starts, the oldest day's buckets are dropped; nothing is counted twice and
nothing is recounted. The first count (about 90 days of entries) runs in the background when the
server starts.

What is counted, per community and day:
- enforcement actions (flag, comment, remove, lock) per rule;
- verdicts: a moderator's latest verdict per case and rule, in the day it was given (a later
  verdict moves the case to its own day), counted by ``bot.pipeline.verdicts`` exactly as
  ``newsmod stats`` counts them (a removal confirms, an approval dismisses);
- time to decision: hours from the post (its creation time when the pipeline stored it, else
  the case's opening) to a moderator's first decision on the case (ever, not just in the
  window), in the decision's day.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from bot.pipeline.verdicts import VerdictTally, max_entry_id
from bot.web.queries import (
    DECISION_ACTIONS,
    ENFORCEMENT_ACTIONS,
    StatsData,
    first_id_since,
    has_table,
)
from bot.web.settings import MAX_STATS_DAYS

NO_RULE = "(no rule)"


def window(now: datetime, days: int) -> tuple[datetime, list[str]]:
    """The window's start (midnight UTC, ``days - 1`` days before ``now``'s day) and its days."""
    first = (now.astimezone(UTC) - timedelta(days=days - 1)).date()
    labels = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    return datetime(first.year, first.month, first.day, tzinfo=UTC), labels


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


class StatsAggregate:
    """Counts over the entries ``low <= id <= high``, by community and day."""

    def __init__(self, since: datetime, low: int) -> None:
        self.since = since
        self.first_day = since.date().isoformat()
        self.high = low - 1
        self.actions: Counter[tuple[str, str, str]] = Counter()  # (community, day, rule)
        self.verdicts = VerdictTally(first_day=self.first_day)
        self.hours: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
        self._verdicts_kept = 0

    def update(self, db: Database, high: int) -> None:
        """Count the entries ``self.high < id <= high``.

        Each query walks the id range (the primary key, or ``modlog_rules_entry``); the unary
        ``+`` keeps SQLite from preferring the action index, which would visit the same rows in
        random order.
        """
        if high <= self.high:
            return
        span = [self.high, high]
        self._count_actions(db, span)
        self.verdicts.read(db, self.high, high)
        self._count_decisions(db, span)
        self.high = high

    def _count_actions(self, db: Database, span: list[int]) -> None:
        rows = db.execute(
            "SELECT m.community, substr(m.time, 1, 10), r.rule, count(*) FROM modlog_rules AS r "
            "JOIN modlog AS m ON m.id = r.entry_id WHERE r.entry_id > ? AND r.entry_id <= ? "
            f"AND +m.action IN ({_marks(ENFORCEMENT_ACTIONS)}) GROUP BY 1, 2, 3",
            [*span, *ENFORCEMENT_ACTIONS],
        ).fetchall()
        for community, day, rule, n in rows:
            self.actions[(community, day, rule)] += n

    def _count_decisions(self, db: Database, span: list[int]) -> None:
        posted, join = "c.opened_at", ""
        if has_table(db, "posts"):
            join = (
                "LEFT JOIN posts AS p ON p.platform = c.platform AND p.post_id = c.post_platform_id"
            )
            posted = "coalesce(p.created_at, c.opened_at)"
        rows = db.execute(
            "SELECT m.community, substr(m.time, 1, 10), m.rules, "
            f"(julianday(m.time) - julianday({posted})) * 24 FROM modlog AS m "
            "JOIN cases AS c ON c.community = m.community AND c.number = m.case_number "
            f"{join} WHERE m.id > ? AND m.id <= ? AND m.actor_kind = 'moderator' "
            f"AND +m.action IN ({_marks(DECISION_ACTIONS)}) "
            # only the case's first decision ever (the modlog_case index finds earlier ones)
            "AND NOT EXISTS (SELECT 1 FROM modlog AS e WHERE e.community = m.community "
            "AND e.case_number = m.case_number AND e.id < m.id AND e.actor_kind = 'moderator' "
            f"AND e.action IN ({_marks(DECISION_ACTIONS)}))",
            [*span, *DECISION_ACTIONS, *DECISION_ACTIONS],
        ).fetchall()
        for community, day, rules, hours in rows:
            if hours is None or hours < 0:  # an unparseable or inconsistent time
                continue
            bucket = self.hours[(community, day)]
            for rule in json.loads(rules) or [NO_RULE]:
                bucket.append((rule, round(float(hours), 6)))

    def drop_before(self, since: datetime) -> None:
        """Forget the days before ``since`` (the oldest window's first day moved on)."""
        if since <= self.since:
            return
        day = since.date().isoformat()
        self.since, self.first_day = since, day
        self.actions = Counter({k: n for k, n in self.actions.items() if k[1] >= day})
        self.verdicts.drop_before(day)
        kept = {k: v for k, v in self.hours.items() if k[1] >= day}
        self.hours = defaultdict(list, kept)
        # Verdicts from dropped days are no longer counted (``VerdictTally.drop_before``);
        # forgetting them costs a pass over every case, so it is done once they are half the map.
        if len(self.verdicts.latest) > 2 * self._verdicts_kept:
            self.verdicts.forget_before(day)
            self._verdicts_kept = len(self.verdicts.latest)

    def result(self, community: str | None, labels: list[str]) -> StatsData:
        """The numbers for the window ``labels`` (its days), one community or all."""
        first, last = labels[0], labels[-1]

        def wanted(c: str, day: str) -> bool:
            return first <= day <= last and (community is None or c == community)

        per_day: dict[str, dict[str, int]] = defaultdict(dict)
        for (c, day, rule), n in self.actions.items():
            if n and wanted(c, day):
                per_day[day][rule] = per_day[day].get(rule, 0) + n
        hours: dict[str, list[float]] = defaultdict(list)
        for (c, day), found in self.hours.items():
            if wanted(c, day):
                for rule, value in found:
                    hours[rule].append(value)
        return StatsData(
            days=labels,
            per_day=dict(per_day),
            verdicts=self.verdicts.result(community, first, last),
            decision_hours={rule: sorted(values) for rule, values in hours.items()},
        )


def stats_data(
    db: Database, *, community: str | None, days: int, now: datetime | None = None
) -> StatsData:
    """The stats for ``days`` days ending at ``now``, counted from scratch."""
    since, labels = window(now or datetime.now(UTC), days)
    low = first_id_since(db, since)
    if low is None:
        return StatsData(days=labels, per_day={}, verdicts={})
    aggregate = StatsAggregate(since, low)
    aggregate.update(db, max_entry_id(db))
    return aggregate.result(community, labels)


class StatsCache:
    """One aggregate over the last ``horizon`` days, shared by every window and community."""

    def __init__(self, horizon: int = MAX_STATS_DAYS) -> None:
        self.horizon = horizon
        self._lock = threading.Lock()
        self._aggregate: StatsAggregate | None = None

    def clear(self) -> None:
        """Forget everything (the next request counts the whole horizon again)."""
        with self._lock:
            self._aggregate = None

    def get(self, db: Database, *, community: str | None, days: int, now: datetime) -> StatsData:
        if days > self.horizon:
            raise ValueError(f"a stats window of {days} days is longer than {self.horizon}")
        _, labels = window(now, days)
        since, _ = window(now, self.horizon)
        with self._lock:
            aggregate = self._aggregate
            if aggregate is not None and since < aggregate.since:  # the clock went back
                aggregate = None
            if aggregate is None:
                low = first_id_since(db, since)
                if low is None:
                    return StatsData(days=labels, per_day={}, verdicts={})
                aggregate = StatsAggregate(since, low)
            aggregate.drop_before(since)
            aggregate.update(db, max_entry_id(db))
            self._aggregate = aggregate
            return aggregate.result(community, labels)
