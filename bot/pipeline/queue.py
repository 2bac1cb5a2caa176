"""The durable post queue: table ``posts`` (see schema.py).

A post is stored ``pending`` before anything checks it. ``claim`` moves a batch to
``processing`` (counting the attempt); ``complete`` stores the result as ``done``; ``fail``
puts it back to ``pending`` until ``max_attempts`` and then ``failed`` with the one-line error.
``reclaim`` (run at start-up) returns posts a dead worker had claimed. An edit (a new content
hash) re-queues a post; the same content seen again is skipped.

All methods are blocking SQLite work: call them through the DB writer, never on the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils.db import Database

from bot.models import Post
from bot.pipeline import schema
from bot.pipeline.clock import now
from bot.store.db import write_transaction

log = logging.getLogger(__name__)

STATUSES: tuple[str, ...] = ("pending", "processing", "done", "failed")


@dataclass(frozen=True)
class QueuedPost:
    """A claimed post: what to check, and what the queue knew about it before."""

    row_id: int
    post: Post
    content_hash: str
    attempts: int
    case_no: int | None  # the case opened for an earlier version, if any
    checked_hash: str | None  # content hash of the last completed check, if any
    received: datetime | None = None  # when the queue first received it (an edit keeps it)


def platform_filter(platforms: Sequence[str] | None) -> tuple[str, list[str]]:
    """SQL (`` AND platform IN (...)``) and parameters; no filter for None."""
    if platforms is None:
        return "", []
    marks = ", ".join("?" for _ in platforms)
    return f" AND platform IN ({marks})", list(platforms)


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def post_from_row(row: dict[str, Any]) -> Post:
    return Post(
        id=row["post_id"],
        title=row["title"],
        url=row["url"],
        body=row["body"] or "",
        platform=row["platform"],
        community=row["community"],
        author_id=row["author_id"] or "",
        author_name=row["author_name"] or "",
        html_path=row["html_path"],
        embed_title=row["embed_title"],
        created_at=row["created_at"],
        permalink=row.get("permalink"),  # None in rows stored before m009
    )


class PostQueue:
    def __init__(self, db: Database, *, max_attempts: int = 3) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.db = db
        self.max_attempts = max_attempts
        schema.ensure(db)

    def enqueue(self, post: Post) -> bool:
        """Store ``post`` as pending; False when it was already seen with the same content."""
        digest = post.content_hash()
        stamp = now()
        fields = {
            "community": post.community,
            "title": post.title,
            "url": post.url,
            "body": post.body,
            "author_id": post.author_id,
            "author_name": post.author_name,
            "html_path": post.html_path,
            "embed_title": post.embed_title,
            "created_at": post.created_at,
            "permalink": post.permalink,
        }
        with write_transaction(self.db):
            row = self.db.execute(
                "SELECT id, content_hash FROM posts WHERE platform = ? AND post_id = ?",
                [post.platform, post.id],
            ).fetchone()
            if row is None:
                cols = {"platform": post.platform, "post_id": post.id, **fields}
                cols.update(content_hash=digest, received_at=stamp, updated_at=stamp)
                names = ", ".join(cols)
                marks = ", ".join("?" for _ in cols)
                self.db.execute(
                    f"INSERT INTO posts ({names}) VALUES ({marks})", list(cols.values())
                )
                return True
            if row[1] == digest:
                return False
            sets = ", ".join(f"{name} = ?" for name in fields)
            self.db.execute(
                f"UPDATE posts SET {sets}, content_hash = ?, status = 'pending', attempts = 0, "
                "last_error = NULL, updated_at = ? WHERE id = ?",
                [*fields.values(), digest, stamp, row[0]],
            )
            log.info("post %s:%s was edited; re-queued", post.platform, post.id)
            return True

    def reclaim(self, platforms: Sequence[str] | None = None) -> int:
        """Return posts left ``processing`` by a stopped worker to ``pending``; how many.

        ``platforms``: only posts of these platforms (those this process handles)."""
        where, params = platform_filter(platforms)
        with write_transaction(self.db):
            cur = self.db.execute(
                "UPDATE posts SET status = 'pending', updated_at = ? "
                f"WHERE status = 'processing'{where}",
                [now(), *params],
            )
        if cur.rowcount:
            log.warning("reclaimed %d post(s) a stopped worker had claimed", cur.rowcount)
        return cur.rowcount

    def claim(self, limit: int, platforms: Sequence[str] | None = None) -> list[QueuedPost]:
        """Move up to ``limit`` pending posts (of ``platforms``), oldest first, to
        ``processing``."""
        claimed: list[QueuedPost] = []
        stamp = now()
        where, params = platform_filter(platforms)
        sql = f"SELECT * FROM posts WHERE status = 'pending'{where} ORDER BY id LIMIT ?"
        with write_transaction(self.db):
            rows = list(self.db.query(sql, [*params, limit]))
            for row in rows:
                if row["attempts"] >= self.max_attempts:
                    # Claimed max_attempts times and never finished: the check itself kills
                    # the worker. Give up instead of crashing forever.
                    error = f"gave up after {row['attempts']} attempts (the worker stopped)"
                    self.db.execute(
                        "UPDATE posts SET status = 'failed', last_error = ?, updated_at = ? "
                        "WHERE id = ?",
                        [row["last_error"] or error, stamp, row["id"]],
                    )
                    continue
                self.db.execute(
                    "UPDATE posts SET status = 'processing', attempts = attempts + 1, "
                    "updated_at = ? WHERE id = ?",
                    [stamp, row["id"]],
                )
                claimed.append(
                    QueuedPost(
                        row_id=row["id"],
                        post=post_from_row(row),
                        content_hash=row["content_hash"],
                        attempts=row["attempts"] + 1,
                        case_no=row["case_no"],
                        checked_hash=row["checked_hash"],
                        received=_moment(row["received_at"]),
                    )
                )
        return claimed

    def complete(
        self, item: QueuedPost, *, result: str, decision: str, case_no: int | None
    ) -> bool:
        """Store the check result; False (and nothing stored) if the post was edited meanwhile.

        Call inside the caller's transaction so the result and the planned actions commit
        together.
        """
        cur = self.db.execute(
            "UPDATE posts SET status = 'done', result = ?, decision = ?, case_no = ?, "
            "checked_hash = content_hash, last_error = NULL, updated_at = ? "
            "WHERE id = ? AND content_hash = ? AND status = 'processing'",
            [result, decision, case_no, now(), item.row_id, item.content_hash],
        )
        return cur.rowcount == 1

    def fail(self, item: QueuedPost, error: str) -> str:
        """Record a failed attempt; the post's new status (``pending`` or ``failed``)."""
        error = " ".join(error.split())[:500] or "unknown error"
        status = "failed" if item.attempts >= self.max_attempts else "pending"
        with write_transaction(self.db):
            self.db.execute(
                "UPDATE posts SET status = ?, last_error = ?, updated_at = ? "
                "WHERE id = ? AND content_hash = ? AND status = 'processing'",
                [status, error, now(), item.row_id, item.content_hash],
            )
        log.warning(
            "post %s:%s attempt %d failed (%s): %s",
            item.post.platform,
            item.post.id,
            item.attempts,
            status,
            error,
        )
        return status

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for status, n in self.db.execute("SELECT status, count(*) FROM posts GROUP BY status"):
            out[status] = n
        return out

    def get(self, platform: str, post_id: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "SELECT * FROM posts WHERE platform = ? AND post_id = ?", [platform, post_id]
            )
        )
        return rows[0] if rows else None

    def by_case(self, community: str, case_no: int) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "SELECT * FROM posts WHERE community = ? AND case_no = ?", [community, case_no]
            )
        )
        return rows[0] if rows else None
