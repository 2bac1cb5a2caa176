"""The ``actions`` table: every bot action, recorded ``pending`` before it is applied.

The key (``platform:post_id:rule:kind:content_hash``) is unique, so planning the same action
twice inserts nothing. ``finish`` marks an action ``done`` and writes its modlog entry in the same
transaction: an action is logged exactly once, and only once it was applied. An action the
platform did not take waits before its next attempt (``retry_delay``: 5 s, doubling up to
10 minutes) and is given up after ``ACTION_ATTEMPTS`` attempts, about a day.

An action being applied belongs to whoever started it: inserting it claims it for its owner (a
pipeline, or a moderator's decision through ``Moderation``) for ``LEASE`` seconds, and the retry
of pending actions (``claim_due``) takes only unclaimed ones: those that failed (a failure
releases the claim), and those whose owner died (its lease ran out, or a restarted pipeline
released its platforms' claims held by earlier owners: ``release_others``).

Blocking SQLite work: call through the DB writer.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils.db import Database

from bot.models import Post
from bot.pipeline import schema
from bot.pipeline.clock import now, stamp, utcnow
from bot.pipeline.planner import PlannedAction
from bot.pipeline.queue import platform_filter
from bot.store.db import write_transaction


@dataclass(frozen=True)
class PendingAction:
    """An action to apply (or finish applying): everything needed, even after a restart."""

    key: str
    kind: str
    rule: str
    community: str
    case_no: int | None
    post: Post
    payload: dict[str, Any]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PendingAction:
        payload = json.loads(row["payload"])
        return cls(
            key=row["key"],
            kind=row["kind"],
            rule=row["rule"],
            community=row["community"],
            case_no=row["case_no"],
            post=Post(**payload["post"]),
            payload=payload,
        )


#: Attempts at an action before it is given up: with ``retry_delay``, about a day (a platform
#: outage, or a mod queue channel not set up yet, is waited out).
ACTION_ATTEMPTS = 150

#: Seconds before the second attempt; each later one waits twice as long, up to ``RETRY_MAX``.
RETRY_FIRST = 5.0
RETRY_MAX = 600.0


#: Seconds a claim on an action lasts when its owner neither finishes nor fails it (it died).
LEASE = 600.0


def new_owner() -> str:
    """A claim owner: one per pipeline (and the moderation acting beside it)."""
    return uuid.uuid4().hex[:16]


def retry_delay(attempts: int, first: float = RETRY_FIRST, most: float = RETRY_MAX) -> float:
    """Seconds to wait after an action's ``attempts``-th failed attempt."""
    if attempts < 1:
        return 0.0
    return min(first * 2.0 ** min(attempts - 1, 32), most)


