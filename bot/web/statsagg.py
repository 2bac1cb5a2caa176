"""The ``/stats`` numbers, aggregated incrementally: the modlog only grows.

Entries are never changed or deleted and their times never go backwards, so counts over the
entries up to id X never change. A :class:`StatsAggregate` remembers what it has counted for one
(community, window) and, on the next request, reads only the entries appended since; when the
window's first day moves on (a new UTC day), it starts again from the new first day. A full
count of 30 days at 1M entries a year takes a few hundred milliseconds; an update, a few.

:class:`StatsCache` keeps a few aggregates (least recently used dropped) and serialises work on
each, so the web app's worker threads can share it.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, OrderedDict, defaultdict
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from bot.web.queries import (
    DECISION_ACTIONS,
    ENFORCEMENT_ACTIONS,
    StatsData,
    first_id_since,
    has_table,
)

NO_RULE = "(no rule)"


def window(now: datetime, days: int) -> tuple[datetime, list[str]]:
    """The window's start (midnight UTC, ``days - 1`` days before ``now``'s day) and its days."""
    first = (now.astimezone(UTC) - timedelta(days=days - 1)).date()
    labels = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    return datetime(first.year, first.month, first.day, tzinfo=UTC), labels


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


class StatsAggregate:
    """Counts over the entries ``low <= id <= high`` of one community (or all)."""

    def __init__(self, community: str | None, since: datetime, low: int) -> None:
        self.community = community
        self.since = since
        self.low = low
        self.high = low - 1
        self.per_day: Counter[tuple[str, str]] = Counter()
        self._verdict: dict[tuple[str, int, str], str] = {}  # latest per (community, case, rule)
        self.verdicts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self._decided: set[tuple[str, int]] = set()
        self.hours: dict[str, list[float]] = defaultdict(list)

    def update(self, db: Database, high: int) -> None:
        """Count the entries ``self.high < id <= high``.

        Each query walks the id range (the primary key, or ``modlog_rules_entry``); the unary
        ``+`` keeps SQLite from preferring the action index, which would visit the same rows in
        random order.
        """
        if high <= self.high:
            return
        params: list[object] = [self.high, high]
        community = ""
        if self.community:
            community = " AND m.community = ?"
            params.append(self.community)
        self._count_actions(db, community, params)
        self._count_verdicts(db, community, params)
        self._count_decisions(db, community, params)
        self.high = high

    def _count_actions(self, db: Database, community: str, params: list[object]) -> None:
        rows = db.execute(
            "SELECT substr(m.time, 1, 10), r.rule, count(*) FROM modlog_rules AS r "
            "JOIN modlog AS m ON m.id = r.entry_id WHERE r.entry_id > ? AND r.entry_id <= ?"
            f"{community} AND +m.action IN ({_marks(ENFORCEMENT_ACTIONS)}) GROUP BY 1, 2",
            [*params, *ENFORCEMENT_ACTIONS],
        ).fetchall()
        for day, rule, n in rows:
            self.per_day[(day, rule)] += n

    def _count_verdicts(self, db: Database, community: str, params: list[object]) -> None:
        rows = db.execute(
            "SELECT m.community, m.case_number, r.rule, m.action FROM modlog AS m "
            "JOIN modlog_rules AS r ON r.entry_id = m.id WHERE m.id > ? AND m.id <= ?"
            f"{community} AND +m.action IN ('confirm', 'dismiss') ORDER BY m.id",
            params,
        ).fetchall()
        for case_community, case, rule, action in rows:
            key = (case_community, case, rule)
            previous = self._verdict.get(key)
            if previous is not None:
                self.verdicts[rule][0 if previous == "confirm" else 1] -= 1
            self._verdict[key] = action
            self.verdicts[rule][0 if action == "confirm" else 1] += 1

    def _count_decisions(self, db: Database, community: str, params: list[object]) -> None:
        """Hours from the post (its creation time when the pipeline stored it, else the case's
        opening) to a moderator's first decision on the case in the window."""
        posted, join = "c.opened_at", ""
        if has_table(db, "posts"):
            join = (
                "LEFT JOIN posts AS p ON p.platform = c.platform AND p.post_id = c.post_platform_id"
            )
            posted = "coalesce(p.created_at, c.opened_at)"
        rows = db.execute(
            f"SELECT m.community, m.case_number, m.rules, "
            f"(julianday(m.time) - julianday({posted})) * 24 FROM modlog AS m "
            "JOIN cases AS c ON c.community = m.community AND c.number = m.case_number "
            f"{join} WHERE m.id > ? AND m.id <= ?{community} AND m.actor_kind = 'moderator' "
            f"AND +m.action IN ({_marks(DECISION_ACTIONS)}) ORDER BY m.id",
            [*params, *DECISION_ACTIONS],
        ).fetchall()
        for case_community, case, rules, hours in rows:
            key = (case_community, case)
            if key in self._decided:
                continue
            self._decided.add(key)
            if hours is None or hours < 0:  # an unparseable or inconsistent time
                continue
            for rule in json.loads(rules) or [NO_RULE]:
                self.hours[rule].append(round(float(hours), 6))

    def result(self, labels: list[str]) -> StatsData:
        per_day: dict[str, dict[str, int]] = defaultdict(dict)
        for (day, rule), n in self.per_day.items():
            per_day[day][rule] = n
        return StatsData(
            days=labels,
            per_day=dict(per_day),
            verdicts={r: (c, d) for r, (c, d) in self.verdicts.items() if c or d},
            decision_hours={r: list(h) for r, h in self.hours.items()},
        )


def stats_data(
    db: Database, *, community: str | None, days: int, now: datetime | None = None
) -> StatsData:
    """The stats for ``days`` days ending at ``now``, counted from scratch."""
    since, labels = window(now or datetime.now(UTC), days)
    low = first_id_since(db, since)
    if low is None:
        return StatsData(days=labels, per_day={}, verdicts={})
    aggregate = StatsAggregate(community, since, low)
    aggregate.update(db, _max_id(db))
    return aggregate.result(labels)


def _max_id(db: Database) -> int:
    row = db.execute("SELECT max(id) FROM modlog").fetchone()
    return int(row[0] or 0)


class StatsCache:
    """Aggregates per (community, days), updated with what was appended since the last call."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[str | None, int], StatsAggregate] = OrderedDict()
        self._locks: dict[tuple[str | None, int], threading.Lock] = {}

    def clear(self) -> None:
        """Forget every aggregate (the next request counts its window from scratch)."""
        with self._lock:
            self._items.clear()

    def get(self, db: Database, *, community: str | None, days: int, now: datetime) -> StatsData:
        since, labels = window(now, days)
        key = (community, days)
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                aggregate = self._items.get(key)
            if aggregate is None or aggregate.since != since:
                low = first_id_since(db, since)
                if low is None:
                    return StatsData(days=labels, per_day={}, verdicts={})
                aggregate = StatsAggregate(community, since, low)
            aggregate.update(db, _max_id(db))
            data = aggregate.result(labels)
            with self._lock:
                self._items[key] = aggregate
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    old, _ = self._items.popitem(last=False)
                    self._locks.pop(old, None)
        return data
