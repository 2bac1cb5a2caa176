"""``newsmod run discord``: settings from the environment or .env, one-line errors, clean stop."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest

from bot.cli import run as run_module
from bot.cli.main import main
from bot.guidelines import load_guidelines
from tests.discord.fake_discord import TOKEN, FakeDiscord
from tests.discord.stack import eventually

ENV_KEYS = ("DISCORD_TOKEN", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "DISCORD_DEV_GUILD")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return tmp_path


def test_missing_token_is_a_one_line_error(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "discord", "--db", str(clean_env / "n.db")]) == 2
    err = capsys.readouterr().err
    assert err == "newsmod: DISCORD_TOKEN: not set (put the bot token in the environment or .env)\n"


def test_rejected_token_from_dotenv_is_a_one_line_error(
    clean_env: Path, fake_server: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    (clean_env / ".env").write_text(
        f"DISCORD_TOKEN=wrong\nDISCORD_API_BASE={fake_server.base_url}\n"
        f"DISCORD_GATEWAY_URL={fake_server.gateway_url}\n"
    )
    assert main(["run", "discord", "--db", str(clean_env / "n.db")]) == 2
    assert capsys.readouterr().err == (
        "newsmod: DISCORD_TOKEN: rejected by Discord (401 Unauthorized)\n"
    )


async def test_runs_until_stopped(clean_env: Path, fake: FakeDiscord) -> None:
    args = argparse.Namespace(platform="discord", db=str(clean_env / "n.db"), config=None)
    env = {
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.base_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DISCORD_DEV_GUILD": "1000",
    }
    task = asyncio.create_task(run_module._run(args, env, load_guidelines()))
    synced = await fake.wait_for_call(lambda c: c.method == "PUT" and "/guilds/1000/" in c.path)
    assert {c["name"] for c in synced[0].json} >= {"setup", "check", "modlog", "rules"}

    async def identified() -> bool:
        return bool(fake.identifies)

    await eventually(identified)
    assert fake.identifies[0]["token"] == TOKEN
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
