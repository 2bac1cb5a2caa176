"""The modlog chain against values written out here, not against itself.

``test_v1_chain_*`` pin the version-1 hash of entries logged before migration m005
("newsmod-modlog-v1": SHA-256 over a tag and the compact JSON array of HASHED_COLUMNS).
``test_v2_*`` pin version 2 (keyed commitments of the hidden fields) under a fixed key.
A change of algorithm must change these values on purpose: recompute them and say so in the
commit.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.store import Modlog, open_db
from bot.store.chain import (
    CHAIN_VERSION,
    GENESIS,
    HASHED_COLUMNS,
    commitments,
    entry_hash,
    entry_hash_v2,
    prev_link,
    public_entry_hash,
    read_key,
)
from tests.store.tamper import tamper

from .conftest import MOD, StepClock, fill, post

#: One entry, every hashed column set, in HASHED_COLUMNS order.
FIXED_ENTRY: tuple[Any, ...] = (
    1,
    "2026-01-01T00:00:02.000Z",
    "lemmy",
    "worldnews",
    1,
    "bot",
    "newsmod",
    "bot",
    "flag",
    "p1",
    "https://news.example/1",
    "Headline 1",
    "u1",
    "name-u1",
    '["editorialized-title"]',
    "finding 1",
    '{"i":1}',
    "v1",
    GENESIS,
)
V1_HASH_OF_FIXED_ENTRY = "bed206eefddb2bcb45ea7486d96294aa9dfa9b3a42c63ff17470b56c0e5e53ab"
#: What v1 hashes for FIXED_ENTRY, written out (the tag line, then compact JSON, UTF-8).
V1_TEXT_OF_FIXED_ENTRY = (
    "newsmod-modlog-v1\n"
    '[1,"2026-01-01T00:00:02.000Z","lemmy","worldnews",1,"bot","newsmod","bot","flag","p1",'
    '"https://news.example/1","Headline 1","u1","name-u1","[\\"editorialized-title\\"]",'
    '"finding 1","{\\"i\\":1}","v1","' + "0" * 64 + '"]'
)


def test_v1_chain_hash_of_a_fixed_entry_is_pinned() -> None:
    assert len(FIXED_ENTRY) == len(HASHED_COLUMNS)
    assert entry_hash(FIXED_ENTRY) == V1_HASH_OF_FIXED_ENTRY
    text = V1_TEXT_OF_FIXED_ENTRY.encode("utf-8")
    assert hashlib.sha256(text).hexdigest() == V1_HASH_OF_FIXED_ENTRY


#: A fixed chain key (the database keeps a random one, written by migration m005).
V2_KEY = bytes(range(32))
#: What version 2 hashes for FIXED_ENTRY under V2_KEY, written out.
V2_HASH_OF_FIXED_ENTRY = "a460633c6048f4969e0711981fd5082ce5b1af67d04caea2837be0f20be6ba56"
V2_COMMITMENTS_OF_FIXED_ENTRY = {
    "actor_id": "64db54cea50ddb02a0f89e5549726d3ccf4a9ad11563e35fa7df2e2bf7f228f9",
    "actor_name": "23b3e63ba77f1011c9097851ef0e565cee7cc9c1b7008cd165c938afd619bf37",
    "reason": "182e248de7c302857c2b6d7f99585b8c0d5a8aea3b1bd0c7b7d94da16183d9b3",
    "evidence": "f5e5e103b4e6404d5778c7052ebe1ad173032e8d7c1b31a156727ed199ca0082",
}


def test_v2_chain_hash_and_commitments_of_a_fixed_entry_are_pinned() -> None:
    assert entry_hash_v2(V2_KEY, FIXED_ENTRY, CHAIN_VERSION) == V2_HASH_OF_FIXED_ENTRY
    assert commitments(V2_KEY, FIXED_ENTRY) == V2_COMMITMENTS_OF_FIXED_ENTRY
    # the commitment written out: keyed BLAKE2b-256 of "id␟column␟value"
    mac = hashlib.blake2b(
        b"1\x1factor_name\x1fnewsmod", key=V2_KEY, digest_size=32,
        person=b"newsmod-commit",
    )  # fmt: skip
    assert mac.hexdigest() == V2_COMMITMENTS_OF_FIXED_ENTRY["actor_name"]
    # the title is hashed as it is: another title, another hash
    edited = list(FIXED_ENTRY)
    edited[HASHED_COLUMNS.index("post_title")] = "Headline 2"
    assert entry_hash_v2(V2_KEY, edited, CHAIN_VERSION) != V2_HASH_OF_FIXED_ENTRY


def test_an_appended_entry_has_every_field_in_its_place_and_the_v2_hash() -> None:
    """Modlog.append puts each field in its place and hashes it with the database's key."""
    from sqlite_utils import Database

    modlog = Modlog(Database(memory=True), clock=StepClock(datetime(2026, 1, 1, tzinfo=UTC)))
    fill(modlog, 1)
    [row] = modlog.db.conn.execute(
        f"SELECT {', '.join(HASHED_COLUMNS)}, hash FROM modlog"
    ).fetchall()
    assert row[:-1] == FIXED_ENTRY
    key = read_key(modlog.db.conn)
    assert len(key) == 32
    assert row[-1] == entry_hash_v2(key, FIXED_ENTRY, CHAIN_VERSION)
    assert modlog.get(1).hash == row[-1]  # type: ignore[union-attr]


