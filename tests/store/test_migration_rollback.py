"""A migration that fails is rolled back with everything applied in the same start-up: the file is
left as it was (no half schema, nothing recorded as applied), the error is one line, and a fixed
migration set applies cleanly on the next start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from bot.errors import StoreError
from bot.store import Modlog, open_db

from .conftest import BOT


def _schema(path: Path) -> tuple[list[str], list[str]]:
    """(user tables, applied migrations) as a plain connection sees them."""
    conn = sqlite3.connect(path)
    try:
        tables = sorted(
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        )
        applied: list[str] = []
        if "_sqlite_migrations" in tables:
            applied = [
                f"{r[0]}:{r[1]}"
                for r in conn.execute("SELECT migration_set, name FROM _sqlite_migrations")
            ]
    finally:
        conn.close()
    return tables, applied


def failing_set(*, broken: bool) -> Migrations:
    extra = Migrations("test-rollback")

    @extra()
    def m001_widgets(db: Database) -> None:
        db.execute("CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        db.execute("INSERT INTO widgets (name) VALUES ('first')")

    @extra()
    def m002_widget_size(db: Database) -> None:
        db.execute("ALTER TABLE widgets ADD COLUMN size INTEGER")
        if broken:  # a typo in a shipped migration
            db.execute("CREATE INDEX widgets_colour ON widgets (colour)")
        else:
            db.execute("CREATE INDEX widgets_size ON widgets (size)")

    return extra


def test_a_failing_migration_on_a_fresh_file_leaves_no_schema(db_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_db(db_path, extra_migrations=(failing_set(broken=True),))
    assert str(caught.value) == f"{db_path}: no such column: colour"
    assert _schema(db_path) == ([], [])  # the store's own migrations were rolled back too

    db = open_db(db_path, extra_migrations=(failing_set(broken=False),))
    tables, applied = _schema(db_path)
    assert {"modlog", "cases", "widgets"} <= set(tables)
    assert applied[-2:] == ["test-rollback:m001_widgets", "test-rollback:m002_widget_size"]
    assert db.execute("SELECT name, size FROM widgets").fetchall() == [("first", None)]
    db.close()


def test_a_failing_migration_on_a_live_file_keeps_its_data_and_schema(db_path: Path) -> None:
    db = open_db(db_path)
    Modlog(db).append(community="worldnews", actor=BOT, action="note")
    db.close()
    before = _schema(db_path)

    with pytest.raises(StoreError, match="no such column: colour"):
        open_db(db_path, extra_migrations=(failing_set(broken=True),))
    assert _schema(db_path) == before  # not even m001_widgets stayed

    ro = open_db(db_path, readonly=True)  # the store itself is still complete
    assert Modlog(ro).verify().ok
    assert Modlog(ro).count() == 1
    ro.close()


def test_a_migration_raising_a_python_error_is_rolled_back_and_passes_through(
    db_path: Path,
) -> None:
    extra = Migrations("test-python-error")

    @extra()
    def m001_half(db: Database) -> None:
        db.execute("CREATE TABLE half (id INTEGER PRIMARY KEY)")
        raise ValueError("bad data in row 7")

    with pytest.raises(ValueError, match="bad data in row 7"):
        open_db(db_path, extra_migrations=(extra,))
    assert _schema(db_path) == ([], [])
    # The connection was closed: the file is not left locked for the next start.
    open_db(db_path).close()
