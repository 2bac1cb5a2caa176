from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.errors import InputError
from bot.store import ActionType, Actor, Modlog, NewEntry, PostRef
from bot.store.chain import CHAIN_VERSION, GENESIS, HASHED_COLUMNS, entry_hash_v2, read_key
from tests.store.tamper import tamper

from .conftest import BOT, MOD, StepClock, fill, post


def test_append_links_each_entry_to_the_previous(mem_modlog: Modlog) -> None:
    case = mem_modlog.open_case("worldnews", post(1))
    first = mem_modlog.append(
        community="worldnews",
        case=case,
        actor=BOT,
        action="flag",
        rules=["ragebait", "ragebait", "blogspam"],
        evidence={"b": [1, 2], "a": "é"},
        config_version="cfg1",
    )
    second = mem_modlog.append(
        community="worldnews", case=case, actor=MOD, action="remove", reason="shock story"
    )
    assert (first.id, second.id) == (1, 2)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert first.rules == ("ragebait", "blogspam")  # deduplicated, order kept
    assert first.evidence == {"a": "é", "b": [1, 2]}
    assert first.time.endswith("Z")
    assert first.time < second.time
    # The case's post fills in the entry's post.
    assert second.post == post(1)
    assert second.platform == "lemmy"
    assert mem_modlog.get(1) == first
    assert mem_modlog.verify().ok
    assert mem_modlog.verify().checked == 2


def test_stored_hash_is_reproducible(mem_modlog: Modlog) -> None:
    fill(mem_modlog, 3)
    cols = ", ".join(HASHED_COLUMNS)
    key = read_key(mem_modlog.db.conn)
    for row in mem_modlog.db.conn.execute(f"SELECT {cols}, chain, hash FROM modlog"):
        assert row[-2] == CHAIN_VERSION
        assert entry_hash_v2(key, row[:-2], CHAIN_VERSION) == row[-1]


def test_empty_log_verifies(mem_modlog: Modlog) -> None:
    result = mem_modlog.verify()
    assert result.ok
    assert result.checked == 0
    assert result.first_bad_id is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"action": "explode"}, "unknown modlog action 'explode'"),
        ({"rules": ["no-such-rule"]}, "unknown rule 'no-such-rule'"),
        ({"community": ""}, "needs a community"),
        ({"actor": Actor("x", "x", "robot")}, "unknown actor kind 'robot'"),  # type: ignore[arg-type]
        ({"actor": Actor("", "nobody")}, "actor's id"),
        ({"action": "remove", "case": None}, "needs a reason"),
        ({"action": "flag", "case": None}, "needs a post or a case"),
        ({"case": 99}, "unknown case 99"),
        ({"evidence": {"s": {1, 2}}}, "evidence is not JSON"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(
    mem_modlog: Modlog, kwargs: dict, message: str
) -> None:
    case = mem_modlog.open_case("worldnews", post(1))
    args = {"community": "worldnews", "case": case, "actor": BOT, "action": "note"} | kwargs
    with pytest.raises(InputError, match=message):
        mem_modlog.append(**args)
    assert mem_modlog.count() == 0


def test_append_many_is_all_or_nothing(mem_modlog: Modlog) -> None:
    good = NewEntry(community="c", actor=BOT, action="note")
    bad_case = NewEntry(community="c", actor=BOT, action="note", case=7)
    with pytest.raises(InputError):
        mem_modlog.append_many([good, bad_case])
    assert mem_modlog.count() == 0
    stored = mem_modlog.append_many([good] * 5)
    assert [e.id for e in stored] == [1, 2, 3, 4, 5]
    assert mem_modlog.verify().ok


def test_extra_action_types() -> None:
    from sqlite_utils import Database

    modlog = Modlog(Database(memory=True), extra_action_types=[ActionType("ban", "banned")])
    assert modlog.append(community="c", actor=MOD, action="ban").action == "ban"
    with pytest.raises(ValueError, match="already registered"):
        Modlog(Database(memory=True), extra_action_types=[ActionType("flag", "dup")])


def test_time_never_goes_backwards() -> None:
    from datetime import UTC, datetime

    from sqlite_utils import Database

    times = iter([datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)])
    modlog = Modlog(Database(memory=True), clock=lambda: next(times))
    a = modlog.append(community="c", actor=BOT, action="note")
    b = modlog.append(community="c", actor=BOT, action="note")
    assert b.time == a.time == "2026-05-01T00:00:00.000Z"


