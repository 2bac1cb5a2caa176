"""An action being applied belongs to whoever started it (issue 20, point 5): the retry of
pending actions takes only those that failed or whose owner died."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils.db import Database

from bot.models import Post
from bot.pipeline.actions import LEASE, ActionLog

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def insert(log: ActionLog, key: str, owner: str | None) -> None:
    post = Post("p1", "Title", "https://news.example/a", platform="test", community="c")
    assert log.insert(key, post, 1, "*", "lock", {"post": post.to_json()}, owner=owner, at=T0)


def keys(log: ActionLog, owner: str, at: datetime, **kwargs: object) -> list[str]:
    return [a.key for a in log.claim_due(owner, at, **kwargs)]  # type: ignore[arg-type]


def test_a_claimed_action_is_not_retried_until_it_fails(db: Database) -> None:
    log = ActionLog(db)
    insert(log, "k1", "moderation")
    insert(log, "k2", None)  # nobody is applying it (e.g. written by an older version)
    assert keys(log, "pipeline", T0) == ["k2"]  # and now the pipeline holds k2
    assert keys(log, "pipeline", T0) == []
    log.failed("k1", "500 from the platform", T0)  # the moderator's attempt failed: released
    assert keys(log, "pipeline", T0 + timedelta(seconds=10), due_only=True) == ["k1"]


def test_a_dead_owners_claim_ends_with_its_lease_or_a_restart(db: Database) -> None:
    log = ActionLog(db)
    insert(log, "k1", "dead")
    assert keys(log, "pipeline", T0 + timedelta(seconds=LEASE - 1)) == []
    assert keys(log, "pipeline", T0 + timedelta(seconds=LEASE)) == ["k1"]
    insert(log, "k2", "dead")
    assert log.release_others("restarted", ["test"]) == 2  # k1 (the pipeline's) and k2
    assert keys(log, "restarted", T0) == ["k1", "k2"]


def test_a_second_claim_on_a_live_action_is_refused(db: Database) -> None:
    log = ActionLog(db)
    insert(log, "k1", "first-click")
    assert not log.claim("k1", "second-click", T0)
    assert log.claim("k1", "second-click", T0 + timedelta(seconds=LEASE))
