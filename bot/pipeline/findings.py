"""Open findings per post and rule (the fix-it loop) and moderators' labels (for ``stats``).

A finding is ``open`` until an edit fixes it (``resolved``) or a moderator ``dismissed`` or
``confirmed`` it. Labels (confirmed/dismissed per case and rule, latest verdict wins) are kept
apart from the findings so that ``stats`` can count them.

Blocking SQLite work: call through the DB writer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils.db import Database

from bot.models import Finding, Post
from bot.pipeline import schema
from bot.pipeline.clock import now

QUIET = ("dismissed", "confirmed")  # a moderator has ruled: the bot does not raise it again


@dataclass(frozen=True)
class FindingState:
    open: frozenset[str]
    quiet: frozenset[str]


class FindingStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        schema.ensure(db)

    def state(self, platform: str, post_id: str) -> FindingState:
        rows = self.db.execute(
            "SELECT rule, status FROM findings WHERE platform = ? AND post_id = ?",
            [platform, post_id],
        ).fetchall()
        return FindingState(
            open=frozenset(rule for rule, status in rows if status == "open"),
            quiet=frozenset(rule for rule, status in rows if status in QUIET),
        )

    def sync(
        self, post: Post, case_no: int, findings: list[Finding], state: FindingState | None = None
    ) -> list[str]:
        """Store the current findings; resolve the open ones that no longer hold (returned).

        ``state``: the post's findings as just read in the same transaction, if the caller has
        them."""
        stamp = now()
        digest = post.content_hash()
        current = {f.rule for f in findings}
        state = state or self.state(post.platform, post.id)
        for f in findings:
            self.db.execute(
                "INSERT INTO findings (platform, post_id, community, case_no, rule, confidence, "
                "message, evidence, content_hash, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (platform, post_id, rule) DO UPDATE SET "
                "confidence = excluded.confidence, message = excluded.message, "
                "evidence = excluded.evidence, content_hash = excluded.content_hash, "
                "case_no = excluded.case_no, "
                "status = CASE WHEN status = 'resolved' THEN 'open' ELSE status END, "
                "closed_at = CASE WHEN status = 'resolved' THEN NULL ELSE closed_at END",
                [
                    post.platform,
                    post.id,
                    post.community,
                    case_no,
                    f.rule,
                    float(f.confidence),
                    f.message,
                    json.dumps(f.evidence, ensure_ascii=False, default=str),
                    digest,
                    stamp,
                ],
            )
        resolved = sorted(state.open - current)
        for rule in resolved:
            self.db.execute(
                "UPDATE findings SET status = 'resolved', closed_at = ? "
                "WHERE platform = ? AND post_id = ? AND rule = ?",
                [stamp, post.platform, post.id, rule],
            )
        return resolved

    def for_case(self, community: str, case_no: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT * FROM findings WHERE community = ? AND case_no = ? ORDER BY rule",
                [community, case_no],
            )
        )

    def set_status(self, community: str, case_no: int, rule: str, status: str) -> None:
        self.db.execute(
            "UPDATE findings SET status = ?, closed_at = ? "
            "WHERE community = ? AND case_no = ? AND rule = ?",
            [status, now(), community, case_no, rule],
        )

    def label(self, community: str, case_no: int, rule: str, label: str, actor: str) -> None:
        """Record a moderator's verdict (``confirmed`` or ``dismissed``); the latest wins."""
        self.db.execute(
            "INSERT INTO labels (community, case_no, rule, label, actor, labelled_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (community, case_no, rule) DO UPDATE SET "
            "label = excluded.label, actor = excluded.actor, labelled_at = excluded.labelled_at",
            [community, case_no, rule, label, actor, now()],
        )
