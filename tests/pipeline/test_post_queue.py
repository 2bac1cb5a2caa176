"""PostQueue directly: every field kept, edits re-queued, claims oldest first per platform, give-up,
reclaim, a stale result refused, failures as one line."""

from __future__ import annotations

from dataclasses import replace

from sqlite_utils import Database

from bot.models import Post
from bot.pipeline.queue import PostQueue, platform_filter, post_from_row

FULL = Post(
    id="p1",
    title="A title",
    url="https://e.org/1",
    body="body text",
    platform="lemmy",
    community="worldnews",
    author_id="u7",
    author_name="alice",
    html_path="/saved/p1.html",
    embed_title="Embedded headline",
    created_at="2026-03-01T12:00:00Z",
    permalink="https://lemmy.example/post/1",
)


def row(db: Database, pid: str) -> dict:  # type: ignore[type-arg]
    return next(db.query("SELECT * FROM posts WHERE post_id = ?", [pid]))


def test_every_field_is_stored_and_read_back(db: Database) -> None:
    queue = PostQueue(db)
    assert queue.enqueue(FULL) is True
    stored = queue.get("lemmy", "p1")
    assert stored is not None
    assert post_from_row(stored) == FULL
    assert (stored["status"], stored["attempts"], stored["content_hash"]) == (
        "pending",
        0,
        FULL.content_hash(),
    )
    assert queue.get("lemmy", "p2") is None
    assert queue.get("discord", "p1") is None


def test_the_same_content_is_skipped_and_an_edit_requeues_every_field(db: Database) -> None:
    queue = PostQueue(db, max_attempts=1)
    queue.enqueue(FULL)
    [item] = queue.claim(10)
    queue.fail(item, "boom")
    assert row(db, "p1")["status"] == "failed"
    assert queue.enqueue(FULL) is False
    assert row(db, "p1")["status"] == "failed"  # untouched
    edited = replace(
        FULL, title="New title", body="", author_name="bob", embed_title=None,
        permalink="https://lemmy.example/post/1?edited",
    )  # fmt: skip
    assert queue.enqueue(edited) is True
    after = row(db, "p1")
    assert post_from_row(after) == edited
    assert (after["status"], after["attempts"], after["last_error"]) == ("pending", 0, None)
    assert after["content_hash"] == edited.content_hash()


def test_claims_are_oldest_first_per_platform_and_counted(db: Database) -> None:
    queue = PostQueue(db)
    for pid, platform in [("a", "lemmy"), ("b", "discord"), ("c", "lemmy"), ("d", "lemmy")]:
        queue.enqueue(replace(FULL, id=pid, platform=platform))
    first = queue.claim(2, ["lemmy"])
    assert [q.post.id for q in first] == ["a", "c"]
    assert [q.attempts for q in first] == [1, 1]
    assert [(q.case_no, q.checked_hash) for q in first] == [(None, None), (None, None)]
    assert first[0].content_hash == FULL.content_hash()
    assert row(db, "a")["status"] == "processing"
    assert [q.post.id for q in queue.claim(10)] == ["b", "d"]
    assert queue.claim(10) == []
    assert queue.counts() == {"pending": 0, "processing": 4, "done": 0, "failed": 0}


def test_reclaim_returns_only_its_platforms_posts(db: Database) -> None:
    queue = PostQueue(db)
    queue.enqueue(replace(FULL, id="a"))
    queue.enqueue(replace(FULL, id="b", platform="discord"))
    queue.claim(10)
    assert queue.reclaim(["lemmy"]) == 1
    assert (row(db, "a")["status"], row(db, "b")["status"]) == ("pending", "processing")
    assert queue.reclaim() == 1
    assert queue.reclaim() == 0


def test_a_post_claimed_too_often_is_given_up_with_its_last_error(db: Database) -> None:
    queue = PostQueue(db, max_attempts=2)
    queue.enqueue(replace(FULL, id="a"))
    queue.enqueue(replace(FULL, id="b"))
    for _ in range(2):
        for item in queue.claim(10):
            if item.post.id == "b":
                queue.fail(item, "fetch  timed\nout")
        queue.reclaim()
    assert queue.claim(10) == []
    assert row(db, "a")["status"] == "failed"
    assert row(db, "a")["last_error"] == "gave up after 2 attempts (the worker stopped)"
    assert (row(db, "b")["status"], row(db, "b")["last_error"]) == ("failed", "fetch timed out")


def test_complete_refuses_a_result_for_an_edited_post(db: Database) -> None:
    queue = PostQueue(db)
    queue.enqueue(FULL)
    [item] = queue.claim(1)
    queue.enqueue(replace(FULL, title="Edited"))  # edited while being checked
    assert queue.complete(item, result="{}", decision="flag", case_no=4) is False
    assert row(db, "p1")["status"] == "pending"
    [again] = queue.claim(1)
    assert queue.complete(again, result='{"x": 1}', decision="flag", case_no=4) is True
    done = row(db, "p1")
    assert (done["status"], done["result"], done["decision"], done["case_no"]) == (
        "done",
        '{"x": 1}',
        "flag",
        4,
    )
    assert done["checked_hash"] == done["content_hash"]
    assert queue.by_case("worldnews", 4) is not None
    assert queue.by_case("worldnews", 5) is None
    assert queue.by_case("other", 4) is None


def test_failures_are_one_line_and_fail_at_the_last_attempt(db: Database) -> None:
    queue = PostQueue(db, max_attempts=2)
    queue.enqueue(FULL)
    [item] = queue.claim(1)
    assert queue.fail(item, "  ") == "pending"
    assert row(db, "p1")["last_error"] == "unknown error"
    [item] = queue.claim(1)
    assert queue.fail(item, "x" * 900) == "failed"
    assert row(db, "p1")["last_error"] == "x" * 500


def test_platform_filter() -> None:
    assert platform_filter(None) == ("", [])
    assert platform_filter(["a", "b"]) == (" AND platform IN (?, ?)", ["a", "b"])
    assert platform_filter([]) == (" AND platform IN ()", [])


def test_a_given_up_post_does_not_stop_the_claim_and_a_case_is_remembered(db: Database) -> None:
    queue = PostQueue(db, max_attempts=1)
    queue.enqueue(replace(FULL, id="a"))
    queue.claim(10)
    queue.reclaim()  # "a" was claimed once and never finished
    queue.enqueue(replace(FULL, id="b"))
    [item] = queue.claim(10)
    assert item.post.id == "b"
    assert row(db, "a")["status"] == "failed"
    queue.complete(item, result="{}", decision="flag", case_no=7)
    first_hash = item.content_hash
    queue.enqueue(replace(FULL, id="b", title="Edited"))
    [again] = queue.claim(10)
    assert (again.case_no, again.checked_hash) == (7, first_hash)
    assert again.content_hash != first_hash


def test_by_default_a_post_is_failed_at_its_third_attempt(db: Database) -> None:
    queue = PostQueue(db)
    queue.enqueue(FULL)
    for expected in ("pending", "pending", "failed"):
        [item] = queue.claim(1)
        assert queue.fail(item, "down") == expected
