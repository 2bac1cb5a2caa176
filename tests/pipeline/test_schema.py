"""The pipeline's migration set on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from bot.pipeline.schema import MIGRATIONS
from bot.store.db import open_db


def test_the_old_page_cache_table_is_dropped_by_the_migration(tmp_path: Path) -> None:
    """A database from an earlier version held every fetched page in ``page_cache``."""
    path = tmp_path / "newsmod.db"
    old = sqlite_utils.Database(path)
    old.execute("CREATE TABLE page_cache (url TEXT PRIMARY KEY, text TEXT NOT NULL)")
    old.execute("INSERT INTO page_cache VALUES ('https://news.example/a', '<p>old</p>')")
    old.conn.commit()
    old.conn.close()
    db = open_db(path, extra_migrations=[MIGRATIONS])
    assert "page_cache" not in db.table_names()
    assert "posts" in db.table_names()
    assert MIGRATIONS.pending(db) == []
    db.conn.close()
    again = open_db(path, extra_migrations=[MIGRATIONS])  # applied once; reopening is a no-op
    assert "page_cache" not in again.table_names()
    again.conn.close()