# -- the database refuses edits ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE modlog SET reason = 'edited' WHERE id = 1",
        "DELETE FROM modlog WHERE id = 2",
        "DELETE FROM modlog",
        "UPDATE modlog_rules SET rule = 'blogspam'",
        "DELETE FROM modlog_rules",
        "UPDATE cases SET post_title = 'x'",
        "DELETE FROM cases",
    ],
)
def test_triggers_refuse_update_and_delete(mem_modlog: Modlog, sql: str) -> None:
    fill(mem_modlog, 3)
    before = mem_modlog.db.conn.execute("SELECT count(*), max(hash) FROM modlog").fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        mem_modlog.db.conn.execute(sql)
    mem_modlog.db.conn.rollback()
    assert mem_modlog.db.conn.execute("SELECT count(*), max(hash) FROM modlog").fetchone() == before
    assert mem_modlog.verify().ok


# -- tampering behind the triggers' back -------------------------------------------------------


@pytest.mark.parametrize(
    ("statements", "bad_id", "reason"),
    [
        (["UPDATE modlog SET reason = 'nothing to see' WHERE id = 4"], 4, "entry 4 was altered"),
        (["UPDATE modlog SET rules = '[]' WHERE id = 2"], 2, "entry 2 was altered"),
        (["UPDATE modlog SET time = '2020-01-01T00:00:00.000Z' WHERE id = 6"], 6, "altered"),
        (["DELETE FROM modlog WHERE id = 5"], 5, "entry 5 is missing"),
        (["DELETE FROM modlog WHERE id IN (3, 4)"], 3, "entries 3-4 are missing"),
        (["DELETE FROM modlog WHERE id = 1"], 1, "entry 1 is missing"),
        (["DELETE FROM modlog WHERE id >= 7"], 7, "entries 7-8 are missing from the end"),
        (
            # swap the contents of entries 3 and 4, ids kept
            [
                "UPDATE modlog SET id = -3 WHERE id = 3",
                "UPDATE modlog SET id = 3 WHERE id = 4",
                "UPDATE modlog SET id = 4 WHERE id = -3",
            ],
            3,
            "entry 3 does not follow entry 2",
        ),
    ],
)
def test_verify_names_the_first_broken_entry(
    db_path: Path, modlog: Modlog, statements: list[str], bad_id: int, reason: str
) -> None:
    fill(modlog, 8)
    assert modlog.verify().ok
    tamper(db_path, *statements)
    result = modlog.verify()
    assert not result.ok
    assert result.first_bad_id == bad_id
    assert reason in result.reason
    assert result.checked == bad_id - 1


def test_rewriting_an_entry_and_its_hash_breaks_the_next_link(
    db_path: Path, modlog: Modlog
) -> None:
    fill(modlog, 5)
    cols = ", ".join(HASHED_COLUMNS)
    row = list(modlog.db.conn.execute(f"SELECT {cols} FROM modlog WHERE id = 3").fetchone())
    row[HASHED_COLUMNS.index("reason")] = "rewritten"
    forged = entry_hash_v2(read_key(modlog.db.conn), row, CHAIN_VERSION)
    tamper(db_path, f"UPDATE modlog SET reason = 'rewritten', hash = '{forged}' WHERE id = 3")
    result = modlog.verify()
    assert (result.ok, result.first_bad_id) == (False, 4)
    assert "does not follow entry 3" in result.reason


# -- cases -------------------------------------------------------------------------------------


def test_case_numbers_are_per_community_and_per_post(mem_modlog: Modlog) -> None:
    assert mem_modlog.open_case("a", post(1)) == 1
    assert mem_modlog.open_case("a", post(2)) == 2
    assert mem_modlog.open_case("b", post(3)) == 1
    assert mem_modlog.open_case("a", post(1)) == 1  # the same post keeps its case
    assert mem_modlog.open_case("a", post(1, platform="discord")) == 3  # other platform
    assert mem_modlog.find_case("a", "lemmy", "p2") == 2
    assert mem_modlog.find_case("a", "lemmy", "p9") is None
    assert mem_modlog.case_communities(1) == ["a", "b"]
    with pytest.raises(InputError):
        mem_modlog.open_case("", post(1))
    with pytest.raises(InputError):
        mem_modlog.open_case("a", PostRef("lemmy", ""))


def test_get_case_returns_post_and_entries_in_order(mem_modlog: Modlog) -> None:
    fill(mem_modlog, 2)
    mem_modlog.append(community="worldnews", case=1, actor=MOD, action="note", reason="seen")
    case = mem_modlog.get_case("worldnews", 1)
    assert case is not None
    assert case.post == post(1, author="u1")
    assert [e.action for e in case.entries] == ["flag", "note"]
    assert case.to_json()["entries"][1]["reason"] == "seen"
    assert mem_modlog.get_case("worldnews", 3) is None
    assert mem_modlog.get_case("other", 1) is None


def test_modlog_on_fresh_memory_db_applies_schema() -> None:
    from sqlite_utils import Database

    db = Database(memory=True)
    Modlog(db, clock=StepClock())
    assert "modlog" in db.table_names()
