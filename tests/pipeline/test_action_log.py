"""The ``actions`` table directly: reserve once, the retry schedule, who is due, give-up and
discard, with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from bot.models import Post
from bot.pipeline.actions import ActionLog, PendingAction
from bot.pipeline.clock import stamp
from bot.pipeline.queue import PostQueue

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def post(pid: str, platform: str = "test") -> Post:
    return Post(id=pid, title="T", url=f"https://e.org/{pid}", platform=platform, community="c")


def insert(log: ActionLog, key: str, p: Post | None = None) -> PendingAction | None:
    p = p or post("p1")
    return log.insert(key, p, 3, "ragebait", "comment", {"post": p.to_json(), "text": "hi"})


@pytest.mark.parametrize("cls", [ActionLog, PostQueue])
def test_max_attempts_must_be_positive(db: Database, cls: type) -> None:
    with pytest.raises(ValueError, match=r"^max_attempts must be at least 1$"):
        cls(db, max_attempts=0)
    assert cls(db, max_attempts=1).max_attempts == 1


def test_an_action_is_inserted_once_and_read_back_whole(db: Database) -> None:
    log = ActionLog(db)
    first = insert(log, "k1")
    payload = {"post": post("p1").to_json(), "text": "hi"}
    assert first == PendingAction("k1", "comment", "ragebait", "c", 3, post("p1"), payload)
    assert insert(log, "k1") is None  # planned before: nothing new
    stored = log.get("k1")
    assert stored is not None
    assert (stored.key, stored.kind, stored.rule, stored.community, stored.case_no) == (
        "k1",
        "comment",
        "ragebait",
        "c",
        3,
    )
    assert (stored.post, stored.payload) == (post("p1"), payload)
    assert log.get("nope") is None
    row = db.execute(
        "SELECT platform, post_id, content_hash, state, attempts FROM actions"
    ).fetchone()
    assert row == ("test", "p1", post("p1").content_hash(), "pending", 0)


def test_a_failed_attempt_waits_doubling_and_records_one_line(db: Database) -> None:
    log = ActionLog(db)
    insert(log, "k1")
    assert log.failed("k1", "Timeout:\n  the   platform\tis slow", AT) == (1, 5.0)
    row = db.execute("SELECT attempts, last_error, updated_at, retry_at FROM actions").fetchone()
    assert row == (1, "Timeout: the platform is slow", stamp(AT), stamp(AT + timedelta(seconds=5)))
    assert log.failed("k1", "x" * 800, AT) == (2, 10.0)
    [error] = db.execute("SELECT last_error FROM actions").fetchone()
    assert error == "x" * 500
    assert log.failed("unknown", "boom", AT) == (0, 0.0)


def test_only_due_actions_are_pending_and_given_up_ones_are_not(db: Database) -> None:
    log = ActionLog(db, max_attempts=2)
    insert(log, "k1")
    insert(log, "k2", post("p2"))
    insert(log, "k3", post("p3", platform="other"))
    log.failed("k1", "down", AT)  # due again 5 s later
    due_now = [a.key for a in log.pending(due=stamp(AT))]
    assert due_now == ["k2", "k3"]
    assert [a.key for a in log.pending(due=stamp(AT + timedelta(seconds=5)))] == ["k1", "k2", "k3"]
    assert [a.key for a in log.pending()] == ["k1", "k2", "k3"]  # at start: every one
    assert [a.key for a in log.pending(platforms=["other"])] == ["k3"]
    assert [a.key for a in log.pending(limit=1)] == ["k1"]
    log.failed("k1", "down", AT)  # the second of two attempts: given up
    assert [a.key for a in log.pending()] == ["k2", "k3"]


def test_done_once_and_discard_only_pending(db: Database) -> None:
    log = ActionLog(db)
    insert(log, "k1")
    insert(log, "k2", post("p2"))
    log.failed("k1", "down", AT)
    assert log.mark_done("k1") is True
    assert log.mark_done("k1") is False  # already done: log nothing twice
    assert db.execute("SELECT last_error FROM actions WHERE key = 'k1'").fetchone() == (None,)
    log.discard("k1")  # done: kept
    log.discard("k2")  # pending: forgotten
    assert log.counts() == {"pending": 0, "done": 1}
    assert log.get("k2") is None


def test_payloads_keep_unicode_and_store_what_json_cannot_as_text(db: Database) -> None:
    log = ActionLog(db)
    assert log.counts() == {"pending": 0, "done": 0}
    p = post("p1")
    log.insert("k1", p, None, "ragebait", "comment", {"post": p.to_json(), "text": "é", "at": AT})
    [raw] = db.execute("SELECT payload FROM actions").fetchone()
    assert '"text": "é"' in raw
    assert log.get("k1").payload["at"] == str(AT)  # type: ignore[union-attr]


def test_at_most_500_pending_actions_by_default(db: Database) -> None:
    log = ActionLog(db)
    for n in range(501):
        insert(log, f"k{n:03d}", post(f"p{n}"))
    assert len(log.pending()) == 500
