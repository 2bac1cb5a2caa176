"""Behaviours of the post queue and the action log that mutation testing found unpinned: the
time a claimed post was first received (an edit keeps it), no lease on an action nobody owns,
the default batch of ``claim_due``, and the shape of a claim owner."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlite_utils import Database

from bot.models import Post
from bot.pipeline import queue as queue_module
from bot.pipeline.actions import ActionLog, new_owner
from bot.pipeline.queue import PostQueue

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
POST = Post(id="p1", title="T", url="https://e.org/1", platform="test", community="c")


def action_row(db: Database, key: str) -> dict:  # type: ignore[type-arg]
    return next(db.query("SELECT * FROM actions WHERE key = ?", [key]))


def test_a_claimed_post_carries_when_it_was_first_received_and_an_edit_keeps_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = PostQueue(db)
    monkeypatch.setattr(queue_module, "now", lambda: "2026-03-01T12:00:00.000000+00:00")
    assert queue.enqueue(POST) is True
    [item] = queue.claim(10)
    assert item.received == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(queue_module, "now", lambda: "2026-03-01T15:30:00.000000+00:00")
    assert queue.enqueue(replace(POST, title="T (edited)")) is True
    [again] = queue.claim(10)
    assert again.received == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert again.post.title == "T (edited)"


def test_an_action_inserted_without_an_owner_holds_no_lease(db: Database) -> None:
    log = ActionLog(db)
    payload = {"post": POST.to_json()}
    log.insert("free", POST, None, "ragebait", "comment", payload, at=AT)
    log.insert("held", POST, None, "ragebait", "remove", payload, owner="o1", at=AT)
    free, held = action_row(db, "free"), action_row(db, "held")
    assert (free["claimed_by"], free["claimed_until"]) == (None, None)
    assert (held["claimed_by"], held["claimed_until"]) == ("o1", "2026-03-01T12:10:00.000000+00:00")


def test_claim_due_takes_at_most_500_actions_by_default_oldest_first(db: Database) -> None:
    log = ActionLog(db)
    payload = {"post": POST.to_json()}
    for i in range(501):
        log.insert(f"k{i:03d}", POST, None, "ragebait", "comment", payload)
    db.execute("UPDATE actions SET created_at = '2026-03-01T11:00:00.000000+00:00'")
    found = log.claim_due("o1", AT)
    assert [a.key for a in found] == [f"k{i:03d}" for i in range(500)]
    assert action_row(db, "k499")["claimed_by"] == "o1"
    assert action_row(db, "k500")["claimed_by"] is None


def test_a_claim_owner_is_16_hex_digits_and_new_each_time() -> None:
    owners = {new_owner() for _ in range(20)}
    assert len(owners) == 20
    assert all(re.fullmatch(r"[0-9a-f]{16}", owner) for owner in owners)
