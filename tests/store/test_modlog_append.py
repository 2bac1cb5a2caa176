"""What Modlog.append stores, column by column: the JSON columns' exact text, the post taken
from the caller or the case, and the empty defaults of an entry about no post."""

from __future__ import annotations

from typing import Any

from bot.store import Modlog, NewEntry, PostRef

from .conftest import BOT, MOD, post


def stored(modlog: Modlog, entry_id: int) -> dict[str, Any]:
    cursor = modlog.db.conn.execute("SELECT * FROM modlog WHERE id = ?", (entry_id,))
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def test_json_columns_are_stored_as_canonical_text(mem_modlog: Modlog) -> None:
    entry = mem_modlog.append(
        community="worldnews",
        actor=BOT,
        action="flag",
        post=post(1),
        rules=["ragebait", "blogspam", "ragebait"],
        evidence={"b": [1, 2], "a": "é", "c": {"z": 1, "y": None}},
    )
    row = stored(mem_modlog, entry.id)
    assert row["rules"] == '["ragebait","blogspam"]'
    assert row["evidence"] == '{"a":"é","b":[1,2],"c":{"y":null,"z":1}}'
    assert mem_modlog.verify().ok


def test_the_callers_post_and_platform_win_over_the_cases(mem_modlog: Modlog) -> None:
    case = mem_modlog.open_case("worldnews", post(1))
    other = PostRef("discord", "d9", "https://discord.example/9", "Other", "u9", "zed")
    entry = mem_modlog.append(
        community="worldnews", case=case, actor=MOD, action="note", post=other, platform="web"
    )
    assert entry.post == PostRef("web", "d9", "https://discord.example/9", "Other", "u9", "zed")
    row = stored(mem_modlog, entry.id)
    assert (row["platform"], row["post_platform_id"], row["post_title"]) == ("web", "d9", "Other")
    assert (row["author_id"], row["author_name"], row["case_number"]) == ("u9", "zed", case)
    assert (row["config_version"], row["reason"]) == ("", "")
    # Without a post of its own, the entry takes the case's post and its platform.
    from_case = mem_modlog.append(community="worldnews", case=case, actor=MOD, action="note")
    assert from_case.post == post(1)
    assert stored(mem_modlog, from_case.id)["platform"] == "lemmy"


def test_an_entry_about_no_post_stores_empty_fields(mem_modlog: Modlog) -> None:
    entry = mem_modlog.append(
        community="worldnews", actor=BOT, action="note", config_version="v7", reason="r"
    )
    row = stored(mem_modlog, entry.id)
    empty = ("platform", "post_platform_id", "post_url", "post_title", "author_id", "author_name")
    assert {k: row[k] for k in empty} == dict.fromkeys(empty, "")
    assert (row["case_number"], row["rules"], row["evidence"]) == (None, "[]", "{}")
    assert (row["config_version"], row["reason"]) == ("v7", "r")
    assert entry.post is None


def test_append_many_keeps_each_entrys_own_fields(mem_modlog: Modlog) -> None:
    one = NewEntry(community="a", actor=BOT, action="note", platform="lemmy", config_version="1")
    two = NewEntry(community="b", actor=MOD, action="flag", post=post(2), reason="why")
    first, second = mem_modlog.append_many([one, two])
    assert (first.community, first.platform, first.config_version, first.post) == (
        "a",
        "lemmy",
        "1",
        None,
    )
    assert (second.community, second.actor, second.post, second.reason) == (
        "b",
        MOD,
        post(2),
        "why",
    )
    assert second.prev_hash == first.hash
    assert [mem_modlog.get(1), mem_modlog.get(2)] == [first, second]