# Every hashed field, changed behind the triggers' back, breaks the chain at that entry.
TAMPERED = {
    "platform": "'discord'",
    "community": "'other'",
    "case_number": "99",
    "actor_id": "'m9'",
    "actor_name": "'mallory'",
    "actor_kind": "'moderator'",
    "action": "'note'",
    "post_platform_id": "'p99'",
    "post_url": "'https://news.example/forged'",
    "post_title": "'A quietly edited title'",
    "author_id": "'u9'",
    "author_name": "'someone-else'",
    "rules": "'[\"blogspam\"]'",
    "reason": "'nothing to see'",
    "evidence": "'{}'",
    "config_version": "'v0'",
    "time": "'2026-01-01T00:00:05.000Z'",  # later than entry 2, earlier than entry 4
}


def test_every_hashed_column_is_tampered_with_below() -> None:
    assert set(TAMPERED) == set(HASHED_COLUMNS) - {"id", "prev_hash"}


@pytest.mark.parametrize(("column", "value"), sorted(TAMPERED.items()))
def test_changing_any_hashed_field_is_caught(
    db_path: Path, modlog: Modlog, column: str, value: str
) -> None:
    fill(modlog, 5)
    assert modlog.verify().ok
    tamper(db_path, f"UPDATE modlog SET {column} = {value} WHERE id = 3")
    result = modlog.verify()
    assert (result.ok, result.first_bad_id, result.checked) == (False, 3, 2)
    assert result.reason == "entry 3 was altered: its fields no longer match its hash"


def _forge(modlog: Modlog, **changes: Any) -> None:
    """Append one entry by hand, correctly hashed and linked, with ``changes`` to its fields."""
    conn = modlog.db.conn
    columns = ", ".join(HASHED_COLUMNS)
    last = list(conn.execute(f"SELECT {columns}, hash FROM modlog ORDER BY id DESC").fetchone())
    values = last[:-1]
    values[HASHED_COLUMNS.index("id")] += 1
    values[HASHED_COLUMNS.index("prev_hash")] = last[-1]
    for column, value in changes.items():
        values[HASHED_COLUMNS.index(column)] = value
    marks = ", ".join("?" for _ in range(len(HASHED_COLUMNS) + 2))
    digest = entry_hash_v2(read_key(conn), values, CHAIN_VERSION)
    conn.execute(
        f"INSERT INTO modlog ({columns}, chain, hash) VALUES ({marks})",
        (*values, CHAIN_VERSION, digest),
    )
    conn.commit()


def test_a_well_linked_entry_whose_time_goes_backwards_is_caught(mem_modlog: Modlog) -> None:
    fill(mem_modlog, 3)  # times ...:02, :04, :06 (two clock reads per entry)
    _forge(mem_modlog, time="2026-01-01T00:00:06.000Z")  # the same time is fine
    assert mem_modlog.verify().ok
    _forge(mem_modlog, time="2026-01-01T00:00:05.999Z")
    result = mem_modlog.verify()
    assert (result.ok, result.first_bad_id, result.checked) == (False, 5, 4)
    assert result.reason == "entry 5: its time 2026-01-01T00:00:05.999Z is before entry 4"


