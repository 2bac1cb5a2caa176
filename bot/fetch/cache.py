"""Fetched pages cached by URL in SQLite (table ``page_cache``) with a time-to-live.

The cache is handed its :class:`sqlite_utils.Database` (memory in tests, the bot's file in
production) and a clock, so expiry is tested without sleeping. Its table comes from the
``newsmod-fetch`` migration set, :data:`MIGRATIONS`. Only successful pages are
stored; an expired row is never returned and is deleted on the next write. A page fetched as
bytes is stored as bytes (with its header charset) and comes back undecoded, like the fetcher
hands it out; rows written as text (before ``m002``, or from a text ``Page``) stay readable.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urldefrag

import sqlite_utils

from bot.errors import ConfigError
from bot.models import Page

log = logging.getLogger(__name__)

TABLE = "page_cache"

#: The cache's schema (``newsmod-fetch``); pass it to ``open_db(extra_migrations=[...])``.
MIGRATIONS = sqlite_utils.Migrations("newsmod-fetch")


@MIGRATIONS()
def m001_page_cache(db: sqlite_utils.Database) -> None:
    """Fetched pages by URL; ``fetched_at`` (clock seconds) drives expiry."""
    db.execute(
        """
        CREATE TABLE page_cache (
            url TEXT PRIMARY KEY,
            final_url TEXT NOT NULL,
            status INTEGER NOT NULL,
            content_type TEXT NOT NULL DEFAULT '',
            encoding TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            redirects TEXT NOT NULL DEFAULT '[]',
            truncated INTEGER NOT NULL DEFAULT 0,
            fetched_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX page_cache_fetched_at ON page_cache (fetched_at)")


@MIGRATIONS()
def m002_page_cache_body(db: sqlite_utils.Database) -> None:
    """The bytes as received and their header charset (``text`` is then ''): the writer
    thread stores a page without decoding it, and a hit is decoded where it is read."""
    db.execute("ALTER TABLE page_cache ADD COLUMN body BLOB")
    db.execute("ALTER TABLE page_cache ADD COLUMN charset TEXT")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Apply the cache's pending migrations, if any (``open_db`` normally has already)."""
    if MIGRATIONS.pending(db):
        MIGRATIONS.apply(db)


def cache_key(url: str) -> str:
    """The key a URL is cached under: stripped, without its fragment (never sent anyway)."""
    return urldefrag(url.strip())[0]


class PageCache:
    """Pages by URL with a TTL. ``clock`` returns seconds (``time.time`` unless injected).

    The methods are synchronous, short SQLite calls; ``Fetcher`` runs them through its
    ``db_runner`` so that, in the bot, they happen on the database thread.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        ttl: float = 3600,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if isinstance(ttl, bool) or not isinstance(ttl, int | float) or not math.isfinite(ttl):
            raise ConfigError("page cache: ttl: must be a positive number of seconds")
        if ttl <= 0:
            raise ConfigError("page cache: ttl: must be a positive number of seconds")
        self.db = db
        self.ttl = float(ttl)
        self._clock = clock
        ensure_schema(db)

    def get(self, url: str) -> Page | None:
        """The cached page for ``url`` if it is younger than the TTL, marked ``from_cache``."""
        rows = list(self.db.query(f"SELECT * FROM {TABLE} WHERE url = ?", [cache_key(url)]))
        if not rows:
            return None
        row = rows[0]
        if self._clock() - float(row["fetched_at"]) >= self.ttl:
            return None
        try:
            redirects = [str(u) for u in json.loads(row["redirects"] or "[]")]
        except (ValueError, TypeError):
            log.warning("page_cache row for %s has bad redirects JSON; ignoring it", row["url"])
            return None
        common: dict[str, Any] = {
            "url": url,
            "final_url": row["final_url"] or url,
            "status": int(row["status"] or 0),
            "content_type": row["content_type"] or "",
            "redirects": redirects,
            "truncated": bool(row["truncated"]),
            "from_cache": True,
        }
        body = row["body"]
        if body is not None:
            return Page(**common, body=bytes(body), charset=row["charset"])
        return Page(**common, text=row["text"] or "", encoding=row["encoding"] or "")

    def put(self, page: Page) -> bool:
        """Store a successful page (returns False, storing nothing, for a failed one)."""
        if not page.ok:
            return False
        now = self._clock()
        record = {
            "url": cache_key(page.url),
            "final_url": page.final_url,
            "status": page.status,
            "content_type": page.content_type,
            # a page's bytes are stored undecoded (its encoding is known once it is decoded)
            "encoding": "" if page.body is not None else page.encoding,
            "text": "" if page.body is not None else page.text,
            "body": page.body,
            "charset": page.charset,
            "redirects": json.dumps(page.redirects),
            "truncated": int(page.truncated),
            "fetched_at": now,
        }
        with self.db.conn:
            self.db.table(TABLE).insert(record, pk="url", replace=True)
            self._delete_expired(now)
        return True

    def purge(self) -> int:
        """Delete every expired row; returns how many went."""
        with self.db.conn:
            return self._delete_expired(self._clock())

    def _delete_expired(self, now: float) -> int:
        cursor = self.db.execute(
            f"DELETE FROM {TABLE} WHERE fetched_at <= ?",
            [now - self.ttl],
        )
        return int(cursor.rowcount)

    def __len__(self) -> int:
        return self.db.table(TABLE).count
