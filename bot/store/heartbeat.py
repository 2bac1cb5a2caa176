"""Heartbeats: when ``newsmod run`` last showed each platform and community alive, and the last
error it met there; ``newsmod status`` reads them.

``newsmod run`` beats for itself (platform ``newsmod``) every ``BEAT_SECONDS``, after each Lemmy
poll round (per watched community) and on Discord gateway events (at most once every
``BEAT_SECONDS``). One row per (platform, community), updated in place: this is state, not a log.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlite_utils
from sqlite_utils.db import Database

from bot.pipeline.ports import Writer
from bot.store.db import write_transaction

MIGRATIONS = sqlite_utils.Migrations("newsmod-ops")
#: How often the running bot says it is alive, at least (and at most per platform event).
BEAT_SECONDS = 30.0
SELF = "newsmod"

Clock = Callable[[], datetime]


@MIGRATIONS()
def m001_heartbeats(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE heartbeats (
            platform TEXT NOT NULL,
            community TEXT NOT NULL DEFAULT '',
            seen_at TEXT NOT NULL,
            ok_at TEXT,
            detail TEXT NOT NULL DEFAULT '',
            error TEXT,
            error_at TEXT,
            PRIMARY KEY (platform, community)
        )
        """
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


def record(
    db: Database,
    platform: str,
    community: str,
    at: datetime,
    detail: str = "",
    error: str | None = None,
) -> None:
    """A beat (``error`` None) or a failure seen at ``at``."""
    stamp = at.astimezone(UTC).isoformat(timespec="seconds")
    with write_transaction(db) as conn:
        conn.execute(
            "INSERT OR IGNORE INTO heartbeats (platform, community, seen_at) VALUES (?, ?, ?)",
            [platform, community, stamp],
        )
        if error is None:
            conn.execute(
                "UPDATE heartbeats SET seen_at = ?, ok_at = ?, detail = ? "
                "WHERE platform = ? AND community = ?",
                [stamp, stamp, detail, platform, community],
            )
        else:
            conn.execute(
                "UPDATE heartbeats SET seen_at = ?, error = ?, error_at = ? "
                "WHERE platform = ? AND community = ?",
                [stamp, " ".join(error.split())[:500], stamp, platform, community],
            )


def heartbeats(db: Database) -> list[dict[str, Any]]:
    """Every row, by platform and community; [] when the bot never ran with heartbeats."""
    if not db["heartbeats"].exists():
        return []
    return list(db.query("SELECT * FROM heartbeats ORDER BY platform, community"))


class Heartbeat:
    """Writes beats through the database writer; repeated beats of one key are thinned out."""

    def __init__(
        self, db: Database, writer: Writer, *, every: float = BEAT_SECONDS, clock: Clock = utc_now
    ) -> None:
        self.db = db
        self.writer = writer
        self.every = every
        self.clock = clock
        self._last: dict[tuple[str, str], datetime] = {}

    async def ok(self, platform: str, community: str = "", detail: str = "") -> None:
        at = self.clock()
        last = self._last.get((platform, community))
        if last is not None and (at - last).total_seconds() < self.every:
            return
        self._last[(platform, community)] = at
        await self.writer.run(record, self.db, platform, community, at, detail)

    async def failed(self, platform: str, community: str, error: str) -> None:
        await self.writer.run(record, self.db, platform, community, self.clock(), "", error)

    async def run(self, stop: asyncio.Event, detail: str = "") -> None:
        """Beat for the process itself until ``stop`` is set."""
        detail = detail or f"pid {os.getpid()}"
        while not stop.is_set():
            self._last.pop((SELF, ""), None)
            await self.ok(SELF, "", detail)
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.every)
            except TimeoutError:
                continue