def test_a_chain_whose_links_and_hashes_hold_verifies(mem_modlog: Modlog) -> None:
    """The forging helper itself makes entries the verifier accepts (so the test above fails
    only for the time)."""
    case = mem_modlog.open_case("worldnews", post(1))
    mem_modlog.append(community="worldnews", case=case, actor=MOD, action="note", reason="r")
    _forge(mem_modlog, reason="forged but consistent")
    result = mem_modlog.verify()
    assert (result.ok, result.checked) == (True, 2)


def test_one_entry_deleted_from_the_end_is_named(db_path: Path, modlog: Modlog) -> None:
    fill(modlog, 4)
    tamper(db_path, "DELETE FROM modlog WHERE id = 4")
    result = modlog.verify()
    assert (result.ok, result.first_bad_id, result.checked) == (False, 4, 3)
    assert result.reason == "entry 4 is missing from the end (deleted)"


def test_verify_inside_an_open_transaction_leaves_it_open(mem_modlog: Modlog) -> None:
    fill(mem_modlog, 2)
    conn = mem_modlog.db.conn
    conn.execute("BEGIN")
    conn.execute("INSERT INTO settings VALUES ('p', 's', 'k', 'v', 't')")
    result = mem_modlog.verify()
    assert (result.ok, result.checked) == (True, 2)
    assert conn.in_transaction  # the caller's transaction (and its insert) is untouched
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM settings").fetchone() == (0,)
    assert not conn.in_transaction
    mem_modlog.verify()
    assert not conn.in_transaction  # its own snapshot transaction is closed again


@pytest.mark.parametrize(
    ("ids", "first_bad", "reason"),
    [
        ((5,), 5, "entry 5 is missing (deleted; entry 6 follows entry 4)"),
        ((3, 4), 3, "entries 3-4 are missing (deleted; entry 5 follows entry 2)"),
        ((1,), 1, "entry 1 is missing (deleted; entry 2 follows entry 0)"),
    ],
)
def test_deleted_entries_are_named_word_for_word(
    db_path: Path, modlog: Modlog, ids: tuple[int, ...], first_bad: int, reason: str
) -> None:
    fill(modlog, 6)
    tamper(db_path, f"DELETE FROM modlog WHERE id IN ({', '.join(map(str, ids))})")
    result = modlog.verify()
    assert result.ok is False
    assert (result.first_bad_id, result.checked, result.reason) == (
        first_bad,
        first_bad - 1,
        reason,
    )


def test_a_case_keeps_when_it_was_opened(mem_modlog: Modlog) -> None:
    fill(mem_modlog, 1)  # the clock's first reading opened the case
    case = mem_modlog.get_case("worldnews", 1)
    assert case is not None
    assert case.opened_at == "2026-01-01T00:00:01.000Z"
    assert case.entries[0].time == "2026-01-01T00:00:02.000Z"


def test_links_broken_by_a_swap_or_a_rewrite_are_named_word_for_word(
    db_path: Path, modlog: Modlog
) -> None:
    fill(modlog, 4)
    tamper(
        db_path,
        "UPDATE modlog SET id = -3 WHERE id = 3",
        "UPDATE modlog SET id = 3 WHERE id = 4",
        "UPDATE modlog SET id = 4 WHERE id = -3",
    )
    result = modlog.verify()
    assert (result.ok, result.first_bad_id) == (False, 3)
    assert result.reason == (
        "entry 3 does not follow entry 2: its prev_hash differs "
        "(entries reordered or replaced, or the previous entry rewritten)"
    )


