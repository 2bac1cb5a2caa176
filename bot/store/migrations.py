"""The store's schema, created and changed only through ``sqlite_utils.Migrations``.

The store owns one migration set, :data:`STORE_MIGRATIONS` (``newsmod-store``): the modlog, its
rule side table, cases, settings and source-list overrides. Other packages keep their own sets
(e.g. ``bot.pipeline.schema.MIGRATIONS``) and hand them to ``open_db(path,
extra_migrations=(...))``, which applies the store's set first, then theirs, in order. There is
no module-level registry to populate: whoever opens the database says which schema it needs.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database, Migrations

STORE_MIGRATIONS = Migrations("newsmod-store")

_APPEND_ONLY_TABLES = ("modlog", "modlog_rules", "cases")


@STORE_MIGRATIONS()
def m001_modlog(db: Database) -> None:
    """Cases, the hash-chained modlog, its rule side table, indexes and append-only triggers."""
    db.execute(
        """
        CREATE TABLE cases (
            community TEXT NOT NULL,
            number INTEGER NOT NULL CHECK (number > 0),
            platform TEXT NOT NULL,
            post_platform_id TEXT NOT NULL,
            post_url TEXT NOT NULL DEFAULT '',
            post_title TEXT NOT NULL DEFAULT '',
            author_id TEXT NOT NULL DEFAULT '',
            author_name TEXT NOT NULL DEFAULT '',
            opened_at TEXT NOT NULL,
            PRIMARY KEY (community, number),
            UNIQUE (community, platform, post_platform_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE modlog (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            platform TEXT NOT NULL DEFAULT '',
            community TEXT NOT NULL,
            case_number INTEGER,
            actor_id TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            actor_kind TEXT NOT NULL CHECK (actor_kind IN ('bot', 'moderator', 'platform')),
            action TEXT NOT NULL,
            post_platform_id TEXT NOT NULL DEFAULT '',
            post_url TEXT NOT NULL DEFAULT '',
            post_title TEXT NOT NULL DEFAULT '',
            author_id TEXT NOT NULL DEFAULT '',
            author_name TEXT NOT NULL DEFAULT '',
            rules TEXT NOT NULL DEFAULT '[]',
            reason TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '{}',
            config_version TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            FOREIGN KEY (community, case_number) REFERENCES cases (community, number)
        )
        """
    )
    # Keyset pages are "newest first": every index ends in id so ORDER BY id DESC walks it.
    for name, columns in (
        ("modlog_community", "community, id"),
        ("modlog_community_action", "community, action, id"),
        ("modlog_action", "action, id"),
        ("modlog_case", "community, case_number, id"),
        ("modlog_author_id", "author_id, id"),
        ("modlog_author_name", "author_name, id"),
        ("modlog_actor_id", "actor_id, id"),
        ("modlog_actor_name", "actor_name, id"),
        ("modlog_post", "post_platform_id, id"),
        ("modlog_post_url", "post_url, id"),
        ("modlog_time", "time, id"),
    ):
        db.execute(f"CREATE INDEX {name} ON modlog ({columns})")
    db.execute(
        """
        CREATE TABLE modlog_rules (
            community TEXT NOT NULL,
            rule TEXT NOT NULL,
            entry_id INTEGER NOT NULL REFERENCES modlog (id),
            PRIMARY KEY (community, rule, entry_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX modlog_rules_rule ON modlog_rules (rule, entry_id)")
    db.execute("CREATE INDEX modlog_rules_entry ON modlog_rules (entry_id)")
    for table in _APPEND_ONLY_TABLES:
        for event in ("UPDATE", "DELETE"):
            db.execute(
                f"""
                CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}
                BEGIN
                    SELECT RAISE(ABORT, '{table} is append-only: {event} refused');
                END
                """
            )


@STORE_MIGRATIONS()
def m002_settings(db: Database) -> None:
    """Per-platform/scope settings and moderators' source-list overrides (mutable state)."""
    db.execute(
        """
        CREATE TABLE settings (
            platform TEXT NOT NULL,
            scope_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (platform, scope_id, key)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE source_overrides (
            community TEXT NOT NULL,
            list_name TEXT NOT NULL,
            domain TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('add', 'remove')),
            actor_id TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (community, list_name, domain)
        )
        """
    )


@STORE_MIGRATIONS()
def m003_case_number_index(db: Database) -> None:
    """``newsmod case N`` without a community looks a number up across communities."""
    db.execute("CREATE INDEX cases_number ON cases (number)")


@STORE_MIGRATIONS()
def m004_lemmy_high_water(db: Database) -> None:
    """Per watched Lemmy community, the newest post the poller has read through
    (``bot.lemmy.marks``): a restart or an outage resumes there, whatever the backlog."""
    db.execute(
        """
        CREATE TABLE lemmy_high_water (
            community TEXT PRIMARY KEY,
            published TEXT NOT NULL,
            post_id INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )


@STORE_MIGRATIONS()
def m005_modlog_commitments(db: Database) -> None:
    """Chain version 2 (``bot.store.chain``): a random key for the commitments of the fields the
    public view hides, kept here for good (no UPDATE or DELETE), and each entry's chain version
    (entries logged before this migration keep version 1 and their hashes)."""
    db.execute(
        """
        CREATE TABLE modlog_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            key TEXT NOT NULL CHECK (length(key) = 64)
        )
        """
    )
    db.execute("INSERT INTO modlog_key (id, key) VALUES (1, lower(hex(randomblob(32))))")
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"""
            CREATE TRIGGER modlog_key_no_{event.lower()} BEFORE {event} ON modlog_key
            BEGIN
                SELECT RAISE(ABORT, 'modlog_key is permanent: {event} refused');
            END
            """
        )
    db.execute("ALTER TABLE modlog ADD COLUMN chain INTEGER NOT NULL DEFAULT 1")


def apply_migrations(db: Database, sets: Iterable[Migrations]) -> None:
    """Apply every pending migration of each set, in order (idempotent).

    Pending migrations are applied under ``BEGIN IMMEDIATE`` (each one a savepoint inside it),
    so two processes starting on a fresh file at once do not both try to create the schema:
    the second waits for the lock and then finds nothing left to do. A set with a
    non-transactional migration (e.g. ``VACUUM``) is applied without that outer transaction.
    """
    sets = list(sets)
    pending = [mig for m in sets for mig in m.pending(db)]
    if not pending:
        return
    if not all(mig.transactional for mig in pending) or db.conn.in_transaction:
        for migrations in sets:
            migrations.apply(db)
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        for migrations in sets:
            migrations.apply(db)  # re-reads what is applied, now under the write lock
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def pending_migrations(db: Database, sets: Iterable[Migrations]) -> list[str]:
    """``set:name`` of each migration not yet applied (a read-only check)."""
    return [f"{m.name}:{mig.name}" for m in sets for mig in m.pending(db)]


def ensure_store_schema(db: Database) -> None:
    """Apply the store's migrations if a caller handed us a fresh database (tests, tools)."""
    apply_migrations(db, (STORE_MIGRATIONS,))
