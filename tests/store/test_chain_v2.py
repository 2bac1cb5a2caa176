"""Chain version 2: hidden fields enter the hash only as keyed commitments; databases made before
migration m005 keep their version-1 entries, and the whole chain still verifies."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from bot.store import Actor, Modlog, PostRef, open_db
from bot.store.chain import (
    CHAIN_VERSION,
    GENESIS,
    HASHED_COLUMNS,
    SECRET_COLUMNS,
    canonical_json,
    entry_hash,
    entry_hash_v2,
    read_key,
)
from bot.store.migrations import m001_modlog, m002_settings, m003_case_number_index
from tests.store.tamper import tamper

MOD = Actor("u-1", "alice", "moderator")
POST = PostRef("lemmy", "p1", "https://news.example/a", "A title", "a-1", "author")


def _old_database(path: Path, entries: int) -> None:
    """A database as newsmod made it before m005: its first migrations, version-1 hashes."""
    db = Database(path)
    old = Migrations("newsmod-store")
    for migration in (m001_modlog, m002_settings, m003_case_number_index):
        old()(migration)
    old.apply(db)
    prev = GENESIS
    for n in range(1, entries + 1):
        values = [
            n, f"2026-01-01T00:00:{n:02d}.000Z", "lemmy", "world", None, "u-1", "alice",
            "moderator", "note", "p1", POST.url, POST.title, "a-1", "author", "[]",
            f"private note {n}", canonical_json({"k": n}), "cfg", prev,
        ]  # fmt: skip
        prev = entry_hash(values)
        columns = ", ".join(HASHED_COLUMNS)
        db.execute(
            f"INSERT INTO modlog ({columns}, hash) VALUES ({', '.join('?' * 20)})",
            [*values, prev],
        )
    db.conn.commit()
    db.close()


@pytest.fixture
def migrated(tmp_path: Path) -> tuple[Path, Modlog]:
    path = tmp_path / "old.db"
    _old_database(path, 3)
    modlog = Modlog(open_db(path))  # applies m005
    return path, modlog


def test_old_entries_keep_their_hashes_and_the_chain_verifies(migrated) -> None:
    _, modlog = migrated
    assert modlog.verify().ok
    assert [modlog.get(n).chain for n in (1, 2, 3)] == [1, 1, 1]  # type: ignore[union-attr]
    new = modlog.append(community="world", actor=MOD, action="note", reason="n4", post=POST)
    assert new.chain == CHAIN_VERSION
    assert new.prev_hash == modlog.get(3).hash  # type: ignore[union-attr]
    result = modlog.verify()
    assert (result.ok, result.checked) == (True, 4)


def test_new_hashes_depend_on_the_key_not_only_on_the_fields(migrated) -> None:
    _, modlog = migrated
    new = modlog.append(community="world", actor=MOD, action="note", reason="n4", post=POST)
    columns = ", ".join(HASHED_COLUMNS)
    values = modlog.db.conn.execute(f"SELECT {columns} FROM modlog WHERE id = 4").fetchone()
    key = read_key(modlog.db.conn)
    assert len(key) == 32
    assert entry_hash_v2(key, values, 1) == new.hash
    assert entry_hash_v2(b"\0" * 32, values, 1) != new.hash
    assert entry_hash(values) != new.hash


@pytest.mark.parametrize("column", SECRET_COLUMNS)
def test_editing_a_hidden_field_of_a_new_entry_breaks_the_chain(migrated, column) -> None:
    path, modlog = migrated
    modlog.append(community="world", actor=MOD, action="note", reason="n4", post=POST)
    value = json.dumps({"x": 1}) if column == "evidence" else "mallory"
    tamper(path, f"UPDATE modlog SET {column} = '{value}' WHERE id = 4")
    result = modlog.verify()
    assert (result.ok, result.first_bad_id) == (False, 4)
    assert "altered" in result.reason


def test_a_new_entry_cannot_be_downgraded_to_an_unkeyed_hash(migrated) -> None:
    path, modlog = migrated
    modlog.append(community="world", actor=MOD, action="note", reason="n4", post=POST)
    modlog.append(community="world", actor=MOD, action="note", reason="n5", post=POST)
    columns = ", ".join(HASHED_COLUMNS)
    values = list(modlog.db.conn.execute(f"SELECT {columns} FROM modlog WHERE id = 5").fetchone())
    values[HASHED_COLUMNS.index("reason")] = "forged"
    tamper(
        path,
        f"UPDATE modlog SET reason = 'forged', chain = 1, hash = '{entry_hash(values)}' "
        "WHERE id = 5",
    )
    result = modlog.verify()
    assert (result.ok, result.first_bad_id) == (False, 5)


def test_the_key_is_permanent(migrated) -> None:
    _, modlog = migrated
    with pytest.raises(sqlite3.IntegrityError, match="permanent"):
        modlog.db.execute("UPDATE modlog_key SET key = ?", ["0" * 64])
    with pytest.raises(sqlite3.IntegrityError, match="permanent"):
        modlog.db.execute("DELETE FROM modlog_key")


def test_public_proof_of_an_old_entry_is_empty_and_of_a_new_one_complete(migrated) -> None:
    _, modlog = migrated
    new = modlog.append(community="world", actor=MOD, action="note", reason="n4", post=POST)
    old = modlog.get(3)
    assert old is not None
    assert modlog.public_proof(old) == {
        "chain": 1,
        "hash": "",
        "prev_hash": "",
        "commitments": {},
    }
    proof = modlog.public_proof(new)
    assert proof["hash"] == new.hash
    # The link to a version-1 predecessor is a commitment, not that predecessor's hash.
    assert proof["prev_hash"] not in (old.hash, "")
    assert set(proof["commitments"]) == set(SECRET_COLUMNS)
