"""Where each moderators' notification was put, so that a platform can update it later.

A platform adapter that posts a notification somewhere it can edit (Discord: a message in a
mod-queue channel) remembers it here; when an edit fixes the post, the adapter finds the messages
of that post again and shows the fix. ``target`` says where (e.g. ``discord:<guild>:<channel>``),
``ref`` what (e.g. the message id). Remembering twice is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils.db import Database

from bot.pipeline import schema
from bot.pipeline.clock import now
from bot.pipeline.ports import Writer
from bot.store.db import write_transaction


@dataclass(frozen=True)
class Notice:
    platform: str  # the post's platform
    post_id: str
    case_no: int
    target: str
    ref: str


class NoticeLog:
    """The ``notices`` table; every call runs on the DB writer."""

    def __init__(self, db: Database, writer: Writer) -> None:
        self.db = db
        self.writer = writer
        schema.ensure(db)

    def _remember(self, notice: Notice) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO notices (platform, post_id, case_no, target, ref, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target, ref) DO NOTHING",
                [notice.platform, notice.post_id, notice.case_no, notice.target, notice.ref, now()],
            )

    def _find(self, platform: str, post_id: str) -> list[Notice]:
        rows = self.db.execute(
            "SELECT platform, post_id, case_no, target, ref FROM notices "
            "WHERE platform = ? AND post_id = ? ORDER BY created_at, target, ref",
            [platform, post_id],
        ).fetchall()
        return [Notice(*row) for row in rows]

    async def remember(self, notice: Notice) -> None:
        await self.writer.run(self._remember, notice)

    async def find(self, platform: str, post_id: str) -> list[Notice]:
        """The notifications of one post, oldest first."""
        return await self.writer.run(self._find, platform, post_id)
