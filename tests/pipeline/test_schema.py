"""The pipeline's migration set on a real SQLite file, and what older databases held."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from bot.models import Post
from bot.pipeline.actions import PendingAction
from bot.pipeline.queue import PostQueue, post_from_row
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


def test_posts_gain_a_permalink_column_and_older_rows_read_as_none(tmp_path: Path) -> None:
    """A database made before ``m009_post_permalink`` keeps its posts; they have no permalink."""
    path = tmp_path / "newsmod.db"
    old = sqlite_utils.Database(path)
    MIGRATIONS.apply(old, stop_before="m009_post_permalink")
    assert "permalink" not in old["posts"].columns_dict
    old.execute(
        "INSERT INTO posts (platform, post_id, community, title, url, content_hash, "
        "received_at, updated_at) VALUES ('lemmy', '7', 'c', 'Old post', 'https://e.org/a', "
        "'h', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
    )
    old.conn.commit()
    old.conn.close()
    db = open_db(path, extra_migrations=[MIGRATIONS])
    assert db["posts"].columns_dict["permalink"] is str
    stored = PostQueue(db).get("lemmy", "7")
    assert stored is not None
    post = post_from_row(stored)
    assert (post.id, post.title, post.permalink) == ("7", "Old post", None)
    db.conn.close()


def test_an_action_stored_before_permalinks_still_loads() -> None:
    """``actions.payload`` holds ``Post.to_json()`` as it was: older ones lack ``permalink``."""
    post = Post("p1", "T", "https://e.org/1", platform="lemmy", community="c")
    payload = {"post": {k: v for k, v in post.to_json().items() if k != "permalink"}}
    row = {"key": "k", "kind": "comment", "rule": "ragebait", "community": "c", "case_no": 3,
           "payload": json.dumps(payload)}  # fmt: skip
    assert PendingAction.from_row(row).post == post
