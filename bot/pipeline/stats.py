"""Per rule: how often it fired, how moderators judged it, and the action that record supports.

Precision is confirmed / (confirmed + dismissed) over the cases moderators judged, counted by
``bot.pipeline.verdicts`` from the modlog — the same count as the web page's precision chart
(a moderator's removal for the rule confirms it, an approval dismisses the open findings). The
suggestion follows fixed thresholds so that moderators can trust it:
fewer than 20 labelled cases → "not enough data"; precision ≥ 95% over ≥ 50 cases →
"auto-remove is supported"; ≥ 80% → "flag"; otherwise "report only".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlite_utils.db import Database

from bot.models import RULE_IDS
from bot.pipeline.verdicts import RunningVerdicts

MIN_LABELLED = 20
AUTO_REMOVE_PRECISION = 0.95
AUTO_REMOVE_LABELLED = 50
FLAG_PRECISION = 0.80


def percent(value: float) -> str:
    """Rounded down, so "95%" is never shown for 94.9% (the thresholds are exact)."""
    return f"{math.floor(value * 100 + 1e-9)}%"


def suggest(confirmed: int, dismissed: int) -> str:
    labelled = confirmed + dismissed
    if labelled < MIN_LABELLED:
        return f"not enough data: {labelled} labelled of {MIN_LABELLED} needed"
    precision = confirmed / labelled
    over = f"{percent(precision)} precision over {labelled} cases"
    if precision >= AUTO_REMOVE_PRECISION and labelled >= AUTO_REMOVE_LABELLED:
        return f"auto-remove is supported: {over}"
    if precision >= FLAG_PRECISION:
        return f"flag: {over}"
    return f"report only: {over}"


@dataclass(frozen=True)
class RuleStats:
    rule: str
    findings: int  # posts the rule fired on
    confirmed: int
    dismissed: int

    @property
    def labelled(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.labelled if self.labelled else None

    @property
    def suggestion(self) -> str:
        return suggest(self.confirmed, self.dismissed)

    def to_json(self) -> dict[str, Any]:
        precision = self.precision
        return {
            "rule": self.rule,
            "findings": self.findings,
            "confirmed": self.confirmed,
            "dismissed": self.dismissed,
            "precision": round(precision, 4) if precision is not None else None,
            "suggestion": self.suggestion,
        }


def rule_stats(
    db: Database, community: str | None = None, verdicts: RunningVerdicts | None = None
) -> list[RuleStats]:
    """Stats for every rule id (DESIGN order), over one community or all of them.

    ``verdicts``: a running count kept by a long-running process (Discord's ``/stats``), so
    each call reads only the modlog entries appended since the last; else counted afresh."""
    where, params = ("WHERE community = ?", [community]) if community else ("", [])
    found = dict(
        db.execute(f"SELECT rule, count(*) FROM findings {where} GROUP BY rule", params).fetchall()
    )
    counted = (verdicts or RunningVerdicts()).counts(db, community)
    return [
        RuleStats(
            rule=rule,
            findings=found.get(rule, 0),
            confirmed=counted.get(rule, (0, 0))[0],
            dismissed=counted.get(rule, (0, 0))[1],
        )
        for rule in RULE_IDS
    ]