def test_verify_sees_one_snapshot_while_the_bot_appends(
    db_path: Path, modlog: Modlog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry appended by another connection between the walk and the end-of-chain check must
    not look like entries deleted from the end."""
    import bot.store.chain as chain

    fill(modlog, 3)
    other = Modlog(open_db(db_path), clock=StepClock(datetime(2026, 2, 1, tzinfo=UTC)))
    walk = chain._walk

    def walk_then_append(rows: Any, key: bytes) -> Any:
        out = walk(rows, key)
        other.append(community="worldnews", actor=MOD, action="note", reason="meanwhile")
        return out

    monkeypatch.setattr(chain, "_walk", walk_then_append)
    result = modlog.verify()
    assert (result.ok, result.checked) == (True, 3)
    monkeypatch.undo()
    assert modlog.verify().checked == 4
    other.db.close()


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_evidence_with_a_non_finite_number_is_stored_as_valid_json(
    mem_modlog: Modlog, bad: float
) -> None:
    mem_modlog.append(
        community="worldnews", actor=MOD, action="note", evidence={"n": bad, "l": [1.5, bad]}
    )
    [text] = mem_modlog.db.conn.execute("SELECT evidence FROM modlog").fetchone()
    assert text == '{"l":[1.5,null],"n":null}'
    assert json.loads(text) == {"l": [1.5, None], "n": None}
    assert mem_modlog.get(1).evidence == {"l": [1.5, None], "n": None}  # type: ignore[union-attr]
    assert mem_modlog.verify().ok


#: A version-1 predecessor's hash, and what a version-2 entry 2 hashes in its place under V2_KEY.
V1_PREDECESSOR = "ab" * 32
V2_LINK_TO_V1_PREDECESSOR = "e63244934168a511cd7f189706f0c9f845e7b45b7e946cd275d795153ec73e2d"
V2_HASH_AFTER_V1_PREDECESSOR = "769d2a28ede2ae38f5fe907351af91036c63a2cd5c81874e75f0ac84299cda6d"


def test_v2_link_to_a_v1_predecessor_is_a_pinned_commitment() -> None:
    """A v1 hash would let a reader test guesses about its entry's hidden fields: a v2 entry
    after it hashes (and the public view shows) a commitment to it instead."""
    assert prev_link(V2_KEY, 2, V1_PREDECESSOR, 1) == V2_LINK_TO_V1_PREDECESSOR
    mac = hashlib.blake2b(
        f"2\x1fprev_hash\x1f{V1_PREDECESSOR}".encode(), key=V2_KEY, digest_size=32,
        person=b"newsmod-commit",
    )  # fmt: skip
    assert mac.hexdigest() == V2_LINK_TO_V1_PREDECESSOR
    assert prev_link(V2_KEY, 2, V1_PREDECESSOR, CHAIN_VERSION) == V1_PREDECESSOR  # v2: as is
    assert prev_link(V2_KEY, 1, GENESIS, 1) == GENESIS
    entry = [2, *FIXED_ENTRY[1:-1], V1_PREDECESSOR]
    assert entry_hash_v2(V2_KEY, entry, 1) == V2_HASH_AFTER_V1_PREDECESSOR
    assert entry_hash_v2(V2_KEY, entry, CHAIN_VERSION) != V2_HASH_AFTER_V1_PREDECESSOR


def test_public_entry_hash_recomputes_a_v2_hash_from_the_public_fields_only() -> None:
    """What a reader of /modlog.json can check: the hash from public fields and commitments."""
    values = dict(zip(HASHED_COLUMNS, FIXED_ENTRY, strict=True))
    exported = {
        **{c: values[c] for c in HASHED_COLUMNS if c not in ("case_number", "post_platform_id")},
        "case": values["case_number"],
        "post_id": values["post_platform_id"],
        "rules": json.loads(values["rules"]),
        "commitments": V2_COMMITMENTS_OF_FIXED_ENTRY,
        # the hidden fields as the public view shows them: nothing
        "actor_id": "", "actor_name": "a moderator", "reason": "", "evidence": {},
    }  # fmt: skip
    assert public_entry_hash(exported) == V2_HASH_OF_FIXED_ENTRY
    forged = {**exported, "post_title": "Headline 2"}
    assert public_entry_hash(forged) != V2_HASH_OF_FIXED_ENTRY
    other = {**exported, "commitments": {**V2_COMMITMENTS_OF_FIXED_ENTRY, "reason": "0" * 64}}
    assert public_entry_hash(other) != V2_HASH_OF_FIXED_ENTRY
