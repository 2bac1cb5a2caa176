"""Settings from the environment and ``run_lemmy`` end to end against the fake Lemmy."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.lemmy import LemmyError
from bot.lemmy.base import LemmyAuthError
from bot.lemmy.settings import LemmySettings, is_configured, watched_communities
from bot.pipeline.schema import MIGRATIONS
from bot.platforms.lemmy import open_lemmy, run_lemmy
from bot.store.db import open_db
from bot.store.modlog import Modlog
from bot.store.query import ModlogFilter
from bot.store.writer import DbWriter
from tests.fakes import NullFetcher
from tests.lemmy.conftest import Instance
from tests.lemmy.helpers import make_guidelines
from tests.lemmy.test_pipeline_crash import checker

OK = {"LEMMY_URL": "https://lemmy.test", "LEMMY_USERNAME": "bot", "LEMMY_PASSWORD": "pw"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "LEMMY_URL: missing"),
        ({**OK, "LEMMY_URL": "lemmy.test"}, "LEMMY_URL: must be an http(s) URL"),
        ({**OK, "LEMMY_PASSWORD": ""}, "LEMMY_PASSWORD: missing (or set LEMMY_JWT)"),
        ({**OK, "LEMMY_USERNAME": ""}, "LEMMY_USERNAME: missing"),
        ({**OK, "LEMMY_POLL_SECONDS": "soon"}, "LEMMY_POLL_SECONDS: must be a number"),
        ({**OK, "LEMMY_POLL_SECONDS": "1"}, "LEMMY_POLL_SECONDS: must be between 5"),
        ({**OK, "LEMMY_LOCK_REMOVED": "maybe"}, "LEMMY_LOCK_REMOVED: must be true or false"),
    ],
)
def test_bad_settings_are_one_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as err:
        LemmySettings.from_env(env)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_settings() -> None:
    s = LemmySettings.from_env({**OK, "LEMMY_POLL_SECONDS": "30", "LEMMY_LOCK_REMOVED": "true"})
    assert (s.poll_seconds, s.lock_removed, s.credentials.can_login) == (30.0, True, True)
    jwt_only = LemmySettings.from_env({"LEMMY_URL": "https://l.test/", "LEMMY_JWT": "t"})
    assert jwt_only.credentials.url == "https://l.test"
    assert not jwt_only.credentials.can_login
    assert is_configured(OK)
    assert not is_configured({})


def test_watched_communities() -> None:
    assert watched_communities(make_guidelines(("!WorldNews@Lemmy.World",))) == {
        "!worldnews@lemmy.world": "worldnews"
    }
    with pytest.raises(ConfigError, match=r"communities\.worldnews\.lemmy: 'worldnews' is not"):
        watched_communities(make_guidelines(("worldnews",)))
    with pytest.raises(ConfigError, match="no Lemmy community to watch"):
        watched_communities(make_guidelines(()))


def env_for(lemmy: Instance, **extra: str) -> dict[str, str]:
    return {"LEMMY_URL": lemmy.url, "LEMMY_USERNAME": "newsbot", "LEMMY_PASSWORD": "bot-pass",
            "LEMMY_POLL_SECONDS": "5", **extra}  # fmt: skip


async def test_open_lemmy_refuses_a_non_moderator(lemmy: Instance) -> None:
    guidelines = make_guidelines(("!pics@lemmy.test",))
    with pytest.raises(LemmyError, match="not_a_moderator"):
        async with open_lemmy(env_for(lemmy), guidelines):
            pass


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for a condition the bot brings about (bounded, so a bug fails instead of hanging)."""
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"never happened: {what}")


async def test_run_lemmy_end_to_end(lemmy: Instance, tmp_path: Path) -> None:
    s = lemmy.fake.state
    rec = s.add_post(lemmy.news, lemmy.poster, "SHOCK: minister out", url="https://e.com/a")
    human = s.add_post(lemmy.news, lemmy.poster, "Tabloid", url="https://tabloid.example/b")
    s.remove_post(lemmy.mod, human, True, "Rule 5: tabloid")
    stop = asyncio.Event()
    db = open_db(tmp_path / "newsmod.db", extra_migrations=[MIGRATIONS])
    async with DbWriter() as writer:
        guidelines = make_guidelines(mode="live")
        env = env_for(lemmy)
        run = run_lemmy(env, guidelines, db, writer, NullFetcher(), stop, checker=checker)
        task = asyncio.create_task(run)
        await until(lambda: rec.removed or task.done(), "the bot removes the post")
        stop.set()
        await asyncio.wait_for(task, timeout=30)
    assert lemmy.bot.bot_account
    (comment,) = s.comments.values()
    assert comment.distinguished
    entries = Modlog(db).query(ModlogFilter(community="worldnews"))
    actions = sorted((e.actor.kind, e.action, e.post.id if e.post else "") for e in entries)
    assert ("moderator", "remove", str(human.id)) in actions  # imported from Lemmy's modlog
    assert ("bot", "comment", str(rec.id)) in actions
    assert ("bot", "remove", str(rec.id)) in actions
    # the queued post links its page on the bot's instance (a duplicate's evidence shows it)
    row = db.execute("SELECT permalink FROM posts WHERE post_id = ?", [str(rec.id)]).fetchone()
    assert row == (f"{lemmy.url}/post/{rec.id}",)
    db.conn.close()


async def test_run_lemmy_stops_with_one_line_when_the_login_is_refused(
    lemmy: Instance, tmp_path: Path
) -> None:
    """An admin changed the bot's password and its tokens died: one fresh login is tried, then
    the bot stops (no retry loop), and the high-water mark it reached is in the database."""
    s = lemmy.fake.state
    first = s.add_post(lemmy.news, lemmy.poster, "A calm headline", url="https://e.com/a")
    stop = asyncio.Event()
    db = open_db(tmp_path / "newsmod.db", extra_migrations=[MIGRATIONS])
    async with DbWriter() as writer:
        run = run_lemmy(env_for(lemmy), make_guidelines(), db, writer, NullFetcher(), stop,
                        checker=checker)  # fmt: skip
        task = asyncio.create_task(run)
        await until(lambda: bool(s.comments) or task.done(), "the bot comments on the post")
        lemmy.bot.password = "changed by an admin"
        lemmy.fake.expire_tokens()
        s.add_post(lemmy.news, lemmy.poster, "SHOCK again", url="https://e.com/b")
        with pytest.raises(LemmyAuthError, match="wrong username or password") as err:
            await asyncio.wait_for(task, timeout=30)  # ends by itself: no stop.set() here
    assert "\n" not in str(err.value)
    assert stop.is_set()
    assert len([e for e in lemmy.fake.exchanges if e.path.endswith("login")]) == 2
    row = db.execute("SELECT post_id FROM lemmy_high_water").fetchone()
    assert row[0] >= first.id
    db.conn.close()
