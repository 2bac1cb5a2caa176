"""Read-only queries the store and pipeline do not offer: the stats' shape, a case's extras.

They read the modlog (``modlog``, ``modlog_rules``, ``cases``) and, when the pipeline's tables
exist in this database, ``posts`` and ``findings``. The stats themselves are counted in
``bot.web.statsagg``.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from datetime import datetime
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


def first_id_since(db: Database, since: datetime) -> int | None:
    """The first entry at or after ``since`` (the ``time`` index; times only grow)."""
    row = db.execute(
        "SELECT id FROM modlog WHERE time >= ? ORDER BY time, id LIMIT 1", [utc_iso(since)]
    ).fetchone()
    return int(row[0]) if row else None


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
    title: str = ""  # the post's title now (after the poster's edits)
    updated_at: str = ""  # when the pipeline last stored the post


def case_extras(db: Database, community: str, number: int) -> CaseExtras:
    body = created = decision = title = updated = ""
    if has_table(db, "posts"):
        row = db.execute(
            "SELECT body, created_at, decision, title, updated_at FROM posts "
            "WHERE community = ? AND case_no = ? ORDER BY id LIMIT 1",
            [community, number],
        ).fetchone()
        if row:
            body, created, decision, title, updated = (value or "" for value in row)
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
    return CaseExtras(
        body=body,
        created_at=created,
        decision=decision,
        findings=findings,
        title=title,
        updated_at=updated,
    )
