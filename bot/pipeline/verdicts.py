"""Moderators' verdicts on the bot's findings: the one count behind every precision figure.

``newsmod stats``, ``/stats`` on Discord and the web page's precision chart all count verdicts
here, from the modlog, so they cannot disagree. A moderator's decision on a case judges each
rule it names:

- ``confirm`` and ``remove`` → confirmed (removing the post for the rule agrees with the bot);
- ``dismiss`` and ``approve`` → dismissed (``approve`` names the open findings it dismissed).

Only a rule the bot raised on that case counts (a removal for a rule the bot never found is a
miss, not a confirmation), and a case's latest verdict on a rule wins. Entries are read in id
order, a span at a time, so a running tally (the web page's) and a count from scratch agree.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils.db import Database

#: What each moderator decision says about the rules it names.
VERDICTS: dict[str, str] = {
    "confirm": "confirmed",
    "remove": "confirmed",
    "dismiss": "dismissed",
    "approve": "dismissed",
}
CONFIRMED, DISMISSED = "confirmed", "dismissed"

_MARKS = ", ".join("?" for _ in VERDICTS)
# The unary ``+`` keeps SQLite walking the id range (the primary key) instead of the action
# index, which would visit the same rows in random order and sort them; the bot's earlier entry
# on the case is found through ``modlog_case``.
_SQL = (
    "SELECT m.community, m.case_number, substr(m.time, 1, 10), r.rule, m.action "
    "FROM modlog AS m JOIN modlog_rules AS r ON r.entry_id = m.id "
    "WHERE m.id > ? AND m.id <= ? AND m.actor_kind = 'moderator' "
    f"AND +m.action IN ({_MARKS}) AND m.case_number IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM modlog AS b WHERE b.community = m.community "
    "AND b.case_number = m.case_number AND b.id < m.id AND b.actor_kind = 'bot' "
    "AND EXISTS (SELECT 1 FROM modlog_rules AS br WHERE br.community = b.community "
    "AND br.rule = r.rule AND br.entry_id = b.id)) "
    "ORDER BY m.id"
)


def max_entry_id(db: Database) -> int:
    row = db.execute("SELECT max(id) FROM modlog").fetchone()
    return int(row[0] or 0)


@dataclass
class VerdictTally:
    """The latest verdict per (community, case, rule), counted by community, day and rule."""

    latest: dict[tuple[str, int, str], tuple[str, str]] = field(default_factory=dict)
    counts: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    first_day: str = ""  # verdicts before this day are no longer counted (a moving window)

    def add(self, community: str, case: int, day: str, rule: str, verdict: str) -> None:
        key = (community, case, rule)
        previous = self.latest.get(key)
        if previous is not None and previous[0] >= self.first_day:
            self.counts[(community, previous[0], rule, previous[1])] -= 1
        self.latest[key] = (day, verdict)
        self.counts[(community, day, rule, verdict)] += 1

    def read(self, db: Database, low: int, high: int) -> None:
        """Tally the moderators' verdicts in the entries ``low < id <= high``."""
        for community, case, day, rule, action in db.execute(
            _SQL, [low, high, *VERDICTS]
        ).fetchall():
            self.add(community, int(case), day, rule, VERDICTS[action])

    def drop_before(self, day: str) -> None:
        """Stop counting the days before ``day``; a later verdict on a case from a dropped day
        still replaces it (and is counted in its own day)."""
        self.first_day = max(self.first_day, day)
        self.counts = Counter({k: n for k, n in self.counts.items() if k[1] >= self.first_day})

    def forget_before(self, day: str) -> None:
        """Forget the verdicts given before ``day`` (they are no longer counted anyway)."""
        self.latest = {k: v for k, v in self.latest.items() if v[0] >= day}

    def result(
        self, community: str | None = None, first: str = "", last: str = "9999"
    ) -> dict[str, tuple[int, int]]:
        """``{rule: (confirmed, dismissed)}`` over the days ``first..last`` (inclusive)."""
        out: dict[str, list[int]] = {}
        for (c, day, rule, verdict), n in self.counts.items():
            if n and first <= day <= last and (community is None or c == community):
                pair = out.setdefault(rule, [0, 0])
                pair[0 if verdict == CONFIRMED else 1] += n
        return {rule: (pair[0], pair[1]) for rule, pair in out.items()}


class RunningVerdicts:
    """Every verdict ever given, kept up to date: each call reads only the entries appended
    since the previous one (the modlog only grows), so a long-running bot counts the whole log
    once. Thread-safe."""

    def __init__(self) -> None:
        self._tally = VerdictTally()
        self._high = 0
        self._lock = threading.Lock()

    def counts(self, db: Database, community: str | None = None) -> dict[str, tuple[int, int]]:
        """``{rule: (confirmed, dismissed)}`` over one community or all of them."""
        with self._lock:
            high = max_entry_id(db)
            if high > self._high:
                self._tally.read(db, self._high, high)
                self._high = high
            return self._tally.result(community)


def verdict_counts(db: Database, community: str | None = None) -> dict[str, tuple[int, int]]:
    """Every verdict ever given, per rule, counted from scratch."""
    return RunningVerdicts().counts(db, community)
