"""The pipeline's tables, created only through the ``newsmod-pipeline`` migration set.

- ``posts``: the durable queue (one row per platform post; the latest content and check result).
- ``actions``: every bot action, keyed ``platform:post_id:rule:kind:content_hash`` so that a
  restart can finish a half-applied action but never repeat one.
- ``findings``: one row per post and rule: open until resolved (an edit fixed it), dismissed or
  confirmed by a moderator.
- ``labels``: moderators' confirm/dismiss verdicts per case and rule, the data behind ``stats``.
- ``dup_posts``, ``dup_keys``: the ``duplicate-post`` rule's history (``bot.dupes.index``).
- ``notices``: where a platform put the moderators' notification of a post (e.g. the Discord
  mod-queue message), so that it can be updated later (an edit fixed the post).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.db import Database

MIGRATIONS = sqlite_utils.Migrations("newsmod-pipeline")


@MIGRATIONS()
def m001_posts(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            post_id TEXT NOT NULL,
            community TEXT NOT NULL,
            title TEXT NOT NULL,
            url TEXT,
            body TEXT NOT NULL DEFAULT '',
            author_id TEXT NOT NULL DEFAULT '',
            author_name TEXT NOT NULL DEFAULT '',
            html_path TEXT,
            embed_title TEXT,
            created_at TEXT,
            content_hash TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'processing', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            received_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            checked_hash TEXT,
            decision TEXT,
            case_no INTEGER,
            result TEXT,
            UNIQUE (platform, post_id)
        )
        """
    )
    db.execute("CREATE INDEX posts_status ON posts (status, id)")
    db.execute("CREATE INDEX posts_case ON posts (community, case_no)")


@MIGRATIONS()
def m002_actions(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE actions (
            key TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            post_id TEXT NOT NULL,
            community TEXT NOT NULL,
            case_no INTEGER,
            rule TEXT NOT NULL,
            kind TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX actions_state ON actions (state, created_at)")
    db.execute("CREATE INDEX actions_post ON actions (platform, post_id)")


@MIGRATIONS()
def m003_findings(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            post_id TEXT NOT NULL,
            community TEXT NOT NULL,
            case_no INTEGER NOT NULL,
            rule TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'resolved', 'dismissed', 'confirmed')),
            confidence REAL NOT NULL,
            message TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '{}',
            content_hash TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            UNIQUE (platform, post_id, rule)
        )
        """
    )
    db.execute("CREATE INDEX findings_case ON findings (community, case_no)")
    db.execute("CREATE INDEX findings_rule ON findings (community, rule)")
    db.execute(
        """
        CREATE TABLE labels (
            community TEXT NOT NULL,
            case_no INTEGER NOT NULL,
            rule TEXT NOT NULL,
            label TEXT NOT NULL CHECK (label IN ('confirmed', 'dismissed')),
            actor TEXT NOT NULL,
            labelled_at TEXT NOT NULL,
            PRIMARY KEY (community, case_no, rule)
        )
        """
    )
    db.execute("CREATE INDEX labels_rule ON labels (community, rule)")


@MIGRATIONS()
def m004_notices(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE notices (
            platform TEXT NOT NULL,
            post_id TEXT NOT NULL,
            case_no INTEGER NOT NULL,
            target TEXT NOT NULL,
            ref TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (target, ref)
        )
        """
    )
    db.execute("CREATE INDEX notices_post ON notices (platform, post_id)")


@MIGRATIONS()
def m005_drop_page_cache(db: Database) -> None:
    """Earlier versions kept every fetched page (170 KB on average) for an hour in a
    ``page_cache`` table; the page cache is in memory now (``bot.fetch.cache``)."""
    db.execute("DROP TABLE IF EXISTS page_cache")


@MIGRATIONS()
def m006_action_retry_at(db: Database) -> None:
    """A failed action waits before its next attempt (NULL: due now), instead of being tried
    again at every idle poll and given up within seconds."""
    db.execute("ALTER TABLE actions ADD COLUMN retry_at TEXT")


@MIGRATIONS()
def m007_action_claims(db: Database) -> None:
    """An action being applied belongs to whoever started it (``claimed_by``) until it is done,
    fails, or its lease runs out (``claimed_until``): the retry of pending actions skips it."""
    db.execute("ALTER TABLE actions ADD COLUMN claimed_by TEXT")
    db.execute("ALTER TABLE actions ADD COLUMN claimed_until TEXT")


@MIGRATIONS()
def m008_duplicates(db: Database) -> None:
    """The ``duplicate-post`` rule's history (``bot.dupes.index``): a signature per post and a
    compact key index, clustered by (key, time), that finds the earlier posts sharing a key."""
    db.execute(
        """
        CREATE TABLE dup_posts (
            ref INTEGER PRIMARY KEY,  -- posts.id
            community TEXT NOT NULL,
            posted REAL NOT NULL,  -- when it was posted, Unix seconds
            sig TEXT NOT NULL,  -- the signature, JSON
            hashes TEXT NOT NULL  -- its keys in dup_keys (to replace them after an edit)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE dup_keys (
            key INTEGER NOT NULL,
            posted REAL NOT NULL,
            ref INTEGER NOT NULL,
            PRIMARY KEY (key, posted, ref)
        ) WITHOUT ROWID
        """
    )


@MIGRATIONS()
def m009_post_permalink(db: Database) -> None:
    """The post's own page on its platform (the Lemmy post, the Discord message or thread), so
    that a duplicate's evidence links the earlier post and not only its article. NULL for posts
    stored before."""
    db.execute("ALTER TABLE posts ADD COLUMN permalink TEXT")


def ensure(db: Database) -> None:
    """Apply the pipeline's pending migrations, if any (``open_db(extra_migrations=...)``
    normally has; this keeps a bare ``Database(memory=True)`` usable and writes nothing
    otherwise, so read-only databases work)."""
    if MIGRATIONS.pending(db):
        MIGRATIONS.apply(db)
