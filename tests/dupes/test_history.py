"""The histories: in memory (streams) and in the database (the pipeline), the same answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlite_utils import Database

from bot.dupes.history import MemoryHistory
from bot.dupes.index import IndexHistory
from bot.dupes.signature import signature
from bot.models import Post
from bot.pipeline.queue import PostQueue
from bot.store.db import write_transaction

from .stories import T0, link_only, story

WINDOWS = {"window": timedelta(days=7), "story_window": timedelta(hours=48)}


def _ids(found: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(e.post_id for e in found)


@pytest.fixture(params=["memory", "index"])
def history(request: pytest.FixtureRequest, db: Database) -> object:
    return MemoryHistory() if request.param == "memory" else IndexHistory(db)


def _add(history: object, db: Database, post: Post, sig: object, hours: float) -> None:
    """Queue the post (the index points at ``posts`` rows) and add it to the history."""
    PostQueue(db).enqueue(post)
    with write_transaction(db):
        history.add("worldnews", post, sig, T0 + timedelta(hours=hours))  # type: ignore[attr-defined]


def test_candidates_share_a_link_or_the_story(history: object, db: Database) -> None:
    for key, hours in (("wire", 0), ("near-miss", 1)):
        post, article = story(key, hours=hours)
        _add(history, db, post, signature(post, article), hours)
    post, article = story("paper", hours=3)
    found = history.candidates(  # type: ignore[attr-defined]
        "worldnews", signature(post, article), T0 + timedelta(hours=3),
        exclude=("test", "paper"), **WINDOWS,
    )  # fmt: skip
    assert "wire" in _ids(found)
    # another community's history is another history
    assert history.candidates(  # type: ignore[attr-defined]
        "europe", signature(post, article), T0 + timedelta(hours=3),
        exclude=("test", "paper"), **WINDOWS,
    ) == []  # fmt: skip


def test_a_post_is_not_its_own_candidate_and_an_edit_replaces_it(
    history: object, db: Database
) -> None:
    post, article = story("wire")
    _add(history, db, post, signature(post, article), 0)
    edited, gone = link_only("https://elsewhere.example/other-story-2026", "Something else",
                             post_id="wire")  # fmt: skip
    _add(history, db, edited, signature(edited, gone), 0)
    again, article = link_only(post.url or "", "again", post_id="2", hours=1)
    found = history.candidates(  # type: ignore[attr-defined]
        "worldnews", signature(again, article), T0 + timedelta(hours=1),
        exclude=("test", "2"), **WINDOWS,
    )  # fmt: skip
    assert found == []  # the edited post no longer links the article
    elsewhere, article = link_only("https://elsewhere.example/other-story-2026/", "x",
                                   post_id="3", hours=1)  # fmt: skip
    sig = signature(elsewhere, article)
    found = history.candidates(  # type: ignore[attr-defined]
        "worldnews", sig, T0 + timedelta(hours=1), exclude=("test", "3"), **WINDOWS
    )
    assert _ids(found) == ["wire"]
    assert (
        history.candidates(  # type: ignore[attr-defined]
            "worldnews", sig, T0 + timedelta(hours=1), exclude=("test", "wire"), **WINDOWS
        )
        == []
    )


def test_a_topic_word_of_the_moment_finds_nothing(
    history: object, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.dupes.history as history_module
    import bot.dupes.index as index_module

    monkeypatch.setattr(history_module, "COMMON_KEY", 3)
    monkeypatch.setattr(index_module, "COMMON_KEY", 3)
    for n in range(5):  # five posts with "Brexit" and "Johnson" in their headline
        post, article = link_only(f"https://site{n}.example/p/{n}-brexit",
                                  f"Brexit Johnson story number {n}", post_id=f"b{n}")  # fmt: skip
        _add(history, db, post, signature(post, article), 0)
    post, article = link_only("https://new.example/p/brexit", "Brexit Johnson again today",
                              post_id="new", hours=1)  # fmt: skip
    found = history.candidates(  # type: ignore[attr-defined]
        "worldnews", signature(post, article), T0 + timedelta(hours=1),
        exclude=("test", "new"), **WINDOWS,
    )  # fmt: skip
    assert found == []


def test_the_index_reads_the_status_from_the_actions(db: Database) -> None:
    history = IndexHistory(db)
    post, article = story("wire")
    _add(history, db, post, signature(post, article), 0)
    again, article = link_only(post.url or "", "again", post_id="2", hours=1)
    sig = signature(again, article)

    def status() -> str:
        found = history.candidates("worldnews", sig, T0 + timedelta(hours=1),
                                   exclude=("test", "2"), **WINDOWS)  # fmt: skip
        return found[0].status

    assert status() == "up"
    now = T0.isoformat()
    for n, kind in enumerate(("remove", "restore", "lock")):
        with write_transaction(db):
            db.execute(
                "INSERT INTO actions (key, platform, post_id, community, rule, kind, "
                "content_hash, state, payload, created_at, updated_at) "
                "VALUES (?, 'test', 'wire', 'worldnews', '*', ?, 'h', 'done', '{}', ?, ?)",
                [f"k{n}", kind, now, f"{now}{n}"],
            )
        assert status() == {"remove": "removed", "restore": "up", "lock": "removed"}[kind]


def test_a_signature_is_stored_and_read_back_whole() -> None:
    from bot.dupes.index import pack_signature, unpack_signature

    post, article = story("paper")
    sig = signature(post, article)
    assert unpack_signature(pack_signature(sig)) == sig
    odd = replace(sig, headline="A\x1fheadline\x1ewith separators", url_keys=())
    back = unpack_signature(pack_signature(odd))
    assert (back.headline, back.url_keys) == ("A headline with separators", ())


def test_only_posts_made_before_count_and_an_edit_keeps_its_time(
    history: object, db: Database
) -> None:
    """Two posts made at the same moment: the one remembered first is the earlier one. An edit
    of it is re-checked as of when it was made, so the other is not its earlier post."""
    wire, article = story("wire")
    _add(history, db, wire, signature(wire, article), 0)
    again, gone = link_only(wire.url or "", "again", post_id="again")
    sig = signature(again, gone)
    _add(history, db, again, sig, 0)
    assert history.posted("worldnews", "test", "wire") == T0  # type: ignore[attr-defined]
    assert history.posted("worldnews", "test", "absent") is None  # type: ignore[attr-defined]

    def found(post_id: str, hours: float = 0) -> list[str]:
        at = T0 + timedelta(hours=hours)
        return _ids(history.candidates(  # type: ignore[attr-defined]
            "worldnews", sig, at, exclude=("test", post_id), **WINDOWS))  # fmt: skip

    assert found("again") == ["wire"]
    assert found("wire") == []  # "again" came after it: never its earlier post
    assert found("new") == ["again", "wire"]  # a post not remembered yet comes after both
    # the edit is remembered as made when its first version was
    _add(history, db, wire, signature(wire, article), 5)
    assert history.posted("worldnews", "test", "wire") == T0  # type: ignore[attr-defined]
    assert found("wire") == []
    assert found("again") == ["wire"]


LINKED = "https://www.wire-example.com/world/2026/03/02/a-story-linked-twice"


def test_an_earlier_post_keeps_its_permalink(history: object, db: Database) -> None:
    """Both histories hand back the post's own page (``Post.permalink``), or "" without one."""
    post, article = link_only(LINKED, "first", post_id="1")
    _add(history, db, replace(post, permalink="https://lemmy.example/post/1"),
         signature(post, article), 0)  # fmt: skip
    bare, article = link_only(LINKED, "second", post_id="2", hours=1)
    _add(history, db, bare, signature(bare, article), 1)
    again, article = link_only(LINKED, "third", post_id="3", hours=2)
    found = history.candidates(  # type: ignore[attr-defined]
        "worldnews", signature(again, article), T0 + timedelta(hours=2),
        exclude=("test", "3"), **WINDOWS,
    )  # fmt: skip
    assert sorted((e.post_id, e.permalink, e.link) for e in found) == [
        ("1", "https://lemmy.example/post/1", LINKED),
        ("2", "", LINKED),
    ]
