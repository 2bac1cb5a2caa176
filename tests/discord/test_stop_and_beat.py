"""``newsmod run discord``: gateway events are heartbeats; a stop signal closes it cleanly."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest

from bot.cli import run as run_module
from bot.guidelines import load_guidelines
from bot.store.db import open_db
from bot.store.heartbeat import heartbeats
from tests.discord.fake_discord import TOKEN, FakeDiscord
from tests.discord.stack import eventually


async def test_gateway_events_beat_and_stop_closes_the_bot(
    tmp_path: Path, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db_path = tmp_path / "n.db"
    args = argparse.Namespace(platform="discord", db=str(db_path), config=None)
    env = {"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": fake.base_url,
           "DISCORD_GATEWAY_URL": fake.gateway_url}  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(run_module._run(args, env, load_guidelines(), stop))

    async def beaten() -> bool:
        if task.done():
            task.result()
        if not db_path.exists():
            return False
        db = open_db(db_path, readonly=True)
        try:
            return {r["platform"] for r in heartbeats(db)} == {"discord", "newsmod"}
        finally:
            db.close()

    await eventually(beaten, timeout=30)
    stop.set()  # what SIGTERM does
    await asyncio.wait_for(task, timeout=30)  # returns: no cancellation needed
    assert not (tmp_path / "n.db-wal").exists()  # checkpointed and closed
    db = open_db(db_path, readonly=True)
    try:
        (discord,) = [r for r in heartbeats(db) if r["platform"] == "discord"]
    finally:
        db.close()
    assert discord["detail"].startswith("gateway ")
