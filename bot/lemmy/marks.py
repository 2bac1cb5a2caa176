"""The poller's high-water marks: per watched community, the newest post it has read through.

A mark is only moved once a walk reached the previous one, so every post newer than a stored mark
has been submitted to the pipeline's (durable) queue. ``DbMarks`` keeps them in the store's
``lemmy_high_water`` table (migration ``m004_lemmy_high_water``), so a restart or an outage
resumes where the bot stopped, whatever the backlog; ``MemoryMarks`` is for tools and tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlite_utils.db import Database

from bot.pipeline.ports import Writer
from bot.store.db import write_transaction
from bot.store.entries import utc_iso, utc_now


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a New listing: Lemmy sorts by ``published``, then by id."""

    published: datetime
    post_id: int


class Marks(Protocol):
    async def get(self, community: str) -> Mark | None: ...

    async def set(self, community: str, mark: Mark) -> None: ...


class MemoryMarks:
    def __init__(self) -> None:
        self.marks: dict[str, Mark] = {}

    async def get(self, community: str) -> Mark | None:
        return self.marks.get(community)

    async def set(self, community: str, mark: Mark) -> None:
        self.marks[community] = mark


class DbMarks:
    """Marks in SQLite; blocking work runs through ``writer``."""

    def __init__(self, db: Database, writer: Writer) -> None:
        self.db = db
        self.writer = writer

    def _get(self, community: str) -> Mark | None:
        row = self.db.execute(
            "SELECT published, post_id FROM lemmy_high_water WHERE community = ?", [community]
        ).fetchone()
        return None if row is None else Mark(datetime.fromisoformat(row[0]), int(row[1]))

    def _set(self, community: str, mark: Mark) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO lemmy_high_water (community, published, post_id, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (community) DO UPDATE SET "
                "published = excluded.published, post_id = excluded.post_id, "
                "updated_at = excluded.updated_at",
                [community, mark.published.isoformat(), mark.post_id, utc_iso(utc_now())],
            )

    async def get(self, community: str) -> Mark | None:
        return await self.writer.run(self._get, community)

    async def set(self, community: str, mark: Mark) -> None:
        await self.writer.run(self._set, community, mark)
