"""The chain's public proof, the missing-key break and the modlog's error label, pinned
(mutation survivors of bot.store.chain and bot.store.modlog)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.errors import StoreError
from bot.store import Modlog, open_db
from bot.store.chain import public_proof
from bot.store.entries import VerifyResult

from .test_chain_v2 import MOD, POST, _old_database

#: A fixed key handed to ``public_proof`` (the database's own key is random).
KEY = bytes(range(32))
#: The version-1 hash of entry 3 of ``_old_database`` (fixed fields, fixed times).
V1_HASH_OF_ENTRY_3 = "9cebfda0e0c5bc9a224053f2f9b7aabcc9a14172cfced128c8e18cf2b6d97a44"
#: Entry 4's link to its version-1 predecessor under KEY: the commitment of entry 3's hash.
LINK_OF_ENTRY_4 = "643b5ece17eb09b60c1960681eca7ea0a3e927561dc0c15a6261092fec022225"
#: Entry 4's commitments under KEY (actor u-1/alice, reason "n4", no evidence).
COMMITMENTS_OF_ENTRY_4 = {
    "actor_id": "4418259615d2435cbeaf01ea477e754724fd816bf40d3baf9136133d2cf8489f",
    "actor_name": "9846b9af5c211cb0f529bf263ff939d955ec77ee4c51bd9127d4896cfea1bf40",
    "reason": "b3e7ed28678d0fe29b4ac55ca01b4634d1cd312b2cc80aeb96fd275b0b48595d",
    "evidence": "2798892a926efa295e0b5fb76fc5dfcd8401bbf0ad3caea515706b5079afdfb0",
}


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, Modlog]:
    """Three version-1 entries (made before m005), then entries 4 and 5 of version 2."""
    path = tmp_path / "old.db"
    _old_database(path, 3)
    modlog = Modlog(open_db(path))
    modlog.append(community="world", actor=MOD, action="note", reason="n4", post=POST)
    modlog.append(community="world", actor=MOD, action="note", reason="n5", post=POST)
    return path, modlog


def test_the_link_to_a_v1_predecessor_is_the_commitment_of_its_hash() -> None:
    message = b"4\x1fprev_hash\x1f" + V1_HASH_OF_ENTRY_3.encode()
    digest = hashlib.blake2b(message, key=KEY, digest_size=32, person=b"newsmod-commit")
    assert digest.hexdigest() == LINK_OF_ENTRY_4


def test_public_proof_of_a_v2_entry_after_a_v1_one_is_pinned(mixed: tuple[Path, Modlog]) -> None:
    _, modlog = mixed
    entry_3, entry_4 = modlog.get(3), modlog.get(4)
    assert entry_3 is not None
    assert entry_4 is not None
    assert entry_3.hash == V1_HASH_OF_ENTRY_3
    assert public_proof(modlog.db.conn, KEY, 4) == {
        "chain": 2,
        "hash": entry_4.hash,
        "prev_hash": LINK_OF_ENTRY_4,
        "commitments": COMMITMENTS_OF_ENTRY_4,
    }


def test_public_proof_links_a_v2_entry_to_its_v2_predecessor_by_its_hash(
    mixed: tuple[Path, Modlog],
) -> None:
    _, modlog = mixed
    entry_4, entry_5 = modlog.get(4), modlog.get(5)
    assert entry_4 is not None
    assert entry_5 is not None
    proof = public_proof(modlog.db.conn, KEY, 5)
    assert (proof["chain"], proof["hash"], proof["prev_hash"]) == (2, entry_5.hash, entry_4.hash)


def test_public_proof_of_an_unknown_entry_is_empty(mixed: tuple[Path, Modlog]) -> None:
    _, modlog = mixed
    assert public_proof(modlog.db.conn, KEY, 99) == {
        "chain": 0,
        "hash": "",
        "prev_hash": "",
        "commitments": {},
    }


def _drop_key(modlog: Modlog) -> None:
    conn = modlog.db.conn
    conn.execute("DROP TRIGGER modlog_key_no_delete")
    conn.execute("DELETE FROM modlog_key")
    conn.commit()


def test_a_v2_entry_without_the_chain_key_is_named(mixed: tuple[Path, Modlog]) -> None:
    _, modlog = mixed
    _drop_key(modlog)
    assert modlog.verify() == VerifyResult(
        False, 3, 4, "entry 4: the database has no chain key (modlog_key)"
    )


def test_public_proof_names_the_database_file_when_it_cannot_be_read(
    mixed: tuple[Path, Modlog],
) -> None:
    path, modlog = mixed
    entry = modlog.get(4)
    assert entry is not None
    modlog.db.conn.execute("DROP TABLE modlog_key")
    modlog.db.conn.commit()
    fresh = Modlog(modlog.db)  # reads the key on first use
    with pytest.raises(StoreError) as caught:
        fresh.public_proof(entry)
    assert str(caught.value) == f"{path}: no such table: modlog_key"


def test_public_proof_names_the_database_file_when_the_modlog_is_gone(
    mixed: tuple[Path, Modlog],
) -> None:
    path, modlog = mixed  # the key is read (and kept) by the appends
    entry = modlog.get(4)
    assert entry is not None
    modlog.db.conn.execute("ALTER TABLE modlog RENAME TO modlog_moved")
    modlog.db.conn.commit()
    with pytest.raises(StoreError) as caught:
        modlog.public_proof(entry)
    assert str(caught.value) == f"{path}: no such table: modlog"
