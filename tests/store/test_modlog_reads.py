"""Modlog reads at their edges: nothing to find, and a database that broke under them (a one-line
StoreError naming the file, never a raw sqlite3 error)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.errors import InputError, StoreError
from bot.store import Actor, Modlog, PostRef
from bot.store.query import ModlogFilter

from .conftest import BOT, fill, post


def test_nothing_found_is_none_empty_or_zero(mem_modlog: Modlog) -> None:
    fill(mem_modlog, 2)
    assert mem_modlog.get(3) is None
    assert mem_modlog.get(0) is None
    assert mem_modlog.get(2) is not None
    assert mem_modlog.find_case("worldnews", "lemmy", "p9") is None
    assert mem_modlog.find_case("worldnews", "lemmy", "p2") == 2
    assert mem_modlog.find_case("other", "lemmy", "p2") is None
    assert mem_modlog.case_communities(9) == []
    after_all = ModlogFilter(since=datetime(2030, 1, 1, tzinfo=UTC))
    assert mem_modlog.count(after_all) == 0
    assert mem_modlog.query(after_all) == []
    assert list(mem_modlog.iter_all(after_all)) == []
    assert mem_modlog.count() == 2


READS: list[tuple[str, Callable[[Modlog], Any]]] = [
    ("find_case", lambda m: m.find_case("worldnews", "lemmy", "p1")),
    ("case_communities", lambda m: m.case_communities(1)),
    ("get_case", lambda m: m.get_case("worldnews", 1)),
    ("get", lambda m: m.get(1)),
    ("count", lambda m: m.count()),
    ("query", lambda m: m.query()),
    ("verify", lambda m: m.verify()),
    ("open_case", lambda m: m.open_case("worldnews", post(7))),
    ("append", lambda m: m.append(community="worldnews", actor=BOT, action="note")),
]


@pytest.mark.parametrize("call", [c for _, c in READS], ids=[n for n, _ in READS])
def test_a_broken_database_is_a_one_line_store_error_naming_the_file(
    db_path: Path, modlog: Modlog, call: Callable[[Modlog], Any]
) -> None:
    fill(modlog, 2)
    raw = sqlite3.connect(db_path)
    raw.execute("DROP TABLE modlog_rules")
    raw.execute("DROP TABLE modlog")
    raw.execute("DROP TABLE cases")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError) as caught:
        call(modlog)
    message = str(caught.value)
    assert message.startswith(f"{db_path}: no such table: ")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("community", "ref", "message"),
    [
        ("", post(1), "a case needs a community"),
        ("worldnews", PostRef("lemmy", ""), "a case needs the post's platform and id"),
        ("worldnews", PostRef("", "p1"), "a case needs the post's platform and id"),
    ],
)
def test_a_case_needs_a_community_and_a_post(
    mem_modlog: Modlog, community: str, ref: PostRef, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        mem_modlog.open_case(community, ref)
    assert str(caught.value) == message
    assert mem_modlog.case_communities(1) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"community": ""}, "a modlog entry needs a community"),
        (
            {"actor": Actor("x", "x", "robot")},
            "unknown actor kind 'robot' (known: bot, moderator, platform)",
        ),  # type: ignore[arg-type]
        ({"actor": Actor("", "nobody")}, "a modlog entry needs the actor's id"),
        ({"action": "remove", "case": None}, "a 'remove' entry needs a reason"),
        ({"action": "remove", "case": None, "reason": " \t "}, "a 'remove' entry needs a reason"),
        ({"action": "flag", "case": None}, "a 'flag' entry needs a post or a case"),
        ({"case": 99}, "unknown case 99 in community 'worldnews'"),
        (
            {"evidence": {"s": {1, 2}}},
            "modlog evidence is not JSON: Object of type set is not JSON serializable",
        ),
        ({"action": "explode"}, "unknown modlog action 'explode' (known: flag, comment, remove, "),
        ({"rules": ["nope"]}, "unknown rule 'nope' (known: not-original-source, "),
    ],
)
def test_refused_entries_say_why_word_for_word(
    mem_modlog: Modlog, kwargs: dict[str, Any], message: str
) -> None:
    case = mem_modlog.open_case("worldnews", post(1))
    args = {"community": "worldnews", "case": case, "actor": BOT, "action": "note"} | kwargs
    with pytest.raises(InputError) as caught:
        mem_modlog.append(**args)
    text = str(caught.value)
    assert text == message if not message.endswith(", ") else text.startswith(message)
    assert mem_modlog.count() == 0


@pytest.mark.parametrize(
    "ref",
    [PostRef("lemmy", "p5", ""), PostRef("web", "", "https://news.example/5")],
    ids=["id-only", "url-only"],
)
def test_an_entry_about_a_post_known_by_id_or_url_alone_keeps_it(
    mem_modlog: Modlog, ref: PostRef
) -> None:
    entry = mem_modlog.append(community="worldnews", actor=BOT, action="flag", post=ref)
    assert entry.post == ref
    assert mem_modlog.get(entry.id) == entry
    bare = mem_modlog.append(community="worldnews", actor=BOT, action="note")
    assert bare.post is None
    assert mem_modlog.get(bare.id) == bare


def test_a_modlog_on_a_file_that_is_not_a_database_names_the_file(tmp_path: Path) -> None:
    from sqlite_utils import Database

    path = tmp_path / "garbage.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError) as caught:
        Modlog(Database(path))
    assert str(caught.value) == (
        f"{path}: not a valid SQLite database or corrupt (file is not a database)"
    )
