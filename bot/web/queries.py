"""Read-only queries the store and pipeline do not offer: chart data and a case's extras.

All of them read the modlog (``modlog``, ``modlog_rules``, ``cases``) and, when the pipeline's
tables exist in this database, ``posts`` and ``findings``. A stats window is first turned into
an id range through the ``time`` index (times only grow along the chain), so every query walks
only the window's entries.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from bot.models import RULE_IDS
from bot.store.entries import utc_iso

#: Actions taken on a post for a rule (the stacked per-day chart counts these).
ENFORCEMENT_ACTIONS: tuple[str, ...] = ("flag", "comment", "remove", "lock")
#: A moderator's first decision on a case ends "time to decision".
DECISION_ACTIONS: tuple[str, ...] = ("approve", "confirm", "dismiss", "remove", "restore", "lock")


def has_table(db: Database, name: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
    ).fetchone()
    return row is not None


def _first_id_since(db: Database, since: datetime) -> int | None:
    row = db.execute(
        "SELECT id FROM modlog WHERE time >= ? ORDER BY time, id LIMIT 1", [utc_iso(since)]
    ).fetchone()
    return int(row[0]) if row else None


def _marks(actions: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in actions)


@dataclass(frozen=True)
class StatsData:
    """Everything ``/stats`` draws, over ``days`` days ending ``until`` (UTC dates)."""

    days: list[str]
    per_day: dict[str, dict[str, int]]  # day -> rule -> enforcement actions
    verdicts: dict[str, tuple[int, int]]  # rule -> (confirmed, dismissed), latest verdict wins
    decision_hours: dict[str, list[float]] = field(default_factory=dict)  # rule -> hours

    @property
    def median_hours(self) -> float | None:
        every = [h for hours in self.decision_hours.values() for h in hours]
        return statistics.median(every) if every else None

    @property
    def decided(self) -> int:
        return sum(len(h) for h in self.decision_hours.values())

    def to_json(self) -> dict[str, Any]:
        median = self.median_hours
        return {
            "days": self.days,
            "actions_per_day": self.per_day,
            "verdicts": {
                r: {"confirmed": c, "dismissed": d} for r, (c, d) in self.verdicts.items()
            },
            "median_hours_to_decision": round(median, 2) if median is not None else None,
            "decided_cases": self.decided,
        }


def stats_data(
    db: Database, *, community: str | None, days: int, now: datetime | None = None
) -> StatsData:
    end = (now or datetime.now(UTC)).astimezone(UTC)
    first_day = (end - timedelta(days=days - 1)).date()
    since = datetime(first_day.year, first_day.month, first_day.day, tzinfo=UTC)
    labels = [(first_day + timedelta(days=i)).isoformat() for i in range(days)]
    low = _first_id_since(db, since)
    if low is None:
        return StatsData(days=labels, per_day={}, verdicts={})
    where_c, params_c = ("AND m.community = ?", [community]) if community else ("", [])
    per_day: dict[str, dict[str, int]] = defaultdict(dict)
    rows = db.execute(
        "SELECT substr(m.time, 1, 10), r.rule, count(*) FROM modlog_rules AS r "
        "JOIN modlog AS m ON m.id = r.entry_id "
        f"WHERE r.entry_id >= ? AND m.action IN ({_marks(ENFORCEMENT_ACTIONS)}) {where_c} "
        "GROUP BY 1, 2",
        [low, *ENFORCEMENT_ACTIONS, *params_c],
    ).fetchall()
    for day, rule, n in rows:
        per_day[day][rule] = n
    verdicts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = db.execute(
        "SELECT rule, action FROM (SELECT r.rule AS rule, m.action AS action, "
        "row_number() OVER (PARTITION BY m.community, m.case_number, r.rule "
        "ORDER BY m.id DESC) AS n FROM modlog AS m JOIN modlog_rules AS r ON r.entry_id = m.id "
        f"WHERE m.id >= ? AND m.action IN ('confirm', 'dismiss') {where_c}) WHERE n = 1",
        [low, *params_c],
    ).fetchall()
    for rule, action in rows:
        verdicts[rule][0 if action == "confirm" else 1] += 1
    return StatsData(
        days=labels,
        per_day=dict(per_day),
        verdicts={r: (v[0], v[1]) for r, v in verdicts.items()},
        decision_hours=_decision_hours(db, low, where_c, params_c),
    )


def _decision_hours(
    db: Database, low: int, where_c: str, params_c: list[Any]
) -> dict[str, list[float]]:
    """Per rule: hours from the post (its creation time when the pipeline stored it, else the
    case's opening) to a moderator's first decision, for cases decided in the window."""
    posted = "c.opened_at"
    join = ""
    if has_table(db, "posts"):
        join = "LEFT JOIN posts AS p ON p.platform = c.platform AND p.post_id = c.post_platform_id"
        posted = "coalesce(p.created_at, c.opened_at)"
    rows = db.execute(
        f"SELECT d.rules, d.first, {posted} FROM (SELECT m.community, m.case_number, "
        "min(m.time) AS first, m.rules AS rules FROM modlog AS m "
        f"WHERE m.id >= ? AND m.actor_kind = 'moderator' AND m.case_number IS NOT NULL "
        f"AND m.action IN ({_marks(DECISION_ACTIONS)}) {where_c} "
        "GROUP BY m.community, m.case_number) AS d "
        "JOIN cases AS c ON c.community = d.community AND c.number = d.case_number "
        f"{join}",
        [low, *DECISION_ACTIONS, *params_c],
    ).fetchall()
    hours: dict[str, list[float]] = defaultdict(list)
    for rules_json, first, posted_at in rows:
        start, decided = _parse_time(posted_at), _parse_time(first)
        if start is None or decided is None or decided < start:
            continue
        value = (decided - start).total_seconds() / 3600
        for rule in json.loads(rules_json) or ["(no rule)"]:
            hours[rule].append(value)
    return dict(hours)


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class CaseFinding:
    rule: str
    status: str
    confidence: float
    message: str
    evidence: dict[str, Any]


@dataclass(frozen=True)
class CaseExtras:
    """What the pipeline stored about a case's post: body, time, decision, findings."""

    body: str = ""
    created_at: str = ""
    decision: str = ""
    findings: list[CaseFinding] = field(default_factory=list)


def case_extras(db: Database, community: str, number: int) -> CaseExtras:
    body = created = decision = ""
    if has_table(db, "posts"):
        row = db.execute(
            "SELECT body, created_at, decision FROM posts WHERE community = ? AND case_no = ? "
            "ORDER BY id LIMIT 1",
            [community, number],
        ).fetchone()
        if row:
            body, created, decision = row[0] or "", row[1] or "", row[2] or ""
    findings: list[CaseFinding] = []
    if has_table(db, "findings"):
        order = {rule: i for i, rule in enumerate(RULE_IDS)}
        rows = db.execute(
            "SELECT rule, status, confidence, message, evidence FROM findings "
            "WHERE community = ? AND case_no = ?",
            [community, number],
        ).fetchall()
        for rule, status, confidence, message, evidence in sorted(
            rows, key=lambda r: order.get(r[0], len(order))
        ):
            try:
                parsed = json.loads(evidence)
            except ValueError:
                parsed = {}
            findings.append(
                CaseFinding(
                    rule,
                    status,
                    float(confidence),
                    message,
                    parsed if isinstance(parsed, dict) else {},
                )
            )
    return CaseExtras(body=body, created_at=created, decision=decision, findings=findings)
