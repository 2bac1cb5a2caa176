"""Error paths that matter: a moderator's lock/restore left pending by a crash is finished by the
restarted pipeline (applied once, logged once, the moderator as actor), and a post whose
community left the config between check and record is failed with a one-line reason."""

from __future__ import annotations

from typing import Any

import pytest
from sqlite_utils import Database

from bot.models import CheckResult, Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.moderation import Moderation
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter

from .helpers import FakeChecker, make_guidelines, post

MOD = Actor("u1", "alice", "moderator")
BOTH = ("worldnews", "europe")


class Crash(BaseException):
    """The process dies here (not an error the code may catch)."""


@pytest.fixture
async def flagged(make_pipeline: Any) -> None:
    pipe = make_pipeline(make_guidelines(communities=BOTH))
    await pipe.submit(post("p1", "Story [ragebait]"))
    await pipe.run_until_empty()


def moderator_actions(db: Database) -> list[tuple[str, str, int]]:
    return db.execute(
        "SELECT kind, state, attempts FROM actions WHERE key LIKE '%:mod%' ORDER BY key"
    ).fetchall()


@pytest.mark.usefixtures("flagged")
@pytest.mark.parametrize("kind", ["lock", "restore"])
async def test_a_decision_cut_off_before_the_platform_applied_it_is_applied_on_restart(
    db: Database,
    writer: DbWriter,
    modlog: Modlog,
    adapter: InProcessAdapter,
    make_pipeline: Any,
    kind: str,
) -> None:
    class Dying(InProcessAdapter):
        async def lock(self, post: Post, reason: str, key: str) -> None:
            raise Crash

        async def restore(self, post: Post, reason: str, key: str) -> None:
            raise Crash

    moderation = Moderation(db, writer, modlog, {"test": Dying("test")})
    with pytest.raises(Crash):
        await getattr(moderation, kind)(1, MOD, community="worldnews", reason="Rule 2")
    assert moderator_actions(db) == [(kind, "pending", 0)]
    before = adapter.kinds()

    pipe = make_pipeline(make_guidelines(communities=BOTH))  # the restarted bot
    assert await pipe.run_once() == 0  # no post to check: only the pending decision
    assert adapter.kinds() == [*before, kind]
    call = adapter.calls[-1]
    assert (call.post_id, call.text) == ("p1", "Rule 2")
    assert call.key.endswith(":mod1")  # the case had one entry (the bot's flag)
    assert moderator_actions(db) == [(kind, "done", 0)]
    entries = modlog.get_case("worldnews", 1).entries  # type: ignore[union-attr]
    assert [(e.action, e.actor, e.reason) for e in entries[1:]] == [(kind, MOD, "Rule 2")]
    assert entries[-1].evidence == {"key": call.key}

    # Nothing is left to do: another restart applies and logs nothing more.
    again = make_pipeline(make_guidelines(communities=BOTH))
    await again.run_once()
    assert adapter.kinds() == [*before, kind]
    assert len(modlog.get_case("worldnews", 1).entries) == 2  # type: ignore[union-attr]
    assert modlog.verify().ok


@pytest.mark.usefixtures("flagged")
async def test_a_pending_decision_the_platform_refuses_on_restart_waits_and_is_retried(
    db: Database, writer: DbWriter, modlog: Modlog, make_pipeline: Any
) -> None:
    class Dying(InProcessAdapter):
        async def lock(self, post: Post, reason: str, key: str) -> None:
            raise Crash

    crashing = Moderation(db, writer, modlog, {"test": Dying("test")})
    with pytest.raises(Crash):
        await crashing.lock(1, MOD, community="worldnews", reason="heated")

    class Down(InProcessAdapter):
        async def lock(self, post: Post, reason: str, key: str) -> None:
            raise ConnectionError("platform down")

    down = make_pipeline(make_guidelines(communities=BOTH), adapters={"test": Down("test")})
    assert await down.retry_actions() == 0  # the crashed process's claim still stands
    assert moderator_actions(db) == [("lock", "pending", 0)]
    assert await down.run_once() == 0  # started: the dead process's claim is released, tried
    assert moderator_actions(db) == [("lock", "pending", 1)]
    [error] = db.execute("SELECT last_error FROM actions WHERE kind = 'lock'").fetchone()
    assert error == "ConnectionError: platform down"

    up = InProcessAdapter("test")
    assert (
        await make_pipeline(
            make_guidelines(communities=BOTH), adapters={"test": up}
        ).retry_actions()
        == 1
    )
    assert up.kinds() == ["lock"]
    assert moderator_actions(db) == [("lock", "done", 1)]
    locks = [e for e in modlog.get_case("worldnews", 1).entries if e.action == "lock"]  # type: ignore[union-attr]
    assert [(e.actor, e.reason) for e in locks] == [(MOD, "heated")]


async def test_a_post_whose_community_left_the_config_is_failed_not_recorded(
    db: Database, modlog: Modlog, adapter: InProcessAdapter, make_pipeline: Any
) -> None:
    old = make_guidelines(communities=BOTH)
    await make_pipeline(old).submit(post("p1", "Story [ragebait]", community="europe"))
    await make_pipeline(old).submit(post("p2", "Other [ragebait]", community="worldnews"))

    # The config is reloaded without "europe" while the post is being checked: the check
    # (made with the old config) succeeds, recording it cannot.
    fake = FakeChecker()

    async def checked_under_the_old_config(p: Post, fetcher: object, _new: Any) -> CheckResult:
        return await fake(p, fetcher, old)

    pipe = make_pipeline(
        make_guidelines(communities=("worldnews",)),
        checker=checked_under_the_old_config,
        max_attempts=2,
    )
    assert await pipe.run_once() == 2
    rows = dict(db.execute("SELECT post_id, status FROM posts ORDER BY post_id").fetchall())
    assert rows == {"p1": "pending", "p2": "done"}  # the other community's post goes on
    [error] = db.execute("SELECT last_error FROM posts WHERE post_id = 'p1'").fetchone()
    assert error.startswith("unknown community 'europe' (known: worldnews)")
    assert "\n" not in error
    assert modlog.case_communities(1) == ["worldnews"]  # no case was opened for p1
    assert [c.item.post.id for c in adapter.calls if c.item] == ["p2"]

    assert await pipe.run_once() == 1  # the second and last attempt
    assert db.execute("SELECT status FROM posts WHERE post_id = 'p1'").fetchone() == ("failed",)
    assert await pipe.run_once() == 0
    assert db.execute("SELECT count(*) FROM actions WHERE post_id = 'p1'").fetchone() == (0,)
    assert modlog.verify().ok
