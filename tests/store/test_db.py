from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from bot.errors import StoreError
from bot.store import Modlog, open_db, resolve_db_path
from bot.store.db import SchemaOutOfDate, write_transaction

from .conftest import BOT, post


def test_resolve_db_path_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMOD_DB", "/srv/env.db")
    assert resolve_db_path("cli.db") == Path("cli.db")
    assert resolve_db_path(None) == Path("/srv/env.db")
    monkeypatch.delenv("NEWSMOD_DB")
    assert resolve_db_path(None) == Path("newsmod.db")


def test_open_db_sets_wal_timeout_foreign_keys(db_path: Path) -> None:
    db = open_db(db_path)
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"modlog", "modlog_rules", "cases", "settings", "source_overrides"} <= set(
        db.table_names()
    )
    db.close()
    # Re-opening applies nothing twice.
    again = open_db(db_path)
    names = [r["name"] for r in again["_sqlite_migrations"].rows]
    assert names == sorted(set(names), key=names.index)
    again.close()


def test_extra_migrations_are_applied_after_the_store(db_path: Path) -> None:
    extra = Migrations("test-extra")

    @extra()
    def m001_things(db: Database) -> None:
        db.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")

    db = open_db(db_path, extra_migrations=(extra,))
    assert "things" in db.table_names()
    db.close()
    ro = open_db(db_path, readonly=True, extra_migrations=(extra,))
    assert "things" in ro.table_names()
    ro.close()


def test_garbage_file_is_one_line_store_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not sqlite at all\x00\xff" * 200)
    for readonly in (False, True):
        with pytest.raises(StoreError) as info:
            open_db(path, readonly=readonly)
        message = str(info.value)
        assert str(path) in message
        assert "not a valid SQLite database" in message
        assert "\n" not in message
    assert path.read_bytes().startswith(b"this is not sqlite")  # nothing overwritten


def test_corrupt_pages_surface_as_store_error(db_path: Path) -> None:
    db = open_db(db_path)
    modlog = Modlog(db)
    for i in range(300):
        case = modlog.open_case("c", post(i))
        modlog.append(community="c", case=case, actor=BOT, action="flag", reason="x" * 200)
    db.close()  # checkpoints the WAL into the main file
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[2 * page :] = b"\xde\xad\xbe\xef" * ((len(data) - 2 * page) // 4)
    db_path.write_bytes(bytes(data))

    def open_and_verify() -> None:
        Modlog(open_db(db_path, readonly=True)).verify()

    with pytest.raises(StoreError) as info:
        open_and_verify()
    assert str(db_path) in str(info.value)


def test_missing_file_read_only(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database file"):
        open_db(tmp_path / "absent.db", readonly=True)
    assert not (tmp_path / "absent.db").exists()


def test_unopenable_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        open_db(tmp_path / "no" / "such" / "dir" / "x.db")
    with pytest.raises(StoreError, match="is a directory"):
        open_db(tmp_path)


def test_read_only_refuses_missing_schema(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    sqlite3.connect(path).execute("CREATE TABLE other (x)").connection.close()
    with pytest.raises(StoreError, match="not a newsmod database"):
        open_db(path, readonly=True)


def test_read_only_reports_pending_migrations(db_path: Path) -> None:
    extra = Migrations("test-later")

    @extra()
    def m001_later(db: Database) -> None:
        db.execute("CREATE TABLE later (id INTEGER PRIMARY KEY)")

    open_db(db_path).close()
    with pytest.raises(SchemaOutOfDate, match=r"migration\(s\) not applied: test-later:m001_later"):
        open_db(db_path, readonly=True, extra_migrations=(extra,))


def test_read_only_cannot_write(db_path: Path) -> None:
    open_db(db_path).close()
    ro = open_db(db_path, readonly=True)
    with pytest.raises(StoreError, match="read-only"):
        Modlog(ro).append(community="c", actor=BOT, action="note", reason="x")
    ro.close()


def test_locked_database_is_store_error(db_path: Path) -> None:
    holder = open_db(db_path)
    holder.conn.execute("BEGIN IMMEDIATE")
    try:
        other = open_db(db_path, busy_timeout=0.01)
        with pytest.raises(StoreError, match="locked"):
            Modlog(other).append(community="c", actor=BOT, action="note", reason="x")
        other.close()
    finally:
        holder.conn.execute("ROLLBACK")
        holder.close()


def test_write_transaction_nests_as_savepoint(db_path: Path) -> None:
    db = open_db(db_path)
    modlog = Modlog(db)

    def fail_midway() -> None:
        with write_transaction(db):
            modlog.append(community="c", actor=BOT, action="note", reason="kept?")
            raise RuntimeError("roll back everything")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert modlog.count() == 0
    with write_transaction(db):
        modlog.append(community="c", actor=BOT, action="note", reason="kept")
    assert modlog.count() == 1
    db.close()


def test_memory_path_is_usable() -> None:
    db = open_db(":memory:")
    Modlog(db).append(community="c", actor=BOT, action="note")
    assert Modlog(db).verify().ok
    with pytest.raises(StoreError):
        open_db(":memory:", readonly=True)
