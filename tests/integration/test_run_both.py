"""``newsmod run`` without a platform: every configured platform in one process; a failure of
either side stops both with one line."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.cli import run as run_module
from bot.cli.main import main
from bot.errors import ConfigError, NewsmodError, StoreError
from bot.lemmy import LemmyError
from bot.store.writer import DbWriter
from tests.discord.fake_discord import TOKEN, FakeDiscord
from tests.discord.stack import eventually
from tests.integration.stack import guidelines_for, lemmy_env, open_both
from tests.lemmy.conftest import Instance

ENV_KEYS = ("DISCORD_TOKEN", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "DISCORD_DEV_GUILD",
            "LEMMY_URL", "LEMMY_USERNAME", "LEMMY_PASSWORD", "LEMMY_JWT")  # fmt: skip


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return tmp_path


def discord_env(fake: FakeDiscord, token: str = TOKEN) -> dict[str, str]:
    return {"DISCORD_TOKEN": token, "DISCORD_API_BASE": fake.base_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url}  # fmt: skip


def args_for(path: Path, platform: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(platform=platform, db=str(path / "n.db"), config=None)


def test_nothing_configured_is_a_one_line_error(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--db", str(clean_env / "n.db")]) == 2
    assert capsys.readouterr().err == f"newsmod: {run_module.NOTHING_CONFIGURED}\n"
    assert not (clean_env / "n.db").exists()  # nothing was opened


@pytest.mark.parametrize(
    ("env", "platform", "runner"),
    [
        ({"DISCORD_TOKEN": "t"}, None, run_module.run_discord),
        ({"LEMMY_URL": "https://l.test"}, None, run_module.run_lemmy),
        ({"DISCORD_TOKEN": "t", "LEMMY_URL": "https://l.test"}, None, run_module.run_both),
        ({"DISCORD_TOKEN": "t", "LEMMY_URL": "https://l.test"}, "lemmy", run_module.run_lemmy),
        ({"DISCORD_TOKEN": "t", "LEMMY_URL": "https://l.test"}, "discord", run_module.run_discord),
        ({}, "discord", run_module.run_discord),  # asked for: its own error names the variable
        ({"DISCORD_TOKEN": " ", "LEMMY_URL": ""}, None, None),
    ],
)
def test_which_platforms_run(env: dict[str, str], platform: str | None, runner: Any) -> None:
    if runner is None:
        with pytest.raises(ConfigError, match="nothing to run"):
            run_module.runner_for(platform, env)
    else:
        assert run_module.runner_for(platform, env) is runner


async def test_run_starts_both(clean_env: Path, fake: FakeDiscord, lemmy: Instance) -> None:
    env = {**discord_env(fake), **lemmy_env(lemmy)}
    task = asyncio.create_task(run_module._run(args_for(clean_env), env, guidelines_for()))

    def polled() -> bool:
        return any(e.path == "/post/list" for e in lemmy.fake.exchanges)

    async def both_up() -> bool:
        if task.done():
            task.result()  # raises what went wrong
        return bool(fake.identifies) and polled()

    await eventually(both_up, timeout=20)
    assert fake.identifies[0]["token"] == TOKEN
    assert lemmy.bot.bot_account  # the Lemmy start-up ran: login, bot account, moderator check
    assert fake.find("PUT", r"/applications/\d+/commands")  # the slash commands were synced
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_lemmy_start_up_error_stops_before_discord_connects(
    clean_env: Path, fake: FakeDiscord, lemmy: Instance
) -> None:
    env = {**discord_env(fake), **lemmy_env(lemmy, LEMMY_PASSWORD="wrong")}
    with pytest.raises(LemmyError) as err:
        await run_module._run(args_for(clean_env), env, guidelines_for())
    assert "incorrect_login" in str(err.value)
    assert "\n" not in str(err.value)
    assert fake.calls == []
    assert fake.identifies == []


async def test_a_rejected_discord_token_stops_lemmy_too(
    clean_env: Path, fake: FakeDiscord, lemmy: Instance
) -> None:
    env = {**discord_env(fake, "wrong"), **lemmy_env(lemmy)}
    with pytest.raises(ConfigError, match=r"^DISCORD_TOKEN: rejected by Discord"):
        await run_module._run(args_for(clean_env), env, guidelines_for())
    assert not any(e.path == "/post/list" for e in lemmy.fake.exchanges)  # never watched


async def test_a_stopped_bot_stops_the_lemmy_watcher(
    fake: FakeDiscord, lemmy: Instance, writer: DbWriter, tmp_path: Path
) -> None:
    async with open_both(fake, lemmy, writer, tmp_path / "n.db") as both:
        await both.bot.close()
        # serve returns only once every job it started has returned: the watcher has stopped
        await asyncio.wait_for(both.served, timeout=15)
        assert both.served.exception() is None


async def test_a_lemmy_side_failure_stops_discord_with_one_line(
    fake: FakeDiscord, lemmy: Instance, writer: DbWriter, tmp_path: Path
) -> None:
    async with open_both(fake, lemmy, writer, tmp_path / "n.db") as both:

        async def broken(*_args: Any, **_kw: Any) -> Any:
            raise StoreError("newsmod.db: database disk image is malformed")

        both.platform.conn.client.posts = broken  # type: ignore[method-assign]
        with pytest.raises(StoreError, match="malformed"):
            await asyncio.wait_for(both.served, timeout=15)
        assert both.bot.is_closed()


async def test_an_unexpected_failure_is_logged_and_one_line(
    fake: FakeDiscord,
    lemmy: Instance,
    writer: DbWriter,
    tmp_path: Path,
    fail_on_logged_errors: Any,
) -> None:
    async with open_both(fake, lemmy, writer, tmp_path / "n.db") as both:

        async def broken(*_args: Any, **_kw: Any) -> Any:
            raise KeyError("items")

        both.platform.conn.client.posts = broken  # type: ignore[method-assign]
        with pytest.raises(NewsmodError) as err:
            await asyncio.wait_for(both.served, timeout=15)
        assert str(err.value) == "the Lemmy watcher stopped: 'items'"
        assert both.bot.is_closed()
    logged: list[logging.LogRecord] = fail_on_logged_errors.records
    assert [r.getMessage() for r in logged] == ["the Lemmy watcher failed"]
    logged.clear()  # expected: the traceback is in the log, the user sees one line


async def test_workers_check_the_posts_in_worker_processes(
    clean_env: Path, lemmy: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``newsmod run lemmy --workers 1``: the workers start with the bot, posts are checked
    through them (with the moderators' source-list edits in front) and the pool is closed with
    the bot."""
    from bot.pipeline.checkpool import ProcessChecker
    from bot.store.db import open_db
    from bot.store.modlog import Modlog, ModlogFilter

    checked: list[str] = []
    pools: list[ProcessChecker] = []

    class Spy(ProcessChecker):
        def __init__(self, workers: int | None = None) -> None:
            super().__init__(workers)
            pools.append(self)

        async def start(self, guidelines: Any) -> None:
            await super().start(guidelines)
            checked.append("workers started")

        async def __call__(self, post: Any, *args: Any, **kwargs: Any) -> Any:
            result = await super().__call__(post, *args, **kwargs)
            checked.append(post.id)
            return result

    monkeypatch.setattr(run_module, "ProcessChecker", Spy)
    s = lemmy.fake.state
    # a loopback link: refused by the fetcher at once, so the worker reads an unreachable page
    post = s.add_post(lemmy.news, lemmy.poster, "SHOCKING!!! You WON'T BELIEVE this",
                      url="http://127.0.0.1:9/article")  # fmt: skip
    args = argparse.Namespace(platform="lemmy", db=str(clean_env / "n.db"), config=None,
                              workers=1)  # fmt: skip
    task = asyncio.create_task(run_module._run(args, lemmy_env(lemmy), guidelines_for()))

    def flagged() -> bool:
        db = open_db(clean_env / "n.db", readonly=True)
        try:
            entries = Modlog(db).query(ModlogFilter(post=str(post.id)))
            return any(e.actor.kind == "bot" and "ragebait" in e.rules for e in entries)
        finally:
            db.close()

    async def checked_in_worker() -> bool:
        if task.done():
            task.result()
        return str(post.id) in checked and flagged()

    await eventually(checked_in_worker, timeout=30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [p.workers for p in pools] == [1]
    assert checked[0] == "workers started"  # at start-up, before the first post
    assert pools[0]._pool is None  # closed with the bot


@pytest.mark.parametrize("value", ["-1", "65", "two"])
def test_a_bad_worker_count_is_a_one_line_error(
    clean_env: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["run", "lemmy", "--workers", value])
    assert exit_.value.code == 2
    assert "--workers" in capsys.readouterr().err
