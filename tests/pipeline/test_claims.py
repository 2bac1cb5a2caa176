"""An action being applied belongs to whoever started it (issue 20, point 5): the retry of
pending actions takes only those that failed or whose owner died."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils.db import Database

from bot.models import Post
from bot.pipeline.actions import LEASE, ActionLog
from bot.pipeline.clock import stamp
from bot.pipeline.planner import WHOLE_POST, PlannedAction

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


def _post(platform: str, post_id: str = "p1") -> Post:
    return Post(post_id, "Title", "https://news.example/a", platform=platform, community="c")


def test_reserve_claims_the_bots_action_for_its_owner_from_its_time(db: Database) -> None:
    log = ActionLog(db)
    planned = PlannedAction("notify", WHOLE_POST, ("ragebait",), "review (ragebait)")
    reserved = log.reserve(_post("test"), 1, planned, {"findings": []}, owner="pipe", at=T0)
    assert reserved is not None
    row = db.execute(
        "SELECT claimed_by, claimed_until FROM actions WHERE key = ?", [reserved.key]
    ).fetchone()
    assert row == ("pipe", stamp(T0 + timedelta(seconds=LEASE)))
    assert keys(log, "other", T0 + timedelta(seconds=LEASE - 1)) == []
    assert keys(log, "other", T0 + timedelta(seconds=LEASE)) == [reserved.key]


def test_claims_run_from_the_time_given_not_the_wall_clock(db: Database) -> None:
    log = ActionLog(db)
    insert(log, "k1", None)
    assert log.claim("k1", "moderation", T0)
    [until] = db.execute("SELECT claimed_until FROM actions WHERE key = 'k1'").fetchone()
    assert until == stamp(T0 + timedelta(seconds=LEASE))
    log.failed("k1", "timeout", T0)  # released
    assert keys(log, "pipe", T0) == ["k1"]
    [until] = db.execute("SELECT claimed_until FROM actions WHERE key = 'k1'").fetchone()
    assert until == stamp(T0 + timedelta(seconds=LEASE))


def test_a_pipeline_claims_and_releases_only_its_own_platforms_actions(db: Database) -> None:
    log = ActionLog(db)
    for platform in ("lemmy", "discord"):
        key = f"{platform}:k"
        post = _post(platform)
        payload = {"post": post.to_json()}
        assert log.insert(key, post, 1, "*", "lock", payload, owner="dead", at=T0)
    assert log.release_others("lemmy-pipe", ["lemmy"]) == 1
    assert keys(log, "lemmy-pipe", T0, platforms=["lemmy"]) == ["lemmy:k"]
    insert(log, "test:k", None)
    assert keys(log, "lemmy-pipe", T0, platforms=["lemmy"]) == []  # test:k is not lemmy's
    [owner] = db.execute("SELECT claimed_by FROM actions WHERE key = 'discord:k'").fetchone()
    assert owner == "dead"  # the discord pipeline's claim was left alone


def test_a_final_failure_gives_the_action_up_at_once(db: Database) -> None:
    log = ActionLog(db, max_attempts=5)
    insert(log, "k1", None)
    assert log.failed("k1", "not_higher_mod", T0, final=True)[0] == 5
    assert log.pending() == []
    insert(log, "k2", None)
    assert log.failed("k2", "timeout", T0)[0] == 1
    assert [a.key for a in log.pending()] == ["k2"]