class ActionLog:
    def __init__(self, db: Database, *, max_attempts: int = ACTION_ATTEMPTS) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.db = db
        self.max_attempts = max_attempts
        schema.ensure(db)

    def reserve(
        self,
        post: Post,
        case_no: int | None,
        action: PlannedAction,
        extra: dict[str, Any],
        *,
        owner: str | None = None,
        at: datetime | None = None,
    ) -> PendingAction | None:
        """Insert the bot's ``action`` as pending (claimed by ``owner`` at ``at``); None when
        its key exists (planned before)."""
        payload = {
            "post": post.to_json(),
            "rules": list(action.rules),
            "text": action.text,
            "dry_run": action.dry_run,
            "still_open": list(action.still_open),
            **extra,
        }
        key = action.key(post)
        return self.insert(
            key, post, case_no, action.rule, action.kind, payload, owner=owner, at=at
        )

    def insert(
        self,
        key: str,
        post: Post,
        case_no: int | None,
        rule: str,
        kind: str,
        payload: dict[str, Any],
        *,
        owner: str | None = None,
        at: datetime | None = None,
    ) -> PendingAction | None:
        """Insert an action as pending, claimed by ``owner`` (if given) from ``at``; None when
        the key exists."""
        stamp = now()
        until = _lease_end(at) if owner is not None else None
        cur = self.db.execute(
            "INSERT INTO actions (key, platform, post_id, community, case_no, rule, kind, "
            "content_hash, payload, created_at, updated_at, claimed_by, claimed_until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            [
                key,
                post.platform,
                post.id,
                post.community,
                case_no,
                rule,
                kind,
                post.content_hash(),
                json.dumps(payload, ensure_ascii=False, default=str),
                stamp,
                stamp,
                owner,
                until,
            ],
        )
        if cur.rowcount != 1:
            return None
        return PendingAction(key, kind, rule, post.community, case_no, post, payload)

    def get(self, key: str) -> PendingAction | None:
        rows = list(self.db.query("SELECT * FROM actions WHERE key = ?", [key]))
        return PendingAction.from_row(rows[0]) if rows else None

    def discard(self, key: str) -> None:
        """Forget a pending action that will not happen (the platform refused it)."""
        with write_transaction(self.db):
            self.db.execute("DELETE FROM actions WHERE key = ? AND state = 'pending'", [key])

    def pending(
        self,
        limit: int = 500,
        platforms: Sequence[str] | None = None,
        due: str | None = None,
        *,
        free_at: str | None = None,
    ) -> list[PendingAction]:
        """Pending actions (of ``platforms``) still worth retrying, oldest first; with ``due``
        (a time as ``clock.stamp`` writes it), only those whose wait is over by then; with
        ``free_at``, only those nobody has a live claim on at that time."""
        where, params = platform_filter(platforms)
        if due is not None:
            where += " AND (retry_at IS NULL OR retry_at <= ?)"
            params = [*params, due]
        if free_at is not None:
            where += " AND (claimed_by IS NULL OR claimed_until <= ?)"
            params = [*params, free_at]
        rows = self.db.query(
            f"SELECT * FROM actions WHERE state = 'pending' AND attempts < ?{where} "
            "ORDER BY created_at, key LIMIT ?",
            [self.max_attempts, *params, limit],
        )
        return [PendingAction.from_row(row) for row in rows]

    def claim(self, key: str, owner: str, at: datetime | None = None) -> bool:
        """Claim a pending action for ``owner``; False while a claim on it is live (whoever
        holds it: a second click on the same decision must not apply it twice)."""
        cur = self.db.execute(
            "UPDATE actions SET claimed_by = ?, claimed_until = ? WHERE key = ? "
            "AND state = 'pending' AND (claimed_by IS NULL OR claimed_until <= ?)",
            [owner, _lease_end(at), key, stamp(at or utcnow())],
        )
        return cur.rowcount == 1

    def claim_due(
        self,
        owner: str,
        at: datetime,
        *,
        limit: int = 500,
        platforms: Sequence[str] | None = None,
        due_only: bool = False,
    ) -> list[PendingAction]:
        """Claim for ``owner`` and return the pending actions nobody is applying (never tried
        by a live owner, failed, or their owner's lease ran out), oldest first; with
        ``due_only``, only those whose wait after a failure is over by ``at``."""
        moment = stamp(at)
        with write_transaction(self.db):
            found = self.pending(limit, platforms, moment if due_only else None, free_at=moment)
            for action in found:
                self.db.execute(
                    "UPDATE actions SET claimed_by = ?, claimed_until = ? WHERE key = ?",
                    [owner, _lease_end(at), action.key],
                )
        return found

    def release_others(self, owner: str, platforms: Sequence[str] | None = None) -> int:
        """Release the claims on ``platforms``' pending actions held by owners other than
        ``owner``: a pipeline starting on its platforms means their earlier owner is gone."""
        where, params = platform_filter(platforms)
        cur = self.db.execute(
            "UPDATE actions SET claimed_by = NULL, claimed_until = NULL WHERE state = 'pending' "
            f"AND claimed_by IS NOT NULL AND claimed_by != ?{where}",
            [owner, *params],
        )
        return cur.rowcount

    def mark_done(self, key: str) -> bool:
        """Pending → done; False if it was already done (then log nothing)."""
        cur = self.db.execute(
            "UPDATE actions SET state = 'done', last_error = NULL, updated_at = ? "
            "WHERE key = ? AND state = 'pending'",
            [now(), key],
        )
        return cur.rowcount == 1

    def failed(self, key: str, error: str, at: datetime, final: bool = False) -> tuple[int, float]:
        """Count a failed attempt at ``key`` made at ``at``: it is not tried again for
        ``retry_delay(attempts)`` seconds, or ever when ``final`` (the platform refused it for
        good: it is given up, still pending, with its error). Returns (attempts so far, that
        wait); (0, 0.0) for an unknown key."""
        with write_transaction(self.db):
            row = self.db.execute("SELECT attempts FROM actions WHERE key = ?", [key]).fetchone()
            if row is None:
                return 0, 0.0
            attempts = max(int(row[0]) + 1, self.max_attempts if final else 0)
            wait = retry_delay(attempts)
            self.db.execute(
                "UPDATE actions SET attempts = ?, last_error = ?, updated_at = ?, retry_at = ?, "
                "claimed_by = NULL, claimed_until = NULL WHERE key = ?",
                [
                    attempts,
                    " ".join(error.split())[:500],
                    stamp(at),
                    stamp(at + timedelta(seconds=wait)),
                    key,
                ],
            )
        return attempts, wait

    def counts(self) -> dict[str, int]:
        out = {"pending": 0, "done": 0}
        for state, n in self.db.execute("SELECT state, count(*) FROM actions GROUP BY state"):
            out[state] = n
        return out


def _lease_end(at: datetime | None) -> str:
    return stamp((at or utcnow()) + timedelta(seconds=LEASE))
